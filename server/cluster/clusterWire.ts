/**
 * What the cluster's processes say to each other through the Redis adapter (`ClusterBus.ts`), and
 * the checks every message passes before anything acts on it. Redis is the venue's own machine, but
 * a stale process, a bug or anyone with a Redis client can put a message on it: a message of the
 * wrong shape or from an older leader is refused and counted, never applied; a command must carry
 * an HMAC under the operator token (the edge that took the console's login signs it).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** Most gestures one edge folds into one message (a tick of 10,000 phones at 30 Hz, with room). */
export const MAX_FOLDED_GESTURES = 20_000;
/** Oldest a signed command may be when the leader reads it, ms (a replayed old command is refused). */
export const COMMAND_MAX_AGE_MS = 10_000;

const fence = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);
const edgeName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);

/** An edge's phones' gestures of one tick: `[dreamer handle, role index, gesture]` each (gestures checked one by one by the leader). */
export const foldMessageSchema = z.strictObject({
  v: z.literal(1),
  edge: edgeName,
  seq: z.number().int().min(0),
  g: z.array(z.tuple([z.number().int().min(1).max(2 ** 32 - 1), z.number().int().min(0).max(3), z.unknown()])).max(MAX_FOLDED_GESTURES),
});
export type FoldMessage = z.infer<typeof foldMessageSchema>;

/**
 * What a leader sends the edges: a frame, a gesture batch, phase news for phones, the console's
 * status, the show state (twice a second) or a command's result, each under the sender's fence.
 * The payload's own shape is the walls' and consoles' to check (they check every message already);
 * here it must be an object.
 */
export const leaderMessageSchema = z.strictObject({
  fence,
  kind: z.enum(['frame', 'gestures', 'phase', 'status', 'state', 'result']),
  body: z.record(z.string(), z.unknown()),
  /** For `result`: the edge and command id it answers. */
  to: z.optional(z.strictObject({ edge: edgeName, id: z.number().int().min(0) })),
});
export type LeaderMessage = z.infer<typeof leaderMessageSchema>;
export type LeaderKind = LeaderMessage['kind'];

/** Most walls one edge's census lists (the console's list of walls stays readable). */
export const MAX_CENSUS_WALLS = 200;

const count = z.number().int().min(0).max(1_000_000);
const figure = z.number().finite().min(0).max(1e6);

/**
 * What an edge has connected, once a second: its phones and its walls as its consoles would list
 * them. The leader sums the edges' censuses into the status every console gets. It travels signed
 * as a command is (`signCommand`, this body as the command): a census anyone could put on the bus
 * would let them write the consoles' counts.
 */
export const censusBodySchema = z.strictObject({
  v: z.literal(1),
  phones: count,
  displays: z
    .array(
      z.strictObject({
        id: z.string().max(64),
        view: z.string().max(64),
        fps: figure,
        frameMs: figure,
        quality: figure,
        particles: figure,
        trusted: z.boolean(),
      }),
    )
    .max(MAX_CENSUS_WALLS),
});
export type CensusBody = z.infer<typeof censusBodySchema>;

/** An operator command an edge took from a logged-in console, signed. */
export const commandMessageSchema = z.strictObject({
  edge: edgeName,
  id: z.number().int().min(0),
  at: z.number().finite(),
  cmd: z.unknown(),
  mac: z.string().regex(/^[0-9a-f]{64}$/),
});
export type CommandMessage = z.infer<typeof commandMessageSchema>;

/** Why a cluster message was refused (counted in /healthz under `cluster.refused`). */
export interface RefusedCounts {
  /** Not the shape its channel carries. */
  shape: number;
  /** From a leader older than one already seen (or claiming a fence Redis never gave). */
  fence: number;
  /** A command whose signature does not verify, or too old, or replayed. */
  signature: number;
}

/** Fresh zeroed counters. */
export function noRefusals(): RefusedCounts {
  return { shape: 0, fence: 0, signature: 0 };
}

function macInput(edge: string, id: number, at: number, cmd: unknown): string {
  return `${edge}\n${id}\n${at}\n${JSON.stringify(cmd)}`;
}

/** Signs a command for the leader. @param at sender's wall-clock time, ms. */
export function signCommand(token: string, edge: string, id: number, at: number, cmd: unknown): CommandMessage {
  const mac = createHmac('sha256', token).update(macInput(edge, id, at, cmd)).digest('hex');
  return { edge, id, at, cmd, mac };
}

/**
 * Checks a command's signature and age (the cluster's clocks agree to well within
 * {@link COMMAND_MAX_AGE_MS}: NTP, or one machine). @param now the leader's wall clock, ms.
 */
export function verifyCommand(token: string, m: CommandMessage, now: number): boolean {
  if (Math.abs(now - m.at) > COMMAND_MAX_AGE_MS) return false;
  const expected = createHmac('sha256', token).update(macInput(m.edge, m.id, m.at, m.cmd)).digest();
  return timingSafeEqual(expected, Buffer.from(m.mac, 'hex'));
}
