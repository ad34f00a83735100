/**
 * The cluster's talk between processes: socket.io's own Redis Streams adapter
 * (`@socket.io/redis-streams-adapter`; `bench/cluster/adapterBench.ts` measured it level with the
 * sharded PUB/SUB adapter here, and it is the one documented to ride out a Redis blip for
 * broadcasts). The bus's messages are server-side emits, which either adapter sends by PUBLISH:
 * ephemeral on purpose (a frame is superseded a tick later; what cannot be sent while Redis is away
 * is dropped and counted, see `ready`). The bus is a socket.io server of its own with no listener: the hub's public
 * server keeps its in-memory adapter, so nothing a hub broadcasts to its own sockets leaks to the
 * other processes by accident; only what is said on this bus travels, and every message is checked
 * on arrival (`clusterWire.ts`).
 */
import { Redis } from 'ioredis';
import { Server, type Namespace } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { CensusMessage, CommandMessage, FoldMessage, LeaderMessage } from './clusterWire.ts';

/** Events on the bus. Payloads are `unknown` on arrival (checked by the receiver). */
export interface BusEvents {
  fold: (m: FoldMessage) => void;
  leader: (m: LeaderMessage) => void;
  command: (m: CommandMessage) => void;
  census: (m: CensusMessage) => void;
}

/** Redis connection options every cluster connection uses: commands time out instead of waiting out a dead Redis. */
export const REDIS_OPTIONS = {
  commandTimeout: 1000,
  maxRetriesPerRequest: 1,
  // Reconnect quickly and forever: Redis coming back must be noticed within a second.
  retryStrategy: (times: number) => Math.min(1000, 50 * times),
  enableAutoPipelining: true,
} as const;

/** Opens a Redis connection for the cluster (errors are counted by the caller's health, not thrown). */
export function clusterRedis(url: string, onError?: (err: Error) => void): Redis {
  const r = new Redis(url, REDIS_OPTIONS);
  r.on('error', (err: Error) => onError?.(err));
  return r;
}

/** The bus between one cluster's processes. */
export class ClusterBus {
  private readonly io: Server;
  /** Namespace whose server-side events carry the cluster's messages. */
  readonly nsp: Namespace;
  private readonly redis: Redis;

  /**
   * @param url Redis URL; @param prefix the cluster's key prefix (several shows may share one Redis).
   */
  constructor(url: string, prefix: string, onError?: (err: Error) => void) {
    // The adapter blocks on XREAD: it needs a connection of its own (no command timeout).
    this.redis = new Redis(url, { retryStrategy: REDIS_OPTIONS.retryStrategy, maxRetriesPerRequest: null });
    this.redis.on('error', (err: Error) => onError?.(err));
    this.io = new Server({
      adapter: createAdapter(this.redis, { streamName: `${prefix}:bus`, channelPrefix: `${prefix}:bus`, maxLen: 2000, blockTimeInMs: 1000 }),
    });
    this.nsp = this.io.of('/');
  }

  /** Whether Redis is connected now (while it is not, senders drop and count instead of queueing without bound). */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** Sends to every other process of the cluster. */
  send<E extends keyof BusEvents>(event: E, message: Parameters<BusEvents[E]>[0]): void {
    this.nsp.serverSideEmit(event, message);
  }

  /** Listens for an event (the payload is unchecked: see clusterWire). */
  on(event: keyof BusEvents, listener: (raw: unknown) => void): void {
    this.nsp.on(event, listener);
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    // The bus has no HTTP engine, so socket.io's own close (which ends the engine too) does not apply.
    this.nsp.removeAllListeners();
    await this.nsp.adapter.close();
    this.redis.disconnect();
  }
}
