/**
 * What every namespace shares on the wire: refusals, notices and the heartbeat. Written with
 * `zod/mini` (tree-shaken, no error locale) so the phone can load these same schemas within its
 * 60 KiB budget; the hub and the other pages parse with them too (zod and zod/mini schemas mix).
 */
import * as z from 'zod/mini';
import { REFUSALS } from '../protocolConstants.ts';

/** Every refusal code, in {@link REFUSALS} order. */
export const REFUSAL_CODES = Object.values(REFUSALS) as [(typeof REFUSALS)[keyof typeof REFUSALS], ...(typeof REFUSALS)[keyof typeof REFUSALS][]];

/**
 * The data attached to a refused handshake (`err.data` on the client's `connect_error`). A code
 * this page does not know is no refusal it can act on (read as a plain network failure); a missing
 * or overlong sentence reads as empty, and the page says its own.
 */
export const refusalSchema = z.object({
  code: z.enum(REFUSAL_CODES),
  /** A sentence a person can act on (≤ 500 characters). */
  message: z.catch(z.string().check(z.maxLength(500)), ''),
  /** The hub's protocol version, for version mismatches. */
  serverVersion: z.optional(z.catch(z.optional(z.number()), undefined)),
});
/** A refused handshake's data, as read. */
export type Refusal = z.infer<typeof refusalSchema>;

/**
 * What a notice may be about: a refusal of a message, or news. For consoles, `osc` reports what
 * OSC gear did (information) and `osc-refused` what the hub refused from it.
 */
export const NOTICE_CODES = [...REFUSAL_CODES, 'waiting', 'joined', 'preset-error', 'playlist-error', 'resync', 'osc', 'osc-refused'] as const;

/** A one-off note from the hub to any page. */
export const noticeSchema = z.object({
  code: z.enum(NOTICE_CODES),
  /** A sentence for the page to show (≤ 500 characters). */
  message: z.string().check(z.maxLength(500)),
});
/** A one-off note to a client. */
export type Notice = z.infer<typeof noticeSchema>;

/** The heartbeat every phone and wall keeps in step with: beats fall at `origin + k·60000/bpm`. */
export const beatSchema = z.object({
  /** Beats per minute, 1..600 (the operator's tempo stays within 40..180). */
  bpm: z.number().check(z.minimum(1), z.maximum(600)),
  /** Hub time (ms) of one beat. */
  origin: z.number(),
});
/** The heartbeat. */
export type Beat = z.infer<typeof beatSchema>;

/** Clock sample request: the page's send time in its own ms (phones and walls both ask). */
export const clockRequestSchema = z.number();

/** The hub's answer to a clock sample: its `Date.now()`, ms. */
export const clockReplySchema = z.number();
