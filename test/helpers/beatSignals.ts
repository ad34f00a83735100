/**
 * Music with a known beat, rendered by the tests themselves: a click track and a drum loop at a
 * given tempo, written as 16-bit mono WAV files that loop seamlessly (a whole number of bars, the
 * sounds wrapping around the end), for Chromium's fake audio capture. Deterministic: the drum loop's
 * noise comes from a fixed seed.
 */

/** Sample rate of every signal: Chromium's fake capture device runs at 48 kHz, so nothing is resampled. */
export const SIGNAL_RATE = 48_000;

/** A rendered signal and where its beats fall. */
export interface BeatSignal {
  kind: 'click' | 'drums';
  samples: Float32Array;
  /** Samples per second. */
  rate: number;
  /** Seconds. */
  length: number;
  bpm: number;
  /** Time of the first downbeat, s (beats follow every 60/bpm s, wrapping at `length`). */
  lead: number;
}

function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds `voice(t)` (t seconds since the hit) for `seconds` at `at`, wrapping around the end. */
function hit(out: Float32Array, rate: number, at: number, seconds: number, voice: (t: number) => number): void {
  const start = Math.round(at * rate);
  const n = Math.round(seconds * rate);
  for (let i = 0; i < n; i++) {
    const j = (start + i) % out.length;
    out[j] += voice(i / rate);
  }
}

function frame(bpm: number, bars: number, lead: number, rate: number): { out: Float32Array; beat: number; beats: number } {
  const beat = 60 / bpm;
  const beats = bars * 4;
  const n = Math.round(beats * beat * rate);
  if (Math.abs(n - beats * beat * rate) > 1e-6) throw new Error(`${bpm} BPM does not fit a whole number of samples per bar`);
  if (lead < 0 || lead >= beat) throw new Error('lead must be within the first beat');
  return { out: new Float32Array(n), beat, beats };
}

/**
 * A click track: a short 1 kHz click on every beat, 1.5 kHz on the downbeat, silence between.
 * @param bpm 40..200, with a whole number of samples per bar at 48 kHz (96, 120, 128 … do).
 * @param bars how many bars the loop holds; @param lead first downbeat, s; @param rate samples a second.
 */
export function clickTrack(bpm: number, bars = 8, lead = 0.1, rate = SIGNAL_RATE): BeatSignal {
  const { out, beat, beats } = frame(bpm, bars, lead, rate);
  for (let k = 0; k < beats; k++) {
    const f = k % 4 === 0 ? 1500 : 1000;
    hit(out, rate, lead + k * beat, 0.03, (t) => 0.6 * Math.sin(2 * Math.PI * f * t) * Math.exp(-t / 0.008));
  }
  return { kind: 'click', samples: out, rate, length: out.length / rate, bpm, lead };
}

/**
 * A drum loop: kick on 1 and 3, snare on 2 and 4, closed hi-hat on every eighth and an off-beat
 * kick before the bar's end, like a plain house/pop groove.
 * @param bpm as {@link clickTrack}; @param bars loop length; @param lead first downbeat, s; @param rate samples a second.
 */
export function drumLoop(bpm: number, bars = 8, lead = 0.1, rate = SIGNAL_RATE): BeatSignal {
  const { out, beat, beats } = frame(bpm, bars, lead, rate);
  const rnd = mulberry(bpm * 7919 + bars);
  const noise = new Float32Array(48_000);
  for (let i = 0; i < noise.length; i++) noise[i] = rnd() * 2 - 1;
  const kick = (t: number): number => {
    // A pitch sweep from 150 to 50 Hz: the phase is the integral of the falling frequency.
    const phase = 2 * Math.PI * (50 * t + (100 * 0.03) * (1 - Math.exp(-t / 0.03)));
    return 0.9 * Math.sin(phase) * Math.exp(-t / 0.12);
  };
  const snare = (t: number): number => 0.35 * noise[Math.floor(t * 48_000) % noise.length] * Math.exp(-t / 0.05) + 0.25 * Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t / 0.04);
  let hatLast = 0;
  const hat = (t: number): number => {
    // A first difference of noise: bright and thin, like a closed hat.
    const i = Math.floor(t * 48_000);
    const v = noise[(i * 3 + 101) % noise.length];
    const d = v - hatLast;
    hatLast = v;
    return 0.12 * d * Math.exp(-t / 0.015);
  };
  for (let k = 0; k < beats; k++) {
    const at = lead + k * beat;
    const inBar = k % 4;
    if (inBar === 0 || inBar === 2) hit(out, rate, at, 0.5, kick);
    if (inBar === 1 || inBar === 3) hit(out, rate, at, 0.25, snare);
    if (inBar === 3) hit(out, rate, at + beat / 2, 0.4, (t) => 0.6 * kick(t));
    hatLast = 0;
    hit(out, rate, at, 0.08, hat);
    hatLast = 0;
    hit(out, rate, at + beat / 2, 0.08, hat);
  }
  let peak = 0;
  for (const v of out) peak = Math.max(peak, Math.abs(v));
  if (peak > 0.95) for (let i = 0; i < out.length; i++) out[i] *= 0.95 / peak;
  return { kind: 'drums', samples: out, rate, length: out.length / rate, bpm, lead };
}

/** A signal as a 16-bit PCM mono WAV file. */
export function toWav(samples: Float32Array, rate = SIGNAL_RATE): Buffer {
  const data = samples.length * 2;
  const b = Buffer.alloc(44 + data);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + data, 4);
  b.write('WAVE', 8, 'ascii');
  b.write('fmt ', 12, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(rate, 24);
  b.writeUInt32LE(rate * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(data, 40);
  for (let i = 0; i < samples.length; i++) b.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767), 44 + i * 2);
  return b;
}

/**
 * Where a stretch of captured sound starts in a looping signal, s: the capture device plays the
 * file from a moment the test does not know. Found by matching the stretch against every position
 * of the loop (coarse on 1 kHz envelopes, then sample by sample), so the beats' true times in the
 * capture's own clock follow from the file.
 * @param captured mono samples at the signal's rate, at least one beat long.
 */
export function offsetInLoop(signal: BeatSignal, captured: Float32Array): number {
  const s = signal.samples;
  const n = s.length;
  const rate = signal.rate;
  const down = Math.round(rate / 1000);
  const env = (x: Float32Array, len: number): Float32Array => {
    const e = new Float32Array(Math.floor(len / down));
    for (let i = 0; i < e.length; i++) {
      let sum = 0;
      for (let j = 0; j < down; j++) sum += Math.abs(x[(i * down + j) % x.length]);
      e[i] = sum / down;
    }
    return e;
  };
  const probeLen = Math.min(captured.length, 2 * rate);
  const probe = env(captured, probeLen);
  const loopEnv = env(s, n);
  let best = 0;
  let bestScore = -Infinity;
  for (let p = 0; p < loopEnv.length; p++) {
    let score = 0;
    for (let i = 0; i < probe.length; i++) score += probe[i] * loopEnv[(p + i) % loopEnv.length];
    if (score > bestScore) {
      bestScore = score;
      best = p;
    }
  }
  let fine = best * down;
  let fineScore = -Infinity;
  const len = Math.min(probeLen, rate);
  for (let q = best * down - 2 * down; q <= best * down + 2 * down; q++) {
    let score = 0;
    for (let i = 0; i < len; i++) score += captured[i] * s[(((q + i) % n) + n) % n];
    if (score > fineScore) {
      fineScore = score;
      fine = q;
    }
  }
  return (((fine % n) + n) % n) / rate;
}
