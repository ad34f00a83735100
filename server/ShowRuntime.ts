/**
 * The show as the hub runs it: core's show runner (engine, preset in play, the operator's display
 * switches) plus the gestures gathered since the last tick. The hub's clock calls `tick` at a fixed
 * rate; each tick produces one compact frame for every wall, and half a tick later `batch` sends the
 * walls the gestures that arrived meanwhile.
 */
import type { ShowState, TickInput } from '../core/arc/engine.ts';
import { ShowRunner } from '../core/arc/ShowRunner.ts';
import type { HubCommand, ShowSwitches } from '../core/arc/commands.ts';
import { attributeInto } from '../core/gestures.ts';
import type { CrowdGesture } from '../core/crowd.ts';
import type { RoleIndex } from '../core/dreamers.ts';
import { PARAMS } from '../core/params.ts';
import type { Preset } from '../core/preset.ts';
import type { AudienceGesture, CommandResult, DisplaySnapshot, EchoMark, FrameGesture, GestureBatch, OperatorCommand, ShowFrame } from '../core/protocol.ts';
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

/**
 * The running show: the core's {@link ShowRunner} (engine, preset, switches, frames) with what
 * only the hub has — the crowd's gestures queued for the walls and the engine, the echo updates
 * waiting for a frame, and the operator's commands kept for the night's recording.
 */
export class ShowRuntime extends ShowRunner {
  /** Gestures waiting for the walls: the next batch or frame. */
  private readonly toWalls = new GestureQueue<FrameGesture>(MAX_GESTURE_BACKLOG);
  /** The same gestures waiting for the engine's next tick. */
  private readonly toEngine = new GestureQueue<CrowdGesture>(MAX_GESTURE_BACKLOG);
  /** Echo updates waiting to be sent, by dreamer handle (insertion order = waiting longest). */
  private pendingEchoes = new Map<number, EchoMark>();
  /** Hub time of the last tick, ms (a beat heard between ticks is moved back to it). */
  lastTickAt = Number.NaN;
  /** The operator's commands since the last tick, while the night is recorded (null: not recording). */
  private commandsToRecord: OperatorCommand[] | null = null;

  /** The switches, by the name the state file and the recording use. */
  get flags(): HubFlags {
    return this.switches;
  }
  set flags(flags: HubFlags) {
    this.switches = flags;
  }

  /** Gestures the walls never got because the backlog overflowed (reported in health). */
  get droppedGestures(): number {
    return this.toWalls.dropped;
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
    const loop = this.state.loop;
    const frameGestures = this.toWalls.take(MAX_FRAME_GESTURES);
    const input: TickInput = replayed ?? { gestures: this.toEngine.take(MAX_FRAME_GESTURES), dreamers };
    const phaseChanged = this.step(dt, input);
    this.lastTickAt = now;
    for (const e of this.state.changedEchoes) this.pendingEchoes.set(e.d, e);
    if (this.state.loop !== loop) this.pendingEchoes.clear();
    const frame = this.frame(now, replayed ? (replayed.frame ?? replayedFrameGestures(replayed.gestures)) : frameGestures, this.takeEchoes());
    return { frame, phaseChanged, input: { dt, dreamers: input.dreamers, gestures: input.gestures } };
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

  /** Applies (and, while recording, keeps) an operator command that needs no file access. */
  override command(cmd: Exclude<OperatorCommand, HubCommand>): CommandResult {
    this.commandsToRecord?.push(cmd);
    return super.command(cmd);
  }

  /**
   * Puts the show at a saved state at once (a replay reaching the point where the recorded hub
   * restarted): the preset, the state and the switches are replaced; echo updates pending for the
   * walls are dropped (they get a snapshot).
   */
  restartFrom(preset: Preset, state: ShowState, flags?: HubFlags): void {
    this.preset = preset;
    this.state = state;
    if (flags) this.switches = flags;
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

  /**
   * The preset in play with the operator's live overrides baked into every phase: what "save as
   * preset" writes.
   */
  presetWithOverrides(name: string, title?: string): Preset {
    const copy: Preset = structuredClone(this.preset);
    copy.name = name;
    if (title) copy.title = title;
    for (const p of PARAMS) {
      const value = this.state.overrides[p.name];
      if (value === undefined || p.name === 'intensity') continue;
      if (p.name === 'volume') {
        copy.sound.volume = value;
        continue;
      }
      for (const spec of Object.values(copy.phases)) {
        spec.targets[p.name] = value;
        spec.end[p.name] = value;
      }
    }
    return copy;
  }

  /** Switches to another preset, crossfading over `blend` seconds (kept for the recording). */
  override usePreset(preset: Preset, blend: number): void {
    this.commandsToRecord?.push({ type: 'loadPreset', name: preset.name, blend });
    super.usePreset(preset, blend);
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

