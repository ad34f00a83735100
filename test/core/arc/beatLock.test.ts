import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLANK_PRESET } from '../../../core/preset.ts';
import { createShow, step, type ShowState } from '../../../core/arc/engine.ts';
import { applyCommand } from '../../../core/arc/commands.ts';
import { LIVE_LOCK_SECONDS, LOCK_MAX_SLEW, lockNudge, lockSteers, phaseError, wrapBeat, type BeatLock } from '../../../core/arc/beatLock.ts';
import { fromSnapshot, toSnapshot } from '../../../core/arc/snapshot.ts';
import { operatorCommandSchema } from '../../../core/protocol.ts';
import { P } from '../../../core/arc/timeline.ts';

const preset = BLANK_PRESET;
const TICK = 1 / 30;

function run(state: ShowState, seconds: number): ShowState {
  let s = state;
  for (let t = 0; t < seconds - 1e-9; t += TICK) s = step(s, preset, TICK);
  return s;
}

/** Beats between where the lock says the beat is and where the score is, in ms at the lock's tempo. */
function errorMs(s: ShowState): number {
  if (!s.lock) throw new Error('no lock');
  return (phaseError(s.lock, s.score, s.clock) * 60_000) / s.lock.bpm;
}

const lockAt = (over: Partial<BeatLock> = {}): BeatLock => ({ source: 'line', bpm: 120, beat: 0, bar: false, energy: 0, at: 0, ...over });

describe('beat lock', () => {
  it('measures the phase error within half a beat, or half a bar when the downbeat is known', () => {
    // At 120 BPM the lock's beat 0 at t=0 is beat 1 at t=0.5 s; a score at step 4.4 (beat 1.1) is 0.1 beat ahead.
    expect(phaseError(lockAt(), 4.4, 0.5)).toBeCloseTo(-0.1, 9);
    expect(phaseError(lockAt(), 3.2, 0.5)).toBeCloseTo(0.2, 9);
    // Without the bar, beat 3 and beat 1 are the same beat; with it they are two beats apart.
    expect(phaseError(lockAt({ beat: 3 }), 4, 0)).toBeCloseTo(0, 9);
    expect(Math.abs(phaseError(lockAt({ beat: 3, bar: true }), 4, 0))).toBeCloseTo(2, 9);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1000, noNaN: true }), fc.boolean(), (score, clock, bar) => {
        const e = phaseError(lockAt({ bar }), score, clock);
        return Math.abs(e) <= (bar ? 2 : 0.5) + 1e-9;
      }),
    );
  });

  it('never nudges more than a quarter of the tempo', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.double({ min: 40, max: 180, noNaN: true }), (score, dt, bpm) => {
        const n = lockNudge(lockAt({ bar: true }), score, 10, dt, bpm);
        return Math.abs(n) <= (LOCK_MAX_SLEW * dt * bpm * 4) / 60 + 1e-9;
      }),
    );
  });

  it('wraps beat positions into the bar', () => {
    expect(wrapBeat(-0.25)).toBe(3.75);
    expect(wrapBeat(9)).toBe(1);
  });

  it('lets taps steer always, live input only while following and fresh', () => {
    expect(lockSteers(null, true, 0)).toBe(false);
    expect(lockSteers(lockAt({ source: 'tap' }), false, 1e6)).toBe(true);
    expect(lockSteers(lockAt(), false, 0)).toBe(false);
    expect(lockSteers(lockAt(), true, LIVE_LOCK_SECONDS)).toBe(true);
    expect(lockSteers(lockAt(), true, LIVE_LOCK_SECONDS + 0.01)).toBe(false);
  });
});

describe('the score follows a beat', () => {
  it('locks tempo and phase to line-in within a few seconds, and keeps them', () => {
    // Serene plays at 60 BPM; the room plays 128 with a beat a third of the way through.
    let s = applyCommand(createShow(preset, 1), preset, { type: 'follow', on: true });
    s = run(s, 1.3);
    for (let i = 0; i < 16; i++) {
      // The console reports every half second where the beat is now (the hub moves it to the tick).
      const beat = wrapBeat(0.33 + (s.clock * 128) / 60);
      s = applyCommand(s, preset, { type: 'beat', source: 'line', bpm: 128, beat, energy: 0.5 });
      s = run(s, 0.5);
    }
    expect(s.params[P.tempo]).toBeCloseTo(128, 1);
    expect(Math.abs(errorMs(s))).toBeLessThan(5);
    // The beat falls on the score's beats: the lock's beat position matches the score's, modulo one beat.
    const scoreBeat = s.score / 4;
    const roomBeat = 0.33 + (s.clock * 128) / 60;
    const d = roomBeat - scoreBeat;
    expect(Math.abs(d - Math.round(d))).toBeLessThan(0.01);
  });

  it('lines the bar up with a downbeat when the source knows it (MIDI clock, taps)', () => {
    let s = run(createShow(preset, 2), 2.1);
    const beat = wrapBeat(2.5 + (s.clock * 100) / 60);
    s = applyCommand(s, preset, { type: 'beat', source: 'tap', bpm: 100, beat, bar: true });
    s = run(s, 12);
    const bar = (2.5 + (s.clock * 100) / 60) - s.score / 4;
    expect(Math.abs(bar - 4 * Math.round(bar / 4))).toBeLessThan(0.01);
  });

  it('ignores live input while the operator does not follow, but taps steer', () => {
    let s = applyCommand(createShow(preset, 3), preset, { type: 'beat', source: 'line', bpm: 150, beat: 0 });
    s = run(s, 2);
    expect(s.params[P.tempo]).toBeCloseTo(60, 0);
    s = applyCommand(s, preset, { type: 'beat', source: 'tap', bpm: 150, beat: 0, bar: true });
    s = run(s, 3);
    expect(s.params[P.tempo]).toBeCloseTo(150, 0);
  });

  it('falls back smoothly to the preset tempo when the input lapses or is lost', () => {
    let s = applyCommand(createShow(preset, 4), preset, { type: 'follow', on: true });
    s = applyCommand(s, preset, { type: 'beat', source: 'midi', bpm: 140, beat: 0, bar: true });
    s = run(s, LIVE_LOCK_SECONDS - 0.1);
    expect(s.params[P.tempo]).toBeGreaterThan(135);
    // No news: the tempo glides back, never jumping more than the preset's smoothing allows in a tick.
    let prev = s.params[P.tempo];
    let biggest = 0;
    for (let i = 0; i < 30 * 30; i++) {
      s = step(s, preset, TICK);
      biggest = Math.max(biggest, Math.abs(s.params[P.tempo] - prev));
      prev = s.params[P.tempo];
    }
    expect(s.params[P.tempo]).toBeCloseTo(60, 0);
    expect(biggest).toBeLessThan(1);
    // A source that says it is gone releases its own lock only.
    s = applyCommand(s, preset, { type: 'beat', source: 'tap', bpm: 90, beat: 0 });
    expect(applyCommand(s, preset, { type: 'beat', source: 'midi', bpm: null }).lock?.source).toBe('tap');
    expect(applyCommand(s, preset, { type: 'beat', source: 'tap', bpm: null }).lock).toBeNull();
  });

  it('lets the clock outrank taps and taps outrank the line-in while they steer', () => {
    let s = applyCommand(createShow(preset, 8), preset, { type: 'follow', on: true });
    s = applyCommand(s, preset, { type: 'beat', source: 'midi', bpm: 126, beat: 0, bar: true });
    s = applyCommand(s, preset, { type: 'beat', source: 'line', bpm: 100, beat: 0 });
    s = applyCommand(s, preset, { type: 'beat', source: 'tap', bpm: 90, beat: 0 });
    expect(s.lock?.source).toBe('midi');
    // Not followed, the clock steers nothing, so a tap takes over; then the line-in waits for the tap.
    s = applyCommand(applyCommand(s, preset, { type: 'follow', on: false }), preset, { type: 'beat', source: 'tap', bpm: 90, beat: 0 });
    expect(s.lock?.source).toBe('tap');
    s = applyCommand(applyCommand(s, preset, { type: 'follow', on: true }), preset, { type: 'beat', source: 'line', bpm: 100, beat: 0 });
    expect(s.lock?.source).toBe('tap');
    // A lapsed clock no longer outranks anything.
    s = applyCommand(s, preset, { type: 'beat', source: 'tap', bpm: null });
    s = applyCommand(s, preset, { type: 'beat', source: 'midi', bpm: 126, beat: 0, bar: true });
    s = run(s, LIVE_LOCK_SECONDS + 0.5);
    s = applyCommand(s, preset, { type: 'beat', source: 'line', bpm: 100, beat: 0 });
    expect(s.lock?.source).toBe('line');
  });

  it('never runs the score backward, whatever the beat says', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ bpm: fc.double({ min: 40, max: 180, noNaN: true }), beat: fc.double({ min: 0, max: 3.999, noNaN: true }), bar: fc.boolean(), wait: fc.integer({ min: 1, max: 40 }) }), { maxLength: 12 }),
        (beats) => {
          let s = applyCommand(createShow(preset, 5), preset, { type: 'follow', on: true });
          for (const b of beats) {
            s = applyCommand(s, preset, { type: 'beat', source: 'line', bpm: b.bpm, beat: b.beat, bar: b.bar });
            for (let i = 0; i < b.wait; i++) {
              const next = step(s, preset, TICK);
              if (!(next.score > s.score)) return false;
              s = next;
            }
          }
          return true;
        },
      ),
      { numRuns: 60 },
    );
  });

  it('lets the music breathe in the picture, and the operator keep the last word on tempo', () => {
    let quiet = applyCommand(createShow(preset, 6), preset, { type: 'follow', on: true });
    let loud = quiet;
    for (let i = 0; i < 8; i++) {
      quiet = run(applyCommand(quiet, preset, { type: 'beat', source: 'line', bpm: 120, beat: 0, energy: 0 }), 0.5);
      loud = run(applyCommand(loud, preset, { type: 'beat', source: 'line', bpm: 120, beat: 0, energy: 1 }), 0.5);
    }
    expect(loud.params[P.brightness]).toBeGreaterThan(quiet.params[P.brightness] + 0.05);
    expect(loud.params[P.flowSpeed]).toBeGreaterThan(quiet.params[P.flowSpeed] + 0.2);
    const held = run(applyCommand(loud, preset, { type: 'tempo', bpm: 70 }), 20);
    expect(held.params[P.tempo]).toBeCloseTo(70, 0);
  });

  it('keeps the follow switch across a restart, but not a live lock', () => {
    let s = applyCommand(createShow(preset, 7), preset, { type: 'follow', on: true });
    s = applyCommand(s, preset, { type: 'beat', source: 'line', bpm: 120, beat: 0 });
    const back = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))), preset);
    expect(back.ok && back.state.follow).toBe(true);
    expect(back.ok && back.state.lock).toBeNull();
    const old = { ...toSnapshot(s) } as Record<string, unknown>;
    delete old.follow;
    const older = fromSnapshot(old, preset);
    expect(older.ok && older.state.follow).toBe(false);
  });

  it('refuses beats out of range or malformed', () => {
    const bad: unknown[] = [
      { type: 'beat', source: 'line', bpm: 39.9, beat: 0 },
      { type: 'beat', source: 'line', bpm: 181, beat: 0 },
      { type: 'beat', source: 'line', bpm: Number.NaN, beat: 0 },
      { type: 'beat', source: 'line', bpm: 120, beat: 4 },
      { type: 'beat', source: 'line', bpm: 120, beat: -0.1 },
      { type: 'beat', source: 'line', bpm: 120, beat: 0, energy: 2 },
      { type: 'beat', source: 'osc', bpm: 120, beat: 0 },
      { type: 'beat', source: 'line', bpm: '120', beat: 0 },
      { type: 'beat', source: 'line', bpm: 120, beat: 0, at: 5 },
      { type: 'follow', on: 'yes' },
      { type: 'follow' },
    ];
    for (const b of bad) expect(operatorCommandSchema.safeParse(b).success, JSON.stringify(b)).toBe(false);
    expect(operatorCommandSchema.safeParse({ type: 'beat', source: 'midi', bpm: null }).success).toBe(true);
  });
});
