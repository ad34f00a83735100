/**
 * Reading what the hub sends a phone. The hub is trusted but wire data is still data: each message
 * is parsed with the `/audience` contract's own schema (`core/wire/phone.ts`, written with
 * `zod/mini` so the phone stays within its size budget) before the page acts on it.
 */
import * as z from 'zod/mini';
import { noticeSchema, type Refusal } from '../../core/wire/common.ts';
import { readRefusal as readLinkRefusal } from '../../core/wire/hubLink.ts';
import { paceSchema, phaseInfoSchema, waitingSchema, welcomeSchema, type PhaseInfo, type Waiting, type Welcome } from '../../core/wire/phone.ts';

/** What the phone says when the hub refuses it without a sentence. */
const REFUSED = 'The dream cannot take this phone right now.';

/** @returns the phase info, or null when the message is not one. A missing control follows the phase. */
export function readPhaseInfo(v: unknown): PhaseInfo | null {
  const r = z.safeParse(phaseInfoSchema, v);
  return r.success ? r.data : null;
}

/** @returns the welcome, or null when the message is not one. */
export function readWelcome(v: unknown): Welcome | null {
  const r = z.safeParse(welcomeSchema, v);
  return r.success ? r.data : null;
}

/** @returns the rate the hub asks for now (messages/s, 1..30), or null. */
export function readPace(v: unknown): number | null {
  const r = z.safeParse(paceSchema, v);
  return r.success ? r.data.maxRate : null;
}

/** @returns the place in the queue, or null. */
export function readWaiting(v: unknown): Waiting | null {
  const r = z.safeParse(waitingSchema, v);
  return r.success ? r.data : null;
}

/** @returns the refusal attached to a `connect_error`, or null for a plain network failure. */
export function readRefusal(err: unknown): Refusal | null {
  const refusal = readLinkRefusal(err);
  if (!refusal) return null;
  return refusal.message === '' ? { ...refusal, message: REFUSED } : refusal;
}

/** @returns the notice's sentence, or null. */
export function readNoticeMessage(v: unknown): string | null {
  const r = z.safeParse(noticeSchema, v);
  return r.success ? r.data.message : null;
}
