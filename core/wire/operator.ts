/**
 * The `/operator` contract: every message between the hub and the VJ console, each as one schema,
 * each type inferred from it. The hub validates the console's messages with these schemas; the
 * console parses what the hub sends with them (`controller/operator/hubMessages.ts`).
 */
import { z } from 'zod';
import { PHASES } from '../arc/phases.ts';
import { PARAMS, type ParamName } from '../params.ts';
import { LOGIN_ANSWER, LOGIN_NONCE } from '../operatorLogin.ts';
import { noticeSchema, REFUSAL_CODES, type Notice } from './common.ts';
import { crowdSignalsSchema, frameFlagsSchema } from './wall.ts';

// ─── Console → hub ───────────────────────────────────────────────────────────────────────────────

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
/** The console's login. */
export type OperatorLogin = z.infer<typeof operatorLoginSchema>;

const phaseSchema = z.enum(PHASES);
const paramNameSchema = z.enum(PARAMS.map((p) => p.name) as [ParamName, ...ParamName[]]);

// The operator's commands (console, MIDI via console, or OSC) are declared once, with their
// effects, in the command table.
import { operatorCommandSchema, type OperatorCommand } from '../arc/commands.ts';
export { operatorCommandSchema, type OperatorCommand };

// ─── Hub → console ───────────────────────────────────────────────────────────────────────────────

/** The hub's challenge to a new console connection. */
export const loginChallengeSchema = z.object({
  /** `LOGIN_NONCE_BYTES` random bytes in hex, new for every connection. */
  nonce: z.string().regex(LOGIN_NONCE),
});
/** The hub's challenge. */
export type LoginChallenge = z.infer<typeof loginChallengeSchema>;

/** The hub's answer to a login: in, or refused (the hub then closes the connection). */
export const loginResultSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), code: z.enum(REFUSAL_CODES), message: z.string() }),
]);
/** The hub's answer to a login. */
export type LoginResult = z.infer<typeof loginResultSchema>;

/**
 * Answer to a command. A refused save says why in `code`: `exists` (the console asks, then sends
 * the save again with `overwrite: true`), `shipped` (a preset that ships is never overwritten). A
 * code this console does not know is dropped, not a reason to lose the error.
 */
export const commandResultSchema = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), error: z.string(), code: z.enum(['exists', 'shipped']).optional().catch(undefined) }),
]);
/** Answer to a command. */
export type CommandResult = z.infer<typeof commandResultSchema>;

/** The presets as the console lists them. */
export const presetListSchema = z.array(
  z.object({
    name: z.string(),
    title: z.string(),
    description: z.string(),
    /** Set when the file on disk is broken (the show keeps the last good version). */
    error: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
);
/** A preset as the console lists it. */
export type PresetListing = z.infer<typeof presetListSchema>[number];

const n = z.number();

/** The playlists as the console lists them. */
export const playlistListSchema = z.array(
  z.object({
    name: z.string(),
    title: z.string(),
    /** Entries in the last good version (0 when it never loaded). */
    entries: n,
    /** Set when the file on disk is broken (a playing playlist keeps its last good version). */
    error: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
);
/** A playlist as the console lists it. */
export type PlaylistListing = z.infer<typeof playlistListSchema>[number];

/**
 * The playlist and cue as the console shows them (`playlist` event): sent on login and whenever
 * either changes.
 */
export const playlistViewSchema = z.object({
  playlists: playlistListSchema,
  /** The playlist playing, or null. */
  active: z
    .object({
      name: z.string(),
      title: z.string(),
      /** Entries in playing order (shuffled when `shuffled`); blend s, duration s or null. */
      entries: z.array(z.object({ preset: z.string(), blend: n, duration: n.nullable() })),
      /** Index in `entries` of the one playing. */
      position: z.number().int().min(0),
      advance: z.enum(['loop', 'manual']),
      locked: z.boolean(),
      shuffled: z.boolean(),
      /** When the entry playing started, hub ms. */
      startedAt: n,
    })
    .nullable(),
  /** The armed cue (blend s), or null. */
  cue: z.object({ name: z.string(), blend: n }).nullable(),
});
/** The playlist and cue as the console shows them. */
export type PlaylistView = z.infer<typeof playlistViewSchema>;

/** What the console shows about the hub (about twice a second). */
export const operatorStatusSchema = z.object({
  phones: n,
  /**
   * Connected walls and what each last reported. `trusted`: it presented the venue's wall token;
   * an untrusted wall's figures are its own claim (anyone can open the display page).
   */
  displays: z.array(z.object({ id: z.string(), view: z.string(), fps: n, frameMs: n, quality: n, particles: n, trusted: z.boolean().default(false) })),
  crowd: crowdSignalsSchema,
  phase: phaseSchema,
  phaseTime: n,
  phaseLength: n,
  loop: n,
  preset: z.string(),
  hold: z.boolean(),
  speed: n,
  flags: frameFlagsSchema,
  /** Live parameter values, {@link PARAMS} order. */
  params: z.array(n),
  /** Operator overrides in force. */
  overrides: z.partialRecord(paramNameSchema, n),
  /**
   * Following the music: whether the operator lets line-in and MIDI clock steer, and the beat the
   * score is locked to now (bpm, energy 0..1; null: the preset's tempo). Absent from hubs that cannot follow.
   */
  music: z.object({ follow: z.boolean(), lock: z.object({ source: z.enum(['line', 'midi', 'tap']), bpm: n, energy: n }).nullable() }).optional().catch(undefined),
  /**
   * The hub process: uptime s, RSS bytes, event-loop delay p99 ms, messages/s phones are paced to,
   * and whether the show reaches the state file (`failing`: a full or read-only disk; the show is
   * kept in memory meanwhile; a hub that says nothing about it reads as `off`).
   */
  health: z.object({ uptime: n, rss: n, eventLoopP99: n, version: z.string(), phoneRate: n, persist: z.enum(['ok', 'failing', 'off']).catch('off') }),
  /** Devices the hub sends the show's state to over OSC (`host:port`, as they were added); a hub without OSC out says none. */
  oscTargets: z.array(z.string().max(300)).max(16).catch([]),
});
/** What the console shows about the hub. */
export type OperatorStatus = z.output<typeof operatorStatusSchema>;

/** Every event on `/operator`: its schema, by direction (one place to add a message). */
export const OPERATOR = {
  /** What a console sends (the hub parses these; `health` carries nothing). */
  toHub: { login: operatorLoginSchema, command: operatorCommandSchema },
  /** What the hub sends a console (the console parses these). */
  toConsole: { challenge: loginChallengeSchema, status: operatorStatusSchema, presets: presetListSchema, playlist: playlistViewSchema, notice: noticeSchema },
} as const;

/** Events the console sends. */
export interface OperatorClientToServer {
  /** The answer to the hub's `challenge`; until it is accepted, nothing else is heard. */
  login: (login: OperatorLogin, reply: (result: LoginResult) => void) => void;
  command: (command: OperatorCommand, reply?: (result: CommandResult) => void) => void;
  /** The hub's detailed health (what `/healthz` shows only on the hub's own machine); logged-in consoles only. */
  health: (request: Record<string, never>, reply: (health: unknown) => void) => void;
}
/** Events the hub sends the console. */
export interface OperatorServerToClient {
  /** Sent once on connecting: answer it with `login` within `LOGIN_ANSWER_SECONDS` s. */
  challenge: (challenge: LoginChallenge) => void;
  status: (status: OperatorStatus) => void;
  presets: (list: PresetListing[]) => void;
  /** The playlists, the one playing and the armed cue. */
  playlist: (view: PlaylistView) => void;
  notice: (notice: Notice) => void;
}
