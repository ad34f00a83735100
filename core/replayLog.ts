/**
 * A night's input as JSON lines, the pure half of `--record FILE` / `--replay FILE`: one header
 * line (format version, seed, preset) then one line per hub tick with exactly what the engine was
 * given. Replaying the lines through `step` from `createShow(preset, seed)` gives the same show,
 * frame for frame. Decoding never throws: a bad line comes back as an error sentence.
 */
import { z } from 'zod';
import { GESTURE_KINDS, QR_MODES, operatorCommandSchema, type FrameGesture, type OperatorCommand } from './protocol.ts';
import { showSnapshotSchema } from './arc/snapshot.ts';
import type { CrowdGesture } from './crowd.ts';
import { parseJsonSafely } from './safeKeys.ts';

/** Version of the line format, carried by the header line as `header`. */
export const REPLAY_LOG_VERSION = 1;

/** Longest line {@link decodeLine} reads, characters (a tick of 10 000 gestures fits). */
export const MAX_LINE_CHARS = 4_000_000;

const gestureSchema = z.strictObject({
  d: z.number().int().min(0).max(2 ** 31 - 1),
  r: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  k: z.enum(GESTURE_KINDS),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  on: z.boolean().optional(),
  o: z.number().finite().optional(),
});

const frameGestureSchema = z.strictObject({
  d: z.number().int().min(0).max(2 ** 31 - 1),
  r: z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]),
  k: z.enum(GESTURE_KINDS),
  p: z.array(z.number().min(0).max(1)).max(128),
  s: z.number().int().optional(),
  o: z.number().finite().optional(),
});

/** Schema of the header line. */
export const replayHeaderSchema = z.strictObject({
  header: z.literal(REPLAY_LOG_VERSION),
  /** Show seed. */
  seed: z.number().int(),
  /** Preset name the night was played with. */
  preset: z.string().max(64),
  /** Hub time (ms since the epoch) the recording began. */
  startedAt: z.number().finite(),
  /**
   * The show when the recording began (a resumed show starts mid-night): a replay starts here, so
   * it is the same show frame for frame. Absent in older recordings (they replay from the seed).
   */
  start: showSnapshotSchema.optional(),
  /** The hub's display switches when the recording began. */
  flags: z.strictObject({ caption: z.boolean(), qr: z.enum(QR_MODES), mute: z.boolean() }).optional(),
});

/** Schema of one tick line. */
export const replayTickSchema = z.strictObject({
  /** Tick number, 0.. (informative: ticks replay in file order). */
  t: z.number().int().min(0),
  /** Seconds the hub passed to `step` (the engine clamps it; recorded as given, 0..60). */
  dt: z.number().min(0).max(60),
  /** Phones connected, 0..1 000 000. */
  dreamers: z.number().int().min(0).max(1_000_000),
  gestures: z.array(gestureSchema).max(100_000),
  /** What the walls drew that tick (whole weave point lists), so a replay looks like the night did. */
  frame: z.array(frameGestureSchema).max(100_000).optional(),
  /** The operator's commands given since the previous tick, in order (applied before this tick's step). */
  commands: z.array(operatorCommandSchema).max(1000).optional(),
});

/** The header of a recorded night. */
export type ReplayHeader = z.infer<typeof replayHeaderSchema>;
/** One recorded tick: what `step(state, preset, dt, { gestures, dreamers })` was given. */
export interface ReplayTick {
  t: number;
  dt: number;
  dreamers: number;
  gestures: CrowdGesture[];
  /** What the walls drew, when recorded. */
  frame?: FrameGesture[];
  /** Operator commands given since the previous tick, when any. */
  commands?: OperatorCommand[];
}

/** A decoded line. */
export type DecodedLine =
  | { ok: true; kind: 'header'; header: ReplayHeader }
  | { ok: true; kind: 'tick'; tick: ReplayTick }
  | { ok: false; error: string };

/** One header line (no newline). */
export function encodeHeader(header: Omit<ReplayHeader, 'header'>): string {
  return JSON.stringify({ header: REPLAY_LOG_VERSION, seed: header.seed, preset: header.preset, startedAt: header.startedAt, start: header.start, flags: header.flags });
}

/**
 * One tick line (no newline). Only the gesture fields the engine reads are written, in a fixed
 * order, so a recording is byte-identical for the same night.
 * @param tick tick number; @param dt seconds; @param dreamers phones; @param gestures this tick's;
 * @param frame what the walls drew this tick (optional); @param commands the operator's commands
 * since the previous tick (optional, omitted when empty).
 */
export function encodeTick(
  tick: number,
  dt: number,
  dreamers: number,
  gestures: readonly CrowdGesture[],
  frame?: readonly FrameGesture[],
  commands?: readonly OperatorCommand[],
): string {
  const gs = new Array<CrowdGesture>(gestures.length);
  for (let i = 0; i < gestures.length; i++) {
    const g = gestures[i];
    const out: CrowdGesture = { d: g.d, r: g.r, k: g.k, x: g.x, y: g.y };
    if (g.on !== undefined) out.on = g.on;
    if (g.o !== undefined) out.o = g.o;
    gs[i] = out;
  }
  const line: { t: number; dt: number; dreamers: number; gestures: CrowdGesture[]; frame?: readonly FrameGesture[]; commands?: readonly OperatorCommand[] } = { t: tick, dt, dreamers, gestures: gs };
  if (frame) line.frame = frame;
  if (commands && commands.length > 0) line.commands = commands;
  return JSON.stringify(line);
}

/** Reads one line. @returns the header, the tick, or an error sentence (never throws). */
export function decodeLine(line: string): DecodedLine {
  if (line.length > MAX_LINE_CHARS) return { ok: false, error: `line longer than ${MAX_LINE_CHARS} characters` };
  const parsed = parseJsonSafely(line);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const json = parsed.value;
  if (typeof json === 'object' && json !== null && 'header' in json) {
    const header = replayHeaderSchema.safeParse(json);
    return header.success ? { ok: true, kind: 'header', header: header.data } : { ok: false, error: describe(header.error) };
  }
  const tick = replayTickSchema.safeParse(json);
  return tick.success ? { ok: true, kind: 'tick', tick: tick.data } : { ok: false, error: describe(tick.error) };
}

function describe(error: z.ZodError): string {
  const first = error.issues[0];
  return first ? `${first.path.join('.') || '(line)'}: ${first.message}` : 'invalid line';
}

/** A whole recording, read. */
export interface ReplayLog {
  /** The header the first tick follows (undefined when the file has none). */
  header: ReplayHeader | undefined;
  ticks: ReplayTick[];
  /**
   * Headers after the first, with the index of the tick each comes before: a hub restarted after a
   * crash appends to the same recording from the show it resumed, and a replay restarts there too.
   */
  restarts: { at: number; header: ReplayHeader }[];
  /** Lines that could not be read, 1-based, with why. */
  problems: { line: number; error: string }[];
}

/** Reads a whole JSONL recording; blank lines are skipped, bad ones reported. */
export function readReplayLog(text: string): ReplayLog {
  const out: ReplayLog = { header: undefined, ticks: [], restarts: [], problems: [] };
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const decoded = decodeLine(line);
    if (!decoded.ok) out.problems.push({ line: i + 1, error: decoded.error });
    else if (decoded.kind === 'header') {
      // Headers before any tick: the last one is where the night really began.
      if (out.ticks.length === 0) out.header = decoded.header;
      else out.restarts.push({ at: out.ticks.length, header: decoded.header });
    }
    else out.ticks.push(decoded.tick);
  }
  return out;
}
