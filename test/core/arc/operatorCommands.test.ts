import { describe, it, expect } from 'vitest';
import { BLANK_PRESET, readPreset, type Preset } from '../../../core/preset.ts';
import { createShow, position, step, switchPreset, type ShowState, type TickInput } from '../../../core/arc/engine.ts';
import { applyCommand, type EngineCommand } from '../../../core/arc/commands.ts';
import type { CrowdGesture } from '../../../core/crowd.ts';
import type { PhaseName } from '../../../core/arc/phases.ts';
import { param, phaseOf, TICK } from './showHarness.ts';

const preset = BLANK_PRESET;
const cmd = (s: ShowState, c: EngineCommand, p: Preset = preset) => applyCommand(s, p, c);
const goto = (s: ShowState, phase: PhaseName) => cmd(s, { type: 'goto', phase });
const run = (s: ShowState, seconds: number, input?: (s: ShowState) => TickInput, p: Preset = preset) => {
  let x = s;
  for (let i = 0; i < Math.round(seconds / TICK); i++) x = step(x, p, TICK, input?.(x));
  return x;
};

/** Two phones tapping the heartbeat dead on, every beat. */
function unitedPair(s: ShowState): TickInput {
  const periodS = 60 / preset.crowd.heartbeatBpm;
  const beatNow = Math.floor((s.clock + TICK) / periodS) !== Math.floor(s.clock / periodS);
  const gestures: CrowdGesture[] = beatNow ? [1, 2].map((d) => ({ d, r: 0 as const, k: 'pulse' as const, x: 0.5, y: 0.5, o: 3 })) : [];
  return { gestures, dreamers: 2 };
}

describe('goto', () => {
  it('starts the phase from its beginning and keeps tonight’s echoes', () => {
    let s = step(createShow(preset, 1), preset, TICK, { gestures: [{ d: 4, r: 1, k: 'tap', x: 0.2, y: 0.3 }], dreamers: 1 });
    s = goto(s, 'nightmare');
    expect([phaseOf(s), s.phaseTime, s.resolve]).toEqual(['nightmare', 0, 0]);
    expect(s.echoes.has(4)).toBe(true);
    expect(goto(s, 'glitch').cut).toBe(true);
  });
});

describe('hold', () => {
  it('freezes the arc (the clock still runs) until released', () => {
    let s = cmd(run(createShow(preset, 1), 10), { type: 'hold', on: true });
    const held = run(s, 20);
    expect(held.phaseTime).toBe(s.phaseTime);
    expect(held.clock).toBeCloseTo(s.clock + 20, 6);
    s = run(cmd(held, { type: 'hold', on: false }), 5);
    expect(s.phaseTime).toBeCloseTo(held.phaseTime + 5, 6);
  });

  it('in the confrontation the crowd still fights but the ghosts rest and the phase stays', () => {
    const start = cmd(goto(createShow(preset, 1), 'confrontation'), { type: 'hold', on: true });
    const empty = run(start, 30);
    expect(empty.resolve).toBe(0);
    const fought = run(start, 60, unitedPair);
    expect(fought.resolve).toBe(1);
    expect(param(fought, 'creature')).toBeLessThan(0.1);
    expect(phaseOf(fought)).toBe('confrontation');
    // Released after the victory, dawn follows once the phase's own minimum and crossfade have played
    // (a hold freezes the phase's clock, so the minimum still counts from where it was).
    const spec = preset.phases.confrontation;
    const released = cmd(fought, { type: 'hold', on: false });
    expect(phaseOf(run(released, spec.minDuration - 1, unitedPair))).toBe('confrontation');
    expect(phaseOf(run(released, spec.minDuration + spec.transition + 0.5, unitedPair))).toBe('dawn');
  });
});

describe('skip', () => {
  it('unheld, starts the crossfade now, so the next phase arrives smoothly', () => {
    const s = cmd(run(createShow(preset, 1), 10), { type: 'skip' });
    const spec = preset.phases.serene;
    expect(s.phaseTime).toBe(spec.duration - spec.transition);
    expect(position(s, preset).blend).toBe(0);
    expect(phaseOf(run(s, spec.transition - 0.5))).toBe('serene');
    expect(phaseOf(run(s, spec.transition + 0.5))).toBe('festival');
  });

  it('held, steps to the next phase at once and stays held; during a fade it also moves on', () => {
    const held = cmd(createShow(preset, 1), { type: 'hold', on: true });
    const s = cmd(held, { type: 'skip' });
    expect([phaseOf(s), s.phaseTime, s.hold]).toEqual(['festival', 0, true]);
    const fading = cmd(cmd(createShow(preset, 1), { type: 'skip' }), { type: 'skip' });
    expect(phaseOf(fading)).toBe('festival');
  });

  it('from dawn, skips into the next night’s serene', () => {
    const s = cmd(cmd(goto(createShow(preset, 1), 'dawn'), { type: 'hold', on: true }), { type: 'skip' });
    expect(phaseOf(s)).toBe('serene');
  });
});

describe('speed', () => {
  it('multiplies how fast the arc moves, within 0.1..8', () => {
    const fast = run(cmd(createShow(preset, 1), { type: 'speed', value: 4 }), 10);
    expect(fast.phaseTime).toBeCloseTo(40, 6);
    expect(cmd(createShow(preset, 1), { type: 'speed', value: 100 }).speed).toBe(8);
    expect(cmd(createShow(preset, 1), { type: 'speed', value: 0 }).speed).toBe(0.1);
    expect(cmd(createShow(preset, 1), { type: 'speed', value: NaN }).speed).toBe(0.1);
  });
});

describe('panic', () => {
  it('is a calm, safe state at once: dawn, no glitch, no blackout, overrides gone but the volume', () => {
    let s = run(goto(createShow(preset, 1), 'glitch'), 3);
    s = cmd(s, { type: 'blackout', on: true });
    s = cmd(s, { type: 'param', name: 'glitch', value: 1 });
    s = cmd(s, { type: 'volume', value: 0.3 });
    const calm = cmd(s, { type: 'panic' });
    expect(phaseOf(calm)).toBe('dawn');
    expect(calm.blackout).toBe(false);
    expect(calm.overrides).toEqual({ volume: 0.3 });
    expect([param(calm, 'glitch'), param(calm, 'stutter'), param(calm, 'shadows'), param(calm, 'creature')]).toEqual([0, 0, 0, 0]);
    expect(param(calm, 'sunrise')).toBeGreaterThan(0.8);
    // It stays calm.
    const later = run(calm, 30);
    expect(phaseOf(later)).toBe('dawn');
    expect(param(later, 'glitch')).toBe(0);
  });

  it('does not hold the show: the calm dawn plays out and the next night begins by itself', () => {
    const s = run(goto(createShow(preset, 1), 'nightmare'), 3);
    const calm = cmd(s, { type: 'panic' });
    expect(calm.hold).toBe(false);
    const left = calm.phaseLength - calm.phaseTime;
    expect(left).toBeGreaterThan(30);
    expect(phaseOf(run(calm, left - 5))).toBe('dawn');
    const next = run(calm, left + 5);
    expect(phaseOf(next)).toBe('serene');
    expect(next.loop).toBe(calm.loop + 1);
  });

  it('keeps a show the operator had held held, at dawn, until released', () => {
    const held = cmd(run(goto(createShow(preset, 1), 'glitch'), 3), { type: 'hold', on: true });
    const calm = cmd(held, { type: 'panic' });
    expect(calm.hold).toBe(true);
    expect(phaseOf(run(calm, calm.phaseLength * 2))).toBe('dawn');
  });
});

describe('tempo and param overrides', () => {
  it('tempo takes over the arc’s tempo until cleared, within the declared range', () => {
    let s = run(cmd(createShow(preset, 1), { type: 'tempo', bpm: 120 }), 30);
    expect(param(s, 'tempo')).toBeGreaterThan(115);
    s = run(cmd(s, { type: 'tempo', bpm: null }), 40);
    expect(param(s, 'tempo')).toBeCloseTo(preset.phases.serene.targets.tempo!, 0);
    expect(cmd(s, { type: 'tempo', bpm: 999 }).overrides.tempo).toBe(180);
  });

  it('param overrides a parameter (clamped, NaN to its default) until cleared', () => {
    let s = cmd(createShow(preset, 1), { type: 'param', name: 'warmth', value: 2 });
    expect(s.overrides.warmth).toBe(1);
    s = run(s, 20);
    expect(param(s, 'warmth')).toBeGreaterThan(0.99);
    expect(cmd(s, { type: 'param', name: 'warmth', value: NaN }).overrides.warmth).toBe(0.3);
    s = run(cmd(s, { type: 'param', name: 'warmth', value: null }), 30);
    expect(param(s, 'warmth')).toBeCloseTo(preset.phases.serene.targets.warmth!, 2);
  });

  it('master intensity scales the effects down', () => {
    const full = run(goto(createShow(preset, 1), 'glitch'), 5);
    const gentle = run(cmd(goto(createShow(preset, 1), 'glitch'), { type: 'intensity', value: 0 }), 5);
    expect(param(gentle, 'intensity')).toBeLessThan(0.01);
    expect(param(gentle, 'glitch')).toBeLessThan(0.05);
    expect(param(full, 'glitch')).toBeGreaterThan(0.5);
  });
});

describe('blackout', () => {
  it('fades the picture to black and back, without stopping the arc', () => {
    let s = cmd(run(createShow(preset, 1), 5), { type: 'blackout', on: true });
    s = run(s, 10);
    expect(param(s, 'brightness')).toBeLessThan(0.001);
    expect(s.phaseTime).toBeCloseTo(15, 6);
    s = run(cmd(s, { type: 'blackout', on: false }), 10);
    expect(param(s, 'brightness')).toBeGreaterThan(0.55);
  });
});

describe('switchPreset', () => {
  const other = (() => {
    const r = readPreset({ version: 2, name: 'other', phases: { serene: { duration: 40, targets: { brightness: 0.1, warmth: 0.9 } } } });
    if (!r.ok) throw new Error('bad test preset');
    return r.preset;
  })();

  it('crossfades the look over the blend time and keeps the arc’s place', () => {
    const before = run(createShow(preset, 1), 10);
    const s = switchPreset(before, other, 10);
    expect(phaseOf(s)).toBe('serene');
    expect(s.phaseTime).toBe(before.phaseTime);
    expect(s.phaseLength).toBe(40);
    const mid = run(s, 5, undefined, other);
    const end = run(s, 15, undefined, other);
    expect(param(mid, 'warmth')).toBeGreaterThan(param(before, 'warmth'));
    expect(param(mid, 'warmth')).toBeLessThan(param(end, 'warmth'));
    expect(end.presetBlend).toBeNull();
    expect(param(end, 'warmth')).toBeGreaterThan(0.8);
  });

  it('with no blend, heads for the new look at once (still smoothed per parameter)', () => {
    const s = switchPreset(run(createShow(preset, 1), 10), other, 0);
    expect(s.presetBlend).toBeNull();
    const soon = run(s, 1, undefined, other);
    expect(param(soon, 'brightness')).toBeLessThan(0.45);
  });

  it('ends at once a phase the new preset makes shorter than where we are', () => {
    const s = switchPreset(run(createShow(preset, 1), 60), other, 5);
    expect(s.phaseTime).toBeLessThan(40);
    expect(phaseOf(run(s, 0.1, undefined, other))).toBe('festival');
  });

  it('treats a nonsense blend time as none or as the longest allowed', () => {
    const s = createShow(preset, 1);
    expect(switchPreset(s, other, NaN).presetBlend).toBeNull();
    expect(switchPreset(s, other, -4).presetBlend).toBeNull();
    expect(switchPreset(s, other, Infinity).presetBlend).toBeNull();
    expect(switchPreset(s, other, 1e9).presetBlend?.seconds).toBe(120);
  });
});

describe('dt edge cases', () => {
  it('a zero, negative or NaN tick moves nothing but keeps its gestures', () => {
    const s = run(createShow(preset, 1), 3);
    const g: TickInput = { gestures: [{ d: 8, r: 0, k: 'tap', x: 0.1, y: 0.1 }], dreamers: 1 };
    for (const dt of [0, -1, NaN, -Infinity]) {
      const next = step(s, preset, dt, g);
      expect(next.phaseTime).toBe(s.phaseTime);
      expect(next.params).toEqual(s.params);
      expect(next.echoes.has(8)).toBe(true);
      expect(next.changedEchoes).toHaveLength(1);
    }
    expect(step(s, preset, 0)).toBe(s);
  });

  it('a huge tick (a stalled hub) is clamped and never skips whole phases', () => {
    const s = step(createShow(preset, 1), preset, 1e6);
    expect(phaseOf(s)).toBe('serene');
    expect(s.clock).toBe(0.5);
  });

  it('changed echoes are reported once, not again on an empty tick', () => {
    const s = step(createShow(preset, 1), preset, TICK, { gestures: [{ d: 8, r: 0, k: 'tap', x: 0.1, y: 0.1 }], dreamers: 1 });
    expect(s.changedEchoes).toHaveLength(1);
    expect(step(s, preset, TICK).changedEchoes).toHaveLength(0);
    expect(step(s, preset, 0).changedEchoes).toHaveLength(0);
  });
});
