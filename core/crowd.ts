/**
 * Audience input → crowd signals. Pure: the engine passes in the clock (seconds) and the gestures
 * of one tick; nothing here reads time or randomness of its own.
 */
import type { CrowdSignals, EchoMark, GestureKind } from './protocol.ts';
import type { RoleIndex } from './dreamers.ts';
import type { Preset } from './preset.ts';
import { approach, clamp } from './easing.ts';

/**
 * One gesture as the engine sees it: already validated and attributed by the hub.
 * Coordinates 0..1; `o` is a pulse's offset from the nearest heartbeat, in ms.
 */
export interface CrowdGesture {
  /** Dreamer handle. */
  d: number;
  /** Role index 0..3. */
  r: RoleIndex;
  k: GestureKind;
  x: number;
  y: number;
  /** Shine: finger down (true) or lifted (false). */
  on?: boolean;
  /** Pulse: signed offset from the nearest beat, ms. */
  o?: number;
}

/** What the crowd module remembers about one dreamer. */
export interface DreamerTrace {
  r: RoleIndex;
  /** Clock (s) of their last gesture. */
  last: number;
  /** Clock (s) of their last shine-on; shining lapses after {@link SHINE_LAPSE} s without one. */
  shineAt: number;
  shining: boolean;
  x: number;
  y: number;
}

/** A pulse tap kept for the unity measure. */
export interface PulseSample {
  /** Clock (s) when it arrived. */
  at: number;
  /** |offset| / half a beat period: 0 on the beat, 1 exactly between beats. */
  err: number;
}

/** Remembered crowd state (copy-on-write; never mutated once returned). */
export interface CrowdState {
  readonly traces: ReadonlyMap<number, DreamerTrace>;
  readonly pulses: readonly PulseSample[];
  /** Smoothed gesture rate signal 0..1. */
  readonly energy: number;
  /** Smoothed share of phones shining 0..1. */
  readonly light: number;
  readonly signals: CrowdSignals;
}

/** Seconds a shine lasts without a refresh (a phone that vanished mid-gesture stops shining). */
export const SHINE_LAPSE = 3;
/** Pulse samples kept at most (older ones drop first). */
export const MAX_PULSES = 4096;
/** Most shining points a frame carries. */
export const MAX_LIGHTS = 64;
/** Gestures per second per phone that count as full energy. */
const FULL_ENERGY_RATE = 4;

/** An empty crowd. */
export function emptyCrowd(): CrowdState {
  return {
    traces: new Map(),
    pulses: [],
    energy: 0,
    light: 0,
    signals: { dreamers: 0, active: 0, participation: 0, energy: 0, light: 0, unity: 0, resolve: 0, ghosts: 1 },
  };
}

/**
 * Folds one tick of gestures into the crowd.
 * @param crowd previous state.
 * @param clock engine clock after this tick, seconds.
 * @param dt tick length, seconds (> 0).
 * @param gestures this tick's gestures.
 * @param dreamers phones connected now.
 * @param beatPeriodMs the heartbeat period, ms.
 * @param preset for the crowd windows.
 * @param resolve current confrontation progress (copied into the signals).
 */
export function foldCrowd(
  crowd: CrowdState,
  clock: number,
  dt: number,
  gestures: readonly CrowdGesture[],
  dreamers: number,
  beatPeriodMs: number,
  preset: Preset,
  resolve: number,
): CrowdState {
  const { activeWindow, unityWindow } = preset.crowd;
  const traces = new Map(crowd.traces);
  let pulses: PulseSample[] | null = null;
  const half = beatPeriodMs / 2;

  for (const g of gestures) {
    let t = traces.get(g.d);
    if (!t) {
      t = { r: g.r, last: clock, shineAt: -Infinity, shining: false, x: g.x, y: g.y };
      traces.set(g.d, t);
    } else {
      t = { ...t, last: clock };
      traces.set(g.d, t);
    }
    if (g.k === 'shine') {
      t.shining = g.on !== false;
      if (t.shining) t.shineAt = clock;
    }
    if (g.k !== 'pulse' && g.k !== 'tilt') {
      t.x = g.x;
      t.y = g.y;
    }
    if (g.k === 'pulse' && g.o !== undefined && Number.isFinite(g.o) && half > 0) {
      pulses ??= crowd.pulses.slice();
      pulses.push({ at: clock, err: clamp(Math.abs(g.o) / half) });
    }
  }

  // Forget the inactive, lapse stale shines, count.
  let active = 0;
  let shining = 0;
  for (const [d, t] of traces) {
    if (clock - t.last > activeWindow) {
      traces.delete(d);
      continue;
    }
    active++;
    if (t.shining && clock - t.shineAt > SHINE_LAPSE) traces.set(d, { ...t, shining: false });
    else if (t.shining) shining++;
  }

  // Unity over the recent window.
  let kept: readonly PulseSample[] = pulses ?? crowd.pulses;
  let first = 0;
  while (first < kept.length && clock - kept[first].at > unityWindow) first++;
  if (kept.length - first > MAX_PULSES) first = kept.length - MAX_PULSES;
  if (first > 0) kept = kept.slice(first);
  let errSum = 0;
  for (const p of kept) errSum += p.err;
  const unity = kept.length > 0 ? clamp(1 - 2 * (errSum / kept.length)) : 0;

  const population = Math.max(dreamers, active);
  const participation = population > 0 ? active / population : 0;
  const perPhone = population > 0 ? gestures.length / dt / population : 0;
  const energy = crowd.energy + (clamp(perPhone / FULL_ENERGY_RATE) - crowd.energy) * approach(dt, 2);
  const lightTarget = population > 0 ? shining / population : 0;
  const light = crowd.light + (lightTarget - crowd.light) * approach(dt, 0.75);

  return {
    traces,
    pulses: kept,
    energy,
    light,
    signals: {
      dreamers,
      active,
      participation,
      energy,
      light,
      unity,
      resolve,
      ghosts: 1 - participation,
    },
  };
}

/**
 * Writes the shining dreamers' positions as flat x,y pairs (at most {@link MAX_LIGHTS}).
 * @returns the array of pairs.
 */
export function shiningPoints(crowd: CrowdState): number[] {
  const out: number[] = [];
  for (const t of crowd.traces.values()) {
    if (!t.shining) continue;
    out.push(t.x, t.y);
    if (out.length >= MAX_LIGHTS * 2) break;
  }
  return out;
}

/** Most echoes kept for one night. */
export const MAX_ECHOES = 4096;

/**
 * Grows tonight's constellation with this tick's gestures: each dreamer's echo drifts toward where
 * they act and gains weight with what they do.
 * @returns the new echo map and the echoes that changed this tick.
 */
export function foldEchoes(
  echoes: ReadonlyMap<number, EchoMark>,
  gestures: readonly CrowdGesture[],
): { echoes: ReadonlyMap<number, EchoMark>; changed: EchoMark[] } {
  if (gestures.length === 0) return { echoes, changed: [] };
  const next = new Map(echoes);
  const changed = new Map<number, EchoMark>();
  for (const g of gestures) {
    if (g.k === 'pulse' || g.k === 'tilt') {
      const e = next.get(g.d);
      if (e) {
        const grown = { ...e, w: Math.min(1, e.w + 0.01) };
        next.set(g.d, grown);
        changed.set(g.d, grown);
      }
      continue;
    }
    const e = next.get(g.d);
    if (!e) {
      if (next.size >= MAX_ECHOES) continue;
      const born: EchoMark = { d: g.d, r: g.r, x: g.x, y: g.y, w: g.k === 'release' ? 0.5 : 0.05 };
      next.set(g.d, born);
      changed.set(g.d, born);
    } else {
      const pull = g.k === 'release' ? 0.5 : 0.08;
      const grown: EchoMark = {
        d: e.d,
        r: e.r,
        x: e.x + (g.x - e.x) * pull,
        y: e.y + (g.y - e.y) * pull,
        w: Math.min(1, e.w + (g.k === 'release' ? 0.3 : 0.02)),
      };
      next.set(g.d, grown);
      changed.set(g.d, grown);
    }
  }
  return { echoes: next, changed: [...changed.values()] };
}
