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
import { z } from 'zod';
import { GESTURE_KINDS, type FrameGesture } from '../core/protocol.ts';
import type { CrowdGesture } from '../core/crowd.ts';
import type { ShowRuntime } from './ShowRuntime.ts';
import type { Logger } from './log.ts';

const gestureSchema = z.strictObject({
  d: z.number().int().min(0),
  r: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  k: z.enum(GESTURE_KINDS),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  on: z.boolean().optional(),
  o: z.number().finite().optional(),
});
const frameGestureSchema = z.strictObject({
  d: z.number().int().min(0),
  r: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  k: z.enum(GESTURE_KINDS),
  p: z.array(z.number().min(0).max(1)).max(128),
  s: z.number().int().optional(),
  o: z.number().finite().optional(),
});
const lineSchema = z.union([
  z.strictObject({ header: z.literal(1), seed: z.number().int(), preset: z.string(), startedAt: z.number() }),
  z.strictObject({
    t: z.number().int().min(0),
    dt: z.number().min(0).max(1),
    dreamers: z.number().int().min(0),
    gestures: z.array(gestureSchema),
    // What the walls drew (whole weave point lists), so a replay looks like the night did.
    frame: z.array(frameGestureSchema).optional(),
  }),
]);

function encodeHeader(h: { seed: number; preset: string; startedAt: number }): string {
  return JSON.stringify({ header: 1, ...h });
}
function encodeTick(t: { t: number; dt: number; dreamers: number; gestures: CrowdGesture[]; frame: FrameGesture[] }): string {
  return JSON.stringify(t);
}
type Decoded =
  | { ok: true; kind: 'header' }
  | { ok: true; kind: 'tick'; tick: { dt: number; dreamers: number; gestures: CrowdGesture[]; frame?: FrameGesture[] } }
  | { ok: false; error: string };
function decodeLine(line: string): Decoded {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    return { ok: false, error: 'not JSON' };
  }
  const parsed = lineSchema.safeParse(json);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid line' };
  return 'header' in parsed.data ? { ok: true, kind: 'header' } : { ok: true, kind: 'tick', tick: parsed.data };
}

/** Writes the night's input as JSONL. */
export class NightRecorder {
  private tick = 0;
  private constructor(private readonly out: WriteStream) {}

  /** Opens (appends to) a recording, writing a header line with the show's seed and preset. */
  static async open(path: string, runtime: ShowRuntime, log: Logger): Promise<NightRecorder> {
    await mkdir(dirname(path), { recursive: true });
    const out = createWriteStream(path, { flags: 'a' });
    out.on('error', (err) => log.error({ file: path, err: err.message }, 'recording failed'));
    out.write(encodeHeader({ seed: runtime.state.seed, preset: runtime.preset.name, startedAt: Date.now() }) + '\n');
    log.info({ file: path }, 'recording the night');
    return new NightRecorder(out);
  }

  /** Appends one tick. */
  write(input: { dt: number; dreamers: number; gestures: TickInput['gestures'] }, frame: FrameGesture[]): void {
    this.out.write(encodeTick({ t: this.tick++, dt: input.dt, dreamers: input.dreamers, gestures: [...input.gestures], frame }) + '\n');
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((done) => this.out.end(done));
  }
}

/** Plays a recording back tick by tick; loops when it ends. */
export class NightPlayer {
  private index = 0;
  private constructor(private readonly ticks: { dt: number; input: TickInput; frame?: FrameGesture[] }[]) {}

  /** Reads a whole recording; bad lines are skipped and counted in the log. */
  static async open(path: string, log: Logger): Promise<NightPlayer> {
    const text = await readFile(path, 'utf8');
    const ticks: { dt: number; input: TickInput; frame?: FrameGesture[] }[] = [];
    let bad = 0;
    for (const [i, line] of text.split('\n').entries()) {
      if (line.trim() === '') continue;
      const decoded = decodeLine(line);
      if (!decoded.ok) {
        bad++;
        if (bad <= 5) log.warn({ file: path, line: i + 1, error: decoded.error }, 'skipping a bad recording line');
        continue;
      }
      if (decoded.kind === 'tick') {
        const { dt, gestures, dreamers, frame } = decoded.tick;
        ticks.push({ dt, input: { gestures, dreamers }, frame });
      }
    }
    log.info({ file: path, ticks: ticks.length, bad }, 'replaying a recorded night');
    return new NightPlayer(ticks);
  }

  /** The next tick's input (with its dt), or undefined for an empty recording. */
  next(): (TickInput & { dt: number; frame?: FrameGesture[] }) | undefined {
    if (this.ticks.length === 0) return undefined;
    const t = this.ticks[this.index];
    this.index = (this.index + 1) % this.ticks.length;
    return { ...t.input, dt: t.dt, frame: t.frame };
  }
}
