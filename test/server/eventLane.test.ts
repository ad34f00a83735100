import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Server, type Socket } from 'socket.io';
import { io as connect, Manager, type Socket as ClientSocket } from 'socket.io-client';
import { takePlainEventsOnArrival } from '../../server/eventLane.ts';

/** A real socket.io server on 127.0.0.1:0 whose `/lane` sockets take plain events by the lane. */
async function laneServer(): Promise<{ url: string; io: Server; http: HttpServer; lane: unknown[][]; dispatched: unknown[][]; installed: boolean[] }> {
  const http = createServer();
  const io = new Server(http, { transports: ['websocket'] });
  const lane: unknown[][] = [];
  const dispatched: unknown[][] = [];
  const installed: boolean[] = [];
  io.of('/lane').on('connection', (socket: Socket) => {
    installed.push(takePlainEventsOnArrival(socket, (event) => lane.push(event)));
    socket.onAny((...args: unknown[]) => dispatched.push(args.filter((a) => typeof a !== 'function')));
    socket.on('ask', (_payload: unknown, reply: unknown) => {
      if (typeof reply === 'function') (reply as (v: string) => void)('answered');
    });
  });
  io.of('/other').on('connection', (socket: Socket) => {
    socket.onAny((...args: unknown[]) => dispatched.push(['other', ...args]));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const { port } = http.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, io, http, lane, dispatched, installed };
}

const until = async (check: () => boolean, ms = 3000): Promise<void> => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

let closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
});

async function start(): Promise<Awaited<ReturnType<typeof laneServer>>> {
  const s = await laneServer();
  closers.push(() => new Promise<void>((r) => s.io.close(() => r())));
  return s;
}

function client(url: string, nsp: string, manager?: Manager): ClientSocket {
  const c = manager ? manager.socket(nsp) : connect(`${url}${nsp}`, { transports: ['websocket'], reconnection: false });
  if (manager) c.connect();
  closers.push(() => void c.disconnect());
  return c;
}

/** `/lane` and `/other` joined over one engine.io connection. */
async function bothOnOneConnection(url: string): Promise<{ manager: Manager; lane: ClientSocket; other: ClientSocket }> {
  const manager = new Manager(url, { transports: ['websocket'], reconnection: false, autoConnect: false });
  const lane = client(url, '/lane', manager);
  const other = client(url, '/other', manager);
  await until(() => lane.connected && other.connected);
  return { manager, lane, other };
}

describe('the short lane for plain events', () => {
  it('hands plain events over in order and never through socket.io dispatch; acknowledged ones still go the long way and are answered', async () => {
    const s = await start();
    const c = client(s.url, '/lane');
    await new Promise<void>((r) => c.on('connect', () => r()));
    for (let i = 0; i < 50; i++) c.emit('gesture', { kind: 'tap', i });
    const answer = await c.timeout(2000).emitWithAck('ask', 1);
    await until(() => s.lane.length === 50);
    expect(s.installed).toEqual([true]);
    expect(s.lane.map((e) => (e[1] as { i: number }).i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(s.lane[0]).toEqual(['gesture', { kind: 'tap', i: 0 }]);
    expect(answer).toBe('answered');
    // Only the acknowledged event reached socket.io's own listeners.
    expect(s.dispatched).toEqual([['ask', 1]]);
  });

  it('leaves another namespace on the same connection to socket.io', async () => {
    const s = await start();
    const { lane, other } = await bothOnOneConnection(s.url);
    other.emit('gesture', 'elsewhere');
    lane.emit('gesture', 'here');
    await until(() => s.lane.length === 1 && s.dispatched.length === 1);
    expect(s.lane).toEqual([['gesture', 'here']]);
    expect(s.dispatched).toEqual([['other', 'gesture', 'elsewhere']]);
  });

  it('passes a broken packet on to socket.io, which closes the connection as it always has', async () => {
    const s = await start();
    const c = client(s.url, '/lane');
    await new Promise<void>((r) => c.on('connect', () => r()));
    const gone = new Promise<string>((r) => c.on('disconnect', (reason) => r(reason)));
    // Bypass the client's encoder: a text packet for this namespace whose JSON is cut short.
    const engine = c.io.engine;
    engine.send('2/lane,["gesture",{"kind":');
    expect(await gone).toBe('transport close');
    expect(s.lane).toEqual([]);
  });

  it('hands over nothing for a socket that has left its namespace', async () => {
    const s = await start();
    const { manager, lane, other } = await bothOnOneConnection(s.url);
    const serverSide = [...s.io.of('/lane').sockets.values()][0]!;
    serverSide.disconnect();
    await until(() => !lane.connected);
    // The connection is still up for `/other`. A packet for `/lane` now is socket.io's to refuse:
    // it closes the connection, as for any packet to a namespace the client has not joined.
    const gone = new Promise<string>((r) => other.on('disconnect', (reason) => r(reason)));
    manager.engine.send('2/lane,["gesture","late"]');
    expect(await gone).toBe('transport close');
    expect(s.lane).toEqual([]);
  });
});
