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
 *
 * Folds are the exception: they go by plain PUBLISH on a channel of their own that only leaders
 * subscribe to. Through the adapter every process would receive and decode every edge's folds —
 * each edge paying for the whole crowd's gestures, which grows with the number of edges (measured
 * with `bench/cluster`: the adapter's decoder in every edge's CPU profile).
 */
import { Redis } from 'ioredis';
import { Server, type Namespace } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { CommandMessage, FoldMessage, LeaderMessage } from './clusterWire.ts';

/** Events on the bus. Payloads are `unknown` on arrival (checked by the receiver). */
export interface BusEvents {
  fold: (m: FoldMessage) => void;
  leader: (m: LeaderMessage) => void;
  command: (m: CommandMessage) => void;
  /** An edge's census, signed as a command is (its body: `CensusBody`). */
  census: (m: CommandMessage) => void;
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
  /** Folds' own connections, opened on first use: a publisher (edges) and a subscriber (leaders). */
  private foldOut: Redis | undefined;
  private foldIn: Redis | undefined;
  private readonly foldChannel: string;

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
    this.foldChannel = `${prefix}:fold`;
    this.url = url;
    this.onError = onError;
  }

  private readonly url: string;
  private readonly onError: ((err: Error) => void) | undefined;

  /** Whether Redis is connected now (while it is not, senders drop and count instead of queueing without bound). */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  /** Sends to every other process of the cluster (a fold: to the leaders only). */
  send<E extends keyof BusEvents>(event: E, message: Parameters<BusEvents[E]>[0]): void {
    if (event === 'fold') {
      void this.publishFold(message);
      return;
    }
    this.nsp.serverSideEmit(event, message);
  }

  /**
   * Publishes a fold to the leaders. @returns how many leader processes heard it (0: none was
   * subscribed — Redis just came back and they have not subscribed again yet — or Redis is away).
   */
  async publishFold(message: unknown): Promise<number> {
    this.foldOut ??= clusterRedis(this.url, this.onError);
    try {
      return await this.foldOut.publish(this.foldChannel, JSON.stringify(message));
    } catch {
      return 0;
    }
  }

  /** Listens for an event (the payload is unchecked: see clusterWire; a fold that is not JSON arrives as `undefined`). */
  on(event: keyof BusEvents, listener: (raw: unknown) => void): void {
    if (event === 'fold') {
      if (!this.foldIn) {
        // A subscribed connection does nothing else; ioredis subscribes again after a reconnect.
        this.foldIn = new Redis(this.url, { retryStrategy: REDIS_OPTIONS.retryStrategy, maxRetriesPerRequest: null });
        this.foldIn.on('error', (err: Error) => this.onError?.(err));
        this.foldIn.subscribe(this.foldChannel).catch(() => undefined);
      }
      this.foldIn.on('message', (channel: string, text: string) => {
        if (channel !== this.foldChannel) return;
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          raw = undefined;
        }
        listener(raw);
      });
      return;
    }
    this.nsp.on(event, listener);
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    // The bus has no HTTP engine, so socket.io's own close (which ends the engine too) does not apply.
    this.nsp.removeAllListeners();
    await this.nsp.adapter.close();
    this.redis.disconnect();
    this.foldOut?.disconnect();
    this.foldIn?.disconnect();
  }
}
