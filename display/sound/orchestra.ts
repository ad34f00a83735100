/**
 * Builds the soundscape's instruments and mixing chain once, on Tone's current context (the live
 * one, or an offline one inside `Tone.Offline`). Every node goes through `track` so `dispose()`
 * frees all of it and the test hook can count what is alive. Nothing here is created per note.
 *
 * Signal flow:
 * dreamer voices + pads → music bus → low-pass (filter param) → clean + bit-crushed ─┬→ master
 *                                                                                  └→ reverb send
 * heartbeat, drone, whispers → master (and a little reverb); one shared convolution reverb.
 * master (volume, mute) → 30 Hz high-pass (speaker safety) → glue compressor → limiter →
 * soft ceiling (tanh wave-shaper, −1.5 dBFS: no sample can exceed it) → destination.
 */
import * as Tone from 'tone';
import { SeededRandom } from '../../core/random.ts';
import { LightVoice } from './LightVoice.ts';

/** Highest sample the ceiling can emit, dBFS (0.5 dB under the show's −1 dBFS true-peak limit). */
export const CEILING_DBFS = -1.5;
/** Pre-gain into the ceiling's curve: inputs up to ±8 (+18 dBFS) are still shaped, not clipped flat. */
const CEILING_RANGE = 8;
/** Length of the shared reverb's impulse response, seconds. */
export const REVERB_SECONDS = 1.6;

/** Anything Tone can dispose. */
export interface Disposable {
  dispose(): unknown;
  readonly disposed?: boolean;
}

/** A melodic voice: one monophonic voice the allocator hands out. */
export type Voice = LightVoice;

/** Everything the adapter plays and automates. */
export interface Orchestra {
  /** Voices by instrument pool: harp, cello, celesta, arp, pad (allocator pool order). */
  pools: Voice[][];
  heart: LightVoice;
  chirp: LightVoice;
  whisper: Tone.NoiseSynth;
  drones: [Tone.Oscillator, Tone.Oscillator];
  musicFilter: Tone.Filter;
  /** Clean and bit-crushed music, crossfaded with equal power by the adapter (a plain pair of gains is far cheaper than `Tone.CrossFade`'s panner, splitter and shaper). */
  crushDry: Tone.Gain;
  crushWet: Tone.Gain;
  reverbSend: Tone.Gain;
  droneGain: Tone.Gain;
  padGain: Tone.Gain;
  whisperGain: Tone.Gain;
  master: Tone.Gain;
  /** Taps the final output for the live peak meter. */
  meter: Tone.Analyser | null;
  /** Every node made, for dispose and counting. */
  nodes: Disposable[];
}

/** Options for {@link buildOrchestra}. */
export interface OrchestraOptions {
  /** Voices per dreamer pool (the polyphony cap is 4× this, plus {@link padVoices}). */
  voicesPerRole: number;
  /** Voices of the pad pool. */
  padVoices: number;
  /** Add a waveform analyser after the ceiling (live only; offline tests measure the buffer). */
  meter: boolean;
}

/** Builds the whole orchestra on Tone's current context. */
export function buildOrchestra(options: OrchestraOptions): Orchestra {
  const nodes: Disposable[] = [];
  const track = <T extends Disposable>(node: T): T => {
    nodes.push(node);
    return node;
  };

  // Master chain, from the speaker end back.
  const ceiling = track(new Tone.WaveShaper((x) => ceilingCurve(x * CEILING_RANGE), 4096)).toDestination();
  const ceilingIn = track(new Tone.Gain(1 / CEILING_RANGE)).connect(ceiling);
  const limiter = track(new Tone.Limiter(-4)).connect(ceilingIn);
  const glue = track(new Tone.Compressor({ threshold: -20, ratio: 3, attack: 0.01, release: 0.25, knee: 10 })).connect(limiter);
  const subsonic = track(new Tone.Filter({ type: 'highpass', frequency: 30, Q: 0.7 })).connect(glue);
  const master = track(new Tone.Gain(0)).connect(subsonic);
  const meter = options.meter ? track(new Tone.Analyser({ type: 'waveform', size: 1024 })) : null;
  if (meter) ceiling.connect(meter);

  const reverb = track(new Tone.Convolver()).connect(master);
  reverb.buffer = impulseResponse(Tone.getContext().sampleRate, REVERB_SECONDS, 0x5eed);
  const reverbSend = track(new Tone.Gain(0.5)).connect(reverb);

  const crushOut = track(new Tone.Gain(1));
  crushOut.connect(master);
  crushOut.connect(reverbSend);
  const crushDry = track(new Tone.Gain(1)).connect(crushOut);
  const crushWet = track(new Tone.Gain(0)).connect(crushOut);
  const crusher = track(new Tone.WaveShaper((x) => Math.round(x * 12) / 12, 2048)).connect(crushWet);
  const musicFilter = track(new Tone.Filter({ type: 'lowpass', frequency: 2000, Q: 0.5, rolloff: -12 }));
  musicFilter.connect(crushDry);
  musicFilter.connect(crusher);
  const music = track(new Tone.Gain(1)).connect(musicFilter);


  const harpBus = track(new Tone.Gain(0.5)).connect(music);
  const celloTone = track(new Tone.Filter({ type: 'lowpass', frequency: 900, Q: 0.8 })).connect(music);
  const celloBus = track(new Tone.Gain(0.45)).connect(celloTone);
  const celestaBus = track(new Tone.Gain(0.3)).connect(music);
  const arpTone = track(new Tone.Filter({ type: 'lowpass', frequency: 3200, Q: 1.5 })).connect(music);
  const arpBus = track(new Tone.Gain(0.2)).connect(arpTone);
  const padGain = track(new Tone.Gain(0.7)).connect(music);
  const padBus = track(new Tone.Gain(0.25)).connect(padGain);

  const n = Math.max(1, Math.floor(options.voicesPerRole));
  const pool = (count: number, make: () => Voice, bus: Tone.Gain): Voice[] => {
    const out: Voice[] = [];
    for (let i = 0; i < count; i++) {
      const v = track(make()).connect(bus);
      out.push(v);
    }
    return out;
  };
  const pools = [
    pool(n, () => new LightVoice({ type: 'triangle', envelope: { attack: 0.002, decay: 1.4, sustain: 0, release: 0.6 } }), harpBus),
    pool(n, () => new LightVoice({ type: 'sawtooth', envelope: { attack: 0.25, decay: 0.3, sustain: 0.7, release: 1.2 } }), celloBus),
    pool(
      n,
      () => new LightVoice({ type: 'sine', envelope: { attack: 0.001, decay: 1.6, sustain: 0, release: 1 }, fm: { harmonicity: 3.5, index: 5, fmDecay: 0.3 } }),
      celestaBus,
    ),
    pool(n, () => new LightVoice({ type: 'square', envelope: { attack: 0.004, decay: 0.12, sustain: 0.25, release: 0.12 } }), arpBus),
    pool(options.padVoices, () => new LightVoice({ type: 'triangle', envelope: { attack: 1.2, decay: 0.5, sustain: 0.8, release: 2.5 } }), padBus),
  ];

  const heartBus = track(new Tone.Gain(0.7)).connect(master);
  const heart = track(new LightVoice({ type: 'sine', sweep: { from: 2.5, to: 1, seconds: 0.04 }, envelope: { attack: 0.002, decay: 0.35, sustain: 0, release: 0.2 } })).connect(heartBus);

  const chirpBus = track(new Tone.Gain(0.25)).connect(music);
  const chirp = track(
    new LightVoice({ type: 'sine', fm: { harmonicity: 1.5, index: 3, fmDecay: 10 }, sweep: { from: 1, to: 1.5 }, envelope: { attack: 0.005, decay: 0.06, sustain: 0, release: 0.04 } }),
  ).connect(chirpBus);

  const whisperGain = track(new Tone.Gain(0)).connect(master);
  whisperGain.connect(reverbSend);
  const whisperTone = track(new Tone.Filter({ type: 'bandpass', frequency: 1400, Q: 1.5 })).connect(whisperGain);
  const whisper = track(new Tone.NoiseSynth({ noise: { type: 'pink' }, envelope: { attack: 0.5, decay: 0.3, sustain: 0.5, release: 1 } })).connect(whisperTone);

  const droneGain = track(new Tone.Gain(0)).connect(master);
  droneGain.connect(reverbSend);
  const droneTone = track(new Tone.Filter({ type: 'lowpass', frequency: 500, Q: 0.7 })).connect(droneGain);
  const droneLow = track(new Tone.Oscillator({ type: 'sine', frequency: 73.4, volume: -8 })).connect(droneTone);
  const droneHigh = track(new Tone.Oscillator({ type: 'triangle', frequency: 110, volume: -14 })).connect(droneTone);
  droneLow.start(0);
  droneHigh.start(0);

  return {
    pools,
    heart,
    chirp,
    whisper,
    drones: [droneLow, droneHigh],
    musicFilter,
    crushDry,
    crushWet,
    reverbSend,
    droneGain,
    padGain,
    whisperGain,
    master,
    meter,
    nodes,
  };
}

/**
 * The ceiling's transfer curve: unity for quiet signals, bending smoothly (tanh) towards
 * {@link CEILING_DBFS} so loud ones never pass it and never clip hard.
 * @param x input sample (any real).
 */
export function ceilingCurve(x: number): number {
  const c = Math.pow(10, CEILING_DBFS / 20);
  return c * Math.tanh(x / c);
}

/**
 * A seeded stereo impulse response: decorrelated noise decaying 60 dB over `seconds`, with a soft
 * onset. Deterministic, and made synchronously (no nested offline render as `Tone.Reverb` does).
 */
export function impulseResponse(sampleRate: number, seconds: number, seed: number): Tone.ToneAudioBuffer {
  const length = Math.max(1, Math.floor(sampleRate * seconds));
  const rng = new SeededRandom(seed);
  const channels = [new Float32Array(length), new Float32Array(length)];
  const fade = sampleRate * 0.01;
  for (const ch of channels) {
    for (let i = 0; i < length; i++) {
      const t = i / length;
      ch[i] = (rng.next() * 2 - 1) * Math.pow(10, (-60 * t) / 20) * Math.min(1, i / fade);
    }
  }
  return Tone.ToneAudioBuffer.fromArray(channels);
}
