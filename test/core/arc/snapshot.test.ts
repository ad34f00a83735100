import { describe, it, expect } from 'vitest';
import { BLANK_PRESET, readPreset } from '../../../core/preset.ts';
import { createShow, step } from '../../../core/arc/engine.ts';
import { applyCommand } from '../../../core/arc/commands.ts';
import { fromSnapshot, SHOW_SNAPSHOT_VERSION, toSnapshot } from '../../../core/arc/snapshot.ts';
import { phaseOf, runShow, TICK } from './showHarness.ts';
import { SimCrowd } from '../../../core/simCrowd.ts';

const preset = BLANK_PRESET;

function midNightmare() {
  let s = applyCommand(createShow(preset, 42), preset, { type: 'goto', phase: 'nightmare' });
  s = applyCommand(s, preset, { type: 'speed', value: 2 });
  s = applyCommand(s, preset, { type: 'tempo', bpm: 55 });
  return runShow({ from: s, seconds: 20, crowd: new SimCrowd({ size: 8, seed: 1 }) });
}

describe('show snapshot', () => {
  it('round-trips through JSON to the same place in the story', () => {
    const s = midNightmare();
    const r = fromSnapshot(JSON.parse(JSON.stringify(toSnapshot(s))), preset);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(phaseOf(r.state)).toBe('nightmare');
    expect(r.state.phaseTime).toBe(s.phaseTime);
    expect(r.state.speed).toBe(2);
    expect(r.state.overrides).toEqual({ tempo: 55 });
    expect([...r.state.echoes.values()]).toEqual([...s.echoes.values()]);
    expect(r.state.echoes.size).toBeGreaterThan(0);
    // The restored show plays on (the crowd it forgot is simply quiet).
    const on = step(r.state, preset, TICK);
    expect(on.phaseTime).toBeCloseTo(s.phaseTime + 2 * TICK, 9);
  });

  it.each([
    ['not an object', 'hello'],
    ['null', null],
    ['a newer version', { ...toSnapshot(createShow(preset, 1)), v: SHOW_SNAPSHOT_VERSION + 1 }],
    ['a phase out of range', { ...toSnapshot(createShow(preset, 1)), phaseIndex: 9 }],
    ['NaN-like params', { ...toSnapshot(createShow(preset, 1)), params: [1, 2] }],
    ['an unknown key', { ...toSnapshot(createShow(preset, 1)), extra: true }],
  ])('refuses %s with a sentence, never half-loading', (_name, doc) => {
    const r = fromSnapshot(doc, preset);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.length).toBeGreaterThan(3);
  });

  it('refuses a truncated file', () => {
    const text = JSON.stringify(toSnapshot(midNightmare()));
    let parsed: unknown = undefined;
    try {
      parsed = JSON.parse(text.slice(0, text.length / 2));
    } catch {
      parsed = undefined;
    }
    expect(fromSnapshot(parsed, preset).ok).toBe(false);
  });

  it('clamps values a hand-edited file pushes out of range, and ignores unknown overrides', () => {
    const doc = { ...toSnapshot(createShow(preset, 1)), overrides: { tempo: 900, nonsense: 1 } };
    const r = fromSnapshot(doc, preset);
    expect(r.ok && r.state.overrides).toEqual({ tempo: 180 });
  });

  it('fits the position into a preset whose phase is now shorter', () => {
    const s = runShow({ seconds: 100 });
    const read = readPreset({ version: 2, name: 'short', phases: { serene: { duration: 30, transition: 5 } } });
    if (!read.ok) throw new Error('bad preset');
    const r = fromSnapshot(toSnapshot(s), read.preset);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.state.phaseLength).toBe(30);
    expect(r.state.phaseTime).toBeLessThan(30);
    expect(phaseOf(step(r.state, read.preset, TICK))).toBe('festival');
  });
});
