/**
 * kill -9 an edge behind haproxy (deploy's config, started by the test on free ports): its phones
 * come back through the balancer on the other edge within 5 s with their dreamer, and no gesture
 * sent after the reconnect is lost.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type FrameGesture, type Welcome } from '../../../core/protocol.ts';
import { haproxyConfig } from '../../../scripts/haproxyConfig.mjs';
import { freePort, startRedis, type RedisProcess } from '../../helpers/redis.ts';
import { spawnHub, type HubProcess } from '../../helpers/hubProcess.ts';
import { connectDisplay, onWallGestures, startHub, teardown } from '../../helpers/hub.ts';

const TOKEN = 'edgekill-test-token-2Hs8!';
let redis: RedisProcess;
const edges: HubProcess[] = [];
let balancer: ChildProcess | undefined;
let balancerUrl = '';
const sockets: Socket[] = [];

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
async function phonesOn(url: string): Promise<number> {
  try {
    return ((await (await fetch(`${url}/healthz`)).json()) as { phones: number }).phones;
  } catch {
    return -1;
  }
}

beforeAll(async () => {
  if (spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status !== 0) throw new Error('haproxy is not installed; the cluster tests need it: apt-get install -y haproxy');
  redis = await startRedis();
  await startHub({ token: TOKEN, stateFile: null, cluster: { redis: redis.url, role: 'leader' } });
  const args = ['--redis', redis.url, '--role', 'edge', `--token=${TOKEN}`, '--no-state'];
  edges.push(...(await Promise.all([spawnHub(args, 90_000), spawnHub(args, 90_000)])));
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'dreamscape-haproxy-'));
  const cfg = join(dir, 'haproxy.cfg');
  writeFileSync(
    cfg,
    haproxyConfig({ port, bind: '127.0.0.1', edges: edges.map((e, i) => ({ name: `edge${i + 1}`, host: '127.0.0.1', port: Number(new URL(e.url).port) })) }),
  );
  balancer = spawn('haproxy', ['-f', cfg, '-db'], { stdio: 'ignore' });
  balancerUrl = `http://127.0.0.1:${port}`;
  await until('the balancer answers', async () => (await phonesOn(balancerUrl)) >= 0);
  // Both edges up in haproxy's eyes (two good checks, 500 ms apart).
  await new Promise((r) => setTimeout(r, 1500));
}, 200_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  balancer?.kill('SIGKILL');
  try {
    for (const e of edges) await e.kill();
    await teardown();
  } finally {
    await redis?.kill();
  }
});

describe('an edge killed under a crowd', () => {
  it('brings its phones back through the balancer on the other edge within 5 s, with their dreamer', async () => {
    // A phone as the page makes it: presents its dreamer id on every (re)connection.
    let dreamer: string | undefined;
    const phone = connect(`${balancerUrl}/audience`, {
      auth: (cb) => cb({ v: PROTOCOL_VERSION, ...(dreamer ? { dreamer } : {}) }),
      transports: ['websocket'],
      reconnectionDelay: 250,
      reconnectionDelayMax: 2000,
      forceNew: true,
    });
    sockets.push(phone);
    const welcomes: { at: number; w: Welcome }[] = [];
    phone.on('welcome', (w: Welcome) => {
      dreamer = w.dreamer;
      welcomes.push({ at: Date.now(), w });
    });
    await until('the phone is welcomed', () => welcomes.length === 1);
    const counts = await Promise.all(edges.map((e) => phonesOn(e.url)));
    const doomed = counts[0] === 1 ? 0 : 1;
    expect(counts[doomed]).toBe(1);
    const survivor = edges[1 - doomed];
    const { socket: wall } = await connectDisplay({ url: survivor.url });

    await edges[doomed].kill();
    const killedAt = Date.now();
    await until('the phone is welcomed again', () => welcomes.length === 2, 10_000);
    const back = welcomes[1];
    expect(back.at - killedAt).toBeLessThan(5000);
    expect(back.w.dreamer).toBe(welcomes[0].w.dreamer);
    expect(back.w.handle).toBe(welcomes[0].w.handle);
    expect(back.w.role).toBe(welcomes[0].w.role);
    expect(await phonesOn(survivor.url)).toBe(1);

    // Every gesture sent after the reconnect reaches the wall.
    const xs = Array.from({ length: 20 }, (_, i) => (i + 1) / 32);
    const seen = new Set<number>();
    const stop = onWallGestures(wall, (gs: FrameGesture[]) => {
      for (const g of gs) if (g.d === back.w.handle && g.k === 'tap') seen.add(Math.round(g.p[0] * 32));
    });
    for (const x of xs) {
      phone.emit('gesture', { kind: 'tap', x, y: 0.5 });
      await new Promise((r) => setTimeout(r, 40));
    }
    await until('all 20 taps on the wall', () => seen.size >= 20, 10_000);
    stop();
    expect([...seen].sort((a, b) => a - b)).toEqual(xs.map((x) => Math.round(x * 32)));
  }, 60_000);
});
