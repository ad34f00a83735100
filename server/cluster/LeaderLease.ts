/**
 * Who is the show leader: a lease in Redis (`SET NX PX`) with a fencing number. Exactly one
 * process holds the lease; each time it changes hands the fence grows, and every frame carries the
 * fence of the leader that made it, so a wall (or an edge) that has seen fence n drops anything
 * older. A leader that was paused (SIGSTOP, a long GC, a swapped-out laptop) finds on waking that
 * its lease ran out by its own clock and stops driving before it asks Redis anything.
 *
 * While Redis cannot be reached nobody can take the lease, so the leader keeps its engine running
 * ({@link LeaderLease.leading} stays true) but {@link LeaderLease.mayDrive} turns false once the
 * lease's time is up: its frames would reach no wall anyway (walls hang off edges, through Redis).
 * When Redis answers again the leader renews, or re-takes an empty lease (a Redis restarted without
 * persistence) with a fence above every fence it has seen, or steps down if another holds it.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Default lease time, ms: a standby leads at most this long (plus one try) after the leader dies. */
export const LEASE_TTL_MS = 1200;

/**
 * Takes the lease if free, and returns the new fence (> ARGV[3], the highest fence the caller has
 * seen: a Redis that lost its data restarts the counter), or 0 when another holds it.
 * KEYS: lease, fence. ARGV: owner, ttl ms, highest fence seen.
 */
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local f = redis.call('INCR', KEYS[2])
  local seen = tonumber(ARGV[3])
  if f <= seen then
    f = seen + 1
    redis.call('SET', KEYS[2], f)
  end
  return f
end
return 0`;

/**
 * Extends the lease if the caller still holds it; returns the current fence, 0 if another holds it,
 * -1 if nobody does (lapsed, or Redis restarted empty). KEYS: lease, fence. ARGV: owner, ttl ms.
 */
const RENEW = `
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(redis.call('GET', KEYS[2]) or '0')
end
if holder then return 0 end
return -1`;

/** Gives the lease back if the caller holds it. KEYS: lease. ARGV: owner. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Why a leader stopped leading. */
export type StepDownReason = 'lost' | 'stopped';

/** Options of {@link LeaderLease}. */
export interface LeaderLeaseOptions {
  /** The connection the lease is kept on (its own; commands on it should time out, see `clusterRedis`). */
  redis: Redis;
  /** Key prefix shared by the whole cluster (default `dreamscape`). */
  prefix?: string;
  /** Lease time, ms (200..60,000; default {@link LEASE_TTL_MS}). */
  ttlMs?: number;
  /** Called when this process becomes leader, with its fence (≥ 1). */
  onLead?: (fence: number) => void;
  /** Called when it stops being leader. */
  onStepDown?: (reason: StepDownReason) => void;
  /** Clock, ms (tests); default `performance.now`-like monotonic time. */
  now?: () => number;
}

/** A process's claim on the show: try, renew, step down. */
export class LeaderLease {
  /** This incarnation's name on the lease (random: a restarted process is a new contender). */
  readonly owner = randomBytes(9).toString('base64url');
  /** Fence while leading, else 0. */
  fence = 0;
  /** Highest fence this process has seen (its own, or one the frames it saw carried). */
  highestSeen = 0;
  private readonly key: string;
  private readonly fenceKey: string;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** Until when (ms, {@link now}) the last confirmed lease is safely ours, with a margin for clock drift. */
  private validUntil = 0;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private stopped = false;

  constructor(private readonly options: LeaderLeaseOptions) {
    const prefix = options.prefix ?? 'dreamscape';
    this.key = `${prefix}:leader`;
    this.fenceKey = `${prefix}:fence`;
    const ttl = options.ttlMs ?? LEASE_TTL_MS;
    if (!(Number.isInteger(ttl) && ttl >= 200 && ttl <= 60_000)) throw new RangeError(`lease time ${ttl} ms (200..60000)`);
    this.ttlMs = ttl;
    this.now = options.now ?? (() => performance.now());
  }

  /** Key the fence counter lives under (for fenced writes, e.g. the show state). */
  get fenceKeyName(): string {
    return this.fenceKey;
  }

  /** True while this process holds the lease (as last confirmed, or while Redis cannot answer). */
  get leading(): boolean {
    return this.fence > 0;
  }

  /**
   * True while this leader may send frames: it holds the lease and its time, by this process's own
   * clock, has not run out (a leader paused past its lease stops here before it learns anything).
   */
  get mayDrive(): boolean {
    return this.fence > 0 && this.now() < this.validUntil;
  }

  /** Starts contending (now, then every third of the lease). */
  start(): void {
    this.stopped = false;
    void this.step();
    this.timer = setInterval(() => void this.step(), Math.max(50, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  /** Stops contending and gives the lease back if held (a clean hand-over: the standby need not wait). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const was = this.fence > 0;
    this.fence = 0;
    this.validUntil = 0;
    if (was) {
      this.options.onStepDown?.('stopped');
      await this.options.redis.eval(RELEASE, 1, this.key, this.owner).catch(() => undefined);
    }
  }

  /** Notes a fence seen elsewhere (a frame from another leader): one above ours means we lost. */
  saw(fence: number): void {
    if (fence > this.highestSeen) this.highestSeen = fence;
    if (this.fence > 0 && fence > this.fence) this.stepDown();
  }

  /** One round: renew while leading, else try to take the lease. Never two rounds at once. */
  async step(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    // The lease is ours until sentAt + ttl at best; the margin covers the two clocks' drift.
    const sentAt = this.now();
    try {
      if (this.fence > 0) {
        const r = Number(await this.options.redis.eval(RENEW, 2, this.key, this.fenceKey, this.owner, this.ttlMs));
        if (this.stopped) return;
        if (r === this.fence) this.validUntil = sentAt + this.ttlMs * 0.9;
        else if (r === -1) await this.acquire(sentAt);
        else this.stepDown();
      } else {
        await this.acquire(sentAt);
      }
    } catch {
      // Redis unreachable or slow: nobody can take the lease meanwhile; mayDrive lapses by itself.
    } finally {
      this.busy = false;
    }
  }

  private async acquire(sentAt: number): Promise<void> {
    const was = this.fence;
    const r = Number(await this.options.redis.eval(ACQUIRE, 2, this.key, this.fenceKey, this.owner, this.ttlMs, Math.max(this.highestSeen, was)));
    if (this.stopped) {
      if (r > 0) await this.options.redis.eval(RELEASE, 1, this.key, this.owner);
      return;
    }
    if (r > 0) {
      this.fence = r;
      this.highestSeen = Math.max(this.highestSeen, r);
      this.validUntil = sentAt + this.ttlMs * 0.9;
      this.options.onLead?.(r);
    } else if (was > 0) {
      this.stepDown();
    }
  }

  private stepDown(): void {
    if (this.fence === 0) return;
    this.fence = 0;
    this.validUntil = 0;
    this.options.onStepDown?.('lost');
  }
}
