/**
 * A slow network link for tests: a TCP relay on 127.0.0.1:0 that holds every chunk for a fixed
 * time in each direction before passing it on (order kept), like a wall on a far access point.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A running slow link. */
export interface SlowLink {
  /** `http://127.0.0.1:PORT`: the hub, reached through the link. */
  url: string;
  close(): Promise<void>;
}

/**
 * Opens a slow link to `target` (`http://127.0.0.1:PORT`), or to what `target()` names when a
 * connection arrives (so the link can exist before the hub it leads to, which must allow its origin).
 * @param delayMs added to each direction, ms (a round trip gains twice this).
 */
export async function openSlowLink(target: string | (() => string), delayMs: number): Promise<SlowLink> {
  const sockets = new Set<Socket>();
  const hold = (from: Socket, to: Socket): void => {
    from.on('data', (chunk: Buffer) => {
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, delayMs);
    });
    from.on('end', () => setTimeout(() => to.end(), delayMs));
    from.on('error', () => to.destroy());
    from.on('close', () => setTimeout(() => to.destroy(), delayMs));
  };
  const server: Server = createServer((client) => {
    const { hostname, port } = new URL(typeof target === 'string' ? target : target());
    const upstream = connect(Number(port), hostname);
    sockets.add(client).add(upstream);
    client.on('close', () => sockets.delete(client));
    upstream.on('close', () => sockets.delete(upstream));
    hold(client, upstream);
    hold(upstream, client);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port: own } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${own}`,
    close: () =>
      new Promise<void>((done) => {
        for (const s of sockets) s.destroy();
        server.close(() => done());
      }),
  };
}
