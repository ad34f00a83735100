/**
 * The polyphony cap: a fixed set of voices in pools (one per instrument), handed out per note and
 * stolen oldest-first when a pool is full. Pure bookkeeping over audio times; the Tone adapter
 * owns one synth per voice and retriggers it, so nothing is created per note.
 */

/** Result of {@link VoiceAllocator.allocate} when no voice may take the note. */
export const NO_VOICE = -1;

/** Voices in pools with stealing. */
export class VoiceAllocator {
  /** Total voices: the polyphony cap. */
  readonly size: number;
  /** Notes that took a voice still sounding (the oldest). */
  stolen = 0;
  /** Notes refused: every voice of the pool started at or after this note's start. */
  refused = 0;
  private readonly first: Int32Array;
  private readonly length: Int32Array;
  private readonly busyUntil: Float64Array;
  private readonly startedAt: Float64Array;

  /** @param pools voices per pool (each ≥ 1); the sum is the cap. */
  constructor(pools: readonly number[]) {
    this.first = new Int32Array(pools.length);
    this.length = new Int32Array(pools.length);
    let total = 0;
    for (let i = 0; i < pools.length; i++) {
      this.first[i] = total;
      this.length[i] = Math.max(1, Math.floor(pools[i]));
      total += this.length[i];
    }
    this.size = total;
    this.busyUntil = new Float64Array(total).fill(-Infinity);
    this.startedAt = new Float64Array(total).fill(-Infinity);
  }

  /** Voices in a pool. */
  poolSize(pool: number): number {
    return this.length[pool];
  }

  /** Global index of a pool's first voice. */
  poolStart(pool: number): number {
    return this.first[pool];
  }

  /**
   * Takes a voice of `pool` for a note sounding from `start` until `end` (release tail included).
   * A free voice if there is one, else the one that started longest ago. A voice is never given a
   * start at or before its current one (a synth cannot restart in its own past).
   * @returns the global voice index, or {@link NO_VOICE}.
   */
  allocate(pool: number, start: number, end: number): number {
    const from = this.first[pool];
    const to = from + this.length[pool];
    let free = NO_VOICE;
    let oldest = NO_VOICE;
    for (let v = from; v < to; v++) {
      if (this.busyUntil[v] <= start && this.startedAt[v] < start) {
        if (free === NO_VOICE || this.busyUntil[v] < this.busyUntil[free]) free = v;
      } else if (this.startedAt[v] < start && (oldest === NO_VOICE || this.startedAt[v] < this.startedAt[oldest])) {
        oldest = v;
      }
    }
    const v = free !== NO_VOICE ? free : oldest;
    if (v === NO_VOICE) {
      this.refused++;
      return NO_VOICE;
    }
    if (free === NO_VOICE) this.stolen++;
    this.startedAt[v] = start;
    this.busyUntil[v] = Math.max(end, start);
    return v;
  }

  /** Voices sounding at `time`, all pools. */
  inUse(time: number): number {
    let n = 0;
    for (let v = 0; v < this.size; v++) if (this.startedAt[v] <= time && this.busyUntil[v] > time) n++;
    return n;
  }

  /** Forgets every note (all voices free). */
  reset(): void {
    this.busyUntil.fill(-Infinity);
    this.startedAt.fill(-Infinity);
  }
}
