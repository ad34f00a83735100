/**
 * The show as the hub runs it: the pure engine plus the preset in play, the operator's display
 * switches, and the gestures gathered since the last tick. The hub's clock calls `tick` at a fixed
 * rate; each tick produces one compact frame for every wall, and half a tick later `batch` sends the
 * walls the gestures that arrived meanwhile.
 */
import { createShow, step, switchPreset, beatPeriodMs, type ShowState, type TickInput } from '../core/arc/engine.ts';
import { effectOf, type HubCommand, type ShowSwitches } from '../core/arc/commands.ts';
import { buildFrame, heartbeat } from '../core/arc/frame.ts';
import { PHASE_CONTROLS, phaseAt, type PhaseName } from '../core/arc/phases.ts';
import { attributeInto } from '../core/gestures.ts';
import type { CrowdGesture } from '../core/crowd.ts';
import { roleIndex, type RoleIndex } from '../core/dreamers.ts';
import { PARAMS, paramIndex, type ParamName } from '../core/params.ts';
import { phaseLines, type Preset } from '../core/preset.ts';
import type {
  AudienceGesture,
  Beat,
  CommandResult,
  DisplaySnapshot,
  EchoMark,
  FrameFlags,
  FrameGesture,
  GestureBatch,
  OperatorCommand,
  PhaseInfo,
  ShowFrame,
} from '../core/protocol.ts';
import { PROTOCOL_VERSION } from '../core/protocol.ts';
import { GestureQueue } from './GestureQueue.ts';

/** Switches the hub keeps beside the engine (persisted with the show). */
export type HubFlags = ShowSwitches;

/** What one tick did. */
export interface TickResult {
  frame: ShowFrame;
  /** The phase changed during this tick (phones must be told). */
  phaseChanged: boolean;
  /** The engine input of this tick, for the night's recording. */
  input: { dt: number; dreamers: number; gestures: readonly CrowdGesture[] };
}

/**
 * Most echo updates one frame carries. At a busy festival every active dreamer's echo moves each
 * tick; the rest wait their turn (oldest first), and walls get them all in the next snapshot.
 */
export const MAX_FRAME_ECHOES = 200;

/**
 * Most gestures one frame or batch carries (the walls' schemas accept up to 10,000), and most the
 * engine takes in one tick. Past this, the rest wait for the next frames, oldest first: after a stall the wall catches up over a few ticks
 * instead of losing the burst.
 */
export const MAX_FRAME_GESTURES = 10_000;

/**
 * Most gestures waiting for a frame (about 1.5 s of 2,000 phones at 30 Hz, ~10 MB). Past this the
 * oldest are dropped and counted: a hub that far behind shows the present, not the past.
 */
export const MAX_GESTURE_BACKLOG = 90_000;

/** The running show. */
export class ShowRuntime {
  state: ShowState;
  flags: HubFlags;
  private seq = 0;
  /** Gestures waiting for the walls: the next batch or frame. */
  private readonly toWalls = new GestureQueue<FrameGesture>(MAX_GESTURE_BACKLOG);
  /** The same gestures waiting for the engine's next tick. */
  private readonly toEngine = new GestureQueue<CrowdGesture>(MAX_GESTURE_BACKLOG);
  /** Echo updates waiting to be sent, by dreamer handle (insertion order = waiting longest). */
  private pendingEchoes = new Map<number, EchoMark>();
  private cachedBeat: Beat | undefined;
  /** The operator's commands since the last tick, while the night is recorded (null: not recording). */
  private commandsToRecord: OperatorCommand[] | null = null;

  constructor(
    public preset: Preset,
    seed: number,
    state?: ShowState,
    flags?: HubFlags,
  ) {
    this.state = state ?? createShow(preset, seed);
    this.flags = flags ?? { caption: false, qr: 'auto', mute: false };
  }

  /** Gestures the walls never got because the backlog overflowed (reported in health). */
  get droppedGestures(): number {
    return this.toWalls.dropped;
  }

  /** The heartbeat grid (hub ms). Anchored at the epoch so it survives restarts unchanged. */
  beat(): Beat {
    // Asked once per gesture: rebuilt only when the preset's tempo changes. Callers only read it.
    const bpm = this.preset.crowd.heartbeatBpm;
    if (this.cachedBeat?.bpm !== bpm) this.cachedBeat = heartbeat(this.preset);
    return this.cachedBeat;
  }

  /** Current phase. */
  get phase(): PhaseName {
    return phaseAt(this.state.phaseIndex);
  }

  /**
   * Takes one validated gesture from a dreamer into the walls' next batch or frame and the engine's
   * next tick.
   * @param handle dreamer handle; @param role their role index.
   */
  addGesture(g: AudienceGesture, handle: number, role: RoleIndex): void {
    this.toWalls.makeRoom();
    this.toEngine.makeRoom();
    attributeInto(g, handle, role, this.beat(), this.toWalls.items, this.toEngine.items);
  }

  /** Gestures waiting for the walls. */
  get backlog(): number {
    return this.toWalls.length;
  }

  /**
   * The gestures that arrived since the last frame or batch, for a batch sent between ticks
   * (at most one frame's worth; the rest wait). Null when there are none.
   * @param now hub time, ms.
   */
  batch(now: number): GestureBatch | null {
    if (this.toWalls.length === 0) return null;
    return { seq: this.seq, at: now, gestures: this.toWalls.take(MAX_FRAME_GESTURES) };
  }

  /**
   * Advances the show one tick and builds the frame.
   * @param dt seconds since the last tick; @param now hub time, ms; @param dreamers phones connected.
   * @param replayed engine input from a recording, used instead of the live gestures.
   */
  tick(dt: number, now: number, dreamers: number, replayed?: TickInput & { frame?: FrameGesture[] }): TickResult {
    const before = { phase: this.state.phaseIndex, loop: this.state.loop };
    const frameGestures = this.toWalls.take(MAX_FRAME_GESTURES);
    const input: TickInput = replayed ?? { gestures: this.toEngine.take(MAX_FRAME_GESTURES), dreamers };
    this.state = step(this.state, this.preset, dt, input);
    this.seq++;
    for (const e of this.state.changedEchoes) this.pendingEchoes.set(e.d, e);
    if (this.state.loop !== before.loop) this.pendingEchoes.clear();
    const frame = this.frame(now, replayed ? (replayed.frame ?? replayedFrameGestures(replayed.gestures)) : frameGestures, this.takeEchoes());
    return {
      frame,
      phaseChanged: this.state.phaseIndex !== before.phase,
      input: { dt, dreamers: input.dreamers, gestures: input.gestures },
    };
  }

  /** The current frame (without advancing; `seq` is the last tick's). */
  frame(now: number, gestures: FrameGesture[] = [], echoes: EchoMark[] = []): ShowFrame {
    return buildFrame(this.state, this.preset, { seq: this.seq, at: now, gestures, echoes, flags: this.frameFlags() });
  }

  private takeEchoes(): EchoMark[] {
    const out: EchoMark[] = [];
    for (const [d, e] of this.pendingEchoes) {
      if (out.length >= MAX_FRAME_ECHOES) break;
      out.push(e);
      this.pendingEchoes.delete(d);
    }
    return out;
  }

  private frameFlags(): FrameFlags {
    return {
      blackout: this.state.blackout,
      hold: this.state.hold,
      caption: this.flags.caption,
      qr: this.flags.qr,
      mute: this.flags.mute,
      safe: this.preset.safe,
    };
  }

  /** What phones are told about the story now. */
  phaseInfo(now: number): PhaseInfo {
    const phase = this.phase;
    const spec = this.preset.phases[phase];
    return { phase, control: PHASE_CONTROLS[phase], prompt: spec.prompt, story: spec.story, lines: phaseLines(this.preset, phase), beat: this.beat(), hubTime: now };
  }

  /** Everything a wall needs to start drawing. */
  snapshot(now: number, join: { url: string; short: string }): DisplaySnapshot {
    return {
      preset: this.preset,
      seed: this.state.seed,
      echoes: [...this.state.echoes.values()],
      join,
      frame: this.frame(now),
      protocol: PROTOCOL_VERSION,
    };
  }

  /**
   * Applies an operator command that needs no file access (preset load/save are the hub's), by its
   * effect in the command table (core/arc/commands.ts).
   * @returns the result to send back.
   */
  command(cmd: Exclude<OperatorCommand, HubCommand>): CommandResult {
    this.commandsToRecord?.push(cmd);
    const effect = effectOf(cmd);
    if (effect.on === 'show') this.state = effect.apply(this.state, this.preset, cmd);
    else if (effect.on === 'switches') this.flags = effect.apply(this.flags, cmd);
    else return { ok: false, error: `${cmd.type} is carried out by the hub` };
    return { ok: true };
  }

  /**
   * Puts the show at a saved state at once (a replay reaching the point where the recorded hub
   * restarted): the preset, the state and the switches are replaced; echo updates pending for the
   * walls are dropped (they get a snapshot).
   */
  restartFrom(preset: Preset, state: ShowState, flags?: HubFlags): void {
    this.preset = preset;
    this.state = state;
    if (flags) this.flags = flags;
    this.pendingEchoes.clear();
  }

  /**
   * Keeps the operator's commands (and preset switches) from now on, for the night's recording:
   * a replay applies them at the same tick, so it is the same show.
   */
  recordCommands(): void {
    this.commandsToRecord ??= [];
  }

  /** The commands given since the last call (recording only); undefined when none. */
  takeCommands(): OperatorCommand[] | undefined {
    if (!this.commandsToRecord || this.commandsToRecord.length === 0) return undefined;
    const taken = this.commandsToRecord;
    this.commandsToRecord = [];
    return taken;
  }

  /** Switches to another preset, crossfading over `blend` seconds. */
  usePreset(preset: Preset, blend: number): void {
    this.commandsToRecord?.push({ type: 'loadPreset', name: preset.name, blend });
    this.state = switchPreset(this.state, preset, blend);
    this.preset = preset;
  }

  /**
   * The preset in play with the operator's live overrides baked into every phase: what "save as
   * preset" writes.
   */
  presetWithOverrides(name: string, title?: string): Preset {
    const copy: Preset = structuredClone(this.preset);
    copy.name = name;
    if (title) copy.title = title;
    for (const [param, value] of Object.entries(this.state.overrides) as [ParamName, number][]) {
      if (param === 'volume') {
        copy.sound.volume = value;
        continue;
      }
      if (param === 'intensity') continue;
      for (const spec of Object.values(copy.phases)) {
        spec.targets[param] = value;
        spec.end[param] = value;
      }
    }
    return copy;
  }

  /** Period of the heartbeat, ms. */
  beatPeriod(): number {
    return beatPeriodMs(this.preset);
  }

  /** Live value of a parameter. */
  param(name: ParamName): number {
    return this.state.params[paramIndex(name)];
  }
}

function replayedFrameGestures(gestures: readonly CrowdGesture[]): FrameGesture[] {
  const out: FrameGesture[] = [];
  for (const g of gestures) {
    const base: FrameGesture = { d: g.d, r: g.r, k: g.k, p: g.k === 'pulse' ? [] : [g.x, g.y] };
    if (g.k === 'shine') base.s = g.on === false ? 0 : 1;
    if (g.k === 'pulse' && g.o !== undefined) base.o = g.o;
    out.push(base);
  }
  return out;
}

/** Role index of a role name, re-exported for the hub. */
export { roleIndex, PARAMS };
