/**
 * A hub's place in a cluster (`--redis URL --role leader|edge`): its Redis connection, the bus, and
 * the leader's or the edge's side. Without `--redis` none of this exists and the hub is the single
 * process it always was.
 */
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { HubContext } from '../HubContext.ts';
import type { ClockDrive } from '../ShowClock.ts';
import { ClusterBus, clusterRedis } from './ClusterBus.ts';
import { ClusterLeader } from './ClusterLeader.ts';
import { ClusterEdge, type EdgeSockets } from './ClusterEdge.ts';
import { noRefusals, type RefusedCounts } from './clusterWire.ts';

/** A cluster process's role. */
export type ClusterRole = 'leader' | 'edge';

/** How a hub joins a cluster. */
export interface ClusterOptions {
  /** Redis URL, e.g. `redis://127.0.0.1:6379`. */
  redis: string;
  role: ClusterRole;
  /** Key prefix (several shows may share one Redis); default `dreamscape`. */
  prefix?: string;
  /** The leader's lease time, ms (default 1,200). */
  leaseMs?: number;
}

/** What /healthz says about the cluster. */
export interface ClusterHealth {
  role: ClusterRole;
  name: string;
  redis: 'up' | 'down';
  /** Leader: its fence while leading (0: standby). Edge: the newest leader fence it passes. */
  fence: number;
  leading?: boolean;
  refused: RefusedCounts;
  /** Leader: folds and gestures taken; edge: folds sent, gestures folded, dropped, messages relayed. */
  folds: number;
  gestures: number;
  relayed?: number;
  foldDropped?: number;
  /** Edge: gestures lost while Redis was away; leader: messages not sent meanwhile. */
  lostWhileRedisAway: number;
  /** Leader: times it took the lease, and stepped down. */
  leads?: number;
  stepDowns?: number;
}

/** A running cluster role. */
export interface ClusterMember {
  drive: ClockDrive;
  leader?: ClusterLeader;
  edge?: ClusterEdge;
  start(): Promise<void>;
  health(): ClusterHealth;
  close(): Promise<void>;
}

/** Joins the cluster (nothing is sent before `start`). */
export function joinCluster(ctx: HubContext, options: ClusterOptions, sockets: EdgeSockets, tickHz: number): ClusterMember {
  const prefix = options.prefix ?? 'dreamscape';
  const name = `${hostname().replace(/[^A-Za-z0-9_-]/g, '').slice(0, 40) || 'hub'}-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  let redisUp = false;
  const onError = (err: Error): void => {
    if (redisUp) ctx.log.warn({ err: err.message }, 'cluster: Redis unreachable (the show plays on; reconnecting)');
    redisUp = false;
  };
  const redis: Redis = clusterRedis(options.redis, onError);
  redis.on('ready', () => {
    redisUp = true;
  });
  const bus = new ClusterBus(options.redis, prefix, onError);
  const refused = noRefusals();
  const leader = options.role === 'leader' ? new ClusterLeader(ctx, { redis, bus, prefix, ttlMs: options.leaseMs, refused }) : undefined;
  const edge = options.role === 'edge' ? new ClusterEdge(ctx, { redis, bus, prefix, name, tickHz, refused, sockets }) : undefined;
  if (edge) {
    ctx.show.routeTo({ takeGesture: (g, handle, role) => edge.takeGesture(g, handle, role), command: (raw) => edge.command(raw) });
    ctx.findDreamer = (id) => edge.findDreamer(id);
    ctx.dreamerSeen = (d) => edge.dreamerSeen(d);
  }
  const member = leader ?? edge;
  if (!member) throw new RangeError(`cluster role ${String(options.role)}`);
  const drive = member.drive;
  return {
    drive,
    leader,
    edge,
    async start() {
      if (leader) leader.start();
      if (edge) await edge.start();
      ctx.log.info({ role: options.role, name, prefix }, 'cluster: joined');
    },
    health: () => ({
      role: options.role,
      name,
      redis: redisUp ? 'up' : 'down',
      fence: leader ? leader.lease.fence : (edge?.gate.current ?? 0),
      ...(leader ? { leading: leader.drive.mayTick(), leads: leader.leads, stepDowns: leader.stepDowns } : {}),
      lostWhileRedisAway: leader ? leader.unsent : (edge?.gesturesLost ?? 0),
      refused,
      folds: leader ? leader.folds : (edge?.fold.folds ?? 0),
      gestures: leader ? leader.gestures : (edge?.fold.gestures ?? 0),
      ...(edge ? { relayed: edge.relayed, foldDropped: edge.fold.dropped } : {}),
    }),
    async close() {
      edge?.stop();
      await leader?.stop();
      await bus.close();
      redis.disconnect();
    },
  };
}
