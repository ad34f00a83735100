/**
 * An edge looks after its own walls as a single hub does: a wall too far behind is set aside (the
 * leader's frames go to the walls keeping up), and resynced with a snapshot once it reads again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../server/hub.ts';
import { startRedis, type RedisProcess } from '../../helpers/redis.ts';
import { connectDisplay, connectPhone, startHub, teardown } from '../../helpers/hub.ts';

const TOKEN = 'edge-walls-test-token-3Jd6!';
let redis: RedisProcess;
let leader: Hub;
let edge: Hub;

async function until(what: string, ok: () => boolean | Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Health {
  tick: { wallsBehind: number; wallsSetAside: number };
  cluster: { leading?: boolean };
}
async function health(hub: Hub): Promise<Health> {
  return (await (await fetch(`${hub.url}/healthz`)).json()) as Health;
}

beforeAll(async () => {
  redis = await startRedis();
  leader = await startHub({ token: TOKEN, stateFile: null, cluster: { redis: redis.url, role: 'leader' } });
  // The slow wall pauses for as long as this takes on a loaded machine: it is not dropped as stalled
  // meanwhile, nor for the pings it cannot read (the kernel's buffers, MBs on loopback, fill first:
  // on a busy machine that takes longer than the usual 15 s a wall may leave a ping unanswered).
  edge = await startHub({ token: TOKEN, stateFile: null, wallBehindBytes: 256 * 1024, wallStallMs: 120_000, pingTimeoutMs: 120_000, cluster: { redis: redis.url, role: 'edge' } });
  await until('the leader leads', async () => (await health(leader)).cluster.leading === true, 20_000);
});

afterAll(async () => {
  try {
    await teardown();
  } finally {
    await redis?.kill();
  }
});

describe('a wall on an edge that stops reading', () => {
  it('is set aside while the edge\'s other walls keep getting the leader\'s frames, then resynced', async () => {
    const slow = await connectDisplay(edge);
    const healthy = await connectDisplay(edge);
    const phones = await Promise.all(Array.from({ length: 120 }, () => connectPhone(edge)));
    // Stop reading the slow wall's TCP socket: what the edge sends piles up in the kernel, then in the edge.
    const tcp = (slow.socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } }).transport.ws._socket;
    tcp.pause();
    let snapshots = 0;
    slow.socket.on('snapshot', () => snapshots++);
    let healthyFrames = 0;
    healthy.socket.on('frame', () => healthyFrames++);
    // Long weaves make big frames: 120 phones × 40/s (their rate limit) × 144 packed bytes, ~0.7 MB/s.
    const points = Array.from({ length: 64 }, (_, i) => (i % 10) / 10 + 0.0123);
    const started = Date.now();
    // Waits on the state, not on a time: a loaded machine sends slower and takes longer to fill it.
    let tick = (await health(edge)).tick;
    let lookedAt = Date.now();
    // Bounded: on a machine shared with other suites the kernel's buffer takes longer to fill.
    while (tick.wallsSetAside === 0 && Date.now() - started < 100_000) {
      for (const p of phones) p.socket.emit('gesture', { kind: 'weave', stroke: 1, points });
      await new Promise((r) => setTimeout(r, 25));
      if (Date.now() - lookedAt >= 500) {
        tick = (await health(edge)).tick;
        lookedAt = Date.now();
      }
    }
    tick = (await health(edge)).tick;
    expect(tick.wallsSetAside, `after ${Date.now() - started} ms: ${JSON.stringify(tick)}, healthy wall frames ${healthyFrames}, slow wall connected ${slow.socket.connected}`).toBe(1);
    expect(tick.wallsBehind).toBe(1);
    // The healthy wall keeps getting the leader's frames through the edge.
    const framesAtSetAside = healthyFrames;
    await until('frames on the healthy wall', () => healthyFrames > framesAtSetAside + 3, 10_000);
    expect((await health(edge)).tick.wallsBehind).toBe(1);
    // The wall reads again: it drains, is resynced and follows the show.
    tcp.resume();
    await until('the slow wall caught up', async () => (await health(edge)).tick.wallsBehind === 0, 30_000);
    await until('a resync snapshot', () => snapshots > 0, 10_000);
    expect(slow.socket.connected).toBe(true);
    const frame = await new Promise<unknown>((done) => slow.socket.once('frame', done));
    expect(frame).toBeTruthy();
  }, 180_000);
});
