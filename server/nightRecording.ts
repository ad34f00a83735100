/**
 * A night on disk: `--record FILE` appends every tick's engine input as one JSON line; `--replay
 * FILE` plays such a file back instead of live phones, so a memorable night can be shown again and
 * an incident reproduced. The first line is a header (seed, preset); bad lines are skipped with a
 * logged warning, never a crash.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { readFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TickInput } from '../core/arc/engine.ts';
import type { FrameGesture, OperatorCommand } from '../core/protocol.ts';
import { encodeHeader, encodeTick, readReplayLog, type ReplayHeader } from '../core/replayLog.ts';
import { toSnapshot } from '../core/arc/snapshot.ts';
import type { ShowRuntime } from './ShowRuntime.ts';
import type { Logger } from './log.ts';
import { ConfigError } from './config.ts';

/** Writes the night's input as JSONL. */
export class NightRecorder {
  private tick = 0;
  private constructor(private readonly out: WriteStream) {}

  /**
   * Opens (appends to) a recording, writing a header line with the show's seed, preset and whole
   * state at this moment (a resumed show begins mid-night: the replay must begin there too).
   */
  static async open(path: string, runtime: ShowRuntime, log: Logger): Promise<NightRecorder> {
    await mkdir(dirname(path), { recursive: true });
    const out = createWriteStream(path, { flags: 'a' });
    out.on('error', (err) => log.error({ file: path, err: err.message }, 'recording failed'));
    out.write(encodeHeader({ seed: runtime.state.seed, preset: runtime.preset.name, startedAt: Date.now(), start: toSnapshot(runtime.state), flags: runtime.flags }) + '\n');
    log.info({ file: path }, 'recording the night');
    return new NightRecorder(out);
  }

  /** Appends one tick, with the operator's commands given before it. */
  write(input: { dt: number; dreamers: number; gestures: TickInput['gestures'] }, frame: FrameGesture[], commands?: readonly OperatorCommand[]): void {
    this.out.write(encodeTick(this.tick++, input.dt, input.dreamers, input.gestures, frame, commands) + '\n');
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((done) => this.out.end(done));
  }
}

/** One replayed tick: the engine's input, its dt, what the walls drew, and where the show restarts. */
export type ReplayedTick = TickInput & {
  dt: number;
  frame?: FrameGesture[];
  /** The operator's commands recorded before this tick, applied before its step. */
  commands?: OperatorCommand[];
  /**
   * The show restarts from this header's first state before this tick: where a restarted hub
   * appended to the recording, and at the top of every loop, so each pass is the night as it was.
   */
  restart?: ReplayHeader;
};

/** Plays a recording back tick by tick; loops when it ends. */
export class NightPlayer {
  private index = 0;
  /** Header to restart from, by tick index (tick 0: the first header, for the second loop on). */
  private readonly restartAt = new Map<number, ReplayHeader>();
  private looped = false;
  private constructor(
    private readonly ticks: { dt: number; input: TickInput; frame?: FrameGesture[]; commands?: OperatorCommand[] }[],
    /** Seed, preset and first state the night was played with, when the recording has a header. */
    readonly header: ReplayHeader | undefined,
    restarts: readonly { at: number; header: ReplayHeader }[],
  ) {
    for (const r of restarts) if (r.header.start && r.at < ticks.length) this.restartAt.set(r.at, r.header);
  }

  /**
   * Reads a whole recording; bad lines are skipped and counted in the log.
   * @throws {ConfigError} when the file is missing, unreadable or a directory (a set-up problem:
   * restarting would not help).
   */
  static async open(path: string, log: Logger): Promise<NightPlayer> {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder, not a recording' : code === 'EACCES' ? 'not allowed to read it' : (code ?? String(err));
      throw new ConfigError(`--replay ${path}: cannot read the recording (${why})`);
    }
    const recording = readReplayLog(text);
    for (const p of recording.problems.slice(0, 5)) log.warn({ file: path, line: p.line, error: p.error }, 'skipping a bad recording line');
    const bad = recording.problems.length;
    const ticks = recording.ticks.map(({ dt, gestures, dreamers, frame, commands }) => ({ dt, input: { gestures, dreamers }, frame, commands }));
    log.info({ file: path, ticks: ticks.length, bad, restarts: recording.restarts.length }, 'replaying a recorded night');
    return new NightPlayer(ticks, recording.header, recording.restarts);
  }

  /** The next tick (with its dt), or undefined for an empty recording. */
  next(): ReplayedTick | undefined {
    if (this.ticks.length === 0) return undefined;
    const at = this.index;
    const t = this.ticks[at];
    this.index = (at + 1) % this.ticks.length;
    const restart = at === 0 ? (this.looped && this.header?.start ? this.header : undefined) : this.restartAt.get(at);
    if (this.index === 0) this.looped = true;
    return { ...t.input, dt: t.dt, frame: t.frame, commands: t.commands, restart };
  }
}
