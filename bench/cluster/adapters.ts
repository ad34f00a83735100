/** The two socket.io Redis adapters the cluster could ride on, made the same way for the bench. */
import { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import { createAdapter as createPubSubAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';

/** `streams`: @socket.io/redis-streams-adapter; `pubsub`: @socket.io/redis-adapter (sharded PUB/SUB). */
export type AdapterKind = 'streams' | 'pubsub';

/** An adapter factory and the connections it uses (to close them). */
export function clusterAdapter(url: string, kind: AdapterKind): { adapter: ServerOptions['adapter']; clients: Redis[] } {
  if (kind === 'streams') {
    const c = new Redis(url);
    c.on('error', () => undefined);
    return { adapter: createStreamsAdapter(c), clients: [c] };
  }
  const pub = new Redis(url);
  const sub = pub.duplicate();
  pub.on('error', () => undefined);
  sub.on('error', () => undefined);
  return { adapter: createPubSubAdapter(pub, sub, { publishOnSpecificResponseChannel: true }), clients: [pub, sub] };
}
