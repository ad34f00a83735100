/**
 * A cheap monophonic voice for the kiosk PC: native nodes only, all made once. Its oscillator (two
 * for the celesta's FM bell) runs from construction to dispose and a native gain is its envelope.
 * `Tone.Synth` keeps three always-on constant sources per voice (frequency, detune, envelope) and
 * `Tone.FMSynth` about eight, and starts a fresh native oscillator per note; one always-running
 * wavetable oscillator costs the audio thread less than either, and scheduling a note adds no node
 * (a whole offline render schedules every note up front, so per-note nodes piled up in the graph).
 */
import * as Tone from 'tone';
import { restartAutomation } from './automationTrim.ts';

/** ADSR of a {@link LightVoice}, seconds and 0..1 sustain. */
export interface LightEnvelope {
  attack: number;
  decay: number;
  sustain: number;
  release: number;
}

/** Options for {@link LightVoice}. */
export interface LightVoiceOptions {
  /** Carrier waveform. */
  type: OscillatorType;
  envelope: LightEnvelope;
  /** FM bell: modulator at `harmonicity` × the carrier, depth `index` × its frequency, decaying over `fmDecay` s. */
  fm?: { harmonicity: number; index: number; fmDecay: number };
  /**
   * Pitch glide within each note, as ratios of the note's pitch: from `from` × to `to` × over
   * `seconds` (or over the held duration when omitted). The heartbeat's thump is 2.5 → 1 in 40 ms.
   */
  sweep?: { from: number; to: number; seconds?: number };
}

/** Time constant of an exponential segment that gets 99 % of the way in `seconds`. */
const tau = (seconds: number): number => Math.max(0.001, seconds / 4.6);

/** One voice the allocator hands out; call {@link connect} once, then {@link triggerAttackRelease}. */
export class LightVoice {
  disposed = false;
  private readonly amp: GainNode;
  private readonly carrier: OscillatorNode;
  private readonly modulator: OscillatorNode | null = null;
  private readonly depth: GainNode | null = null;

  constructor(private readonly options: LightVoiceOptions) {
    const raw = Tone.getContext().rawContext as BaseAudioContext;
    this.amp = raw.createGain();
    this.amp.gain.value = 0;
    this.carrier = raw.createOscillator();
    this.carrier.type = options.type;
    // Pitch moves once per note and in slow tape stops: k-rate keeps the oscillator off its
    // per-sample pitch path (any automation event would put an a-rate param on it for good).
    this.carrier.detune.automationRate = 'k-rate';
    if (!options.fm) this.carrier.frequency.automationRate = 'k-rate';
    this.carrier.connect(this.amp);
    const now = raw.currentTime;
    this.carrier.start(now);
    if (options.fm) {
      this.modulator = raw.createOscillator();
      this.modulator.frequency.automationRate = 'k-rate';
      this.modulator.detune.automationRate = 'k-rate';
      this.depth = raw.createGain();
      this.depth.gain.value = 0;
      this.modulator.connect(this.depth);
      this.depth.connect(this.carrier.frequency);
      this.modulator.start(now);
    }
  }

  /** Routes the voice's output into a Tone node (a bus). */
  connect(destination: Tone.ToneAudioNode): this {
    Tone.connect(this.amp, destination);
    return this;
  }

  /**
   * A tape stop: the pitch falls an octave over `duration` s from `time` and snaps back in 40 ms.
   * Automation on the voice's own detune (no shared bend signal: a detune input would make the
   * oscillator compute its pitch per sample for the whole show).
   */
  tapeStop(time: number, duration: number): void {
    if (this.disposed) return;
    for (const osc of [this.carrier, this.modulator]) {
      if (!osc) continue;
      restartAutomation(osc.detune, time, 0);
      osc.detune.setValueAtTime(0, time);
      osc.detune.linearRampToValueAtTime(-1200, time + duration);
      osc.detune.linearRampToValueAtTime(0, time + duration + 0.04);
    }
  }

  /**
   * Plays one note; a note still sounding is cut short (voice stealing).
   * @param hz pitch, Hz. @param duration held time, s. @param time start, audio s. @param velocity 0..1.
   */
  triggerAttackRelease(hz: number, duration: number, time: number, velocity: number): void {
    if (this.disposed || !(hz > 0) || !Number.isFinite(time)) return;
    const env = this.options.envelope;
    const g = this.amp.gain;
    const peak = Math.min(1, Math.max(0, velocity));
    const end = time + Math.max(0.005, duration);
    restartAutomation(g, time, 0);
    g.setValueAtTime(0, time);
    g.linearRampToValueAtTime(peak, time + env.attack);
    g.setTargetAtTime(peak * env.sustain, time + env.attack, tau(env.decay));
    g.setTargetAtTime(0, Math.max(end, time + env.attack), tau(env.release));
    const fm = this.options.fm;
    const sweep = this.options.sweep;
    const f = this.carrier.frequency;
    restartAutomation(f, time, hz);
    f.setValueAtTime(hz * (sweep ? sweep.from : 1), time);
    if (sweep) f.exponentialRampToValueAtTime(hz * sweep.to, time + (sweep.seconds ?? end - time));
    if (fm && this.modulator && this.depth) {
      const m = this.modulator.frequency;
      restartAutomation(m, time, hz);
      m.setValueAtTime(hz * fm.harmonicity * (sweep ? sweep.from : 1), time);
      if (sweep) m.exponentialRampToValueAtTime(hz * fm.harmonicity * sweep.to, time + (sweep.seconds ?? end - time));
      const d = this.depth.gain;
      restartAutomation(d, time, 0);
      d.setValueAtTime(hz * fm.index, time);
      d.setTargetAtTime(0, time + 0.002, tau(fm.fmDecay));
    }
  }

  /** Stops and disconnects the voice. Safe to call twice. */
  dispose(): this {
    if (this.disposed) return this;
    this.disposed = true;
    for (const osc of [this.carrier, this.modulator]) {
      if (!osc) continue;
      try {
        osc.stop();
      } catch {
        // Never started on a closed context: nothing to stop.
      }
      osc.disconnect();
    }
    this.depth?.disconnect();
    this.amp.disconnect();
    return this;
  }
}
