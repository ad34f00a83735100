/**
 * A reusable list of notes to play, in typed arrays so the audio scheduler allocates nothing per
 * step. The score writes into it; the Tone adapter reads it and clears it.
 */

/**
 * The instruments of the soundscape. The first four are the dreamers' voices, in role order
 * (Lyra, Remy, Tara, Brian), so a role index is also their instrument index.
 * - harp: Lyra's plucked harp · cello: Remy's low bowed pad · celesta: Tara's bells ·
 *   arp: Brian's synth arpeggio · pad: the held chords · heart: the heartbeat ·
 *   chirp: dawn's FM birds · whisper: the nightmare's filtered noise · tapestop: a pitch drop of
 *   everything melodic (the glitch; `midi` is ignored, `duration` is the fall).
 */
export const INSTRUMENTS = ['harp', 'cello', 'celesta', 'arp', 'pad', 'heart', 'chirp', 'whisper', 'tapestop'] as const;
/** One instrument name. */
export type Instrument = (typeof INSTRUMENTS)[number];
/** Index of each instrument in {@link INSTRUMENTS}. */
export const INSTRUMENT = {
  harp: 0,
  cello: 1,
  celesta: 2,
  arp: 3,
  pad: 4,
  heart: 5,
  chirp: 6,
  whisper: 7,
  tapestop: 8,
} as const satisfies Record<Instrument, number>;

/** A bounded list of notes. Writes past the capacity are dropped and counted. */
export class NoteBuffer {
  /** Notes held. */
  count = 0;
  /** Notes refused because the buffer was full since the last clear. */
  overflow = 0;
  /** Instrument index per note ({@link INSTRUMENT}). */
  readonly instrument: Uint8Array;
  /** MIDI pitch per note. */
  readonly midi: Float32Array;
  /** Velocity per note, 0..1. */
  readonly velocity: Float32Array;
  /** Sounding length per note, seconds (before the release tail). */
  readonly duration: Float32Array;
  /** Start per note, seconds after the step it belongs to (≥ 0). */
  readonly offset: Float32Array;

  /** @param capacity most notes held at once (≥ 1). */
  constructor(readonly capacity = 64) {
    this.instrument = new Uint8Array(capacity);
    this.midi = new Float32Array(capacity);
    this.velocity = new Float32Array(capacity);
    this.duration = new Float32Array(capacity);
    this.offset = new Float32Array(capacity);
  }

  /** Forgets every note. */
  clear(): void {
    this.count = 0;
    this.overflow = 0;
  }

  /**
   * Adds a note. Velocities are clamped to 0..1 and non-finite numbers are refused, so nothing
   * downstream ever sees NaN.
   * @returns false when the note was refused.
   */
  push(instrument: number, midi: number, velocity: number, duration: number, offset = 0): boolean {
    if (!Number.isFinite(midi) || !Number.isFinite(velocity) || !Number.isFinite(duration) || !Number.isFinite(offset)) return false;
    if (this.count >= this.capacity) {
      this.overflow++;
      return false;
    }
    const i = this.count++;
    this.instrument[i] = instrument;
    this.midi[i] = midi;
    this.velocity[i] = velocity < 0 ? 0 : velocity > 1 ? 1 : velocity;
    this.duration[i] = duration > 0 ? duration : 0.01;
    this.offset[i] = offset > 0 ? offset : 0;
    return true;
  }
}
