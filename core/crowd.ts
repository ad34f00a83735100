/**
 * Audience input → crowd signals. Pure: the engine passes in the clock (seconds) and the gestures
 * of one tick; nothing here reads time or randomness of its own.
 */
import type { CrowdSignals, EchoMark, GestureKind } from './protocol.ts';
import type { RoleIndex } from './dreamers.ts';
import type { Preset } from './preset.ts';
import { approach, clamp } from './easing.ts';
import { DreamerTable, TableMap, isHandle } from './DreamerTable.ts';

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

/** What the crowd module remembers about one dreamer (a read-only view; see {@link CrowdState.traces}). */
export interface DreamerTrace {
  r: RoleIndex;
  /** Clock (s) of their last gesture. */
  last: number;
  /** Clock (s) of their last shine-on; shining lapses after {@link SHINE_LAPSE} s without one. */
  shineAt: number;
  /** Shining now: finger down and refreshed within {@link SHINE_LAPSE} s. */
  shining: boolean;
  /** Where they last acted, 0..1. */
  x: number;
  y: number;
}

/** Remembered crowd state. Never mutated once returned: a tick that changes it returns a new one. */
export interface CrowdState {
  /** Dreamers active within the preset's window, by handle (expired and lapsed ones hidden). */
  readonly traces: ReadonlyMap<number, DreamerTrace>;
  /** Engine clock (s) this state was folded at. */
  readonly clock: number;
  /** Pulse taps kept for the unity measure (within the window, at most {@link MAX_PULSES}). */
  readonly pulseCount: number;
  /** Smoothed gesture rate signal 0..1. */
  readonly energy: number;
  /** Smoothed share of phones shining 0..1. */
  readonly light: number;
  readonly signals: CrowdSignals;
  /** The rows behind `traces` (columns: see TRACE_*). */
  readonly table: DreamerTable;
  /** Pulse taps, shared append-only between successive states. */
  readonly pulseLog: PulseLog;
  /** This state's window of `pulseLog`: [pulseStart, pulseStart + pulseCount). */
  readonly pulseStart: number;
  /** Active window (s) the traces view hides expired dreamers with. */
  readonly activeWindow: number;
}

/**
 * Pulse taps as flat (clock s, error 0..1) pairs. Successive states append to one buffer; a state
 * whose window does not end at `used` is a branch and copies before appending.
 */
export interface PulseLog {
  readonly buf: Float64Array;
  used: number;
}

/** Seconds a shine lasts without a refresh (a phone that vanished mid-gesture stops shining). */
export const SHINE_LAPSE = 3;
/** Pulse samples kept at most (older ones drop first). */
export const MAX_PULSES = 4096;
/** Most shining points a frame carries. */
export const MAX_LIGHTS = 64;
/** Gestures per second per phone that count as full energy. */
const FULL_ENERGY_RATE = 4;

// Columns of a trace row.
const TRACE_ROLE = 1;
const TRACE_LAST = 2;
const TRACE_SHINE_AT = 3;
const TRACE_SHINING = 4;
const TRACE_X = 5;
const TRACE_Y = 6;
const TRACE_STRIDE = 7;

const EMPTY_LOG: PulseLog = { buf: new Float64Array(0), used: 0 };

/** An empty crowd. */
export function emptyCrowd(): CrowdState {
  const table = DreamerTable.empty(TRACE_STRIDE);
  return {
    traces: tracesView(table, 0, Infinity),
    clock: 0,
    pulseCount: 0,
    energy: 0,
    light: 0,
    signals: { dreamers: 0, active: 0, participation: 0, energy: 0, light: 0, unity: 0, resolve: 0, ghosts: 1 },
    table,
    pulseLog: EMPTY_LOG,
    pulseStart: 0,
    activeWindow: Infinity,
  };
}

/** First handle of the anonymous dreamers a remembered crowd is made of (far above real handles). */
const REMEMBERED_HANDLES = 2 ** 30;

/**
 * A crowd remembered from what a frame says of it: its smoothed energy and light, and its active
 * dreamers (anonymous, last seen now; the shining ones at the frame's lights). A wall that takes
 * over from the hub plays on with the same crowd fading out, not an empty room at once. What a
 * frame does not carry is not remembered: who each dreamer is, when each last acted (all count as
 * acting now, so they stay up to one active window longer than on the hub) and the pulse taps.
 * @param signals the frame's crowd signals; @param lights its shining points (x,y pairs);
 * @param clock the frame's show clock, s; @param activeWindow the preset's, s.
 */
export function rememberedCrowd(signals: CrowdSignals, lights: readonly number[], clock: number, activeWindow: number): CrowdState {
  const draft = DreamerTable.empty(TRACE_STRIDE).edit();
  const active = Math.min(Math.max(0, Math.floor(signals.active)), MAX_REMEMBERED);
  const shining = Math.min(active, Math.floor(lights.length / 2));
  for (let i = 0; i < active; i++) {
    const row = draft.append(REMEMBERED_HANDLES + i);
    const lit = i < shining;
    draft.set(row, TRACE_ROLE, 0);
    draft.set(row, TRACE_LAST, clock);
    draft.set(row, TRACE_SHINING, lit ? 1 : 0);
    draft.set(row, TRACE_SHINE_AT, lit ? clock : -Infinity);
    draft.set(row, TRACE_X, lit ? unitCoord(lights[i * 2]) : 0.5);
    draft.set(row, TRACE_Y, lit ? unitCoord(lights[i * 2 + 1]) : 0.5);
  }
  const table = draft.done();
  return {
    ...emptyCrowd(),
    traces: tracesView(table, clock, activeWindow),
    clock,
    energy: clamp(signals.energy),
    light: clamp(signals.light),
    signals: { ...signals },
    table,
    activeWindow,
  };
}

/** Most dreamers a remembered crowd holds (a frame's count is a claim from the wire). */
const MAX_REMEMBERED = 100_000;

function roleOf(v: number): RoleIndex {
  return v === 1 ? 1 : v === 2 ? 2 : v === 3 ? 3 : 0;
}

/** A coordinate the show can use: inside 0..1, NaN to the middle. */
export function unitCoord(v: number): number {
  // `+ 0` turns -0 into 0, which JSON would otherwise silently change.
  return v >= 0 ? (v <= 1 ? v + 0 : 1) : v < 0 ? 0 : 0.5;
}

function tracesView(table: DreamerTable, clock: number, activeWindow: number): ReadonlyMap<number, DreamerTrace> {
  return new TableMap<DreamerTrace>(
    table,
    (t, row) => {
      const shineAt = t.at(row, TRACE_SHINE_AT);
      return {
        r: roleOf(t.at(row, TRACE_ROLE)),
        last: t.at(row, TRACE_LAST),
        shineAt,
        shining: t.at(row, TRACE_SHINING) === 1 && clock - shineAt <= SHINE_LAPSE,
        x: t.at(row, TRACE_X),
        y: t.at(row, TRACE_Y),
      };
    },
    (t, row) => clock - t.at(row, TRACE_LAST) <= activeWindow,
  );
}

/**
 * Folds one tick of gestures into the crowd. Gestures with an invalid handle are ignored;
 * coordinates are clamped into 0..1.
 * @param crowd previous state.
 * @param clock engine clock after this tick, seconds.
 * @param dt tick length, seconds (≥ 0; 0 records gestures without moving the smoothed signals).
 * @param gestures this tick's gestures.
 * @param dreamers phones connected now (non-finite or negative counts as 0).
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
  const half = beatPeriodMs / 2;
  const phones = Number.isFinite(dreamers) && dreamers > 0 ? Math.floor(dreamers) : 0;
  const step = Number.isFinite(dt) && dt > 0 ? dt : 0;

  // Rows, copied once for the tick only when someone acted.
  let table = crowd.table;
  let log = crowd.pulseLog;
  let pulseStart = crowd.pulseStart;
  let pulseEnd = crowd.pulseStart + crowd.pulseCount;
  if (gestures.length > 0) {
    const draft = table.edit();
    for (let i = 0; i < gestures.length; i++) {
      const g = gestures[i];
      if (!isHandle(g.d)) continue;
      let row = draft.rowOf(g.d);
      if (row < 0 || clock - draft.at(row, TRACE_LAST) > activeWindow) {
        // A newcomer, or a dreamer back after going quiet: they start afresh.
        if (row < 0) row = draft.append(g.d);
        draft.set(row, TRACE_ROLE, roleOf(g.r));
        draft.set(row, TRACE_SHINING, 0);
        draft.set(row, TRACE_SHINE_AT, -Infinity);
        draft.set(row, TRACE_X, unitCoord(g.x));
        draft.set(row, TRACE_Y, unitCoord(g.y));
      }
      draft.set(row, TRACE_LAST, clock);
      if (g.k === 'shine') {
        const on = g.on !== false;
        draft.set(row, TRACE_SHINING, on ? 1 : 0);
        if (on) draft.set(row, TRACE_SHINE_AT, clock);
      }
      if (g.k !== 'pulse' && g.k !== 'tilt') {
        draft.set(row, TRACE_X, unitCoord(g.x));
        draft.set(row, TRACE_Y, unitCoord(g.y));
      }
      if (g.k === 'pulse' && g.o !== undefined && Number.isFinite(g.o) && half > 0) {
        if (log.used !== pulseEnd || pulseEnd * 2 + 2 > log.buf.length) {
          // Another state appended after ours, or the buffer is full: start a fresh one with our window.
          const live = pulseEnd - pulseStart;
          const buf = new Float64Array(Math.max(256, (live + 64) * 4));
          buf.set(log.buf.subarray(pulseStart * 2, pulseEnd * 2));
          log = { buf, used: live };
          pulseStart = 0;
          pulseEnd = live;
        }
        log.buf[pulseEnd * 2] = clock;
        log.buf[pulseEnd * 2 + 1] = clamp(Math.abs(g.o) / half);
        pulseEnd++;
        log.used = pulseEnd;
      }
    }
    // Forget dreamers gone quiet once they make up much of the table, so it never grows without bound.
    let expired = 0;
    for (let r = 0; r < draft.count; r++) if (clock - draft.at(r, TRACE_LAST) > activeWindow) expired++;
    if (expired > 64 && expired * 2 > draft.count) draft.compact((r) => clock - draft.at(r, TRACE_LAST) <= activeWindow);
    table = draft.done();
  }

  // Count the active and the shining (expiry and shine lapse are read from the clock, not written).
  let active = 0;
  let shining = 0;
  for (let r = 0; r < table.count; r++) {
    if (clock - table.at(r, TRACE_LAST) > activeWindow) continue;
    active++;
    if (table.at(r, TRACE_SHINING) === 1 && clock - table.at(r, TRACE_SHINE_AT) <= SHINE_LAPSE) shining++;
  }

  // Unity over the recent window.
  while (pulseStart < pulseEnd && clock - log.buf[pulseStart * 2] > unityWindow) pulseStart++;
  if (pulseEnd - pulseStart > MAX_PULSES) pulseStart = pulseEnd - MAX_PULSES;
  let errSum = 0;
  for (let p = pulseStart; p < pulseEnd; p++) errSum += log.buf[p * 2 + 1];
  const kept = pulseEnd - pulseStart;
  const unity = kept > 0 ? clamp(1 - 2 * (errSum / kept)) : 0;

  const population = Math.max(phones, active);
  const participation = population > 0 ? active / population : 0;
  const perPhone = population > 0 && step > 0 ? gestures.length / step / population : 0;
  const energy = crowd.energy + (clamp(perPhone / FULL_ENERGY_RATE) - crowd.energy) * approach(step, 2);
  const lightTarget = population > 0 ? shining / population : 0;
  const light = crowd.light + (lightTarget - crowd.light) * approach(step, 0.75);

  return {
    traces: tracesView(table, clock, activeWindow),
    clock,
    pulseCount: kept,
    energy,
    light,
    signals: {
      dreamers: phones,
      active,
      participation,
      energy,
      light,
      unity,
      resolve: clamp(resolve),
      ghosts: 1 - participation,
    },
    table,
    pulseLog: log,
    pulseStart,
    activeWindow,
  };
}

/**
 * The shining dreamers' positions as flat x,y pairs (at most {@link MAX_LIGHTS}).
 * @returns the array of pairs.
 */
export function shiningPoints(crowd: CrowdState): number[] {
  const out: number[] = [];
  const t = crowd.table;
  for (let r = 0; r < t.count && out.length < MAX_LIGHTS * 2; r++) {
    if (crowd.clock - t.at(r, TRACE_LAST) > crowd.activeWindow) continue;
    if (t.at(r, TRACE_SHINING) !== 1 || crowd.clock - t.at(r, TRACE_SHINE_AT) > SHINE_LAPSE) continue;
    out.push(t.at(r, TRACE_X), t.at(r, TRACE_Y));
  }
  return out;
}

/** Most echoes kept for one night. */
export const MAX_ECHOES = 4096;

// Columns of an echo row.
const ECHO_ROLE = 1;
const ECHO_X = 2;
const ECHO_Y = 3;
const ECHO_W = 4;
const ECHO_STRIDE = 5;

/** Tables behind the echo maps this module made, so the next tick can extend them without copying a Map. */
const echoTables = new WeakMap<ReadonlyMap<number, EchoMark>, DreamerTable>();

function readEcho(t: DreamerTable, row: number): EchoMark {
  return { d: t.at(row, 0), r: roleOf(t.at(row, ECHO_ROLE)), x: t.at(row, ECHO_X), y: t.at(row, ECHO_Y), w: t.at(row, ECHO_W) };
}

function echoMap(table: DreamerTable): ReadonlyMap<number, EchoMark> {
  const view = new TableMap<EchoMark>(table, readEcho);
  echoTables.set(view, table);
  return view;
}

function echoTableOf(echoes: ReadonlyMap<number, EchoMark>): DreamerTable {
  const known = echoTables.get(echoes);
  if (known) return known;
  // A plain Map (a resumed show): copy it in once.
  const draft = DreamerTable.empty(ECHO_STRIDE).edit();
  for (const e of echoes.values()) {
    if (!isHandle(e.d) || draft.rowOf(e.d) >= 0 || draft.count >= MAX_ECHOES) continue;
    const row = draft.append(e.d);
    draft.set(row, ECHO_ROLE, roleOf(e.r));
    draft.set(row, ECHO_X, unitCoord(e.x));
    draft.set(row, ECHO_Y, unitCoord(e.y));
    draft.set(row, ECHO_W, clamp(e.w));
  }
  return draft.done();
}

/** An empty constellation (a new night). */
export function emptyEchoes(): ReadonlyMap<number, EchoMark> {
  return echoMap(DreamerTable.empty(ECHO_STRIDE));
}

/**
 * Grows tonight's constellation with this tick's gestures: each dreamer's echo drifts toward where
 * they act and gains weight (0..1) with what they do. At most {@link MAX_ECHOES} dreamers leave an
 * echo; pulses and tilts only strengthen an echo that exists.
 * @returns the new echo map and the echoes that changed this tick (each once, in first-change order).
 */
export function foldEchoes(
  echoes: ReadonlyMap<number, EchoMark>,
  gestures: readonly CrowdGesture[],
): { echoes: ReadonlyMap<number, EchoMark>; changed: EchoMark[] } {
  if (gestures.length === 0) return { echoes, changed: [] };
  const draft = echoTableOf(echoes).edit();
  const touched: number[] = [];
  // One flag per row (rows appended this tick included): cheaper than a Set for thousands of dreamers.
  const seen = new Uint8Array(Math.min(MAX_ECHOES, draft.count + gestures.length));
  for (let i = 0; i < gestures.length; i++) {
    const g = gestures[i];
    if (!isHandle(g.d)) continue;
    let row = draft.rowOf(g.d);
    if (g.k === 'pulse' || g.k === 'tilt') {
      if (row < 0) continue;
      const w = draft.at(row, ECHO_W);
      if (w >= 1) continue;
      draft.set(row, ECHO_W, Math.min(1, w + 0.01));
    } else if (row < 0) {
      if (draft.count >= MAX_ECHOES) continue;
      row = draft.append(g.d);
      draft.set(row, ECHO_ROLE, roleOf(g.r));
      draft.set(row, ECHO_X, unitCoord(g.x));
      draft.set(row, ECHO_Y, unitCoord(g.y));
      draft.set(row, ECHO_W, g.k === 'release' ? 0.5 : 0.05);
    } else {
      const pull = g.k === 'release' ? 0.5 : 0.08;
      const x = draft.at(row, ECHO_X);
      const y = draft.at(row, ECHO_Y);
      draft.set(row, ECHO_X, x + (unitCoord(g.x) - x) * pull);
      draft.set(row, ECHO_Y, y + (unitCoord(g.y) - y) * pull);
      draft.set(row, ECHO_W, Math.min(1, draft.at(row, ECHO_W) + (g.k === 'release' ? 0.3 : 0.02)));
    }
    if (seen[row] === 0) {
      seen[row] = 1;
      touched.push(row);
    }
  }
  if (touched.length === 0) return { echoes, changed: [] };
  const table = draft.done();
  const changed = new Array<EchoMark>(touched.length);
  for (let i = 0; i < touched.length; i++) changed[i] = readEcho(table, touched[i]);
  return { echoes: echoMap(table), changed };
}
