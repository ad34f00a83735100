/**
 * What the console tells the hub about the beats it hears: each live source (line-in, MIDI clock)
 * every {@link BEAT_EVERY_MS} while it has a beat, at once when it first has one, and a single
 * "gone" when it loses it (silence, device unplugged, clock stopped), so the hub falls back at once
 * instead of waiting for the lock to lapse. Readings out of the score's range are not sent.
 */
import type { OperatorCommand } from '../../core/protocol.ts';

/** How often a live source reports, ms (the hub takes at most 20 a second from all consoles). */
export const BEAT_EVERY_MS = 500;

/** A beat as a source reads it. */
export interface BeatReading {
  bpm: number;
  /** Position 0..<4 beats (from the downbeat when `bar`), or 0..<1 when only the beat is known. */
  beat: number;
  bar: boolean;
  /** 0..1, line-in only. */
  energy?: number;
}

type LiveSource = 'line' | 'midi';
type BeatCommand = Extract<OperatorCommand, { type: 'beat' }>;

/** Decides when each live source reports. */
export class BeatReport {
  private readonly lastSent = new Map<LiveSource, number>();

  /**
   * The message to send for a source now, or null.
   * @param reading what the source hears now (null: no beat); @param now ms, monotonic.
   */
  next(source: LiveSource, reading: BeatReading | null, now: number): BeatCommand | null {
    const valid = reading !== null && reading.bpm >= 40 && reading.bpm <= 180 && reading.beat >= 0 && reading.beat < 4;
    const last = this.lastSent.get(source);
    if (!valid) {
      if (last === undefined) return null;
      this.lastSent.delete(source);
      return { type: 'beat', source, bpm: null };
    }
    if (last !== undefined && now - last < BEAT_EVERY_MS) return null;
    this.lastSent.set(source, now);
    const command: BeatCommand = { type: 'beat', source, bpm: reading.bpm, beat: reading.beat, bar: reading.bar };
    if (reading.energy !== undefined && reading.energy >= 0 && reading.energy <= 1) command.energy = reading.energy;
    return command;
  }

  /** Whether a source is reporting a beat. */
  live(source: LiveSource): boolean {
    return this.lastSent.has(source);
  }
}
