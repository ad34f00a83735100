/**
 * Tap tempo: the VJ taps a key or pad in time and the score follows. Pure: timestamps in, BPM out.
 */

/** A gap longer than this (ms) starts a new count. */
export const TAP_RESET_MS = 2000;
/** Taps kept for the average (the last few beats, so a tempo change is followed quickly). */
export const TAP_WINDOW = 8;
/** Tempo range the score accepts, BPM (the params table's tempo range). */
export const TAP_MIN_BPM = 40;
export const TAP_MAX_BPM = 180;

/** Tap history (ms timestamps, oldest first). */
export type Taps = readonly number[];

/**
 * Adds a tap.
 * @param taps previous taps.
 * @param at time of this tap, ms (any monotonic clock, e.g. `performance.now()`).
 * @returns the new history and the tempo once there are at least two taps (else null).
 */
export function tap(taps: Taps, at: number): { taps: Taps; bpm: number | null } {
  const last = taps[taps.length - 1];
  const kept = last === undefined || at - last > TAP_RESET_MS || at <= last ? [] : taps.slice(-(TAP_WINDOW - 1));
  const next = [...kept, at];
  return { taps: next, bpm: tempoOf(next) };
}

/** The tempo of a tap history (median interval, so one stumble does not throw it), or null. */
export function tempoOf(taps: Taps): number | null {
  if (taps.length < 2) return null;
  const gaps: number[] = [];
  for (let i = 1; i < taps.length; i++) gaps.push(taps[i] - taps[i - 1]);
  gaps.sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  const gap = gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
  if (!(gap > 0)) return null;
  const bpm = 60_000 / gap;
  return Math.round(Math.min(TAP_MAX_BPM, Math.max(TAP_MIN_BPM, bpm)) * 10) / 10;
}
