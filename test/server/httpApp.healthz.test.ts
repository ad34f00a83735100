/**
 * `/healthz` from elsewhere says alive or not and nothing more; the hub's own machine and a
 * logged-in console get the details. The app is served for real (port 0); "elsewhere" is the app
 * told that no address is local, since tests stay on loopback.
 */
import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server } from 'node:http';
import { createHttpApp, isLoopbackAddress, livenessOf } from '../../server/httpApp.ts';
import { createLogger } from '../../server/log.ts';
import { io as connect } from 'socket.io-client';
import { connectOperator, startHub, teardown } from '../helpers/hub.ts';
import { NAMESPACES, PROTOCOL_VERSION } from '../../core/protocol.ts';

const servers: Server[] = [];
afterEach(async () => {
  await teardown();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

const DETAILS = { ok: true, uptime: 12, rss: 1e8, version: '1.2.3', phones: 40, displays: 2, phase: 'nightmare', preset: 'late-night', protocol: 4, dropped: { rateLimited: 3 } };

async function serve(isLocal: (a: string | undefined) => boolean, health: unknown = DETAILS): Promise<string> {
  const app = createHttpApp({ staticDir: '/nonexistent', log: createLogger('silent'), hooks: { health: () => health, preset: () => ({}), qrSvg: async () => '<svg/>' }, isLocal });
  const server = createServer(app);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

describe('/healthz', () => {
  it('tells another machine only whether the hub is alive', async () => {
    const url = await serve(() => false);
    const res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const sick = await serve(() => false, { ...DETAILS, ok: false });
    expect(await (await fetch(`${sick}/healthz`)).json()).toEqual({ ok: false });
  });

  it('gives the hub\'s own machine the details', async () => {
    const url = await serve(isLoopbackAddress);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual(DETAILS);
  });

  it('knows loopback from the rest', () => {
    for (const a of ['127.0.0.1', '127.1.0.9', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a), a).toBe(true);
    for (const a of [undefined, '', '10.0.0.2', '192.168.1.20', '::ffff:192.168.1.20', 'fe80::1', '128.0.0.1', '127.0.0.1.evil']) expect(isLoopbackAddress(a), String(a)).toBe(false);
    expect(livenessOf(null)).toEqual({ ok: false });
    expect(livenessOf({ ok: 'yes' })).toEqual({ ok: false });
  });

  it('a logged-in console gets the details over its socket; one that has not logged in gets cut off', async () => {
    const hub = await startHub({ stateFile: null });
    const op = await connectOperator(hub);
    const details = await new Promise<Record<string, unknown>>((done) => op.emit('health', {}, (h) => done(h as Record<string, unknown>)));
    expect(details).toMatchObject({ ok: true, phones: 0, phase: 'serene' });
    expect(details.version).toEqual(expect.any(String));

    // A stranger that takes its challenge and asks at once, without answering it.
    const stranger = connect(hub.url + NAMESPACES.operator, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((done) => stranger.once('challenge', () => done()));
    let answered = false;
    stranger.emit('health', {}, () => (answered = true));
    await new Promise<void>((done) => (stranger.disconnected ? done() : stranger.once('disconnect', () => done())));
    expect(answered).toBe(false);
    stranger.close();
  });
});
