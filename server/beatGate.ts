/**
 * The hub's door for the beat a console hears (line-in, MIDI clock, taps): only a logged-in
 * console may send it, at most {@link BEAT_RATE} a second (a console sends a few a second; a flood
 * is refused, never queued), and the beat is moved from the moment it arrives back to the last
 * tick, so the lock the engine keeps is exact and a replay of the night applies the same one.
 */
import type { OperatorCommand } from '../core/protocol.ts';
import { wrapBeat } from '../core/arc/beatLock.ts';

/** Beat messages a second the hub takes (together, from every console). */
export const BEAT_RATE = 20;
/** Beat messages that may arrive at once (a MIDI start right after a line-in update). */
export const BEAT_BURST = 10;

type BeatCommand = Extract<OperatorCommand, { type: 'beat' }>;

/** A token bucket for beat messages. */
export class BeatGate {
  private tokens = BEAT_BURST;
  private last = Number.NEGATIVE_INFINITY;

  /**
   * Whether a beat message arriving now is taken.
   * @param now hub time, ms.
   */
  allow(now: number): boolean {
    const elapsed = Number.isFinite(this.last) ? Math.max(0, now - this.last) : Number.POSITIVE_INFINITY;
    this.last = now;
    this.tokens = Math.min(BEAT_BURST, this.tokens + (elapsed * BEAT_RATE) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/**
 * The beat as it stood at the last tick: a message heard `sinceTick` ms after the tick said where
 * the beat is now, and the engine keeps locks on its own clock, which stopped at that tick.
 * @param sinceTick ms since the last tick (clamped to 0..1000).
 */
export function beatAtTick(command: BeatCommand, sinceTick: number): BeatCommand {
  if (command.bpm === null || command.beat === undefined) return command;
  const ms = Math.min(1000, Math.max(0, Number.isFinite(sinceTick) ? sinceTick : 0));
  return { ...command, beat: wrapBeat(command.beat - (ms * command.bpm) / 60_000) % 4 };
}
