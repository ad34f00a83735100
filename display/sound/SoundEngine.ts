/**
 * The Tone adapter: plays what the pure score, crowd and mix modules decide. One `update` per show
 * frame schedules the score's steps a little ahead and the crowd's notes at once (within the
 * look-ahead plus a ≤ 14 ms grid snap, 44 ms in all by default), and ramps the continuous layers. Works the same on the live
 * context and inside `Tone.Offline` (every call takes explicit audio times).
 */
import type { FrameGesture, ShowFrame } from '../../core/protocol.ts';
import type { Preset } from '../../core/preset.ts';
import type { PhaseName } from '../../core/arc/phases.ts';
import { buildOrchestra, type Orchestra } from './orchestra.ts';
import { VoiceAllocator, NO_VOICE } from './VoiceAllocator.ts';
import { RoleGate } from './RoleGate.ts';
import { NoteBuffer, INSTRUMENT } from './NoteBuffer.ts';
import { scoreStep, stepContext } from './score.ts';
import { gridStepNear, SCORE_WRAP, STEPS_PER_BEAT } from '../../core/arc/scoreClock.ts';
import { mixFrame, mixTargets, phaseWeight } from './mix.ts';
import { crowdNote, gestureNote, tapTime, type CrowdMusic } from './crowdNotes.ts';
import { midiToHz, rootMidi, unityChordSize } from './harmony.ts';
import { restartAutomation, type RestartableParam } from './automationTrim.ts';

/** Default scheduling look-ahead, seconds (Tone's own default is 0.1). */
export const DEFAULT_LOOK_AHEAD = 0.03;
/** Longest a crowd note waits to land on the grid, seconds (default look-ahead + this = 44 ms). */
export const MAX_TAP_DELAY = 0.014;
/**
 * Most a tap's sound may trail the moment the wall saw it, seconds: look-ahead plus grid snap.
 * Issue 8 §6 wants picture and sound of a tap within 45 ms, so a longer look-ahead shortens the snap.
 */
export const TAP_BUDGET = 0.045;
/** Score steps are scheduled this far past the look-ahead, seconds (1.5 frames at 30 Hz). */
const HORIZON = 0.05;
/** Most gestures read from one frame (the gate admits far fewer; this bounds the loop). */
const MAX_GESTURES_PER_FRAME = 4096;
/** Release tail per pool (harp, cello, celesta, arp, pad), seconds: a voice is busy until it ends. */
const RELEASE = [0.6, 1.2, 1.0, 0.12, 2.5] as const;

/** Options for {@link SoundEngine}. */
export interface SoundEngineOptions {
  /** Polyphony cap across the four dreamer voices (8..64); the pad has its own 8. */
  voices: number;
  /** Scheduling look-ahead, seconds (0.01..0.1). */
  lookAhead?: number;
  /** Keep a peak meter on the output (live pages). */
  meter?: boolean;
}

/** Any Tone param or signal that can glide to a target. */
interface Automatable extends RestartableParam {
  setTargetAtTime(value: number, startTime: number, timeConstant: number): unknown;
}

/** Slots of continuous controls, for change detection without allocation. */
const CTRL = { master: 0, filter: 1, send: 2, crush: 3, drone: 4, droneLow: 5, droneHigh: 6, pad: 7, whisper: 8, crushDry: 9 } as const;

/** The soundscape's player. Build it on the context it should play on. */
export class SoundEngine {
  /** Notes scheduled since construction. */
  notesPlayed = 0;
  /** Peak of the output over the last metered block, dBFS (−Infinity when silent or unmetered). */
  lastPeak = -Infinity;
  readonly lookAhead: number;
  /** Grid snap allowed for crowd notes, seconds: {@link MAX_TAP_DELAY}, less if the look-ahead eats the budget. */
  readonly tapSnap: number;
  private readonly orchestra: Orchestra;
  private readonly alloc: VoiceAllocator;
  private readonly gate = new RoleGate();
  private readonly notes = new NoteBuffer(128);
  private readonly ctx = stepContext();
  private readonly mix = mixTargets();
  private readonly music: CrowdMusic = { phase: 'serene', root: 62, unity: 0, energy: 0, beatSeconds: 1 };
  private readonly note = crowdNote();
  private readonly controls = new Float64Array(10).fill(NaN);
  private nextStep = NaN;
  /** Length of a beat at the last frame, s. */
  private beatSeconds = 1;
  private stepSeconds = 0.25;
  private stepIndex = 0;
  /** Audio seconds minus hub seconds, smoothed. */
  private hubOffset = NaN;
  private lastMono = new Float64Array(3).fill(-Infinity);
  private frames = 0;
  private disposed = false;

  constructor(options: SoundEngineOptions) {
    const voices = Math.min(64, Math.max(8, Math.floor(options.voices)));
    const perRole = Math.floor(voices / 4);
    this.lookAhead = Math.min(0.1, Math.max(0.01, options.lookAhead ?? DEFAULT_LOOK_AHEAD));
    this.tapSnap = Math.max(0, Math.min(MAX_TAP_DELAY, TAP_BUDGET - this.lookAhead));
    this.orchestra = buildOrchestra({ voicesPerRole: perRole, padVoices: 8, meter: options.meter ?? false });
    this.alloc = new VoiceAllocator([perRole, perRole, perRole, perRole, 8]);
  }

  /**
   * The score's grid as this wall plays it: the next step it will play, when (hub time, ms; and
   * audio-clock time, s) and how long a step lasts (ms); null before the first frame. Walls on one
   * hub agree on it.
   */
  get grid(): { step: number; hubMs: number; audioAt: number; stepMs: number } | null {
    if (!Number.isFinite(this.nextStep) || !Number.isFinite(this.hubOffset)) return null;
    return { step: this.stepIndex, hubMs: (this.nextStep - this.hubOffset) * 1000, audioAt: this.nextStep, stepMs: this.stepSeconds * 1000 };
  }

  /** Voices sounding at `time` (audio seconds). */
  voicesInUse(time: number): number {
    return this.alloc.inUse(time);
  }

  /** The polyphony cap (dreamer voices plus the pad's). */
  get voiceCap(): number {
    return this.alloc.size;
  }

  /** Notes that took over a still-sounding voice. */
  get stolen(): number {
    return this.alloc.stolen;
  }

  /** Crowd notes folded into others (same step, same voice) plus notes with no voice to take. */
  get merged(): number {
    return this.gate.merged + this.alloc.refused;
  }

  /** Audio nodes made and not yet disposed. */
  get nodeCount(): number {
    let n = 0;
    for (const node of this.orchestra.nodes) if (!node.disposed) n++;
    return n;
  }

  /**
   * Follows one show frame.
   * @param seenAt audio-context time when the frame arrived, seconds (live: `currentTime`).
   * @param hubToAudio seconds to add to a hub time (s) to get the audio-clock time at which it is
   *   heard here, from the wall's clock samples; without it (no estimate yet, an older hub, offline
   *   renders) the frames' arrival times it, which puts this wall's network delay into the score.
   */
  update(frame: ShowFrame, preset: Preset, seenAt: number, hubToAudio: number | null = null): void {
    if (this.disposed || !Number.isFinite(seenAt)) return;
    const o = this.orchestra;
    const start = seenAt + this.lookAhead;
    const root = rootMidi(preset.sound.root);

    const hubRaw = hubToAudio !== null && Number.isFinite(hubToAudio) ? hubToAudio : seenAt - frame.at / 1000;
    if (!Number.isFinite(this.hubOffset) || Math.abs(hubRaw - this.hubOffset) > 0.25) this.hubOffset = hubRaw;
    else this.hubOffset += (hubRaw - this.hubOffset) * 0.05;

    const mix = mixFrame(frame, this.mix);
    this.follow(CTRL.master, o.master.gain, mix.master, start, 0.05);
    this.follow(CTRL.filter, o.musicFilter.frequency, mix.filterHz, start, 0.15);
    this.follow(CTRL.send, o.reverbSend.gain, mix.reverbSend, start, 0.4);
    // Equal-power crossfade between the clean and the bit-crushed music.
    this.follow(CTRL.crush, o.crushWet.gain, Math.sin(mix.crush * Math.PI * 0.5), start, 0.05);
    this.follow(CTRL.crushDry, o.crushDry.gain, Math.cos(mix.crush * Math.PI * 0.5), start, 0.05);
    this.follow(CTRL.drone, o.droneGain.gain, mix.drone, start, 1);
    this.follow(CTRL.pad, o.padGain.gain, mix.pad, start, 1);
    this.follow(CTRL.whisper, o.whisperGain.gain, mix.whisper, start, 0.5);
    this.follow(CTRL.droneLow, o.drones[0].frequency, midiToHz(root - 24), start, 2);
    this.follow(CTRL.droneHigh, o.drones[1].frequency, midiToHz(root - 24 + mix.droneInterval), start, 2);

    // The confrontation locks the score's grid to the heartbeat the phones tap with.
    const locked = phaseWeight(frame, 'confrontation') >= 0.5 && frame.beat.bpm > 0;
    const beatSeconds = 60 / (locked ? Math.min(180, Math.max(40, frame.beat.bpm)) : mix.tempo);
    this.stepSeconds = beatSeconds / STEPS_PER_BEAT;
    if (!Number.isFinite(this.nextStep) || this.nextStep < start - 0.25) this.nextStep = start;
    const origin = frame.beat.origin / 1000 + this.hubOffset;
    // Every wall on the hub puts its steps on the score's grid: it passes `frame.score` at the
    // frame's hub time, here on this wall's audio clock.
    const scoreAt = frame.at / 1000 + this.hubOffset;
    const onScore = Number.isFinite(frame.score) && Number.isFinite(scoreAt);
    while (this.nextStep < start + HORIZON) {
      if (locked) {
        const idx = Math.ceil((this.nextStep - origin) / this.stepSeconds - 1e-6);
        this.nextStep = origin + idx * this.stepSeconds;
        this.stepIndex = idx % SCORE_WRAP;
      } else if (onScore) {
        // The step this wall expects next, as the hub's grid places it now.
        let due = gridStepNear(frame.score, scoreAt, this.nextStep, this.stepSeconds);
        if (due.at < seenAt) due = { step: (due.step + 1) % SCORE_WRAP, at: due.at + this.stepSeconds };
        // The grid moved back (a clock estimate, a hub restarted from its state file): never play a
        // step twice; play the next one unplayed, at its place on the grid.
        const behind = (this.stepIndex - due.step + SCORE_WRAP) % SCORE_WRAP;
        const replay = behind > 0 && behind < STEPS_PER_BEAT * 2;
        this.stepIndex = replay ? this.stepIndex : due.step;
        this.nextStep = replay ? due.at + behind * this.stepSeconds : due.at;
      }
      this.playStep(frame, root, this.nextStep);
      this.nextStep += this.stepSeconds;
      this.stepIndex = (this.stepIndex + 1) % SCORE_WRAP;
    }

    this.beatSeconds = beatSeconds;
    this.playCrowd(frame, frame.gestures, root, start, beatSeconds);
    if (o.meter && (this.frames++ & 3) === 0) this.meterPeak();
  }

  /**
   * Plays a batch of gestures that arrived between frames, with the last frame's show state (its
   * phase, crowd and grid): a tap is heard as soon as it arrives, not at the next frame.
   * @param frame the last frame; @param batch the gestures; @param seenAt audio-clock time now, s.
   */
  playBatch(frame: ShowFrame, preset: Preset, batch: readonly FrameGesture[], seenAt: number): void {
    if (this.disposed || !Number.isFinite(seenAt) || !Number.isFinite(this.nextStep)) return;
    this.playCrowd(frame, batch, rootMidi(preset.sound.root), seenAt + this.lookAhead, this.beatSeconds);
  }

  private playStep(frame: ShowFrame, root: number, time: number): void {
    const ctx = this.ctx;
    ctx.seed = 0x5eed + frame.loop;
    ctx.step = this.stepIndex;
    ctx.root = root;
    ctx.tempo = this.mix.tempo;
    ctx.dissonance = this.mix.dissonance;
    ctx.stutter = this.mix.stutter;
    ctx.energy = frame.crowd.energy;
    ctx.unity = frame.crowd.unity;
    ctx.safe = frame.flags.safe;
    this.notes.clear();
    this.writePhase(frame, frame.phase, frame.phaseLength > 0 ? frame.phaseTime / frame.phaseLength : 0);
    if (frame.next !== frame.phase && frame.blend > 0.01) this.writePhase(frame, frame.next, 0);
    for (let i = 0; i < this.notes.count; i++) {
      this.play(this.notes.instrument[i], this.notes.midi[i], this.notes.velocity[i], this.notes.duration[i], time + this.notes.offset[i], ctx.safe);
    }
  }

  private writePhase(frame: ShowFrame, phase: PhaseName, progress: number): void {
    this.ctx.phase = phase;
    this.ctx.weight = phaseWeight(frame, phase);
    this.ctx.progress = progress;
    scoreStep(this.ctx, this.notes);
  }

  private playCrowd(frame: ShowFrame, gestures: readonly FrameGesture[], root: number, seen: number, beatSeconds: number): void {
    if (gestures.length === 0) return;
    const lastStepTime = this.nextStep - this.stepSeconds;
    const time = tapTime(seen, lastStepTime, this.stepSeconds, this.tapSnap);
    const slot = this.stepIndex - 1 + Math.floor((time - lastStepTime) / this.stepSeconds + 1e-6);
    const music = this.music;
    music.phase = frame.blend > 0.5 ? frame.next : frame.phase;
    music.root = root;
    music.unity = frame.crowd.unity;
    music.energy = frame.crowd.energy;
    music.beatSeconds = beatSeconds;
    const chord = unityChordSize(music.unity);
    const n = Math.min(gestures.length, MAX_GESTURES_PER_FRAME);
    for (let i = 0; i < n; i++) {
      const g = gestures[i];
      if (!gestureNote(g, music, this.note)) continue;
      if (!this.gate.admit(this.note.role, slot, this.note.midi, g.k === 'pulse' ? chord : g.k === 'shine' ? 1 : 2)) continue;
      this.play(this.note.role, this.note.midi, this.note.velocity, this.note.duration, time, frame.flags.safe);
    }
  }

  private play(instrument: number, midi: number, velocity: number, duration: number, time: number, safe: boolean): void {
    const o = this.orchestra;
    if (instrument <= INSTRUMENT.pad) {
      const v = this.alloc.allocate(instrument, time, time + duration + RELEASE[instrument]);
      if (v === NO_VOICE) return;
      o.pools[instrument][v - this.alloc.poolStart(instrument)].triggerAttackRelease(midiToHz(midi), duration, time, velocity);
      this.notesPlayed++;
      return;
    }
    switch (instrument) {
      case INSTRUMENT.heart:
        if (!this.monoFree(0, time)) return;
        o.heart.triggerAttackRelease(midiToHz(midi), duration, time, velocity);
        break;
      case INSTRUMENT.chirp: {
        if (!this.monoFree(1, time)) return;
        o.chirp.triggerAttackRelease(midiToHz(midi), duration, time, velocity);
        break;
      }
      case INSTRUMENT.whisper:
        if (!this.monoFree(2, time)) return;
        o.whisper.triggerAttackRelease(duration, time, velocity);
        break;
      case INSTRUMENT.tapestop:
        if (safe) return;
        for (const pool of o.pools) for (const v of pool) v.tapeStop(time, duration);
        break;
      default:
        return;
    }
    this.notesPlayed++;
  }

  /** Mono instruments cannot restart at or before their last start. */
  private monoFree(slot: number, time: number): boolean {
    if (time <= this.lastMono[slot] + 0.005) return false;
    this.lastMono[slot] = time;
    return true;
  }

  private follow(slot: number, param: Automatable, target: number, time: number, tau: number): void {
    if (!Number.isFinite(target)) return;
    const last = this.controls[slot];
    if (Number.isFinite(last) && Math.abs(target - last) <= Math.abs(last) * 0.002 + 1e-5) return;
    this.controls[slot] = target;
    restartAutomation(param, time, target);
    param.setTargetAtTime(target, time, tau);
  }

  private meterPeak(): void {
    const meter = this.orchestra.meter;
    if (!meter) return;
    const data = meter.getValue();
    if (!(data instanceof Float32Array)) return;
    let peak = 0;
    for (let i = 0; i < data.length; i++) {
      const a = Math.abs(data[i]);
      if (a > peak) peak = a;
    }
    this.lastPeak = peak > 0 ? 20 * Math.log10(peak) : -Infinity;
  }

  /** Silences and frees every node. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    // Reverse order: sources before the chain they feed.
    const nodes = this.orchestra.nodes;
    for (let i = nodes.length - 1; i >= 0; i--) if (!nodes[i].disposed) nodes[i].dispose();
  }
}
