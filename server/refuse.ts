/**
 * Typed refusals: a handshake error whose `data` the client reads from `connect_error`, and the
 * per-socket guard that drops floods and unknown events with one clear notice.
 */
import type { Socket } from 'socket.io';
import * as z from 'zod/mini';
import { PROTOCOL_VERSION, REFUSALS, type Refusal, type RefusalCode } from '../core/protocol.ts';
import { TokenBucket } from './TokenBucket.ts';
import { findUnsafeKey } from '../core/safeKeys.ts';
import { takePlainEventsOnArrival } from './eventLane.ts';
import type { Logger } from './log.ts';

/** An Error carrying a {@link Refusal} for socket.io's `connect_error`. */
export type RefusalError = Error & { data: Refusal };

/** Builds a handshake refusal. */
export function refusal(code: RefusalCode, message: string): RefusalError {
  const err = new Error(message) as RefusalError;
  err.data = code === REFUSALS.versionMismatch ? { code, message, serverVersion: PROTOCOL_VERSION } : { code, message };
  return err;
}

/**
 * Reads the protocol version from a handshake before its full shape is checked, so an old page
 * gets "please reload" rather than a shape error.
 * @returns a refusal, or null when the version matches.
 */
export function checkVersion(auth: unknown): RefusalError | null {
  // A handshake is never copied key by key, but no key that could reach a prototype gets in at all.
  if (findUnsafeKey(auth) !== undefined) return refusal(REFUSALS.badHandshake, 'the handshake is malformed: reload the page');
  const v = typeof auth === 'object' && auth !== null && 'v' in auth ? (auth as { v: unknown }).v : undefined;
  if (v === PROTOCOL_VERSION) return null;
  if (typeof v !== 'number') return refusal(REFUSALS.badHandshake, `handshake must carry the protocol version (auth.v = ${PROTOCOL_VERSION})`);
  return refusal(REFUSALS.versionMismatch, `this page speaks protocol ${v} but the hub speaks ${PROTOCOL_VERSION}: reload the page`);
}

/**
 * Checks a handshake: the protocol version first (an old page is told to reload), then the full
 * shape. Refusals are logged with who asked.
 * @returns the parsed handshake, or the refusal to pass to socket.io's `next`.
 */
export function readHandshake<T>(auth: unknown, schema: z.core.$ZodType<T>, who: string, log: Logger): { ok: true; auth: T } | { ok: false; refusal: RefusalError } {
  const versionProblem = checkVersion(auth);
  if (versionProblem) {
    log.info({ who, code: versionProblem.data.code }, 'handshake refused');
    return { ok: false, refusal: versionProblem };
  }
  const parsed = z.safeParse(schema, auth);
  if (!parsed.success) {
    log.info({ who, code: REFUSALS.badHandshake }, 'handshake refused');
    return { ok: false, refusal: refusal(REFUSALS.badHandshake, `the ${who} handshake is malformed: reload the page`) };
  }
  return { ok: true, auth: parsed.data };
}

/** Messages the hub dropped since it started, by reason (shown in /healthz). */
export interface DroppedMessages {
  /** Over a socket's rate limit. */
  rateLimited: number;
  /** Events this namespace does not accept. */
  unknownEvent: number;
  /** Known events whose payload failed its schema. */
  malformed: number;
}

/** Fresh zeroed counters. */
export function noDroppedMessages(): DroppedMessages {
  return { rateLimited: 0, unknownEvent: 0, malformed: 0 };
}

/**
 * What a namespace does with one accepted event: its first argument as it came off the wire, and
 * the second (the ack callback, when the sender asked for an answer). Further arguments are ignored.
 */
export type EventHandler = (payload: unknown, reply: unknown) => void;

/** Options of {@link guardSocket}. */
export interface GuardOptions {
  /** The events this namespace accepts, each with its handler. */
  handlers: Readonly<Record<string, EventHandler>>;
  /** Sustained messages per second. */
  rate: number;
  /** Burst size. */
  burst: number;
  log: Logger;
  /** Label for the logs. */
  who: string;
  /** Counters to add this socket's drops to. */
  dropped: DroppedMessages;
  /** Take plain events by the short lane of {@link takePlainEventsOnArrival} (default true). */
  lane?: boolean;
}

/**
 * Installs the per-socket guard and dispatch: a token bucket keyed by this socket (so phones behind
 * one NAT address do not share a budget) and the namespace's events. Excess and unknown messages
 * are dropped; the sender is told once (then at most every 5 s), and the hub logs it.
 *
 * An accepted event runs its handler at once, in the read that brought it. socket.io's own dispatch
 * (`socket.on`) defers every event to a later tick and then drops it if the socket has closed by
 * then, so the last gestures of a phone that closes its page right after sending them, which arrive
 * in the same read as its goodbye, would be lost. Handling them here keeps them. Plain events
 * (no acknowledgement) come by the short lane of {@link takePlainEventsOnArrival}.
 */
export function guardSocket(socket: Socket, options: GuardOptions): void {
  const bucket = new TokenBucket(options.rate, options.burst, Date.now());
  const handlers = new Map(Object.entries(options.handlers));
  let lastLimitNotice = -Infinity;
  let lastUnknownNotice = -Infinity;
  const take = (packet: unknown[]): void => {
    const now = Date.now();
    if (!bucket.take(now)) {
      options.dropped.rateLimited++;
      if (now - lastLimitNotice > 5000) {
        lastLimitNotice = now;
        socket.emit('notice', { code: REFUSALS.rateLimited, message: 'Too many messages: some were dropped. Slow down a little.' });
        options.log.info({ who: options.who, socket: socket.id }, 'rate limited');
      }
      return;
    }
    const event = packet[0];
    const handler = typeof event === 'string' ? handlers.get(event) : undefined;
    if (!handler) {
      options.dropped.unknownEvent++;
      if (now - lastUnknownNotice > 5000) {
        lastUnknownNotice = now;
        socket.emit('notice', { code: REFUSALS.malformed, message: `unknown event "${String(event).slice(0, 40)}" ignored` });
        options.log.info({ who: options.who, socket: socket.id, event: String(event).slice(0, 40) }, 'unknown event refused');
      }
      return;
    }
    handler(packet[1], packet[2]);
  };
  // Plain events skip socket.io's decode-and-dispatch; the rest come through its middleware, which
  // never calls `next`: every event ends here, handled or dropped.
  if (options.lane !== false) takePlainEventsOnArrival(socket, take);
  socket.use((packet) => take(packet));
}

/** Sends a malformed-message notice at most once per 5 s per socket; returns the notifier. */
export function malformedNotifier(socket: Socket, log: Logger, who: string, dropped: DroppedMessages): (detail: string) => void {
  let last = -Infinity;
  return (detail) => {
    dropped.malformed++;
    const now = Date.now();
    if (now - last < 5000) return;
    last = now;
    socket.emit('notice', { code: REFUSALS.malformed, message: `malformed message ignored: ${detail.slice(0, 200)}` });
    log.info({ who, socket: socket.id, detail: detail.slice(0, 200) }, 'malformed message refused');
  };
}
