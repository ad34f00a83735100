/**
 * The `/audience` contract: every message between the hub and a phone, each as one schema, each
 * type inferred from it. Written with `zod/mini` so the phone page parses with these very schemas
 * and stays within its 60 KiB budget (`test/controller/bundleSize.test.ts`); the hub validates the
 * phone's messages with them too. What the hub sends is read leniently where a field is only
 * decoration (a missing prompt reads as empty, a bad colour as the default), strictly where the page
 * could not act without it (phase, beat, dreamer id, role).
 */
import * as z from 'zod/mini';
import { CONTROL_MODES, PHASES, PHASE_CONTROLS, type PhaseName, type ControlMode } from '../arc/phases.ts';
import { ROLES } from '../dreamers.ts';
import { DREAMER_ID, LANGUAGE_CODE, MAX_PRESET_LANGUAGES, MAX_WEAVE_POINTS } from '../protocolConstants.ts';
import { beatSchema, clockRequestSchema, noticeSchema, type Notice } from './common.ts';

// ─── Phone → hub ─────────────────────────────────────────────────────────────────────────────────

/** Handshake of a phone on `/audience` (`socket.handshake.auth`). */
export const audienceAuthSchema = z.strictObject({
  /** The page's `PROTOCOL_VERSION`. */
  v: z.int(),
  /** The dreamer id the phone keeps (8..64 URL-safe characters), absent on a first visit. */
  dreamer: z.optional(z.string().check(z.regex(DREAMER_ID))),
});

const unit = z.number().check(z.minimum(0), z.maximum(1));
const signedUnit = z.number().check(z.minimum(-1), z.maximum(1));

/**
 * One gesture from a phone (coordinates are 0..1 of the phone's canvas, x right, y down).
 * - weave: part of a drawn thread; `points` is flat `[x0, y0, x1, y1, …]`; `stroke` groups parts.
 * - tap: a lantern or spark at a point.
 * - shine: light held at a point (nightmare); `on: false` when the finger lifts.
 * - pulse: a tap on the heartbeat, stamped `at` in hub time (ms, the hub's `Date.now()` scale).
 * - release: the dreamer sends their echo to the sky (dawn).
 * - tilt: device orientation, -1..1 on each axis.
 *
 * The hub decides with `core/gestureCheck.ts` (the same verdict, held together by a property test)
 * and runs this schema only to explain a refusal.
 */
export const audienceGestureSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('weave'),
    stroke: z.int().check(z.minimum(0), z.maximum(2 ** 31 - 1)),
    points: z.array(unit).check(
      z.minLength(2),
      z.maxLength(MAX_WEAVE_POINTS * 2),
      z.refine((p) => p.length % 2 === 0, 'points come in x,y pairs'),
    ),
    end: z.optional(z.boolean()),
  }),
  z.strictObject({ kind: z.literal('tap'), x: unit, y: unit }),
  z.strictObject({ kind: z.literal('shine'), x: unit, y: unit, on: z.boolean() }),
  z.strictObject({ kind: z.literal('pulse'), at: z.number().check(z.minimum(0)) }),
  z.strictObject({ kind: z.literal('release'), x: unit, y: unit }),
  z.strictObject({ kind: z.literal('tilt'), x: signedUnit, y: signedUnit }),
]);
/** One gesture from a phone. */
export type AudienceGesture = z.infer<typeof audienceGestureSchema>;

// ─── Hub → phone ─────────────────────────────────────────────────────────────────────────────────

/** Text of at most `max` characters, read as empty when it is missing or not that. */
const words = (max: number) => z.catch(z.string().check(z.maxLength(max)), '');

/** One language's words for a phase: a prompt (≤ 200 characters) and a story (≤ 400), either left out when it does not read. */
const phaseWordsSchema = z.object({
  prompt: z.optional(z.catch(z.optional(z.string().check(z.maxLength(200))), undefined)),
  story: z.optional(z.catch(z.optional(z.string().check(z.maxLength(400))), undefined)),
});
/** The preset's words for a phase, by language code. */
type PhaseLines = Record<string, z.output<typeof phaseWordsSchema>>;

/**
 * The preset's words for a phase by language code: codes that are not language codes, entries that
 * are not objects, and anything past {@link MAX_PRESET_LANGUAGES} are left out (the phone stays on
 * English for those). Read onto a null prototype, so no key reaches `Object.prototype`.
 */
const linesSchema = z.pipe(
  z.optional(z.unknown()),
  z.transform((v): PhaseLines => {
    const out: PhaseLines = Object.create(null);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return out;
    let n = 0;
    for (const code of Object.keys(v)) {
      if (n >= MAX_PRESET_LANGUAGES) break;
      if (!LANGUAGE_CODE.test(code)) continue;
      const words = z.safeParse(phaseWordsSchema, Reflect.get(v, code));
      if (!words.success) continue;
      const entry: PhaseLines[string] = {};
      if (words.data.prompt !== undefined) entry.prompt = words.data.prompt;
      if (words.data.story !== undefined) entry.story = words.data.story;
      out[code] = entry;
      n++;
    }
    return out;
  }),
);

const phaseInfoShape = {
  phase: z.enum(PHASES),
  /** The control the phone shows; a missing one follows the phase ({@link PHASE_CONTROLS}). */
  control: z.optional(z.catch(z.optional(z.enum(CONTROL_MODES)), undefined)),
  /** One-line prompt from the preset (English, ≤ 200 characters). */
  prompt: words(200),
  /** The phase's story line from the preset (English, ≤ 400): what is happening, what the visitor can do. */
  story: words(400),
  /** The preset's words for this phase in other languages, by language code (usually empty). */
  lines: linesSchema,
  /** Heartbeat, for the confrontation's pulse. */
  beat: beatSchema,
  /** Hub time (ms) when this was sent (0 when absent). */
  hubTime: z.catch(z.number(), 0),
};

/** The control a phase info names, or the phase's own. */
function withControl<T extends { phase: PhaseName; control?: ControlMode | undefined }>(info: T): T & { control: ControlMode } {
  return { ...info, control: info.control ?? PHASE_CONTROLS[info.phase] };
}

/** What the hub tells a phone about the story right now (`phase`, and inside `welcome`). */
export const phaseInfoSchema = z.pipe(z.object(phaseInfoShape), z.transform(withControl));
/** The story right now, as the phone reads it. */
export type PhaseInfo = z.output<typeof phaseInfoSchema>;

/** Messages per second a phone may send, clamped to 1..30; anything else is no ask. */
const rateSchema = z.pipe(z.number().check(z.positive()), z.transform((r) => Math.min(30, Math.max(1, r))));

/** Sent once to a phone after a successful handshake. */
export const welcomeSchema = z.pipe(
  z.object({
    ...phaseInfoShape,
    /** The dreamer id to keep (same as presented, or a new one). */
    dreamer: z.string().check(z.regex(DREAMER_ID)),
    /** Small integer the frames use for this dreamer. */
    handle: z.number(),
    role: z.enum(ROLES),
    /** `#rrggbb` colour of this dreamer (a pale violet when it does not read). */
    colour: z.catch(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/)), '#f5e6ff'),
    /** Character name (≤ 40) and trait (≤ 120) for "You dream with …". */
    name: words(40),
    trait: words(120),
    /** Messages per second this phone should coalesce to, 1..30 (30 when it does not read). */
    maxRate: z.catch(rateSchema, 30),
  }),
  z.transform(withControl),
);
/** The phone's welcome. */
export type Welcome = z.output<typeof welcomeSchema>;

/** The hub's ask to every phone when it is busier or calmer: coalesce to this many messages a second. */
export const paceSchema = z.object({
  /** Messages per second at most, 1..30. */
  maxRate: rateSchema,
});
/** A pace ask. */
export type Pace = z.output<typeof paceSchema>;

/** Over capacity: the phone waits. Read as whole numbers. */
export const waitingSchema = z.object({
  /** 1-based place in the queue. */
  position: z.pipe(z.number(), z.transform((p) => Math.max(1, Math.round(p)))),
  /** Phones the hub takes at once. */
  capacity: z.pipe(z.number(), z.transform((c) => Math.max(0, Math.round(c)))),
});
/** A place in the queue. */
export type Waiting = z.output<typeof waitingSchema>;

/** Every event on `/audience`: its schema, by direction (one place to add a message). */
export const AUDIENCE = {
  /** What a phone sends (the hub parses these). */
  toHub: { gesture: audienceGestureSchema, clock: clockRequestSchema },
  /** What the hub sends a phone (the phone parses these). */
  toPhone: { welcome: welcomeSchema, phase: phaseInfoSchema, notice: noticeSchema, pace: paceSchema, waiting: waitingSchema },
} as const;

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
  waiting: (info: Waiting) => void;
}
