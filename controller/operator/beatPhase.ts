/**
 * Where the beat falls in the sound the console hears. The tempo comes from the analysis library
 * (web-audio-beat-detector, see lineIn.ts); its own offset lands 10–60 ms off, or on the off-beat of
 * a drum loop, so the phase is found here: an onset strength per hop (the rise of the sound's
 * compressed energy), folded onto one beat period at the library's tempo, and the beat put at the
 * strongest fold. Pure: samples in, times out.
 */

/** Samples per onset hop (2.7 ms at 48 kHz: the phase's resolution). */
export const ONSET_HOP = 128;

/** Phase bins per beat for the fold. */
const BINS = 192;

/**
 * Onset strength per hop: how much the sound's compressed energy rose since the hop before
 * (never negative). Compression (log1p) lets a snare count beside a louder kick.
 * @param samples mono samples; @param out receives ⌊samples.length / hop⌋ values (reused: no allocation).
 * @param previous energy of the hop before the first (for a stream fed in pieces).
 * @returns the last hop's compressed energy, to pass as `previous` with the next piece.
 */
export function onsetStrength(samples: Float32Array, out: Float32Array, previous = 0, hop = ONSET_HOP): number {
  const hops = Math.min(out.length, Math.floor(samples.length / hop));
  let last = previous;
  for (let h = 0; h < hops; h++) {
    let sum = 0;
    for (let i = h * hop, end = i + hop; i < end; i++) sum += samples[i] * samples[i];
    const energy = Math.log1p((1000 * sum) / hop);
    out[h] = Math.max(0, energy - last);
    last = energy;
  }
  return last;
}

/**
 * The beat's phase: onset strength folded onto one beat at `bpm`, smoothed over a few bins, and
 * the centre of the strongest bin (refined between its neighbours).
 * @param strength onset strength per hop ({@link onsetStrength}), oldest first.
 * @param hopSeconds seconds per hop; @param bpm the tempo, 20..400.
 * @returns seconds after the first hop's start where a beat falls (0 ≤ result < 60/bpm), or null
 *   when there is nothing to fold (silence, or a tempo out of range).
 */
export function foldBeat(strength: ArrayLike<number>, hopSeconds: number, bpm: number): number | null {
  if (!(bpm >= 20 && bpm <= 400) || !(hopSeconds > 0)) return null;
  const period = 60 / bpm;
  const bins = new Float64Array(BINS);
  let total = 0;
  for (let h = 0; h < strength.length; h++) {
    const s = strength[h];
    if (!(s > 0)) continue;
    const phase = ((h * hopSeconds) % period) / period;
    bins[Math.min(BINS - 1, Math.floor(phase * BINS))] += s;
    total += s;
  }
  if (!(total > 0)) return null;
  // A short circular smoothing (3 bins) so one jittery hop does not win over a steady pulse.
  let best = 0;
  let bestValue = -1;
  const smooth = (i: number): number => bins[(i + BINS - 1) % BINS] * 0.5 + bins[i] + bins[(i + 1) % BINS] * 0.5;
  for (let i = 0; i < BINS; i++) {
    const v = smooth(i);
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  const a = smooth((best + BINS - 1) % BINS);
  const c = smooth((best + 1) % BINS);
  const denom = a - 2 * bestValue + c;
  const shift = denom < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / denom)) : 0;
  // The bin holds hops whose start falls in it; an onset starts within its hop, so the centre is
  // half a hop late on average: take the bin's start plus half a bin, less half a hop.
  const at = (((best + 0.5 + shift) / BINS) * period - hopSeconds / 2 + period) % period;
  return at;
}

/**
 * Beat position (0..1, 0 on a beat) at a time, from a beat time and a tempo.
 * @param time and @param beatAt seconds on the same clock; @param bpm > 0.
 */
export function beatFraction(time: number, beatAt: number, bpm: number): number {
  const beats = ((time - beatAt) * bpm) / 60;
  return beats - Math.floor(beats);
}
