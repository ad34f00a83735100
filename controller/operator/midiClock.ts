/**
 * MIDI clock from a DJ's mixer, a drum machine or a DAW: 24 pulses per quarter note, with start
 * (the downbeat), stop, continue and song position. Pure: bytes and timestamps in, tempo and the
 * beat's place in the bar out. The tempo is the slope of the last pulses' times (a least-squares
 * line), so the jitter of a USB MIDI link averages out.
 */

/** Pulses per quarter note (the MIDI clock standard). */
export const PPQN = 24;
/** Pulses used for the tempo (two beats: quick to follow a change, smooth enough against jitter). */
export const CLOCK_WINDOW = 48;
/** The clock counts as lost after this long without a pulse while running, ms. */
export const CLOCK_LOST_MS = 500;

/** Where the clock is. */
export interface MidiClock {
  /** Between start/continue and stop. */
  readonly running: boolean;
  /** Pulses since the start (song position × 6 after a song position pointer). */
  readonly pulses: number;
  /** Time of the last pulse, ms (any monotonic clock). */
  readonly lastAt: number;
  /** Times of the last pulses, oldest first (at most {@link CLOCK_WINDOW}). */
  readonly times: readonly number[];
}

/** A clock that has heard nothing. */
export const IDLE_CLOCK: MidiClock = { running: false, pulses: 0, lastAt: Number.NEGATIVE_INFINITY, times: [] };

/**
 * Takes one MIDI message.
 * @param data the message's bytes (only system real-time and song position matter; the rest pass).
 * @param at when it arrived, ms.
 */
export function clockMessage(clock: MidiClock, data: ArrayLike<number>, at: number): MidiClock {
  const status = data[0];
  if (!Number.isFinite(at)) return clock;
  switch (status) {
    case 0xfa: // start: the next pulse is the downbeat
      return { running: true, pulses: -1, lastAt: at, times: [] };
    case 0xfb: // continue from where it stopped
      return { ...clock, running: true, times: [] };
    case 0xfc: // stop
      return { ...clock, running: false, times: [] };
    case 0xf2: {
      // Song position pointer: sixteenths since the song's start, 14 bits; the next pulse is there.
      const lsb = data[1];
      const msb = data[2];
      if (typeof lsb !== 'number' || typeof msb !== 'number' || lsb > 127 || msb > 127 || lsb < 0 || msb < 0) return clock;
      return { ...clock, pulses: ((msb << 7) | lsb) * 6 - 1, times: [] };
    }
    case 0xf8: {
      if (!clock.running) return clock;
      const times = clock.times.length >= CLOCK_WINDOW ? [...clock.times.slice(1), at] : [...clock.times, at];
      return { running: true, pulses: clock.pulses + 1, lastAt: at, times };
    }
    default:
      return clock;
  }
}

/** Ms per pulse from the last pulses' times (least squares), or null with fewer than 6 pulses. */
function pulseMs(times: readonly number[]): number | null {
  const n = times.length;
  if (n < 6) return null;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const y = times[i] - times[0];
    sx += i;
    sy += y;
    sxx += i * i;
    sxy += i * y;
  }
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return slope > 0 && Number.isFinite(slope) ? slope : null;
}

/**
 * What the clock says now.
 * @param now ms, same clock as the messages.
 * @returns tempo (BPM) and the position in the bar (0..<4 beats, 0 on the downbeat), or null when
 *   stopped, lost (no pulse for {@link CLOCK_LOST_MS}) or not yet sure of the tempo.
 */
export function clockBeat(clock: MidiClock, now: number): { bpm: number; beat: number } | null {
  if (!clock.running || !(now - clock.lastAt <= CLOCK_LOST_MS)) return null;
  const ms = pulseMs(clock.times);
  if (ms === null) return null;
  const bpm = 60_000 / (ms * PPQN);
  const pulses = Math.max(0, clock.pulses) + Math.max(0, now - clock.lastAt) / ms;
  const beat = (pulses / PPQN) % 4;
  return { bpm, beat };
}
