/**
 * The typed wire protocol between the hub and its three pages. Server and pages import these maps:
 * the hub types its namespaces as `Namespace<…ClientToServer, …ServerToClient>` and pages swap the
 * generics. Types are not validation: every inbound message is parsed by the schemas below before
 * the hub acts on it.
 */
import { z } from 'zod';
import { PHASES, type PhaseName, type ControlMode } from './arc/phases.ts';
import { PARAMS, type ParamName } from './params.ts';
import { ROLES, type Role, type RoleIndex } from './dreamers.ts';
import type { Preset } from './preset.ts';
import { packGestures, unpackGestures } from './gesturePack.ts';
import { DREAMER_ID, MAX_WEAVE_POINTS, QR_MODES, type GestureKind, type QrMode, type RefusalCode } from './protocolConstants.ts';
import { LOGIN_ANSWER, type LOGIN_NONCE_BYTES, type LOGIN_ANSWER_SECONDS } from './operatorLogin.ts';

export * from './protocolConstants.ts';


/** The data attached to a refused handshake (`err.data` on the client's `connect_error`). */
export interface Refusal {
  code: RefusalCode;
  /** A sentence a person can act on. */
  message: string;
  /** The hub's protocol version, for version mismatches. */
  serverVersion?: number;
}

// ─── Handshake (socket.handshake.auth) ───────────────────────────────────────────────────────────


/** Handshake of a phone on `/audience`. */
export const audienceAuthSchema = z.strictObject({
  v: z.number().int(),
  dreamer: z.string().regex(DREAMER_ID).optional(),
});
/**
 * Handshake of a wall on `/display`. `view` is `i/n` for one of n projectors side by side; `wall`
 * is the venue's wall token (`/?wall=…`), required when the hub was started with `--wall-token`.
 */
export const displayAuthSchema = z.strictObject({
  v: z.number().int(),
  view: z.string().regex(/^[1-9]\/[1-9]$/).optional(),
  wall: z.string().min(1).max(256).optional(),
});
/**
 * Handshake of the VJ console on `/operator`: the version only. The token never crosses the wire;
 * the console proves it knows it by answering the hub's `challenge` (see `core/operatorLogin.ts`).
 */
export const operatorAuthSchema = z.strictObject({
  v: z.number().int(),
});
/** The console's answer to its connection's challenge: HMAC-SHA256(token, nonce) in hex. */
export const operatorLoginSchema = z.strictObject({
  answer: z.string().regex(LOGIN_ANSWER),
});
/** The hub's challenge to a new console connection. */
export interface LoginChallenge {
  /** {@link LOGIN_NONCE_BYTES} random bytes in hex, new for every connection. */
  nonce: string;
}
/** The hub's answer to a login: in, or refused (the hub then closes the connection). */
export type LoginResult = { ok: true } | { ok: false; code: RefusalCode; message: string };
export type AudienceAuth = z.infer<typeof audienceAuthSchema>;
export type DisplayAuth = z.infer<typeof displayAuthSchema>;
export type OperatorAuth = z.infer<typeof operatorAuthSchema>;

// ─── Audience (phones) ───────────────────────────────────────────────────────────────────────────

const unit = z.number().min(0).max(1);
const signedUnit = z.number().min(-1).max(1);


/**
 * One gesture from a phone (coordinates are 0..1 of the phone's canvas, x right, y down).
 * - weave: part of a drawn thread; `points` is flat `[x0, y0, x1, y1, …]`; `stroke` groups parts.
 * - tap: a lantern or spark at a point.
 * - shine: light held at a point (nightmare); `on: false` when the finger lifts.
 * - pulse: a tap on the heartbeat, stamped `at` in hub time (ms, the hub's `Date.now()` scale).
 * - release: the dreamer sends their echo to the sky (dawn).
 * - tilt: device orientation, -1..1 on each axis.
 */
export const audienceGestureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('weave'),
    stroke: z.number().int().min(0).max(2 ** 31 - 1),
    points: z.array(unit).min(2).max(MAX_WEAVE_POINTS * 2).refine((p) => p.length % 2 === 0, 'points come in x,y pairs'),
    end: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('tap'), x: unit, y: unit }),
  z.strictObject({ kind: z.literal('shine'), x: unit, y: unit, on: z.boolean() }),
  z.strictObject({ kind: z.literal('pulse'), at: z.number().finite().min(0) }),
  z.strictObject({ kind: z.literal('release'), x: unit, y: unit }),
  z.strictObject({ kind: z.literal('tilt'), x: signedUnit, y: signedUnit }),
]);
export type AudienceGesture = z.infer<typeof audienceGestureSchema>;

/** Clock sample request: the phone's send time in its own ms. */
export const clockRequestSchema = z.number().finite();

/** The heartbeat every phone and wall keeps in step with: beats fall at `origin + k·60000/bpm`. */
export interface Beat {
  /** Beats per minute. */
  bpm: number;
  /** Hub time (ms) of one beat. */
  origin: number;
}

/** What the hub tells a phone about the story right now. */
export interface PhaseInfo {
  phase: PhaseName;
  /** The control the phone shows. */
  control: ControlMode;
  /** One-line prompt from the preset (English). */
  prompt: string;
  /** The phase's story line from the preset (English): what is happening, what the visitor can do. */
  story: string;
  /** The preset's words for this phase in other languages, by language code (usually empty). */
  lines: Record<string, { prompt?: string; story?: string }>;
  /** Heartbeat, for the confrontation's pulse. */
  beat: Beat;
  /** Hub time (ms) when this was sent. */
  hubTime: number;
}

/** Sent once to a phone after a successful handshake. */
export interface Welcome extends PhaseInfo {
  /** The dreamer id to keep (same as presented, or a new one). */
  dreamer: string;
  /** Small integer the frames use for this dreamer. */
  handle: number;
  role: Role;
  /** `#rrggbb` colour of this dreamer. */
  colour: string;
  /** Character name and trait for "You dream with …". */
  name: string;
  trait: string;
  /** Phones this phone should coalesce to, messages per second (≤ 30). */
  maxRate: number;
}

/** The hub's ask to every phone when it is busier or calmer: coalesce to this many messages a second. */
export interface Pace {
  /** Messages per second at most, 1..30. */
  maxRate: number;
}

/**
 * A one-off note to a client. For consoles, `osc` reports what OSC gear did (information) and
 * `osc-refused` what the hub refused from it.
 */
export interface Notice {
  code: RefusalCode | 'waiting' | 'joined' | 'preset-error' | 'resync' | 'osc' | 'osc-refused';
  message: string;
}

/** Events a phone sends. */
export interface AudienceClientToServer {
  gesture: (gesture: AudienceGesture) => void;
  clock: (clientTime: number, reply: (hubTime: number) => void) => void;
}
/** Events the hub sends a phone. */
export interface AudienceServerToClient {
  welcome: (welcome: Welcome) => void;
  phase: (info: PhaseInfo) => void;
  notice: (notice: Notice) => void;
  /** The hub asks for fewer (or again more) messages a second. */
  pace: (pace: Pace) => void;
  /** Over capacity: the phone waits; `position` is 1-based. */
  waiting: (info: { position: number; capacity: number }) => void;
}

// ─── Display (the wall) ──────────────────────────────────────────────────────────────────────────

/** A gesture as the wall receives it, batched in a frame. */
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

/** One dreamer's trace kept for dawn: the constellation. */
export interface EchoMark {
  d: number;
  r: RoleIndex;
  /** Centre of their gestures, 0..1. */
  x: number;
  y: number;
  /** How much they did tonight, 0..1. */
  w: number;
}

/** What the crowd is doing, all 0..1 except counts. */
export interface CrowdSignals {
  /** Phones connected. */
  dreamers: number;
  /** Phones that acted within the preset's active window. */
  active: number;
  /** active / dreamers (0 with nobody). */
  participation: number;
  /** Gesture rate, normalised. */
  energy: number;
  /** Share of phones shining light (nightmare). */
  light: number;
  /** How closely pulse taps land on the heartbeat. */
  unity: number;
  /** Confrontation progress: 1 beats the creature. */
  resolve: number;
  /** How much the ghost dreamers are carrying the show (1 with nobody taking part). */
  ghosts: number;
}

/** Show-level switches that are not parameters. */
export interface FrameFlags {
  blackout: boolean;
  hold: boolean;
  caption: boolean;
  qr: QrMode;
  mute: boolean;
  safe: boolean;
}


/** One tick of the show, broadcast to every wall at the hub's fixed rate. */
export interface ShowFrame {
  /** Tick counter since the hub started (resets on restart; `time` does not). */
  seq: number;
  /** Hub time (ms) when the frame was made. */
  at: number;
  /** Show seconds since the first night began (survives restarts). */
  time: number;
  /**
   * Where the score is at `at`: sixteenth-note steps since the show began, fractional (the tempo
   * integrated over the show's clock; wraps at 2^30). Walls put their music's steps on this grid.
   */
  score: number;
  /** Night counter (each loop of the arc is one night). */
  loop: number;
  phase: PhaseName;
  next: PhaseName;
  /** Seconds into the phase. */
  phaseTime: number;
  /** Planned length of the phase, seconds. */
  phaseLength: number;
  /** Crossfade into `next`, 0..1 (eased). */
  blend: number;
  /** Sampled parameters in {@link PARAMS} order. */
  params: number[];
  crowd: CrowdSignals;
  beat: Beat;
  /** Shining phones, flat x,y pairs in 0..1 (≤ 64 pairs). */
  lights: number[];
  /** Gestures since the last frame. */
  gestures: FrameGesture[];
  /** Echoes added or grown since the last frame. */
  echoes: EchoMark[];
  flags: FrameFlags;
}

/**
 * Gestures sent half a tick after a frame, between two frames, so a tap reaches the walls within
 * about 17 ms of the hub receiving it instead of waiting up to a whole 33 ms tick. A gesture goes
 * out once: in a batch or in the next frame, never both. The show state stays in the frames.
 */
export interface GestureBatch {
  /** `seq` of the frame this batch follows. */
  seq: number;
  /** Hub time (ms) when the batch was sent. */
  at: number;
  /** Gestures since the last frame or batch. */
  gestures: FrameGesture[];
}

/** Everything a wall needs to start drawing: sent on connect and on request. */
export interface DisplaySnapshot {
  preset: Preset;
  seed: number;
  /** All of tonight's echoes so far. */
  echoes: EchoMark[];
  join: { url: string; short: string };
  frame: ShowFrame;
  protocol: number;
}

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

/** A wall's own report of how it is drawing. */
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
export type DisplayReport = z.infer<typeof displayReportSchema>;

// Walls never trust the wire either: frames and snapshots are parsed before they are drawn.

const roleIndexSchema = z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]);

/** Packed gestures ({@link packGestures}) as they arrive, read into {@link FrameGesture}s. */
const packedGesturesSchema = z.unknown().transform((data, ctx): FrameGesture[] => {
  const read = unpackGestures(data);
  if (read.ok) return read.gestures;
  ctx.addIssue({ code: 'custom', message: read.error });
  return z.NEVER;
});

const echoMarkSchema = z.object({ d: z.number().int().min(0), r: roleIndexSchema, x: unit, y: unit, w: unit });

/** Schema of one {@link WireFrame}: parses into the {@link ShowFrame} it carries. */
export const showFrameSchema = z.object({
  seq: z.number().int().min(0),
  at: z.number().finite(),
  time: z.number().finite().min(0),
  score: z.number().finite().min(0),
  loop: z.number().int().min(0),
  phase: z.enum(PHASES),
  next: z.enum(PHASES),
  phaseTime: z.number().finite().min(0),
  phaseLength: z.number().finite().positive(),
  blend: unit,
  params: z.array(z.number().finite()).length(PARAMS.length),
  crowd: z.object({
    dreamers: z.number().int().min(0),
    active: z.number().int().min(0),
    participation: unit,
    energy: unit,
    light: unit,
    unity: unit,
    resolve: unit,
    ghosts: unit,
  }),
  beat: z.object({ bpm: z.number().min(1).max(600), origin: z.number().finite() }),
  lights: z.array(unit).max(256),
  gestures: packedGesturesSchema,
  echoes: z.array(echoMarkSchema).max(10_000),
  flags: z.object({
    blackout: z.boolean(),
    hold: z.boolean(),
    caption: z.boolean(),
    qr: z.enum(QR_MODES),
    mute: z.boolean(),
    safe: z.boolean(),
  }),
});

/** Schema of a {@link WireGestureBatch}: parses into the {@link GestureBatch} it carries. */
export const gestureBatchSchema = z.object({
  seq: z.number().int().min(0),
  at: z.number().finite(),
  gestures: packedGesturesSchema,
});

/** Schema of a {@link WireSnapshot}: parses into the {@link DisplaySnapshot} it carries. */
export const displaySnapshotSchema = z.object({
  preset: z.unknown(),
  seed: z.number().int(),
  echoes: z.array(echoMarkSchema).max(100_000),
  join: z.object({ url: z.string().max(2048), short: z.string().max(256) }),
  frame: showFrameSchema,
  protocol: z.number().int(),
});

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

// ─── Operator (the VJ console) ───────────────────────────────────────────────────────────────────

// The operator's commands are declared once, with their effects, in the command table.
export { operatorCommandSchema, type OperatorCommand } from './arc/commands.ts';
import type { OperatorCommand } from './arc/commands.ts';
export type OperatorCommandType = OperatorCommand['type'];

/**
 * Answer to a command. A refused save says why in `code`: `exists` (the console asks, then sends
 * the save again with `overwrite: true`), `shipped` (a preset that ships is never overwritten).
 */
export type CommandResult = { ok: true } | { ok: false; error: string; code?: 'exists' | 'shipped' };

/** A preset as the console lists it. */
export interface PresetListing {
  name: string;
  title: string;
  description: string;
  /** Set when the file on disk is broken (the show keeps the last good version). */
  error?: { path: string; message: string }[];
}

/** What the console shows about the hub. */
export interface OperatorStatus {
  phones: number;
  /**
   * Connected walls and what each last reported. `trusted`: it presented the venue's wall token;
   * an untrusted wall's figures are its own claim (anyone can open the display page).
   */
  displays: { id: string; view: string; fps: number; frameMs: number; quality: number; particles: number; trusted: boolean }[];
  crowd: CrowdSignals;
  phase: PhaseName;
  phaseTime: number;
  phaseLength: number;
  loop: number;
  preset: string;
  hold: boolean;
  speed: number;
  flags: FrameFlags;
  /** Live parameter values, {@link PARAMS} order. */
  params: number[];
  /** Operator overrides in force. */
  overrides: Partial<Record<ParamName, number>>;
  /**
   * The hub process: uptime s, RSS bytes, event-loop delay p99 ms, messages/s phones are paced to,
   * and whether the show reaches the state file (`failing`: a full or read-only disk; the show is
   * kept in memory meanwhile).
   */
  health: { uptime: number; rss: number; eventLoopP99: number; version: string; phoneRate: number; persist: 'ok' | 'failing' | 'off' };
}

/** Events the console sends. */
export interface OperatorClientToServer {
  /** The answer to the hub's `challenge`; until it is accepted, nothing else is heard. */
  login: (login: z.infer<typeof operatorLoginSchema>, reply: (result: LoginResult) => void) => void;
  command: (command: OperatorCommand, reply?: (result: CommandResult) => void) => void;
  /** The hub's detailed health (what `/healthz` shows only on the hub's own machine); logged-in consoles only. */
  health: (request: Record<string, never>, reply: (health: unknown) => void) => void;
}
/** Events the hub sends the console. */
export interface OperatorServerToClient {
  /** Sent once on connecting: answer it with `login` within {@link LOGIN_ANSWER_SECONDS} s. */
  challenge: (challenge: LoginChallenge) => void;
  status: (status: OperatorStatus) => void;
  presets: (list: PresetListing[]) => void;
  notice: (notice: Notice) => void;
}

/** Role names by frame index, re-exported for pages that only import the protocol. */
export { ROLES };
