/**
 * A hub run as an edge (`--role edge`): it takes phones, walls and consoles as a single hub does
 * (the same handshakes, checks and rate limits), but the show is the leader's. Its phones' gestures
 * go to the leader folded, one message per tick; the leader's frames, batches, phase news and status
 * come back over the bus and, past the fence gate, go to this edge's own sockets. Its copy of the
 * show (for a wall's snapshot, a phone's welcome) follows the state the leader sends twice a second.
 * A console's command is signed with the operator token and answered by the leader.
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { fromSnapshot } from '../../core/arc/snapshot.ts';
import type { AudienceGesture, CommandResult, OperatorStatus } from '../../core/protocol.ts';
import { ROLES, type RoleIndex } from '../../core/dreamers.ts';
import { RETENTION_MS, type DreamerRecord } from '../DreamerRegistry.ts';
import type { HubContext } from '../HubContext.ts';
import type { ClockDrive } from '../ShowClock.ts';
import { parseStateDocument } from '../stateFile.ts';
import { resnapshotDisplays } from '../displays.ts';
import type { ClusterBus } from './ClusterBus.ts';
import { FenceGate } from './FenceGate.ts';
import { GestureFold } from './GestureFold.ts';
import { MAX_CENSUS_WALLS, leaderMessageSchema, signCommand, type CensusBody, type LeaderMessage, type RefusedCounts } from './clusterWire.ts';

/** How long a console's command waits for the leader's answer, ms. */
export const COMMAND_ANSWER_MS = 5000;
/** Handles each edge start takes for its dreamers (2^20; 4,000 edge starts fit in the u32 walls read). */
export const HANDLES_PER_EDGE = 2 ** 20;

/** This edge's own sockets, untyped: what the leader sends is checked by the walls, phones and consoles themselves, as from a single hub. */
export interface EdgeSockets {
  display: Broadcaster;
  audience: Broadcaster;
  /** Logged-in consoles. */
  operator: Broadcaster;
}

/** Something that sends an event to a group of this edge's sockets. */
export interface Broadcaster {
  emit(event: string, body: unknown): unknown;
}

/** A dreamer as kept in Redis. */
const keptDreamerSchema = z.strictObject({ handle: z.number().int().min(1).max(2 ** 32 - 1), role: z.enum(ROLES) });

const resultSchema = z.union([
  z.strictObject({ ok: z.literal(true) }),
  z.strictObject({ ok: z.literal(false), error: z.string().max(2000), code: z.optional(z.enum(['exists', 'shipped'])) }),
]);

/** Options of {@link ClusterEdge}. */
export interface ClusterEdgeOptions {
  redis: Redis;
  bus: ClusterBus;
  prefix: string;
  /** This edge's name on the bus (unique per process). */
  name: string;
  tickHz: number;
  refused: RefusedCounts;
  sockets: EdgeSockets;
}

/** The edge's side of the cluster. */
export class ClusterEdge {
  readonly fold: GestureFold;
  readonly gate: FenceGate;
  private foldTimer: NodeJS.Timeout | undefined;
  private nextCommand = 0;
  /** Censuses sent (their ids). */
  private censuses = 0;
  private readonly answers = new Map<number, (r: CommandResult) => void>();
  /** Leader messages passed to this edge's sockets since start. */
  relayed = 0;
  /** Folds not sent because Redis was away, and the gestures in them (lost: the show has moved on when Redis is back). */
  foldsLost = 0;
  gesturesLost = 0;
  /** When the leader's state last arrived (Date.now ms; 0: never). */
  lastStateAt = 0;

  constructor(
    private readonly ctx: HubContext,
    private readonly options: ClusterEdgeOptions,
  ) {
    this.fold = new GestureFold(options.name);
    this.gate = new FenceGate(async () => {
      const v = await options.redis.get(`${options.prefix}:fence`);
      return v === null ? null : Number(v);
    });
  }

  /**
   * An edge never steps the show, and its consoles get the leader's status; its own status (once a
   * second) goes to the leader as this edge's census, for the whole show's counts.
   */
  readonly drive: ClockDrive = { mayTick: () => false, frame: () => {}, batch: () => {}, phase: () => {}, status: (s) => this.sendCensus(s) };

  private sendCensus(s: OperatorStatus): void {
    if (!this.options.bus.ready) return;
    // Each figure clamped to what the leader accepts: one wall's odd report must not void the census.
    const f = (v: number) => (Number.isFinite(v) ? Math.min(1e6, Math.max(0, v)) : 0);
    const displays = s.displays.slice(0, MAX_CENSUS_WALLS).map((d) => ({ id: d.id.slice(0, 64), view: d.view.slice(0, 64), fps: f(d.fps), frameMs: f(d.frameMs), quality: f(d.quality), particles: f(d.particles), trusted: d.trusted }));
    const body: CensusBody = { v: 1, phones: Math.min(1_000_000, s.phones), displays };
    this.options.bus.send('census', signCommand(this.ctx.token, this.options.name, this.censuses++, Date.now(), body));
  }

  /** Where this edge's phones' gestures go: the next fold. */
  takeGesture(g: AudienceGesture, handle: number, role: RoleIndex): void {
    this.fold.add(g, handle, role);
  }

  /** Sends a logged-in console's command to the leader, signed, and waits for its answer. */
  command(raw: unknown): Promise<CommandResult> {
    const id = this.nextCommand++;
    this.options.bus.send('command', signCommand(this.ctx.token, this.options.name, id, Date.now(), raw));
    return new Promise((done) => {
      const timer = setTimeout(() => {
        this.answers.delete(id);
        done({ ok: false, error: 'the show leader did not answer (is it running? see /healthz); try again' });
      }, COMMAND_ANSWER_MS);
      this.answers.set(id, (r) => {
        clearTimeout(timer);
        done(r);
      });
    });
  }

  /** Fetches a dreamer another edge knows into this edge's registry (never rejects: a Redis away means a new dreamer). */
  async findDreamer(id: string): Promise<void> {
    try {
      const raw = await this.options.redis.get(this.dreamerKey(id));
      if (raw === null) return;
      const d = keptDreamerSchema.safeParse(JSON.parse(raw));
      if (!d.success) {
        this.options.refused.shape++;
        return;
      }
      this.ctx.registry.remember(id, d.data.handle, d.data.role, Date.now());
    } catch {
      // Redis away or the record unreadable: the phone joins as a new dreamer.
    }
  }

  /** Keeps a dreamer in Redis for the retention window from now (any edge may see them next). */
  dreamerSeen(d: DreamerRecord): void {
    if (!this.options.bus.ready) return;
    this.options.redis.set(this.dreamerKey(d.id), JSON.stringify({ handle: d.handle, role: d.role }), 'PX', RETENTION_MS).catch(() => undefined);
  }

  private dreamerKey(id: string): string {
    return `${this.options.prefix}:dreamer:${id}`;
  }

  /** Takes a range of handles of its own, starts folding and listening. */
  async start(): Promise<void> {
    const { options, ctx } = this;
    const n = await options.redis.incr(`${options.prefix}:edges`);
    ctx.registry.startHandlesAt(((n - 1) % 4000) * HANDLES_PER_EDGE + 1);
    options.bus.on('leader', (raw) => this.onLeader(raw));
    this.foldTimer = setInterval(() => this.sendFold(), 1000 / options.tickHz);
  }

  /** Stops folding (what is waiting is sent once more). */
  stop(): void {
    clearInterval(this.foldTimer);
    this.sendFold();
  }

  private sendFold(): void {
    const m = this.fold.take();
    if (!m) return;
    if (!this.options.bus.ready) {
      this.foldsLost++;
      this.gesturesLost += m.g.length;
      return;
    }
    // A fold no leader heard (Redis back, the leaders not subscribed again yet) is lost like one not sent.
    void this.options.bus.publishFold(m).then((heard) => {
      if (heard > 0) return;
      this.foldsLost++;
      this.gesturesLost += m.g.length;
    });
  }

  private onLeader(raw: unknown): void {
    const parsed = leaderMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.options.refused.shape++;
      return;
    }
    const m = parsed.data;
    const pass = this.gate.pass(m.fence);
    if (pass === true) this.apply(m);
    else if (pass !== false) void pass.then((ok) => (ok ? this.apply(m) : this.refusedFence()));
    else this.refusedFence();
  }

  private refusedFence(): void {
    this.options.refused.fence++;
  }

  private apply(m: LeaderMessage): void {
    const { sockets } = this.options;
    this.relayed++;
    switch (m.kind) {
      case 'frame':
        sockets.display.emit('frame', m.body);
        break;
      case 'gestures':
        sockets.display.emit('gestures', m.body);
        break;
      case 'phase':
        sockets.audience.emit('phase', m.body);
        break;
      case 'status':
        sockets.operator.emit('status', m.body);
        break;
      case 'state':
        this.follow(m.body);
        break;
      case 'result':
        if (m.to?.edge === this.options.name) this.answer(m.to.id, m.body);
        break;
    }
  }

  /** Keeps this edge's copy of the show at the leader's (for snapshots and welcomes). */
  private follow(body: Record<string, unknown>): void {
    const doc = parseStateDocument(body);
    if (!doc) {
      this.options.refused.shape++;
      return;
    }
    const { ctx } = this;
    const preset = ctx.show.presets.get(doc.preset);
    if (!preset) return;
    const show = fromSnapshot(doc.show, preset);
    if (!show.ok) {
      this.options.refused.shape++;
      return;
    }
    const presetChanged = preset !== ctx.runtime.preset;
    ctx.runtime.restartFrom(preset, show.state, doc.flags);
    this.lastStateAt = Date.now();
    if (presetChanged) {
      resnapshotDisplays(ctx);
      ctx.audience.emit('phase', ctx.runtime.phaseInfo(Date.now()));
    }
  }

  private answer(id: number, body: Record<string, unknown>): void {
    const done = this.answers.get(id);
    if (!done) return;
    this.answers.delete(id);
    const r = resultSchema.safeParse(body);
    if (!r.success) this.options.refused.shape++;
    done(r.success ? r.data : { ok: false, error: 'the show leader\'s answer was unreadable' });
  }
}
