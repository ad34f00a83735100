/**
 * Following the music: the score locks to a beat heard in the room (line-in, a DJ's MIDI clock) or
 * tapped by the VJ. A lock says where the beat is at one moment of the show's clock and how fast it
 * goes; each tick the score's tempo heads for the lock's and its position is nudged toward the
 * lock's beat, never faster than a quarter of the tempo, so the music glides into step instead of
 * jumping. A live lock that is not refreshed for {@link LIVE_LOCK_SECONDS} lapses and the score
 * drifts back to the preset's tempo with the tempo's own smoothing. Pure.
 */
import { STEPS_PER_BEAT } from './scoreClock.ts';

/** Where a lock comes from: the room's sound, a MIDI clock, or the VJ's taps. */
export type BeatSource = 'line' | 'midi' | 'tap';

/** Beats in a bar: a downbeat falls where the score's step is a multiple of 16. */
export const BEATS_PER_BAR = 4;

/** A live lock (line-in, MIDI clock) lapses after this long without news, seconds. */
export const LIVE_LOCK_SECONDS = 3;

/** How fast a phase error closes, per second (an error of half a beat is a tenth of a beat after ~0.8 s). */
export const LOCK_GAIN = 2;

/** Largest nudge, as a share of the tempo: the score never runs more than 25 % fast or slow to catch up. */
export const LOCK_MAX_SLEW = 0.25;

/** Time constant of the tempo heading for a lock's, seconds (the preset's own smoothing applies on the way back). */
export const LOCK_TEMPO_SMOOTHING = 0.4;

/** A beat the score follows. */
export interface BeatLock {
  readonly source: BeatSource;
  /** Beats per minute, 40..180. */
  readonly bpm: number;
  /** Beat position at {@link BeatLock.at}: 0..{@link BEATS_PER_BAR}; whole numbers are beats. */
  readonly beat: number;
  /** `beat` counts from a downbeat (MIDI clock, taps); otherwise only the beat, not the bar, is known. */
  readonly bar: boolean;
  /** Loudness of the music, 0..1 (0 when unknown). */
  readonly energy: number;
  /** Show clock of `beat`, seconds. */
  readonly at: number;
}

/**
 * Whether a lock steers the score at `clock`: taps always (the VJ's hand); line-in and MIDI clock
 * while the operator lets the show follow and the lock is fresh.
 * @param clock show seconds.
 */
export function lockSteers(lock: BeatLock | null, follow: boolean, clock: number): lock is BeatLock {
  if (!lock) return false;
  if (lock.source === 'tap') return true;
  return follow && clock - lock.at <= LIVE_LOCK_SECONDS;
}

/**
 * How far the lock's beat is ahead of the score's, in beats: within ±half a beat, or ±half a bar
 * when the lock knows the downbeat.
 * @param score steps; @param clock show seconds.
 */
export function phaseError(lock: BeatLock, score: number, clock: number): number {
  const span = lock.bar ? BEATS_PER_BAR : 1;
  const target = lock.beat + ((clock - lock.at) * lock.bpm) / 60;
  const diff = target - score / STEPS_PER_BEAT;
  return diff - span * Math.round(diff / span);
}

/**
 * Steps to add this tick on top of the tempo's own advance to close the phase error, bounded by
 * {@link LOCK_MAX_SLEW}.
 * @param score steps before the tick; @param clock show seconds after the tick; @param dt tick, s.
 * @param bpm the score's tempo this tick.
 */
export function lockNudge(lock: BeatLock, score: number, clock: number, dt: number, bpm: number): number {
  const error = phaseError(lock, score + (dt * bpm * STEPS_PER_BEAT) / 60, clock);
  const limit = (LOCK_MAX_SLEW * dt * bpm) / 60;
  const beats = Math.max(-limit, Math.min(limit, error * LOCK_GAIN * dt));
  return beats * STEPS_PER_BEAT;
}

/** Wraps a beat position into 0..{@link BEATS_PER_BAR}. */
export function wrapBeat(beat: number): number {
  const b = beat % BEATS_PER_BAR;
  return b < 0 ? b + BEATS_PER_BAR : b;
}

/** A beat as a source reports it (the `beat` command's arguments). */
export interface BeatReport {
  readonly source: BeatSource;
  /** 40..180, or null: the source has lost its beat. */
  readonly bpm: number | null;
  readonly beat?: number;
  readonly bar?: boolean;
  readonly energy?: number;
}

/**
 * Which source wins while several report: a DJ's clock is exact, the VJ's taps are deliberate, the
 * line-in is heard; a lower one waits until the higher one stops steering (released, lapsed, or
 * live input not followed).
 */
const RANK: Readonly<Record<BeatSource, number>> = { line: 1, tap: 2, midi: 3 };

/**
 * The lock after a report: a beat replaces the lock unless a higher-ranked source is steering; a
 * source that lost its beat releases the lock only if the lock is its own.
 * @param clock show seconds the report's beat position refers to; @param follow the operator's switch.
 */
export function nextLock(lock: BeatLock | null, report: BeatReport, clock: number, follow: boolean): BeatLock | null {
  if (report.bpm === null) return lock?.source === report.source ? null : lock;
  if (lock && lock.source !== report.source && RANK[lock.source] > RANK[report.source] && lockSteers(lock, follow, clock)) return lock;
  const clamp = (v: number, lo: number, hi: number): number => (Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : lo);
  return {
    source: report.source,
    bpm: clamp(report.bpm, 40, 180),
    beat: wrapBeat(Number.isFinite(report.beat) ? (report.beat ?? 0) : 0),
    bar: report.bar === true,
    energy: clamp(report.energy ?? 0, 0, 1),
    at: clock,
  };
}
