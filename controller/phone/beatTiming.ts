/**
 * The confrontation's heartbeat on the phone: when the next beat falls in the phone's own clock, so
 * the page can glow and vibrate on it, and what hub time a tap happened at. Pure.
 */
import type { Beat } from '../../core/protocol.ts';

/** Ms between beats (bpm clamped to 1..600 so a bad value never divides by zero). */
export function beatPeriod(beat: Beat): number {
  const bpm = Number.isFinite(beat.bpm) ? Math.min(600, Math.max(1, beat.bpm)) : 60;
  return 60_000 / bpm;
}

/** Hub time (ms) for a local time (ms), given hub ≈ local + `offset`. */
export function toHubTime(local: number, offset: number): number {
  return local + offset;
}

/**
 * Local time (ms) of the first beat at or after `localNow`.
 * @param beat the hub's grid (`origin` in hub ms); @param offset hub − local, ms.
 */
export function nextBeatLocal(beat: Beat, offset: number, localNow: number): number {
  const period = beatPeriod(beat);
  const hubNow = localNow + offset;
  const since = (((hubNow - beat.origin) % period) + period) % period;
  const next = since === 0 ? hubNow : hubNow + (period - since);
  return next - offset;
}

/** Where in the beat we are, 0 on the beat rising to 1 just before the next (for the glow). */
export function beatProgress(beat: Beat, offset: number, localNow: number): number {
  const period = beatPeriod(beat);
  const hubNow = localNow + offset;
  return ((((hubNow - beat.origin) % period) + period) % period) / period;
}
