/**
 * Operator authentication on the hub's side: challenges, the check of an answer, and the lock-out
 * that makes guessing the token hopeless without ever locking the real operator out for long.
 *
 * The lock-out has two layers:
 * - per address: {@link MAX_FAILURES} wrong answers within {@link FAILURE_WINDOW_MS} lock that
 *   address until the oldest of them is a window old;
 * - across all addresses: once {@link GLOBAL_BUDGET} wrong answers arrive within
 *   {@link FAILURE_WINDOW_MS}, the hub stops checking answers from *suspect* addresses (any that
 *   answered wrong in the last {@link SUSPECT_MS}, or any it cannot remember) for a backoff that
 *   doubles with each spent budget ({@link FIRST_BACKOFF_MS} … {@link MAX_BACKOFF_MS}).
 *
 * An address that never answered wrong, or that logged in before, is not suspect: the operator
 * typing the right token from their own laptop gets in at once, even during a flood of guesses
 * from elsewhere, and one who mistyped waits at most {@link MAX_BACKOFF_MS}. A console already
 * logged in is never touched. A guesser gains one answer per fresh address, then waits with the rest.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { LOGIN_ANSWER, LOGIN_NONCE_BYTES, loginMessage } from '../core/operatorLogin.ts';

/** A fresh random operator token (URL-safe, 16 characters: 96 random bits). */
export function generateToken(): string {
  return randomBytes(12).toString('base64url');
}

/** A fresh challenge for one connection: {@link LOGIN_NONCE_BYTES} random bytes as hex. */
export function newNonce(): string {
  return randomBytes(LOGIN_NONCE_BYTES).toString('hex');
}

/** The answer the hub expects to a nonce (see `core/operatorLogin.ts`). */
export function expectedAnswer(token: string, nonce: string): string {
  return createHmac('sha256', token).update(loginMessage(nonce)).digest('hex');
}

/** Constant-time check of a console's answer to this connection's nonce. */
export function answerMatches(answer: string, token: string, nonce: string): boolean {
  if (!LOGIN_ANSWER.test(answer)) return false;
  return timingSafeEqual(Buffer.from(answer, 'hex'), Buffer.from(expectedAnswer(token, nonce), 'hex'));
}

/** Wrong answers allowed per address within {@link FAILURE_WINDOW_MS} before a lock-out. */
export const MAX_FAILURES = 5;
/** Window over which wrong answers are counted, per address and in total, ms. */
export const FAILURE_WINDOW_MS = 60_000;
/** Wrong answers from all addresses together within {@link FAILURE_WINDOW_MS} before the global backoff. */
export const GLOBAL_BUDGET = 10;
/** First global backoff, ms; each spent budget within {@link CALM_MS} of the last doubles it. */
export const FIRST_BACKOFF_MS = 5_000;
/** Longest global backoff, ms: the longest a mistyping operator can be kept waiting. */
export const MAX_BACKOFF_MS = 60_000;
/** Quiet time after which the backoff starts again from {@link FIRST_BACKOFF_MS}, ms. */
export const CALM_MS = 5 * 60_000;
/** How long an address that answered wrong stays suspect, ms. */
export const SUSPECT_MS = 10 * 60_000;
/** Addresses remembered at most (wrong answers and good logins each); past it, unknown ones are suspect. */
export const MAX_REMEMBERED = 4096;

/** Why an answer will not be checked now. */
export type LoginBlock = { blocked: false } | { blocked: true; scope: 'address' | 'everyone'; retryInMs: number };

/**
 * The key an address is counted under: IPv4 as is (IPv4-mapped IPv6 unwrapped), IPv6 by its /64,
 * since one machine easily holds a whole /64.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIPv4(address) || !address.includes(':')) return address;
  const [head] = address.split('%');
  const halves = head.split('::');
  const left = halves[0] ? halves[0].split(':') : [];
  const right = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const groups = halves.length > 1 ? [...left, ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right] : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (g || '0').toLowerCase().replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/** Counts wrong answers per address and in total, and decides whose answers are checked. Time is passed in. */
export class LoginGuard {
  /** Times of recent wrong answers, per address key (oldest first). */
  private readonly failures = new Map<string, number[]>();
  /** When each address last answered wrong (kept {@link SUSPECT_MS}). */
  private readonly suspects = new Map<string, number>();
  /** Addresses that logged in, with when. */
  private readonly trusted = new Map<string, number>();
  /** Times of recent wrong answers from everyone (oldest first). */
  private global: number[] = [];
  private backoffUntil = 0;
  private backoffMs = 0;
  private lastBackoffAt = -Infinity;
  /** Answers refused unchecked since start (for the log and tests). */
  refusedUnchecked = 0;

  /** Whether an answer from this address may be checked now. */
  check(address: string, now: number): LoginBlock {
    const key = addressKey(address);
    const own = this.recent(key, now);
    if (own.length >= MAX_FAILURES) return { blocked: true, scope: 'address', retryInMs: own[0] + FAILURE_WINDOW_MS - now };
    if (now < this.backoffUntil && this.isSuspect(key, now)) return { blocked: true, scope: 'everyone', retryInMs: this.backoffUntil - now };
    return { blocked: false };
  }

  /** Records a wrong answer. */
  fail(address: string, now: number): void {
    const key = addressKey(address);
    const own = this.recent(key, now);
    own.push(now);
    this.failures.set(key, own);
    // Bounded like the others: a flood of fresh addresses cannot grow this map without end.
    if (this.failures.size > MAX_REMEMBERED) this.failures.delete(this.failures.keys().next().value!);
    this.remember(this.suspects, key, now);
    this.global = this.global.filter((t) => now - t < FAILURE_WINDOW_MS);
    this.global.push(now);
    if (this.global.length >= GLOBAL_BUDGET) {
      this.backoffMs = now - this.lastBackoffAt < CALM_MS ? Math.min(MAX_BACKOFF_MS, Math.max(FIRST_BACKOFF_MS, this.backoffMs * 2)) : FIRST_BACKOFF_MS;
      this.backoffUntil = now + this.backoffMs;
      this.lastBackoffAt = now;
      // A fresh budget once the backoff has passed, so a patient operator is never starved by old failures.
      this.global = [];
    }
  }

  /** Records a good login: this address is trusted from now on and its failures are forgotten. */
  succeed(address: string, now: number): void {
    const key = addressKey(address);
    this.failures.delete(key);
    this.suspects.delete(key);
    this.remember(this.trusted, key, now);
  }

  /** An answer refused unchecked (counted). */
  refused(): void {
    this.refusedUnchecked++;
  }

  private isSuspect(key: string, now: number): boolean {
    if (this.trusted.has(key)) return false;
    const at = this.suspects.get(key);
    if (at !== undefined) return now - at < SUSPECT_MS;
    // Every remembered slot taken: an address we cannot vouch for is treated as a guesser.
    return this.suspects.size >= MAX_REMEMBERED;
  }

  /** Puts a key in a bounded map, dropping expired and then the oldest entries when it is full. */
  private remember(map: Map<string, number>, key: string, now: number): void {
    map.delete(key);
    if (map.size >= MAX_REMEMBERED) {
      for (const [k, at] of map) if (now - at >= SUSPECT_MS) map.delete(k);
      // Still full (a flood of fresh addresses): keep the suspects map full, so the unknown stay suspect.
      if (map.size >= MAX_REMEMBERED && map === this.trusted) map.delete(map.keys().next().value!);
      if (map.size >= MAX_REMEMBERED) return;
    }
    map.set(key, now);
  }

  private recent(key: string, now: number): number[] {
    const list = this.failures.get(key);
    if (!list) return [];
    while (list.length > 0 && now - list[0] >= FAILURE_WINDOW_MS) list.shift();
    if (list.length === 0) this.failures.delete(key);
    return list;
  }
}
