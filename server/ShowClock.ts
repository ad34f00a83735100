/**
 * The show clock: the one authority on time. It ticks the show at a fixed rate, broadcasts one
 * frame per tick to every wall and, half a tick later, a batch of the gestures that arrived since;
 * it tells phones when the phase changes, has the state file written twice a second
 * (`StateKeeper.ts`) and sends consoles their status. A replayed night's restarts and commands
 * go through the show service.
 */
import type { IntervalHistogram } from 'node:perf_hooks';
import { toWireBatch, toWireFrame, toWireSnapshot, type FrameGesture, type OperatorStatus, type PhaseInfo, type ShowFrame, type WireFrame, type WireGestureBatch } from '../core/protocol.ts';
import type { HubContext } from './HubContext.ts';
import type { HubStateFile } from './stateFile.ts';
import { StateKeeper } from './StateKeeper.ts';
import { NightRecorder, NightPlayer } from './nightRecording.ts';
import { BEHIND_ROOM, WALL_BEHIND_BYTES, WALL_CAUGHT_UP_BYTES, WALL_STALL_MS, checkWalls, findStalledWalls, pendingBytes, type WallProgress } from './WallBacklog.ts';
import { payOwedSnapshots, snapshotSent } from './displays.ts';

/** Options of {@link ShowClock}. */
export interface ShowClockOptions {
  /** Ticks per second (1..120). */
  tickHz: number;
  /** State file cadence, ms. */
  persistEveryMs: number;
  /** Console status cadence, ms. */
  statusEveryMs: number;
  /** Bytes waiting for a wall above which it is set aside (default {@link WALL_BEHIND_BYTES}). */
  wallBehindBytes?: number;
  /** A wall with bytes waiting that takes nothing for this long (ms) is dropped (default {@link WALL_STALL_MS}). */
  wallStallMs?: number;
  /** State file path, or null for none. */
  stateFile: string | null;
  /** Record the night's input to this JSONL file. */
  record?: string;
  /** A recording to play back instead of live input. */
  player?: NightPlayer;
  status(): OperatorStatus;
  loopDelay: IntervalHistogram;
  /**
   * Told the show's state at every persist while the state file cannot be written (null once it can
   * again): the supervisor keeps it for the standby, so a crash during a disk outage loses nothing.
   */
  keep?: (state: HubStateFile | null) => void;
  /** Told each frame as it goes to the walls (the OSC sender reads the show from it). Must not throw. */
  onFrame?: (frame: ShowFrame) => void;
  /** In a cluster (`server/cluster/`): whether this process steps the show, and where its output goes too. */
  drive?: ClockDrive;
}

/**
 * How a hub in a cluster drives the show, or waits. Absent: a single hub, which always drives and
 * whose output goes to its own sockets only.
 */
export interface ClockDrive {
  /** Whether this process steps the show now (false: a standby leader or an edge; the engine waits). */
  mayTick(): boolean;
  /** Each frame and batch this hub's walls were sent, to pass on to the other processes' walls. */
  frame(wire: WireFrame): void;
  batch(wire: WireGestureBatch): void;
  /** Phase news sent to this hub's phones. */
  phase(info: PhaseInfo): void;
  /** The consoles' status, in place of sending it to this hub's consoles (the cluster decides where it goes). */
  status(status: OperatorStatus): void;
}

/** Tick statistics for /healthz. */
export interface TickStats {
  ticks: number;
  /** Slowest tick work in the last status period, ms. */
  maxTickMs: number;
  /** Gestures broadcast since start (in frames and batches). */
  gestures: number;
  /** Gestures dropped because the backlog overflowed (frames carry the rest over). */
  dropped: number;
  /** Walls set aside now for being too far behind, and how many times one was since start. */
  wallsBehind: number;
  wallsSetAside: number;
  /** Walls dropped since start for taking nothing (they stopped reading). */
  wallsStalled: number;
}

/** Drives the show at a fixed rate. */
export class ShowClock {
  private tickTimer: NodeJS.Timeout | undefined;
  /** When the next half-tick step is due (performance.now() ms), and which one it is. */
  private due = 0;
  private halfPeriod = 1000 / 60;
  private half = false;
  /** Half-steps this process waited (an edge, a standby): it still looks after its own walls. */
  private waited = 0;
  private stopped = true;
  private persistTimer: NodeJS.Timeout | undefined;
  private statusTimer: NodeJS.Timeout | undefined;
  private last = 0;
  private ticks = 0;
  private gestures = 0;
  private maxTickMs = 0;
  /** Keeps the show on disk (or with the supervisor while the disk fails). */
  readonly keeper: StateKeeper;
  private recorder: NightRecorder | undefined;
  private player: NightPlayer | undefined;
  /** Walls set aside for being too far behind (socket ids). */
  private readonly behind = new Set<string>();
  private wallsSetAside = 0;
  /** What each wall had taken when last looked at, to tell a wall that stopped reading. */
  private readonly wallProgress = new Map<string, WallProgress>();
  private wallsStalled = 0;
  /** Gestures sent in batches since the last tick (kept only while recording). */
  private batched: FrameGesture[] = [];

  constructor(
    private readonly ctx: HubContext,
    private readonly options: ShowClockOptions,
  ) {
    this.keeper = new StateKeeper(ctx, options);
  }

  /** Starts ticking. */
  async start(): Promise<void> {
    const { ctx, options } = this;
    if (options.record) {
      this.recorder = await NightRecorder.open(options.record, ctx.runtime, ctx.log);
      ctx.runtime.recordCommands();
    }
    this.player = options.player;
    this.last = performance.now();
    // One cadence at twice the tick rate keeps the batches exactly halfway between frames.
    this.halfPeriod = 1000 / Math.min(120, Math.max(1, options.tickHz)) / 2;
    this.due = this.last + this.halfPeriod;
    this.stopped = false;
    this.schedule();
    if (options.stateFile) {
      // Written once at start: a hub on a broken disk says so (health, supervisor) from its first second.
      await this.keeper.persist();
      this.persistTimer = setInterval(() => void this.keeper.persist(), options.persistEveryMs);
    }
    this.statusTimer = setInterval(() => {
      if (options.drive) options.drive.status(options.status());
      else ctx.operator.emit('status', options.status());
      this.maxTickMs = 0;
    }, options.statusEveryMs);
  }

  /**
   * Runs the half-tick step (a frame, or the batch between frames) if it is due. Called by its
   * timer and after every gesture the hub takes in: with a big crowd the event loop can spend tens
   * of milliseconds in one run of socket reads, and timers wait for the whole run, so without this
   * the gestures read early in the run would wait for its end.
   * @param now `performance.now()`, ms (the gesture path reads it once for everything it drives).
   */
  catchUp(now = performance.now()): void {
    // A stopping hub may still be reading gestures: the show has had its last tick.
    if (this.stopped) return;
    // Timers have 1 ms granularity: within half a millisecond counts as due.
    if (now < this.due - 0.5) return;
    this.due += this.halfPeriod;
    // More than a step late (a stall): keep the cadence from now on rather than bursting to catch up.
    if (this.due < now) this.due = now + this.halfPeriod;
    if (this.options.drive && !this.options.drive.mayTick()) {
      // Not this process's turn: when it becomes so, its first step is one step long, not the wait.
      this.last = now;
      // Its walls are still its own (an edge relays the leader's frames to them): one look every 8
      // ticks, as a driving hub takes, sets aside those too far behind and resyncs those caught up.
      if ((++this.waited & 15) === 0) this.lookAfterWalls();
      return;
    }
    this.half = !this.half;
    if (this.half) this.tick();
    else this.sendBatch();
  }

  private schedule(): void {
    if (this.stopped) return;
    // A step run early from the gesture path leaves this timer early: it finds nothing due and re-arms.
    this.tickTimer = setTimeout(() => {
      this.catchUp();
      this.schedule();
    }, Math.max(0, this.due - performance.now()));
  }

  /** One tick: advance, broadcast. Never throws (a failing tick is logged and the show goes on). */
  private tick(): void {
    const started = performance.now();
    const dt = (started - this.last) / 1000;
    this.last = started;
    const { ctx } = this;
    try {
      const replayed = this.player?.next();
      if (replayed?.restart) ctx.show.restartReplay(replayed.restart);
      if (replayed?.commands) ctx.show.replayCommands(replayed.commands);
      const now = Date.now();
      const result = ctx.runtime.tick(replayed?.dt ?? dt, now, ctx.registry.connected, replayed);
      this.ticks++;
      this.gestures += result.frame.gestures.length;
      // A wall falls behind over seconds: a look every 8 ticks (~4 Hz) is plenty, and keeps the tick lean.
      if ((this.ticks & 7) === 0) this.checkWalls(now);
      const wire = toWireFrame(result.frame);
      this.walls().emit('frame', wire);
      this.options.drive?.frame(wire);
      this.options.onFrame?.(result.frame);
      // A playlist moves on at the tick its loop starts (a replay carries its own preset switches).
      if (!this.player) ctx.show.playlists.poll();
      if (result.phaseChanged) {
        const info = ctx.runtime.phaseInfo(now);
        ctx.audience.emit('phase', info);
        this.options.drive?.phase(info);
        ctx.log.info({ phase: result.frame.phase, loop: result.frame.loop }, 'phase');
      }
      if (this.recorder) {
        this.recorder.write(result.input, this.batched.length > 0 ? [...this.batched, ...result.frame.gestures] : result.frame.gestures, ctx.runtime.takeCommands());
        this.batched = [];
      }
    } catch (err) {
      ctx.log.error({ err: (err as Error).stack }, 'tick failed; the show goes on');
    }
    this.maxTickMs = Math.max(this.maxTickMs, performance.now() - started);
  }

  private sendBatch(): void {
    const { ctx } = this;
    try {
      const batch = ctx.runtime.batch(Date.now());
      if (!batch) return;
      this.gestures += batch.gestures.length;
      const wire = toWireBatch(batch);
      this.walls().emit('gestures', wire);
      this.options.drive?.batch(wire);
      // The recording keeps each tick's gestures together, as a replay's frames carry them.
      if (this.recorder) this.batched.push(...batch.gestures);
    } catch (err) {
      ctx.log.error({ err: (err as Error).stack }, 'gesture batch failed; the show goes on');
    }
  }

  /** A waiting process's look at its walls. Never throws (the relay goes on). */
  private lookAfterWalls(): void {
    try {
      this.checkWalls(Date.now());
    } catch (err) {
      this.ctx.log.error({ err: (err as Error).stack }, 'wall check failed; the show goes on');
    }
  }

  /** Whether a wall of this process is set aside now (in `BEHIND_ROOM`): an edge relays the leader's frames to the others only. */
  wallSetAside(): boolean {
    return this.behind.size > 0;
  }

  /** Every wall that is keeping up (all of them, unless one was set aside). */
  private walls() {
    const { display } = this.ctx;
    return this.behind.size > 0 ? display.except(BEHIND_ROOM) : display;
  }

  /** Sets aside walls too far behind to be worth queueing for, and resyncs those that caught up. */
  private checkWalls(now: number): void {
    const { ctx } = this;
    const behindBytes = this.options.wallBehindBytes ?? WALL_BEHIND_BYTES;
    const check = checkWalls(ctx.display.sockets.values(), this.behind, pendingBytes, { behind: behindBytes, caughtUp: Math.min(WALL_CAUGHT_UP_BYTES, behindBytes / 4) });
    for (const id of check.setAside) {
      this.wallsSetAside++;
      ctx.log.warn({ who: 'display', socket: id }, 'wall too far behind: set aside until it catches up (it carries the show itself meanwhile)');
    }
    for (const id of check.caughtUp) {
      ctx.display.sockets.get(id)?.emit('snapshot', toWireSnapshot(ctx.runtime.snapshot(now, ctx.join)));
      snapshotSent(ctx, id, now);
      ctx.log.info({ who: 'display', socket: id }, 'wall caught up: resynced');
    }
    payOwedSnapshots(ctx, now);
    // A wall that takes nothing is dropped, whatever it sends: its queue would only grow.
    for (const id of findStalledWalls(ctx.display.sockets.values(), this.wallProgress, now, this.options.wallStallMs ?? WALL_STALL_MS)) {
      const socket = ctx.display.sockets.get(id);
      if (!socket) continue;
      this.wallsStalled++;
      ctx.log.warn({ who: 'display', socket: id, pending: pendingBytes(socket) }, 'wall dropped: it has taken nothing for a while (it stopped reading)');
      socket.disconnect(true);
      // Its queue is freed now, not after the websocket's closing handshake (which it would not read either).
      const ws: unknown = Reflect.get(Object(Reflect.get(Object(socket.conn), 'transport')), 'socket');
      const terminate: unknown = typeof ws === 'object' && ws !== null ? Reflect.get(ws, 'terminate') : undefined;
      if (typeof terminate === 'function') terminate.call(ws);
    }
  }

  /** Tick statistics. */
  stats(): TickStats {
    return {
      ticks: this.ticks,
      maxTickMs: Math.round(this.maxTickMs * 100) / 100,
      gestures: this.gestures,
      dropped: this.ctx.runtime.droppedGestures,
      wallsBehind: this.behind.size,
      wallsSetAside: this.wallsSetAside,
      wallsStalled: this.wallsStalled,
    };
  }

  /** Stops ticking and writes the state one last time. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.tickTimer);
    clearInterval(this.persistTimer);
    clearInterval(this.statusTimer);
    await this.keeper.final();
    await this.recorder?.close();
  }
}
