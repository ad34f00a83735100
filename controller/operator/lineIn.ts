/**
 * The console listens to the room: a line-in or microphone (`getUserMedia`, the device the VJ picks)
 * is captured sample by sample (an AudioWorklet hands over every block with its frame number), and
 * once a second the last 8 s are analysed. The tempo comes from web-audio-beat-detector's `analyze`,
 * fed the sound's envelope rather than the raw sound (the library listens below ~150 Hz, so a click
 * track or hi-hats alone would be inaudible to it); the beat's phase from beatPhase.ts; the energy
 * from the loudness of the last half second. Silence or an unplugged device says "no beat".
 */
import { analyze } from 'web-audio-beat-detector';
import { foldBeat, ONSET_HOP, onsetStrength } from './beatPhase.ts';

/** Seconds of sound kept and analysed. */
export const LISTEN_SECONDS = 8;
/** Sound needed before a first tempo, s. */
const FIRST_GUESS_SECONDS = 4;
/** Quieter than this over the last 2 s (dBFS) is silence: no beat. */
export const SILENCE_DB = -50;
/** Tempo window of the analysis, BPM: one octave, so half- and double-time fold into it. */
const MIN_TEMPO = 80;
const MAX_TEMPO = 160;

/** What the line-in hears now. */
export interface LineReading {
  bpm: number;
  /** Beat position 0..1 (0 on a beat). */
  beat: number;
  /** Loudness 0..1. */
  energy: number;
}

const WORKLET = `
class Tap extends AudioWorkletProcessor {
  constructor() { super(); this.buf = new Float32Array(1024); this.n = 0; this.start = 0; }
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    const len = ch ? ch.length : 128;
    if (this.n === 0) this.start = currentFrame;
    if (ch) this.buf.set(ch, this.n); else this.buf.fill(0, this.n, this.n + len);
    this.n += len;
    if (this.n >= this.buf.length) { this.port.postMessage({ start: this.start, samples: this.buf }); this.buf = new Float32Array(1024); this.n = 0; }
    return true;
  }
}
registerProcessor('dreamscape-line-tap', Tap);
`;

/** Audio input devices the browser offers (labels appear once the page may use the microphone). */
export async function lineDevices(): Promise<{ id: string; label: string }[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const all = await navigator.mediaDevices.enumerateDevices();
  return all.filter((d) => d.kind === 'audioinput').map((d, i) => ({ id: d.deviceId, label: d.label || `input ${i + 1}` }));
}

/** A line-in being listened to. */
export class LineIn {
  private readonly rate: number;
  private readonly ring: Float32Array;
  /** Frame number of the next sample to arrive. */
  private written = 0;
  private readonly strength: Float32Array;
  private readonly hopScratch = new Float32Array(1024 / ONSET_HOP);
  private hopsWritten = 0;
  private lastEnergy = 0;
  private analysing = false;
  private timer: number | undefined;
  private lost = false;
  /** Latest tempo and a beat's frame number. */
  private found: { bpm: number; beatFrame: number } | null = null;

  private constructor(
    private readonly context: AudioContext,
    private readonly stream: MediaStream,
    private readonly node: AudioWorkletNode,
    private readonly onLost: (why: string) => void,
  ) {
    this.rate = context.sampleRate;
    this.ring = new Float32Array(Math.ceil((LISTEN_SECONDS + 2) * this.rate));
    this.strength = new Float32Array(Math.ceil(this.ring.length / ONSET_HOP));
    node.port.onmessage = (e: MessageEvent<{ start: number; samples: Float32Array }>) => this.take(e.data.start, e.data.samples);
    for (const track of stream.getAudioTracks()) track.addEventListener('ended', () => this.lose('the input device is gone'));
    this.timer = window.setInterval(() => void this.analyse(), 1000);
  }

  /**
   * Opens an input and starts listening.
   * @param deviceId a device from {@link lineDevices}, or undefined for the default input.
   * @param onLost told once if the device disappears.
   * @throws when the browser refuses the input (no permission, no device, not a secure page).
   */
  static async open(deviceId: string | undefined, onLost: (why: string) => void): Promise<LineIn> {
    if (!navigator.mediaDevices?.getUserMedia) throw new Error('this page may not use audio inputs (open the console on https:// or localhost)');
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: { deviceId: deviceId ? { exact: deviceId } : undefined, echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
    // At the input's own rate, so the sound is analysed as the device delivers it (no resampling).
    const rate = stream.getAudioTracks()[0]?.getSettings().sampleRate;
    const context = new AudioContext({ latencyHint: 'interactive', ...(rate && rate >= 8000 && rate <= 192_000 ? { sampleRate: rate } : {}) });
    const url = URL.createObjectURL(new Blob([WORKLET], { type: 'text/javascript' }));
    try {
      await context.audioWorklet.addModule(url);
    } finally {
      URL.revokeObjectURL(url);
    }
    const node = new AudioWorkletNode(context, 'dreamscape-line-tap', { numberOfInputs: 1, numberOfOutputs: 0, channelCount: 1, channelCountMode: 'explicit' });
    context.createMediaStreamSource(stream).connect(node);
    await context.resume();
    return new LineIn(context, stream, node, onLost);
  }

  private take(start: number, samples: Float32Array): void {
    if (!Number.isInteger(start) || start < this.written - samples.length) return;
    const n = this.ring.length;
    for (let i = 0; i < samples.length; i++) this.ring[(start + i) % n] = samples[i];
    this.written = start + samples.length;
    // Onset strength per hop, continuing from the last block's energy (blocks are whole hops).
    this.lastEnergy = onsetStrength(samples, this.hopScratch, this.lastEnergy);
    const hops = samples.length / ONSET_HOP;
    const firstHop = start / ONSET_HOP;
    for (let h = 0; h < hops; h++) this.strength[(firstHop + h) % this.strength.length] = this.hopScratch[h];
    this.hopsWritten = firstHop + hops;
  }

  /** The last `seconds` of sound, with the frame number of its first sample (for the tests' ground truth). */
  recent(seconds: number): { start: number; rate: number; samples: Float32Array } {
    const len = Math.min(this.written, Math.floor(Math.min(seconds, LISTEN_SECONDS) * this.rate));
    const start = this.written - len;
    const out = new Float32Array(len);
    for (let i = 0; i < len; i++) out[i] = this.ring[(start + i) % this.ring.length];
    return { start, rate: this.rate, samples: out };
  }

  private loudnessDb(seconds: number): number {
    const len = Math.min(this.written, Math.floor(seconds * this.rate));
    if (len === 0) return -Infinity;
    let sum = 0;
    for (let i = this.written - len; i < this.written; i++) sum += this.ring[i % this.ring.length] ** 2;
    return 10 * Math.log10(sum / len + 1e-12);
  }

  private async analyse(): Promise<void> {
    if (this.analysing || this.lost || this.written < FIRST_GUESS_SECONDS * this.rate) return;
    if (this.loudnessDb(2) < SILENCE_DB) {
      this.found = null;
      return;
    }
    this.analysing = true;
    try {
      const hops = Math.min(this.hopsWritten, Math.floor((LISTEN_SECONDS * this.rate) / ONSET_HOP));
      const firstHop = this.hopsWritten - hops;
      const start = firstHop * ONSET_HOP;
      const len = hops * ONSET_HOP;
      // The envelope (a peak follower with a 10 ms fall): every onset becomes a bump the library hears.
      const envelope = this.context.createBuffer(1, len, this.rate);
      const y = envelope.getChannelData(0);
      const fall = Math.exp(-1 / (0.01 * this.rate));
      let m = 0;
      for (let i = 0; i < len; i++) {
        const v = Math.abs(this.ring[(start + i) % this.ring.length]);
        m = v > m ? v : m * fall;
        y[i] = m;
      }
      const tempo = await analyze(envelope, { minTempo: MIN_TEMPO, maxTempo: MAX_TEMPO });
      const folded = new Float32Array(hops);
      for (let h = 0; h < hops; h++) folded[h] = this.strength[(firstHop + h) % this.strength.length];
      const at = foldBeat(folded, ONSET_HOP / this.rate, tempo);
      this.found = at === null ? null : { bpm: tempo, beatFrame: start + at * this.rate };
    } catch {
      // No detectable beat in this stretch (a pause, a breakdown): say nothing until there is one.
      this.found = null;
    } finally {
      this.analysing = false;
    }
  }

  /** The capture's frame number at a `performance.now()` time (via the context's output clock). */
  private frameAt(perfMs: number): number {
    const stamp = this.context.getOutputTimestamp();
    const contextTime = stamp.contextTime ?? this.context.currentTime;
    const perf = stamp.performanceTime ?? performance.now();
    return (contextTime + (perfMs - perf) / 1000) * this.rate;
  }

  /**
   * What the line-in hears at a moment.
   * @param perfMs a `performance.now()` time (now, or a frame's time in the tests).
   * @returns null while there is no beat (too early, silence, device gone).
   */
  reading(perfMs: number): LineReading | null {
    if (this.lost || !this.found || this.loudnessDb(2) < SILENCE_DB) return null;
    const { bpm, beatFrame } = this.found;
    const beats = ((this.frameAt(perfMs) - beatFrame) / this.rate) * (bpm / 60);
    const db = this.loudnessDb(0.5);
    return { bpm, beat: beats - Math.floor(beats), energy: Math.min(1, Math.max(0, (db - SILENCE_DB) / 40)) };
  }

  /** The last analysis: tempo and a beat's frame number (for the tests), or null. */
  get analysis(): { bpm: number; beatFrame: number } | null {
    return this.found;
  }

  private lose(why: string): void {
    if (this.lost) return;
    this.lost = true;
    this.onLost(why);
  }

  /** Stops listening and lets the device go. */
  close(): void {
    this.lost = true;
    window.clearInterval(this.timer);
    this.node.port.onmessage = null;
    for (const track of this.stream.getTracks()) track.stop();
    void this.context.close();
  }
}
