import { describe, it, expect } from 'vitest';
import { BLANK_PRESET, type Preset } from '../../core/preset.ts';
import { emptyCrowd, emptyEchoes, foldCrowd, foldEchoes, MAX_ECHOES, MAX_LIGHTS, SHINE_LAPSE, shiningPoints, type CrowdGesture, type CrowdState } from '../../core/crowd.ts';

const preset: Preset = BLANK_PRESET; // activeWindow 12 s, unityWindow 6 s, heartbeat 72 BPM
const PERIOD = 60_000 / preset.crowd.heartbeatBpm;
const DT = 1 / 30;

/** Folds ticks of `dt` s from `crowd`, one gesture list per tick, `dreamers` phones connected. */
function fold(crowd: CrowdState, ticks: readonly (readonly CrowdGesture[])[], dreamers: number, dt = DT): CrowdState {
  let c = crowd;
  for (const g of ticks) c = foldCrowd(c, c.clock + dt, dt, g, dreamers, PERIOD, preset, 0);
  return c;
}
const idle = (seconds: number, dt = DT) => new Array<CrowdGesture[]>(Math.round(seconds / dt)).fill([]);
const tap = (d: number, x = 0.5, y = 0.5): CrowdGesture => ({ d, r: 0, k: 'tap', x, y });
const pulse = (d: number, o: number): CrowdGesture => ({ d, r: 1, k: 'pulse', x: 0.5, y: 0.5, o });
const shine = (d: number, on: boolean, x = 0.3, y = 0.4): CrowdGesture => ({ d, r: 2, k: 'shine', x, y, on });

describe('participation', () => {
  it('is the share of connected phones that acted within the active window', () => {
    const c = fold(emptyCrowd(), [[tap(1), tap(2), tap(3)]], 10);
    expect(c.signals.active).toBe(3);
    expect(c.signals.participation).toBeCloseTo(0.3);
    expect(c.signals.ghosts).toBeCloseTo(0.7);
  });

  it('counts a dreamer until the window passes, then forgets them', () => {
    let c = fold(emptyCrowd(), [[tap(1)]], 1);
    c = fold(c, idle(preset.crowd.activeWindow - 1), 1);
    expect(c.signals.participation).toBe(1);
    c = fold(c, idle(2), 1);
    expect(c.signals.active).toBe(0);
    expect(c.traces.has(1)).toBe(false);
    expect(c.traces.size).toBe(0);
  });

  it('never divides by zero: nobody connected is participation 0; gestures from unlisted phones count as the room', () => {
    expect(fold(emptyCrowd(), idle(1), 0).signals.participation).toBe(0);
    expect(fold(emptyCrowd(), [[tap(1), tap(2)]], 0).signals.participation).toBe(1);
  });

  it('treats a nonsense phone count as nobody and ignores gestures without a valid handle', () => {
    const c = fold(emptyCrowd(), [[tap(-1), tap(1.5), tap(2 ** 40), tap(4)]], NaN);
    expect(c.signals.dreamers).toBe(0);
    expect(c.signals.active).toBe(1);
    expect([...c.traces.keys()]).toEqual([4]);
  });

  it('clamps coordinates into the wall', () => {
    const c = fold(emptyCrowd(), [[tap(1, -5, 9), tap(2, Infinity, -Infinity)]], 2);
    expect(c.traces.get(1)).toMatchObject({ x: 0, y: 1 });
    expect(c.traces.get(2)).toMatchObject({ x: 1, y: 0 });
  });

  it('keeps the table small as a big crowd leaves and a few come back', () => {
    let c = fold(emptyCrowd(), [Array.from({ length: 1000 }, (_, i) => tap(i + 1))], 1000);
    c = fold(c, idle(preset.crowd.activeWindow + 1), 1000);
    c = fold(c, [[tap(5), tap(5000)]], 1000);
    expect(c.signals.active).toBe(2);
    expect(c.table.count).toBeLessThan(10);
    expect([...c.traces.keys()].sort((a, b) => a - b)).toEqual([5, 5000]);
  });
});

describe('energy', () => {
  it('rises with the gesture rate per phone and settles back when the room is still', () => {
    const busy = fold(emptyCrowd(), Array.from({ length: 90 }, () => [tap(1), tap(2)]), 2); // 30 gestures/s per phone for 3 s
    expect(busy.signals.energy).toBeGreaterThan(0.7);
    expect(busy.signals.energy).toBeLessThanOrEqual(1);
    const calm = fold(busy, idle(10), 2);
    expect(calm.signals.energy).toBeLessThan(0.01);
  });

  it('is the same for a small and a large room doing the same per phone', () => {
    const small = fold(emptyCrowd(), Array.from({ length: 60 }, (_, t) => (t % 15 === 0 ? [tap(1), tap(2)] : [])), 2);
    const big = fold(emptyCrowd(), Array.from({ length: 60 }, (_, t) => (t % 15 === 0 ? Array.from({ length: 200 }, (_, i) => tap(i)) : [])), 200);
    expect(big.signals.energy).toBeCloseTo(small.signals.energy, 10);
  });

  it('does not move on a tick with no time in it', () => {
    const c = fold(emptyCrowd(), [[tap(1)]], 1);
    const same = foldCrowd(c, c.clock, 0, [tap(1), tap(1)], 1, PERIOD, preset, 0);
    expect(same.signals.energy).toBe(c.signals.energy);
    expect(Number.isFinite(same.signals.energy)).toBe(true);
  });
});

describe('light (shine)', () => {
  it('counts a shining phone while it refreshes, and lets it go when the finger lifts', () => {
    let c = fold(emptyCrowd(), Array.from({ length: 60 }, () => [shine(1, true)]), 2);
    expect(c.traces.get(1)?.shining).toBe(true);
    expect(c.signals.light).toBeGreaterThan(0.4);
    expect(shiningPoints(c)).toEqual([0.3, 0.4]);
    c = fold(c, [[shine(1, false)]], 2);
    expect(c.traces.get(1)?.shining).toBe(false);
    expect(shiningPoints(c)).toEqual([]);
  });

  it(`lapses after ${SHINE_LAPSE} s when a phone vanishes mid-gesture`, () => {
    let c = fold(emptyCrowd(), [[shine(1, true)]], 1);
    c = fold(c, idle(SHINE_LAPSE - 0.2), 1);
    expect(c.traces.get(1)?.shining).toBe(true);
    c = fold(c, idle(0.4), 1);
    expect(c.traces.get(1)?.shining).toBe(false);
    // Still an active dreamer (they did act recently), but no longer a light.
    expect(c.signals.active).toBe(1);
    c = fold(c, idle(5), 1);
    expect(c.signals.light).toBeLessThan(0.01);
  });

  it(`carries at most ${MAX_LIGHTS} shining points in a frame`, () => {
    const c = fold(emptyCrowd(), [Array.from({ length: 500 }, (_, i) => shine(i + 1, true))], 500);
    expect(shiningPoints(c)).toHaveLength(MAX_LIGHTS * 2);
  });
});

describe('unity from pulse offsets', () => {
  it('is near 1 when taps land on the beat, near 0 when spread evenly, and in between when loose', () => {
    const onBeat = fold(emptyCrowd(), [[pulse(1, 5), pulse(2, -10), pulse(3, 0), pulse(4, 12)]], 4);
    expect(onBeat.signals.unity).toBeGreaterThan(0.9);
    const half = PERIOD / 2;
    const spread = Array.from({ length: 41 }, (_, i) => pulse(i, -half + (i * 2 * half) / 40));
    expect(Math.abs(fold(emptyCrowd(), [spread], 41).signals.unity)).toBeLessThan(0.06);
    const loose = fold(emptyCrowd(), [[pulse(1, 0.25 * half), pulse(2, -0.25 * half)]], 2);
    expect(loose.signals.unity).toBeCloseTo(0.5, 5);
  });

  it('weighs early and late alike (only the distance from the beat counts)', () => {
    const early = fold(emptyCrowd(), [[pulse(1, -100)]], 1);
    const late = fold(emptyCrowd(), [[pulse(1, 100)]], 1);
    expect(early.signals.unity).toBe(late.signals.unity);
  });

  it(`forgets taps older than the unity window (${preset.crowd.unityWindow} s)`, () => {
    let c = fold(emptyCrowd(), [[pulse(1, 0)]], 1);
    c = fold(c, idle(preset.crowd.unityWindow + 0.5), 1);
    expect(c.pulseCount).toBe(0);
    expect(c.signals.unity).toBe(0);
  });

  it('ignores offsets that are not numbers, and clamps absurd ones', () => {
    const c = fold(emptyCrowd(), [[pulse(1, NaN), { d: 2, r: 0, k: 'pulse', x: 0.5, y: 0.5 }, pulse(3, 1e12)]], 3);
    expect(c.pulseCount).toBe(1);
    expect(c.signals.unity).toBe(0);
  });

  it('branches cleanly: folding an older state again does not see later taps', () => {
    const base = fold(emptyCrowd(), [[pulse(1, 0)]], 1);
    const onward = fold(base, [[pulse(2, 400)]], 2);
    const other = fold(base, [[pulse(3, 0)]], 2);
    expect(onward.signals.unity).toBeLessThan(0.2);
    expect(other.signals.unity).toBe(1);
    expect(fold(base, [[pulse(2, 400)]], 2).signals.unity).toBe(onward.signals.unity);
  });
});

describe('echoes (tonight’s constellation)', () => {
  it('are born where a dreamer acts, drift toward their later gestures and grow', () => {
    let { echoes, changed } = foldEchoes(emptyEchoes(), [tap(1, 0.2, 0.2)]);
    expect(changed).toEqual([{ d: 1, r: 0, x: 0.2, y: 0.2, w: 0.05 }]);
    ({ echoes, changed } = foldEchoes(echoes, [{ d: 1, r: 0, k: 'release', x: 0.6, y: 0.4 }]));
    expect(changed[0].x).toBeCloseTo(0.4);
    expect(changed[0].w).toBeCloseTo(0.35);
    expect(echoes.get(1)?.w).toBeCloseTo(0.35);
  });

  it('reports each changed echo once per tick, and nothing for pulses of dreamers without an echo', () => {
    const { echoes, changed } = foldEchoes(emptyEchoes(), [tap(1), tap(1), pulse(2, 0)]);
    expect(changed).toHaveLength(1);
    expect(echoes.size).toBe(1);
  });

  it('stop reporting a pulse once an echo is at full weight', () => {
    let echoes = foldEchoes(emptyEchoes(), [{ d: 1, r: 0, k: 'release', x: 0.5, y: 0.5 }]).echoes;
    echoes = foldEchoes(echoes, [{ d: 1, r: 0, k: 'release', x: 0.5, y: 0.5 }, { d: 1, r: 0, k: 'release', x: 0.5, y: 0.5 }]).echoes;
    expect(echoes.get(1)?.w).toBe(1);
    expect(foldEchoes(echoes, [pulse(1, 0)]).changed).toEqual([]);
  });

  it(`keep at most ${MAX_ECHOES} dreamers, and go on growing the ones they have`, () => {
    const first = foldEchoes(emptyEchoes(), Array.from({ length: MAX_ECHOES + 50 }, (_, i) => tap(i))).echoes;
    expect(first.size).toBe(MAX_ECHOES);
    const { echoes, changed } = foldEchoes(first, [tap(MAX_ECHOES + 10), tap(3)]);
    expect(echoes.size).toBe(MAX_ECHOES);
    expect(changed.map((e) => e.d)).toEqual([3]);
  });

  it('extend a plain Map (a resumed show) without changing it', () => {
    const resumed = new Map([[7, { d: 7, r: 3 as const, x: 0.1, y: 0.9, w: 0.5 }]]);
    const { echoes } = foldEchoes(resumed, [tap(8)]);
    expect([...echoes.keys()].sort()).toEqual([7, 8]);
    expect(resumed.size).toBe(1);
  });
});
