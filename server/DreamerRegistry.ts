/**
 * Who is dreaming tonight. A phone presents the id it keeps in localStorage; coming back within
 * the retention window (10 minutes) gives back the same dreamer — handle, role, colour — even across
 * a hub restart (the registry is persisted with the show). New dreamers get the least-used of the
 * story's four roles.
 */
import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { ROLES, balancedRole, type Role } from '../core/dreamers.ts';
import { DREAMER_ID } from '../core/protocol.ts';

/** How long a dreamer who left is remembered, ms. */
export const RETENTION_MS = 10 * 60_000;
/**
 * Default of how many dreamers are remembered at most (connected or departed). Past it the
 * dreamers who left longest ago are forgotten first, so fresh ids (a script reconnecting with a new
 * one each time) cannot grow the registry, and the state file, without bound.
 */
export const MAX_REMEMBERED = 20_000;

/** One dreamer. */
export interface DreamerRecord {
  readonly id: string;
  /** Small integer the frames carry (never reused within a registry's life). */
  readonly handle: number;
  readonly role: Role;
  /** Sockets currently connected as this dreamer (a phone may briefly hold two while reconnecting). */
  sockets: number;
  /** Hub time (ms) of the last connect or disconnect. */
  lastSeen: number;
}

const persistedSchema = z.strictObject({
  nextHandle: z.number().int().min(1),
  dreamers: z.array(
    z.strictObject({
      id: z.string().regex(DREAMER_ID),
      handle: z.number().int().min(1),
      role: z.enum(ROLES),
      lastSeen: z.number().finite(),
    }),
  ),
});
/** The registry as persisted in the state file. */
export type PersistedDreamers = z.infer<typeof persistedSchema>;

/** A new random dreamer id. */
export function newDreamerId(): string {
  return randomBytes(12).toString('base64url');
}

/** The registry of tonight's dreamers. */
export class DreamerRegistry {
  private readonly byId = new Map<string, DreamerRecord>();
  /** Dreamers with no socket, the one who left longest ago first. */
  private readonly departed = new Map<string, DreamerRecord>();
  private nextHandle = 1;
  private connectedCount = 0;
  /** Dreamers forgotten early to stay within the limit, since start. */
  evicted = 0;

  /**
   * @param retentionMs how long a dreamer who left is remembered, ms.
   * @param maxRemembered most dreamers remembered (≥ 1); connected dreamers are never forgotten,
   * so keep it above the number of places (`--max-dreamers`).
   */
  constructor(
    private readonly retentionMs = RETENTION_MS,
    readonly maxRemembered = MAX_REMEMBERED,
  ) {}

  /**
   * New dreamers' handles start here from now on (never lower than those given so far): an edge of
   * a cluster takes a range of its own, so two edges never give the same handle to two dreamers.
   * @param first an integer ≥ 1.
   */
  startHandlesAt(first: number): void {
    if (!Number.isInteger(first) || first < 1) throw new RangeError(`first handle ${first}`);
    this.nextHandle = Math.max(this.nextHandle, first);
  }

  /** Phones connected now (dreamers with at least one socket). */
  get connected(): number {
    return this.connectedCount;
  }

  /**
   * A phone arrives.
   * @param presentedId the id from the phone's localStorage, if any (already validated).
   * @param now hub time, ms.
   * @returns the dreamer (returning or new) and whether they were known.
   */
  join(presentedId: string | undefined, now: number): { dreamer: DreamerRecord; returning: boolean } {
    this.prune(now);
    const known = presentedId ? this.byId.get(presentedId) : undefined;
    if (known) {
      if (known.sockets === 0) {
        this.connectedCount++;
        this.departed.delete(known.id);
      }
      known.sockets++;
      known.lastSeen = now;
      return { dreamer: known, returning: true };
    }
    // Room for the newcomer: the dreamer who left longest ago is forgotten first.
    while (this.byId.size >= this.maxRemembered && this.forgetOldestDeparted()) this.evicted++;
    const id = presentedId ?? newDreamerId();
    const dreamer: DreamerRecord = { id, handle: this.nextHandle++, role: balancedRole(this.roleCounts()), sockets: 1, lastSeen: now };
    this.byId.set(id, dreamer);
    this.connectedCount++;
    return { dreamer, returning: false };
  }

  /**
   * Remembers a dreamer known elsewhere (another edge of the cluster, through Redis), as one who
   * left just now, so the phone presenting this id gets them back. A dreamer already known here is
   * left as is. @param handle ≥ 1; @param now hub time, ms.
   */
  remember(id: string, handle: number, role: Role, now: number): void {
    if (this.byId.has(id)) return;
    while (this.byId.size >= this.maxRemembered && this.forgetOldestDeparted()) this.evicted++;
    const dreamer: DreamerRecord = { id, handle, role, sockets: 0, lastSeen: now };
    this.byId.set(id, dreamer);
    this.departed.set(id, dreamer);
  }

  /** A phone's socket closed. */
  leave(id: string, now: number): void {
    const d = this.byId.get(id);
    if (!d || d.sockets === 0) return;
    d.sockets--;
    d.lastSeen = now;
    if (d.sockets === 0) {
      this.connectedCount--;
      this.departed.set(id, d);
    }
  }

  /** Forgets dreamers gone longer than the retention window. */
  prune(now: number): void {
    // Oldest departure first: the walk stops at the first dreamer still within the window.
    for (const [id, d] of this.departed) {
      if (now - d.lastSeen <= this.retentionMs) break;
      this.departed.delete(id);
      this.byId.delete(id);
    }
  }

  /** @returns false when every remembered dreamer is connected (nobody can be forgotten). */
  private forgetOldestDeparted(): boolean {
    const oldest = this.departed.keys().next();
    if (oldest.done) return false;
    this.departed.delete(oldest.value);
    this.byId.delete(oldest.value);
    return true;
  }

  /** @returns the dreamer with this id, if remembered. */
  get(id: string): DreamerRecord | undefined {
    return this.byId.get(id);
  }

  /** Dreamers remembered (connected or within retention). */
  get size(): number {
    return this.byId.size;
  }

  private roleCounts(): Record<Role, number> {
    const counts: Record<Role, number> = { lyra: 0, remy: 0, tara: 0, brian: 0 };
    for (const d of this.byId.values()) counts[d.role]++;
    return counts;
  }

  /** The registry as plain data for the state file (sockets are not persisted: after a restart nobody is connected yet). */
  toJSON(): PersistedDreamers {
    return {
      nextHandle: this.nextHandle,
      dreamers: [...this.byId.values()].map((d) => ({ id: d.id, handle: d.handle, role: d.role, lastSeen: d.lastSeen })),
    };
  }

  /**
   * Restores a persisted registry. Dreamers who were connected when the hub stopped count as just
   * seen, so their phones get the same dreamer back when they reconnect.
   * @returns the registry, or an error sentence when the data is invalid.
   */
  static restore(data: unknown, now: number, retentionMs = RETENTION_MS, maxRemembered = MAX_REMEMBERED): { ok: true; registry: DreamerRegistry } | { ok: false; error: string } {
    const parsed = persistedSchema.safeParse(data);
    if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'invalid dreamers' };
    const registry = new DreamerRegistry(retentionMs, maxRemembered);
    let maxHandle = 0;
    for (const d of parsed.data.dreamers) maxHandle = Math.max(maxHandle, d.handle);
    // Oldest first, so the departure order is right; a file over the limit keeps its newest.
    const dreamers = [...parsed.data.dreamers].sort((a, b) => a.lastSeen - b.lastSeen).slice(-maxRemembered);
    for (const d of dreamers) {
      if (registry.byId.has(d.id)) continue;
      const record: DreamerRecord = { id: d.id, handle: d.handle, role: d.role, sockets: 0, lastSeen: Math.max(d.lastSeen, now - retentionMs / 2) };
      registry.byId.set(d.id, record);
      registry.departed.set(d.id, record);
    }
    registry.nextHandle = Math.max(parsed.data.nextHandle, maxHandle + 1);
    return { ok: true, registry };
  }
}
