/**
 * The `/display` contract: every message between the hub and a wall, each as one schema, each type
 * inferred from it. The hub validates a wall's messages with these schemas; the wall parses every
 * frame, batch and snapshot with them before drawing (a message that does not parse is dropped and
 * counted, and the wall keeps drawing what it had). Frames and batches carry their gestures packed
 * into bytes (`core/gesturePack.ts`), read here with bounds.
 */
import { z } from 'zod';
import { PHASES } from '../arc/phases.ts';
import { PARAMS, type ParamName } from '../params.ts';
import type { RoleIndex } from '../dreamers.ts';
import { readPreset } from '../preset.ts';
import { packGestures, unpackGestures } from '../gesturePack.ts';
import { QR_MODES, type GestureKind } from '../protocolConstants.ts';
import { beatSchema, clockRequestSchema, noticeSchema, type Notice } from './common.ts';

// ─── Wall → hub ──────────────────────────────────────────────────────────────────────────────────

/**
 * Handshake of a wall on `/display`. `view` is `i/n` for one of n projectors side by side; `wall`
 * is the venue's wall token (`/?wall=…`), required when the hub was started with `--wall-token`.
 */
export const displayAuthSchema = z.strictObject({
  v: z.number().int(),
  view: z.string().regex(/^[1-9]\/[1-9]$/).optional(),
  wall: z.string().min(1).max(256).optional(),
});

const unit = z.number().min(0).max(1);

/** A wall's own report of how it is drawing (every 2 s). */
export const displayReportSchema = z.strictObject({
  fps: z.number().min(0).max(1000),
  /** p99 frame time over the last report period, ms. */
  frameMs: z.number().min(0).max(60_000),
  /** Adaptive quality, 0..1. */
  quality: unit,
  particles: z.number().int().min(0).max(1_000_000),
  /** Flashes the guard limited since the last report. */
  flashGuarded: z.number().int().min(0).max(1_000_000).optional(),
});
/** A wall's report. */
export type DisplayReport = z.infer<typeof displayReportSchema>;

// ─── Hub → wall ──────────────────────────────────────────────────────────────────────────────────

/** A gesture as the wall receives it, batched in a frame (packed into bytes on the wire). */
export interface FrameGesture {
  /** Dreamer handle. */
  d: number;
  /** Role index 0..3 (Lyra, Remy, Tara, Brian). */
  r: RoleIndex;
  k: GestureKind;
  /** Flat x,y pairs in 0..1 (one pair for point gestures; empty for pulse). */
  p: number[];
  /** Stroke id for weaves; 1 for shine on, 0 for shine off. */
  s?: number;
  /** Pulse: offset from the nearest beat in ms (negative: early). */
  o?: number;
}

const roleIndexSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);

/** Packed gestures ({@link packGestures}) as they arrive, read into {@link FrameGesture}s. */
const packedGesturesSchema = z.unknown().transform((data, ctx): FrameGesture[] => {
  const read = unpackGestures(data);
  if (read.ok) return read.gestures;
  ctx.addIssue({ code: 'custom', message: read.error });
  return z.NEVER;
});

/** One dreamer's trace kept for dawn: the constellation. */
export const echoMarkSchema = z.object({
  /** Dreamer handle. */
  d: z.number().int().min(0),
  r: roleIndexSchema,
  /** Centre of their gestures, 0..1. */
  x: unit,
  y: unit,
  /** How much they did tonight, 0..1. */
  w: unit,
});
/** One dreamer's trace. */
export type EchoMark = z.infer<typeof echoMarkSchema>;

/** What the crowd is doing, all 0..1 except counts. */
export const crowdSignalsSchema = z.object({
  /** Phones connected. */
  dreamers: z.number().int().min(0),
  /** Phones that acted within the preset's active window. */
  active: z.number().int().min(0),
  /** active / dreamers (0 with nobody). */
  participation: unit,
  /** Gesture rate, normalised. */
  energy: unit,
  /** Share of phones shining light (nightmare). */
  light: unit,
  /** How closely pulse taps land on the heartbeat. */
  unity: unit,
  /** Confrontation progress: 1 beats the creature. */
  resolve: unit,
  /** How much the ghost dreamers are carrying the show (1 with nobody taking part). */
  ghosts: unit,
});
/** What the crowd is doing. */
export type CrowdSignals = z.infer<typeof crowdSignalsSchema>;

/** Show-level switches that are not parameters. */
export const frameFlagsSchema = z.object({
  blackout: z.boolean(),
  hold: z.boolean(),
  caption: z.boolean(),
  qr: z.enum(QR_MODES),
  mute: z.boolean(),
  safe: z.boolean(),
});
/** Show-level switches. */
export type FrameFlags = z.infer<typeof frameFlagsSchema>;

/** The operator's settings a frame carries (see `ShowFrame.operator`). */
export const frameOperatorSchema = z.object({
  /** Arc speed, 0.1..8. */
  speed: z.number().min(0.1).max(8),
  /** Parameters the operator holds, by name (each within its range). */
  overrides: z.partialRecord(z.enum(PARAMS.map((p) => p.name) as [ParamName, ...ParamName[]]), z.number().finite()),
});
/** The operator's hand on the show, as a frame carries it. */
export type FrameOperator = z.infer<typeof frameOperatorSchema>;

/** Schema of one frame as sent (gestures packed): parses into the {@link ShowFrame} it carries. */
export const showFrameSchema = z.object({
  /** Tick counter since the hub started (resets on restart; `time` does not). */
  seq: z.number().int().min(0),
  /** Hub time (ms) when the frame was made. */
  at: z.number().finite(),
  /** Show seconds since the first night began (survives restarts). */
  time: z.number().finite().min(0),
  /**
   * Where the score is at `at`: sixteenth-note steps since the show began, fractional (the tempo
   * integrated over the show's clock; wraps at 2^30). Walls put their music's steps on this grid.
   */
  score: z.number().finite().min(0),
  /** Night counter (each loop of the arc is one night). */
  loop: z.number().int().min(0),
  phase: z.enum(PHASES),
  next: z.enum(PHASES),
  /** Seconds into the phase. */
  phaseTime: z.number().finite().min(0),
  /** Planned length of the phase, seconds. */
  phaseLength: z.number().finite().positive(),
  /** Crossfade into `next`, 0..1 (eased). */
  blend: unit,
  /** Sampled parameters in {@link PARAMS} order. */
  params: z.array(z.number().finite()).length(PARAMS.length),
  crowd: crowdSignalsSchema,
  beat: beatSchema,
  /** Shining phones, flat x,y pairs in 0..1 (≤ 64 pairs on the hub's side; ≤ 128 read). */
  lights: z.array(unit).max(256),
  /** Gestures since the last frame. */
  gestures: packedGesturesSchema,
  /** Echoes added or grown since the last frame. */
  echoes: z.array(echoMarkSchema).max(10_000),
  flags: frameFlagsSchema,
  /**
   * The operator's hand on the show: arc speed and held parameters, so a wall riding out a hub
   * outage plays on the same show. Absent from hubs before it (the wall then plays the plain show).
   */
  operator: frameOperatorSchema.optional(),
});
/** One tick of the show, broadcast to every wall at the hub's fixed rate. */
export type ShowFrame = z.output<typeof showFrameSchema>;

/**
 * Gestures sent half a tick after a frame, between two frames, so a tap reaches the walls within
 * about 17 ms of the hub receiving it instead of waiting up to a whole 33 ms tick. A gesture goes
 * out once: in a batch or in the next frame, never both. The show state stays in the frames.
 */
export const gestureBatchSchema = z.object({
  /** `seq` of the frame this batch follows. */
  seq: z.number().int().min(0),
  /** Hub time (ms) when the batch was sent. */
  at: z.number().finite(),
  /** Gestures since the last frame or batch. */
  gestures: packedGesturesSchema,
});
/** A batch of gestures between frames. */
export type GestureBatch = z.output<typeof gestureBatchSchema>;

/** A preset as a snapshot carries it: read like a preset file (migrated, strictly validated, complete). */
const snapshotPresetSchema = z.unknown().transform((data, ctx) => {
  const read = readPreset(data);
  if (read.ok) return read.preset;
  ctx.addIssue({ code: 'custom', message: `preset: ${read.problems[0]?.message ?? 'does not read'}` });
  return z.NEVER;
});

/** Everything a wall needs to start drawing: sent on connect and on request. */
export const displaySnapshotSchema = z.object({
  preset: snapshotPresetSchema,
  seed: z.number().int(),
  /** All of tonight's echoes so far. */
  echoes: z.array(echoMarkSchema).max(100_000),
  join: z.object({ url: z.string().max(2048), short: z.string().max(256) }),
  frame: showFrameSchema,
  protocol: z.number().int(),
});
/** Everything a wall needs to start drawing. */
export type DisplaySnapshot = z.output<typeof displaySnapshotSchema>;

/** A {@link ShowFrame} as sent: its gestures packed into bytes ({@link packGestures}). */
export type WireFrame = Omit<ShowFrame, 'gestures'> & { gestures: Uint8Array };
/** A {@link GestureBatch} as sent: its gestures packed into bytes. */
export type WireGestureBatch = Omit<GestureBatch, 'gestures'> & { gestures: Uint8Array };
/** A {@link DisplaySnapshot} as sent: its frame in wire form. */
export type WireSnapshot = Omit<DisplaySnapshot, 'frame'> & { frame: WireFrame };

/** The frame as the hub sends it. */
export function toWireFrame(frame: ShowFrame): WireFrame {
  return { ...frame, gestures: packGestures(frame.gestures) };
}
/** The batch as the hub sends it. */
export function toWireBatch(batch: GestureBatch): WireGestureBatch {
  return { ...batch, gestures: packGestures(batch.gestures) };
}
/** The snapshot as the hub sends it. */
export function toWireSnapshot(snapshot: DisplaySnapshot): WireSnapshot {
  return { ...snapshot, frame: toWireFrame(snapshot.frame) };
}

/** Every event on `/display`: its schema, by direction (one place to add a message). */
export const DISPLAY = {
  /** What a wall sends (the hub parses these; `resync` carries nothing). */
  toHub: { report: displayReportSchema, clock: clockRequestSchema },
  /** What the hub sends a wall (the wall parses these). */
  toWall: { snapshot: displaySnapshotSchema, frame: showFrameSchema, gestures: gestureBatchSchema, notice: noticeSchema },
} as const;

/** Events a wall sends. */
export interface DisplayClientToServer {
  report: (report: DisplayReport) => void;
  resync: () => void;
  /**
   * A clock sample: the hub answers with its `Date.now()`, so walls on different machines put the
   * score's steps at the same moment (a hub that predates it ignores the event; the wall then
   * times the score by the frames' arrival, as before).
   */
  clock: (clientTime: number, reply: (hubTime: number) => void) => void;
}
/** Events the hub sends a wall. */
export interface DisplayServerToClient {
  snapshot: (snapshot: WireSnapshot) => void;
  frame: (frame: WireFrame) => void;
  gestures: (batch: WireGestureBatch) => void;
  notice: (notice: Notice) => void;
}
