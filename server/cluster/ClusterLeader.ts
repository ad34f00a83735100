/**
 * A hub run as the show's leader (`--role leader`): it contends for the lease, and while it holds it
 * it runs the engine, the clock and the presets, takes the edges' folded gestures and signed
 * commands, and sends every frame, batch, phase change and status over the bus under its fence.
 * Twice a second it keeps the show's state in Redis (a fenced write: a leader that lost the lease
 * cannot overwrite its successor's state); a standby that takes the lease resumes from there.
 */
import type { Redis } from 'ioredis';
import { isAudienceGesture } from '../../core/gestureCheck.ts';
import { toSnapshot, fromSnapshot } from '../../core/arc/snapshot.ts';
import type { RoleIndex } from '../../core/dreamers.ts';
import type { OperatorStatus, PhaseInfo, WireFrame, WireGestureBatch } from '../../core/protocol.ts';
import type { HubContext } from '../HubContext.ts';
import type { ClockDrive } from '../ShowClock.ts';
import { STATE_FILE_VERSION, parseStateDocument, type HubStateFile } from '../stateFile.ts';
import { resnapshotDisplays } from '../displays.ts';
import { runOperatorCommand } from '../operatorCommands.ts';
import { LeaderLease } from './LeaderLease.ts';
import type { ClusterBus } from './ClusterBus.ts';
import { censusBodySchema, commandMessageSchema, foldMessageSchema, leaderMessageSchema, verifyCommand, type CensusBody, type LeaderKind, type RefusedCounts } from './clusterWire.ts';
import { recordWithoutUndefined } from './plainData.ts';

/** An edge's census counts in the status this long after it arrived, ms (edges send one a second). */
export const CENSUS_FRESH_MS = 3000;
/** Most edges whose censuses the leader keeps (a flood of made-up edge names cannot grow it). */
const MAX_CENSUS_EDGES = 1000;

/** How often the leader keeps the show in Redis and tells the edges, ms. */
export const STATE_EVERY_MS = 500;

/** Writes the show state only while the fence is still the writer's. KEYS: fence, show. ARGV: fence, state. */
const FENCED_SET = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[2], ARGV[2])
  return 1
end
return 0`;

const ROLE_INDEXES: readonly RoleIndex[] = [0, 1, 2, 3];

/** Options of {@link ClusterLeader}. */
export interface ClusterLeaderOptions {
  redis: Redis;
  bus: ClusterBus;
  prefix: string;
  ttlMs?: number;
  refused: RefusedCounts;
}

/** The leader's side of the cluster. */
export class ClusterLeader {
  readonly lease: LeaderLease;
  /** The fence whose show state has been loaded (the clock waits for it after each new lease). */
  private resumedFence = 0;
  private stateTimer: NodeJS.Timeout | undefined;
  /** Commands taken from each edge, newest id: a replayed command is refused. */
  private readonly lastCommand = new Map<string, number>();
  /** Folds and gestures taken from the edges since start. */
  folds = 0;
  gestures = 0;
  /** Messages for the edges not sent because Redis was away. */
  unsent = 0;
  /** Times this process took the lease, and stepped down. */
  leads = 0;
  stepDowns = 0;
  /** Each edge's newest census and when it arrived (Date.now ms). */
  private readonly censuses = new Map<string, { m: CensusBody; at: number }>();

  constructor(
    private readonly ctx: HubContext,
    private readonly options: ClusterLeaderOptions,
  ) {
    this.lease = new LeaderLease({
      redis: options.redis,
      prefix: options.prefix,
      ttlMs: options.ttlMs,
      onLead: (fence) => void this.resume(fence),
      onStepDown: (reason) => {
        this.stepDowns++;
        this.resumedFence = 0;
        ctx.log.warn({ reason }, 'cluster: stepped down as show leader');
      },
    });
  }

  /** Redis key of the show state. */
  get showKey(): string {
    return `${this.options.prefix}:show`;
  }

  /**
   * The show clock's drive: ticks while this process leads with its state loaded — also while Redis
   * is away (nobody can take the lease meanwhile, and the show must not stop); it sends only while
   * its lease is good by its own clock and Redis is there.
   */
  readonly drive: ClockDrive = {
    mayTick: () => this.lease.leading && this.resumedFence === this.lease.fence,
    frame: (wire: WireFrame) => this.send('frame', wire),
    batch: (wire: WireGestureBatch) => this.send('gestures', wire),
    phase: (info: PhaseInfo) => this.send('phase', info),
    status: (own: OperatorStatus) => {
      const status = this.wholeShow(own, Date.now());
      this.ctx.operator.emit('status', status);
      this.send('status', status);
    },
  };

  /** Starts contending, listening and keeping the state. */
  start(): void {
    const { bus } = this.options;
    bus.on('fold', (raw) => this.onFold(raw));
    bus.on('command', (raw) => void this.onCommand(raw));
    bus.on('census', (raw) => this.onCensus(raw));
    // Another leader's message under a newer fence means this one lost: step down at once, once
    // Redis confirms that fence was given out (a forged fence must not silence the real leader).
    bus.on('leader', (raw) => {
      const m = leaderMessageSchema.safeParse(raw);
      if (!m.success) {
        this.options.refused.shape++;
        return;
      }
      const fence = m.data.fence;
      if (fence <= this.lease.fence || this.lease.fence === 0) return;
      void this.options.redis.get(this.lease.fenceKeyName).then(
        (issued) => {
          if (issued !== null && Number(issued) >= fence) this.lease.saw(fence);
          else this.options.refused.fence++;
        },
        () => undefined,
      );
    });
    this.lease.start();
    this.stateTimer = setInterval(() => void this.keepState(), STATE_EVERY_MS);
    this.stateTimer.unref();
  }

  /** Stops: the lease is given back, so a standby leads at once. */
  async stop(): Promise<void> {
    clearInterval(this.stateTimer);
    if (this.lease.mayDrive) await this.keepState();
    await this.lease.stop();
  }

  private send(kind: LeaderKind, body: object, to?: { edge: string; id: number }): void {
    if (!this.lease.mayDrive) return;
    if (!this.options.bus.ready) {
      this.unsent++;
      return;
    }
    this.options.bus.send('leader', { fence: this.lease.fence, kind, body: recordWithoutUndefined(body), ...(to ? { to } : {}) });
  }

  private onCensus(raw: unknown): void {
    const { refused } = this.options;
    const signed = commandMessageSchema.safeParse(raw);
    if (!signed.success) {
      refused.shape++;
      return;
    }
    if (!verifyCommand(this.ctx.token, signed.data, Date.now())) {
      refused.signature++;
      return;
    }
    const body = censusBodySchema.safeParse(signed.data.cmd);
    const edge = signed.data.edge;
    if (!body.success || (!this.censuses.has(edge) && this.censuses.size >= MAX_CENSUS_EDGES)) {
      refused.shape++;
      return;
    }
    this.censuses.set(edge, { m: body.data, at: Date.now() });
  }

  /** The status with every edge's phones and walls added to this process's own (stale censuses are dropped). */
  private wholeShow(own: OperatorStatus, now: number): OperatorStatus {
    let phones = own.phones;
    const displays = [...own.displays];
    for (const [edge, c] of this.censuses) {
      if (now - c.at > CENSUS_FRESH_MS) {
        this.censuses.delete(edge);
        continue;
      }
      phones += c.m.phones;
      for (const d of c.m.displays) displays.push(d);
    }
    return { ...own, phones, displays };
  }

  /** The show as kept in Redis (the state file's own format). */
  private stateDocument(): HubStateFile {
    const { runtime, registry } = this.ctx;
    return { v: STATE_FILE_VERSION, savedAt: Date.now(), preset: runtime.preset.name, show: toSnapshot(runtime.state), dreamers: registry.toJSON(), flags: runtime.flags };
  }

  private async keepState(): Promise<void> {
    if (!this.drive.mayTick() || !this.lease.mayDrive) return;
    const doc = this.stateDocument();
    this.send('state', doc);
    try {
      const ok = Number(await this.options.redis.eval(FENCED_SET, 2, this.lease.fenceKeyName, this.showKey, String(this.lease.fence), JSON.stringify(doc)));
      // The fence moved on: another leader holds the show now.
      if (ok !== 1) this.lease.saw(this.lease.fence + 1);
    } catch {
      // Redis away: the show plays on here; the state goes to Redis again when it is back.
    }
  }

  /** A new lease: take the show from where the last leader kept it, then drive. */
  private async resume(fence: number): Promise<void> {
    this.leads++;
    const { ctx } = this;
    try {
      const raw = await this.options.redis.get(this.showKey);
      const doc = raw ? parseStateDocument(JSON.parse(raw)) : undefined;
      if (doc) {
        const preset = ctx.show.presets.get(doc.preset) ?? ctx.runtime.preset;
        const show = fromSnapshot(doc.show, preset);
        if (show.ok) {
          ctx.runtime.restartFrom(preset, show.state, doc.flags);
          resnapshotDisplays(ctx);
        }
        ctx.log.info({ fence, phase: ctx.runtime.phase, savedAt: doc.savedAt }, 'cluster: leading the show, resumed from the state kept in Redis');
      } else {
        ctx.log.info({ fence }, 'cluster: leading the show (no state in Redis: this show starts here)');
      }
    } catch (err) {
      ctx.log.warn({ fence, err: (err as Error).message }, 'cluster: leading the show; the state in Redis could not be read, playing on from here');
    }
    if (this.lease.fence === fence) this.resumedFence = fence;
  }

  private onFold(raw: unknown): void {
    if (!this.drive.mayTick()) return; // a standby: the leader takes it
    const m = foldMessageSchema.safeParse(raw);
    if (!m.success) {
      this.options.refused.shape++;
      return;
    }
    const { ctx } = this;
    let bad = 0;
    for (const [handle, role, g] of m.data.g) {
      // The edge checked it; the bus is not trusted, so it is checked again (the same fast check).
      if (!isAudienceGesture(g)) {
        bad++;
        continue;
      }
      ctx.runtime.addGesture(g, handle, ROLE_INDEXES[role]);
    }
    if (bad > 0) this.options.refused.shape++;
    this.folds++;
    this.gestures += m.data.g.length - bad;
    ctx.gestureTaken();
  }

  private async onCommand(raw: unknown): Promise<void> {
    if (!this.drive.mayTick()) return;
    const m = commandMessageSchema.safeParse(raw);
    if (!m.success) {
      this.options.refused.shape++;
      return;
    }
    const last = this.lastCommand.get(m.data.edge);
    if (!verifyCommand(this.ctx.token, m.data, Date.now()) || (last !== undefined && m.data.id <= last)) {
      this.options.refused.signature++;
      this.ctx.log.warn({ edge: m.data.edge, id: m.data.id }, 'cluster: a command with a bad or old signature refused');
      return;
    }
    this.lastCommand.set(m.data.edge, m.data.id);
    const result = await runOperatorCommand(this.ctx.show, m.data.cmd, `operator via ${m.data.edge}`);
    this.send('result', result, { edge: m.data.edge, id: m.data.id });
  }
}
