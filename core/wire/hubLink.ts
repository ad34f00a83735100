/**
 * The link every page keeps with the hub, as one set of rules the phone, the console and the wall
 * all follow: the version handshake, reading a refusal, the one outdated-page policy, and clock
 * sampling. Pure (the page passes in its storage, its clocks and its replies), and written with
 * `zod/mini` only, so the phone can load it within its budget.
 *
 * **The outdated-page policy** (README: "open pages of the old version are refused and reload
 * themselves"): a page the hub refuses with `version-mismatch` reloads itself from the hub after
 * {@link OUTDATED_RELOAD_MS}, at most once every {@link OUTDATED_RELOAD_EVERY_MS}; the page forgets
 * the reload once it connects. A reload that did not cure the mismatch (a cached page, a hub that
 * is itself behind) is not repeated within the minute: the page shows the hub's reason instead.
 */
import * as z from 'zod/mini';
import { PROTOCOL_VERSION, REFUSALS } from '../protocolConstants.ts';
import { clockSample, estimateClockOffset, rememberClockSample, type ClockEstimate, type ClockSample } from '../clockOffset.ts';
import { clockReplySchema, refusalSchema, type Refusal } from './common.ts';

/** What every page presents at handshake: this build's protocol version. */
export function handshake(): { v: number } {
  return { v: PROTOCOL_VERSION };
}

/**
 * @returns the refusal attached to a `connect_error` (`err.data`), or null for a plain network
 * failure (or a refusal code this page does not know).
 */
export function readRefusal(err: unknown): Refusal | null {
  if (typeof err !== 'object' || err === null) return null;
  const r = z.safeParse(refusalSchema, Reflect.get(err, 'data'));
  return r.success ? r.data : null;
}

// ─── The outdated page ───────────────────────────────────────────────────────────────────────────

/** Pause before an outdated page reloads, ms (the hub may still be coming up). */
export const OUTDATED_RELOAD_MS = 1500;
/** An outdated page reloads at most once in this long, ms. */
export const OUTDATED_RELOAD_EVERY_MS = 60_000;
/** Where the page remembers its last outdated reload (the session's storage, per tab). */
export const OUTDATED_RELOAD_KEY = 'dreamscape.outdated-reload';

/** The part of `sessionStorage` the policy uses (a storage that throws counts as empty). */
export interface ReloadMemory {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/**
 * @returns true when the refusal says the page is outdated and it may reload now (the reload is
 * remembered: the caller reloads after {@link OUTDATED_RELOAD_MS}); false for any other refusal, and
 * for an outdated page that already reloaded within the minute (it shows the hub's reason).
 * @param nowMs wall-clock ms (`Date.now()`), so the memory outlives the reload.
 */
export function reloadWhenOutdated(refusal: Refusal, memory: ReloadMemory, nowMs: number): boolean {
  return refusal.code === REFUSALS.versionMismatch && mayReloadOutdated(memory, nowMs);
}

/** @returns true, and remembers it, when an outdated page may reload now. */
function mayReloadOutdated(memory: ReloadMemory, nowMs: number): boolean {
  let last = Number.NaN;
  try {
    last = Number(memory.getItem(OUTDATED_RELOAD_KEY));
  } catch {
    // Storage refused (private mode, a sandbox): reload; the browser's own reload limits still hold.
  }
  if (Number.isFinite(last) && last > 0 && nowMs - last >= 0 && nowMs - last < OUTDATED_RELOAD_EVERY_MS) return false;
  try {
    memory.setItem(OUTDATED_RELOAD_KEY, String(nowMs));
  } catch {
    // As above.
  }
  return true;
}

/**
 * A {@link ReloadMemory} that reaches the storage only when used, so a page whose storage throws on
 * access (storage disabled, a sandboxed frame) still follows the policy: pass `() => sessionStorage`.
 */
export function lazyMemory(storage: () => ReloadMemory): ReloadMemory {
  return {
    getItem: (key) => storage().getItem(key),
    setItem: (key, value) => storage().setItem(key, value),
    removeItem: (key) => storage().removeItem(key),
  };
}

/** The page is connected: a later update reloads it again at once. */
export function linkUp(memory: ReloadMemory): void {
  try {
    memory.removeItem(OUTDATED_RELOAD_KEY);
  } catch {
    // Nothing was remembered.
  }
}

// ─── The hub's clock ─────────────────────────────────────────────────────────────────────────────

/** How often a page samples the hub's clock: a quick burst after each connect, then a trickle. */
export interface ClockSchedule {
  /** Samples in the burst. */
  burst: number;
  /** Gap between the burst's samples, ms. */
  burstGapMs: number;
  /** Gap between samples after the burst, ms (follows drift and a changed route). */
  everyMs: number;
}
/** Phones: the heartbeat is right within about a second, then follows a wandering Wi-Fi. */
export const PHONE_CLOCK: ClockSchedule = { burst: 10, burstGapMs: 120, everyMs: 3000 };
/** Walls: on wired networks, steadier; the score's grid is right within about a second. */
export const WALL_CLOCK: ClockSchedule = { burst: 8, burstGapMs: 150, everyMs: 5000 };
/** A clock sample that gets no answer within this long is given up, ms. */
export const CLOCK_TIMEOUT_MS = 3000;

/**
 * A page's estimate of the hub's clock from `clock` round trips (`core/clockOffset.ts`), on a
 * schedule. Times are the page's own monotonic ms (`performance.now()`).
 */
export class HubClock {
  private readonly samples: ClockSample[] = [];
  private asked = 0;
  private nextAt = 0;
  /** The current estimate (hub time ≈ local time + `offset`), or null before the first answer. */
  estimate: ClockEstimate | null = null;

  constructor(private readonly schedule: ClockSchedule) {}

  /**
   * A new connection (maybe another hub, or another route to it): sample afresh with a burst; the
   * old estimate serves until the first answer.
   */
  restart(): void {
    this.samples.length = 0;
    this.asked = 0;
    this.nextAt = 0;
  }

  /**
   * @returns true when a sample is due at `nowMs` (the caller then emits `clock` with `nowMs` as
   * its send time, and passes the reply to {@link answer}); counts it as asked.
   */
  due(nowMs: number): boolean {
    if (nowMs < this.nextAt) return false;
    this.asked++;
    this.nextAt = nowMs + (this.asked < this.schedule.burst ? this.schedule.burstGapMs : this.schedule.everyMs);
    return true;
  }

  /** ms from `nowMs` until the next sample is due (for pages that sample on a timer). */
  wait(nowMs: number): number {
    return Math.max(0, this.nextAt - nowMs);
  }

  /** Takes the hub's answer to a sample sent at `sentAt`, received at `receivedAt`; a reply that is not a finite number is ignored. */
  answer(sentAt: number, hubTime: unknown, receivedAt: number): void {
    const r = z.safeParse(clockReplySchema, hubTime);
    if (!r.success) return;
    rememberClockSample(this.samples, clockSample(sentAt, r.data, receivedAt));
    this.estimate = estimateClockOffset(this.samples);
  }

  /** Samples the estimate holds. */
  get size(): number {
    return this.samples.length;
  }
}
