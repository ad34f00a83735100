/**
 * Tap tempo: the VJ taps a key or pad in time and the score follows: the tempo, and the bar — the
 * first tap of a count is the downbeat. Pure: timestamps in, BPM and beat position out.
 */

/** A gap longer than this (ms) starts a new count. */
export const TAP_RESET_MS = 2000;
/** Most taps kept for the average (the last two bars, so a tempo change is followed quickly); a multiple of 4. */
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
  // A full window drops a whole bar of its oldest taps, so the first tap kept is still a downbeat.
  const kept = last === undefined || at - last > TAP_RESET_MS || at <= last ? [] : taps.length >= TAP_WINDOW ? taps.slice(4) : taps;
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

/**
 * Where the tapped bar is now: the taps are fitted to a grid at their tempo (the mean of each
 * tap's offset from it, so no single tap decides), and the first tap of the count is beat 0.
 * @param taps the count so far (at least two taps); @param now ms, same clock as the taps.
 * @returns the tempo and the beat in the bar (0..<4), or null with fewer than two taps.
 */
export function tapBeat(taps: Taps, now: number): { bpm: number; beat: number } | null {
  const bpm = tempoOf(taps);
  if (bpm === null || !Number.isFinite(now)) return null;
  const period = 60_000 / bpm;
  let origin = 0;
  for (let i = 0; i < taps.length; i++) origin += taps[i] - i * period;
  origin /= taps.length;
  const beats = (now - origin) / period;
  return { bpm, beat: ((beats % 4) + 4) % 4 };
}
