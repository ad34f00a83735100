/**
 * The one show runner: the pure engine with the preset in play, the wall switches and the tick
 * count, giving frames. The hub runs it (server/ShowRuntime.ts adds the crowd's queues and the
 * night's recording around it); a wall runs it for rehearsal and shots, and to ride out a hub
 * outage, taking over from the last frame with everything the frame says of the show.
 */
import { createShow, step, switchPreset, type ShowState, type TickInput } from './engine.ts';
import { buildFrame, heartbeat } from './frame.ts';
import { SPEED_RANGE, effectOf, type HubCommand, type OperatorCommand, type ShowSwitches } from './commands.ts';
import { PHASE_CONTROLS, phaseAt, phaseIndex, type PhaseName } from './phases.ts';
import { rememberedCrowd } from '../crowd.ts';
import { PARAMS, clampParam, type ParamName } from '../params.ts';
import { phaseLines, type Preset } from '../preset.ts';
import type { Beat, CommandResult, EchoMark, FrameFlags, FrameGesture, PhaseInfo, ShowFrame } from '../protocol.ts';

/** Switches of a show no one has touched. */
export const DEFAULT_SWITCHES: Readonly<ShowSwitches> = { caption: false, qr: 'auto', mute: false };

/** A running show: state, preset and switches, stepped by whoever keeps its time. */
export class ShowRunner {
  /** The engine state (replaced, never mutated, by each step and command). */
  state: ShowState;
  /** The wall switches (caption, QR, mute). */
  switches: ShowSwitches;
  /** Ticks stepped (frames carry it as `seq`). */
  seq = 0;
  private cachedBeat: Beat | undefined;

  /**
   * @param preset the preset in play; @param seed the show's seed (used when no state is given);
   * @param state a state to continue from; @param switches the switches to start with.
   */
  constructor(
    public preset: Preset,
    seed: number,
    state?: ShowState,
    switches?: ShowSwitches,
  ) {
    this.state = state ?? createShow(preset, seed);
    this.switches = switches ?? { ...DEFAULT_SWITCHES };
  }

  /**
   * Continues the show a frame describes: its place in the arc and in the score, its parameters,
   * the operator's speed, holds, blackout and switches, and the crowd's memory (see
   * {@link rememberedCrowd}). A frame from a hub that sends no operator settings plays the plain show.
   * @param seed the show's seed (from the wall's snapshot).
   */
  static fromFrame(frame: ShowFrame, preset: Preset, seed: number): ShowRunner {
    const base = createShow(preset, seed);
    const overrides: Partial<Record<ParamName, number>> = {};
    // Only names the engine knows, each within its range: the frame came over the wire.
    for (const p of PARAMS) {
      const v = frame.operator?.overrides[p.name];
      if (v !== undefined && Number.isFinite(v)) overrides[p.name] = clampParam(p.name, v);
    }
    const state: ShowState = {
      ...base,
      clock: frame.time,
      score: frame.score,
      loop: frame.loop,
      phaseIndex: phaseIndex(frame.phase),
      phaseTime: frame.phaseTime,
      phaseLength: frame.phaseLength,
      params: frame.params.map((v, i) => clampParam(PARAMS[i].name, v)),
      resolve: frame.crowd.resolve,
      hold: frame.flags.hold,
      blackout: frame.flags.blackout,
      speed: frame.operator ? Math.min(SPEED_RANGE.max, Math.max(SPEED_RANGE.min, frame.operator.speed)) : 1,
      overrides,
      crowd: rememberedCrowd(frame.crowd, frame.lights, frame.time, preset.crowd.activeWindow),
    };
    const runner = new ShowRunner(preset, seed, state, { caption: frame.flags.caption, qr: frame.flags.qr, mute: frame.flags.mute });
    runner.seq = frame.seq;
    return runner;
  }

  /** Current phase. */
  get phase(): PhaseName {
    return phaseAt(this.state.phaseIndex);
  }

  /** The heartbeat grid (hub ms), rebuilt only when the preset's tempo changes. Callers only read it. */
  beat(): Beat {
    const bpm = this.preset.crowd.heartbeatBpm;
    if (this.cachedBeat?.bpm !== bpm) this.cachedBeat = heartbeat(this.preset);
    return this.cachedBeat;
  }

  /**
   * Advances the show one tick.
   * @param dt seconds; @param input the tick's gestures and phones.
   * @returns whether the phase changed.
   */
  step(dt: number, input: TickInput): boolean {
    const before = this.state.phaseIndex;
    this.state = step(this.state, this.preset, dt, input);
    this.seq++;
    return this.state.phaseIndex !== before;
  }

  /** The frame of the show now (`seq` is the last tick's). @param now hub time, ms. */
  frame(now: number, gestures: FrameGesture[] = [], echoes: EchoMark[] = []): ShowFrame {
    return buildFrame(this.state, this.preset, { seq: this.seq, at: now, gestures, echoes, flags: this.frameFlags() });
  }

  private frameFlags(): FrameFlags {
    return { ...this.switches, blackout: this.state.blackout, hold: this.state.hold, safe: this.preset.safe };
  }

  /**
   * Applies an operator command that needs no files (preset load/save are the hub's), by its
   * effect in the command table.
   */
  command(cmd: Exclude<OperatorCommand, HubCommand>): CommandResult {
    const effect = effectOf(cmd);
    if (effect.on === 'show') this.state = effect.apply(this.state, this.preset, cmd);
    else if (effect.on === 'switches') this.switches = effect.apply(this.switches, cmd);
    else return { ok: false, error: `${cmd.type} is carried out by the hub` };
    return { ok: true };
  }

  /** Switches to another preset, crossfading its look over `blend` seconds; the arc keeps its place. */
  usePreset(preset: Preset, blend: number): void {
    this.state = switchPreset(this.state, preset, blend);
    this.preset = preset;
  }

  /** What phones are told about the story now. @param now hub time, ms. */
  phaseInfo(now: number): PhaseInfo {
    const phase = this.phase;
    const spec = this.preset.phases[phase];
    return { phase, control: PHASE_CONTROLS[phase], prompt: spec.prompt, story: spec.story, lines: phaseLines(this.preset, phase), beat: this.beat(), hubTime: now };
  }
}
