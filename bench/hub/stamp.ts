/**
 * Send-time stamps hidden in gesture coordinates, so the display can tell how long each gesture
 * took without a side channel. The hub quantises coordinates to 1/4096 (12 bits), so a stamp is
 * spread over two coordinates: 24 bits of 0.1 ms since the run's epoch (up to ~27 minutes).
 * All processes run on one host, so `performance.timeOrigin + performance.now()` is one clock.
 */

/** Resolution of a stamp, ms. */
export const STAMP_MS = 0.1;
/** Longest run a stamp can span, ms. */
export const STAMP_SPAN_MS = 2 ** 24 * STAMP_MS;

/** Milliseconds on the clock every process on this host shares. */
export function hostNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * Encodes a send time as two coordinates in 0..1.
 * @param sentMs host time of the send; @param epochMs the run's epoch (host ms).
 * @returns `[x, y]`, exact multiples of 1/4096 so the hub's quantisation keeps them.
 */
export function encodeStamp(sentMs: number, epochMs: number): [number, number] {
  const units = Math.max(0, Math.min(2 ** 24 - 1, Math.round((sentMs - epochMs) / STAMP_MS)));
  return [Math.floor(units / 4096) / 4096, (units % 4096) / 4096];
}

/**
 * The send time a stamp carries: `sentMs` rounded to the stamp's resolution, as the timing wall
 * will read it (the generator counts by it, so a gesture within 0.05 ms of the window's edge is
 * counted on the same side by both).
 */
export function stampedTime(sentMs: number, epochMs: number): number {
  const [x, y] = encodeStamp(sentMs, epochMs);
  return decodeStamp(x, y, epochMs);
}

/** Decodes two coordinates back into the host time of the send, ms. */
export function decodeStamp(x: number, y: number, epochMs: number): number {
  return epochMs + (Math.round(x * 4096) * 4096 + Math.round(y * 4096)) * STAMP_MS;
}
