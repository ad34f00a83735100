/**
 * A cheap monophonic voice for the kiosk PC: one native gain as its envelope and, while a note
 * sounds, one native oscillator (two for the celesta's FM bell). `Tone.Synth` keeps three always-on
 * constant sources per voice (frequency, detune, envelope) and `Tone.FMSynth` about eight, so forty
 * idle voices cost the audio thread more than the notes; this voice costs nothing between notes.
 * Native oscillators are one-shot by the Web Audio spec, so each note starts a fresh one (as
 * `Tone.Synth` itself does); everything else is made once.
 */
import * as Tone from 'tone';

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
}

/** Time constant of an exponential segment that gets 99 % of the way in `seconds`. */
const tau = (seconds: number): number => Math.max(0.001, seconds / 4.6);

/** One voice the allocator hands out; call {@link connect} once, then {@link triggerAttackRelease}. */
export class LightVoice {
  disposed = false;
  private readonly raw: BaseAudioContext;
  private readonly amp: GainNode;
  private carrier: OscillatorNode | null = null;
  private modulator: OscillatorNode | null = null;
  /** Pitch bend (cents) and the audio time until which notes must follow it. */
  private bend: { signal: Tone.Signal<'cents'>; until: number } | null = null;

  constructor(private readonly options: LightVoiceOptions) {
    this.raw = Tone.getContext().rawContext as BaseAudioContext;
    this.amp = this.raw.createGain();
    this.amp.gain.value = 0;
  }

  /** Routes the voice's output into a Tone node (a bus). */
  connect(destination: Tone.ToneAudioNode): this {
    Tone.connect(this.amp, destination);
    return this;
  }

  /**
   * Shares a pitch bend (tape stops). A detune input makes the oscillator compute its pitch per
   * sample, which roughly doubles the cost of every note, so notes only listen to the bend while
   * `bend.until` (audio s) says one is under way: see {@link followBend}.
   */
  bendWith(bend: { signal: Tone.Signal<'cents'>; until: number }): void {
    this.bend = bend;
  }

  /** A tape stop starts: the note sounding now follows the bend too. */
  followBend(): void {
    if (!this.bend) return;
    if (this.carrier) Tone.connect(this.bend.signal, this.carrier.detune);
    if (this.modulator) Tone.connect(this.bend.signal, this.modulator.detune);
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
    const held = Math.max(0.005, duration);
    const end = time + held;
    const stop = end + env.release * 1.2 + 0.02;
    g.cancelScheduledValues(time);
    g.setValueAtTime(0, time);
    g.linearRampToValueAtTime(peak, time + env.attack);
    g.setTargetAtTime(peak * env.sustain, time + env.attack, tau(env.decay));
    g.setTargetAtTime(0, Math.max(end, time + env.attack), tau(env.release));
    this.stopNote(time);

    const carrier = this.raw.createOscillator();
    carrier.type = this.options.type;
    carrier.frequency.value = hz;
    carrier.connect(this.amp);
    const bent = this.bend !== null && time < this.bend.until;
    if (bent) Tone.connect(this.bend!.signal, carrier.detune);
    carrier.start(time);
    carrier.stop(stop);
    this.carrier = carrier;

    const fm = this.options.fm;
    if (fm) {
      // The modulator's depth is per note too, so a stolen note keeps its own bell until it is cut.
      const mod = this.raw.createOscillator();
      mod.frequency.value = hz * fm.harmonicity;
      const depth = this.raw.createGain();
      depth.gain.setValueAtTime(hz * fm.index, time);
      depth.gain.setTargetAtTime(0, time + 0.002, tau(fm.fmDecay));
      mod.connect(depth);
      depth.connect(carrier.frequency);
      if (bent) Tone.connect(this.bend!.signal, mod.detune);
      mod.start(time);
      mod.stop(stop);
      this.modulator = mod;
    }
  }

  private stopNote(time: number): void {
    for (const osc of [this.carrier, this.modulator]) {
      if (!osc) continue;
      try {
        osc.stop(time);
      } catch {
        // Already stopped earlier than `time`: nothing to cut.
      }
    }
    this.carrier = null;
    this.modulator = null;
  }

  /** Silences and disconnects the voice. Safe to call twice. */
  dispose(): this {
    if (this.disposed) return this;
    this.disposed = true;
    this.stopNote(0);
    this.amp.disconnect();
    return this;
  }
}
