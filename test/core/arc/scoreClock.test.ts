import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLANK_PRESET } from '../../../core/preset.ts';
import { createShow, step } from '../../../core/arc/engine.ts';
import { applyCommand } from '../../../core/arc/commands.ts';
import { buildFrame } from '../../../core/arc/frame.ts';
import { fromSnapshot, toSnapshot } from '../../../core/arc/snapshot.ts';
import { advanceScore, gridStepNear, SCORE_WRAP, STEPS_PER_BEAT } from '../../../core/arc/scoreClock.ts';
import { P } from '../../../core/arc/timeline.ts';
import { runShow, TICK } from './showHarness.ts';

const preset = BLANK_PRESET;

describe('score clock', () => {
  it('advances four steps a beat, and not at all for nonsense', () => {
    expect(advanceScore(0, 1, 60)).toBe(4);
    expect(advanceScore(10, 0.5, 120)).toBe(14);
    for (const [s, bpm] of [[-1, 60], [NaN, 60], [Infinity, 60], [1, 0], [1, -5], [1, NaN]]) expect(advanceScore(7, s, bpm)).toBe(7);
    expect(advanceScore(SCORE_WRAP - 1, 1, 60)).toBe(3);
  });

  it('finds the whole step nearest a time on a grid, and when it falls', () => {
    // The grid passes step 10.5 at t = 100 s, a step every 0.25 s: step 11 falls at 100.125 s.
    expect(gridStepNear(10.5, 100, 100.125, 0.25)).toEqual({ step: 11, at: 100.125 });
    // A hair either side of a step is that step (a grid that moved a little since).
    expect(gridStepNear(10.5, 100, 100.13, 0.25)).toEqual({ step: 11, at: 100.125 });
    expect(gridStepNear(10.5, 100, 100.12, 0.25)).toEqual({ step: 11, at: 100.125 });
    // Before the anchor, and across the wrap.
    expect(gridStepNear(10.5, 100, 99.1, 0.25)).toEqual({ step: 7, at: 99.125 });
    expect(gridStepNear(SCORE_WRAP - 0.4, 0, 0, 0.25).step).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.05, max: 0.4, noNaN: true }), (anchor, dt, stepSeconds) => {
        const near = gridStepNear(anchor, 50, 50 + dt, stepSeconds);
        expect(Number.isInteger(near.step)).toBe(true);
        expect(Math.abs(near.at - (50 + dt))).toBeLessThanOrEqual(stepSeconds / 2 + 1e-6);
      }),
    );
  });

  it('runs with the show clock and the tempo, whatever hold and speed do to the story', () => {
    const held = applyCommand(applyCommand(createShow(preset, 3), preset, { type: 'hold', on: true }), preset, { type: 'speed', value: 4 });
    const after = runShow({ from: held, seconds: 10 });
    const bpm = after.params[P.tempo];
    expect(after.phaseTime).toBe(held.phaseTime);
    expect(after.score).toBeCloseTo((10 * bpm * STEPS_PER_BEAT) / 60, 6);
    // A tick with no time in it (gestures only) moves nothing.
    expect(step(after, preset, 0, { gestures: [], dreamers: 3 }).score).toBe(after.score);
    // A faster tempo plays more steps in the same time.
    const quick = runShow({ from: applyCommand(createShow(preset, 3), preset, { type: 'tempo', bpm: 120 }), seconds: 30 });
    expect(quick.score).toBeGreaterThan(after.score * 2);
  });

  it('travels in every frame and survives the state file, and an older file starts it at 0', () => {
    const s = runShow({ seconds: 20 });
    expect(s.score).toBeGreaterThan(0);
    const frame = buildFrame(s, preset, { seq: 1, at: 0, gestures: [], echoes: [], flags: { blackout: false, hold: false, caption: false, qr: 'auto', mute: false, safe: false } });
    expect(frame.score).toBe(s.score);
    const back = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))), preset);
    expect(back.ok && back.state.score).toBe(s.score);
    const { score: _dropped, ...older } = toSnapshot(s);
    const old = fromSnapshot(older, preset);
    expect(old.ok && old.state.score).toBe(0);
    expect(old.ok && step(old.state, preset, TICK).score).toBeGreaterThan(0);
  });
});
