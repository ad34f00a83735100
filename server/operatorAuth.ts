/**
 * Operator authentication: the token from the handshake is compared in constant time, and
 * addresses that keep guessing wrong are locked out for a while.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh random operator token (URL-safe, 16 characters). */
export function generateToken(): string {
  return randomBytes(12).toString('base64url');
}

/** Constant-time comparison of a presented token with the expected one (any lengths). */
export function tokenMatches(presented: string, expected: string): boolean {
  // Hashing first makes both sides the same length, so timing reveals nothing about either.
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Wrong tokens allowed per address within {@link FAILURE_WINDOW_MS} before a lock-out. */
export const MAX_FAILURES = 5;
/** Window over which wrong tokens are counted, ms. */
export const FAILURE_WINDOW_MS = 60_000;

/** Counts wrong tokens per remote address. */
export class FailedLoginTracker {
  private readonly failures = new Map<string, number[]>();

  /** @returns true when this address has used up its guesses. */
  isLocked(address: string, now: number): boolean {
    return this.recent(address, now).length >= MAX_FAILURES;
  }

  /** Records a wrong token from an address. */
  fail(address: string, now: number): void {
    const list = this.recent(address, now);
    list.push(now);
    this.failures.set(address, list);
  }

  /** Forgets an address after a successful login. */
  succeed(address: string): void {
    this.failures.delete(address);
  }

  private recent(address: string, now: number): number[] {
    const list = (this.failures.get(address) ?? []).filter((t) => now - t < FAILURE_WINDOW_MS);
    if (list.length === 0) this.failures.delete(address);
    else this.failures.set(address, list);
    return list;
  }
}
