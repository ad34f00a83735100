/**
 * A leader and two edges on a real redis-server: a tap through edge A is drawn by a wall on edge B
 * once; a console on edge B steers the show; forged messages on the bus are refused and counted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../../server/hub.ts';
import type { FrameGesture, WireFrame } from '../../../core/protocol.ts';
import { Redis } from 'ioredis';
import { ClusterBus } from '../../../server/cluster/ClusterBus.ts';
import { signCommand } from '../../../server/cluster/clusterWire.ts';
import { startRedis, type RedisProcess } from '../../helpers/redis.ts';
import { command, connectDisplay, connectOperator, connectPhone, nextEvent, nextWallGesture, onWallGestures, startHub, teardown } from '../../helpers/hub.ts';

const TOKEN = 'cluster-test-token-7Qx9!';
let redis: RedisProcess;
let leader: Hub;
let edgeA: Hub;
let edgeB: Hub;
const rogues: ClusterBus[] = [];

async function until(what: string | (() => string), ok: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function health(hub: Hub): Promise<{ cluster: { fence: number; leading?: boolean; refused: { shape: number; fence: number; signature: number }; relayed?: number } }> {
  return (await (await fetch(`${hub.url}/healthz`)).json()) as never;
}

beforeAll(async () => {
  redis = await startRedis();
  const cluster = (role: 'leader' | 'edge') => ({ redis: redis.url, role });
  leader = await startHub({ token: TOKEN, stateFile: null, cluster: cluster('leader') });
  edgeA = await startHub({ token: TOKEN, stateFile: null, cluster: cluster('edge') });
  edgeB = await startHub({ token: TOKEN, stateFile: null, cluster: cluster('edge') });
  await until('the leader leads', async () => (await health(leader)).cluster.leading === true);
});

afterAll(async () => {
  // Redis goes whatever else fails: a test must not leave a server behind.
  try {
    for (const r of rogues) await r.close();
    await teardown();
  } finally {
    await redis?.kill();
  }
});

describe('a cluster of one leader and two edges', () => {
  it('draws a tap sent through edge A on a wall on edge B, once', async () => {
    const { socket: wallB } = await connectDisplay(edgeB);
    // The leader's frames reach the wall on B.
    await nextEvent<WireFrame>(wallB, 'frame', () => true, 5000);
    const { socket: phoneA, welcome } = await connectPhone(edgeA);
    const seen: FrameGesture[] = [];
    const isOurs = (g: FrameGesture) => g.k === 'tap' && g.d === welcome.handle && Math.abs(g.p[0] - 0.25) < 1e-3 && Math.abs(g.p[1] - 0.75) < 1e-3;
    const stop = onWallGestures(wallB, (gestures) => seen.push(...gestures.filter(isOurs)));
    const first = nextWallGesture(wallB, isOurs, 5000);
    phoneA.emit('gesture', { kind: 'tap', x: 0.25, y: 0.75 });
    await first;
    // Long enough for any duplicate to arrive (several ticks of frames and batches).
    await new Promise((r) => setTimeout(r, 600));
    stop();
    expect(seen).toHaveLength(1);
  });

  it('gives dreamers on different edges different handles', async () => {
    const [a, b] = await Promise.all([connectPhone(edgeA), connectPhone(edgeB)]);
    expect(a.welcome.handle).not.toBe(b.welcome.handle);
  });

  it('keeps a dreamer who comes back through another edge: handle, role, colour', async () => {
    const first = await connectPhone(edgeA);
    first.socket.close();
    await until('edge A saw the phone go', () => edgeA.context.registry.connected === 0 || edgeA.context.registry.get(first.welcome.dreamer)?.sockets === 0);
    const again = await connectPhone(edgeB, { dreamer: first.welcome.dreamer });
    expect(again.welcome.dreamer).toBe(first.welcome.dreamer);
    expect(again.welcome.handle).toBe(first.welcome.handle);
    expect(again.welcome.role).toBe(first.welcome.role);
    expect(again.welcome.colour).toBe(first.welcome.colour);
    // A dreamer id nobody knows is a new dreamer, with a handle from B's own range.
    const fresh = await connectPhone(edgeB, { dreamer: 'AAAAAAAAAAAAAAAAAAAAAAAA' });
    expect(fresh.welcome.handle).not.toBe(first.welcome.handle);
  });

  it('lets a console on edge B steer the show', async () => {
    const { socket: wallA } = await connectDisplay(edgeA);
    const { socket: phoneA } = await connectPhone(edgeA);
    const op = await connectOperator(edgeB);
    const phaseNews = nextEvent<{ phase: string }>(phoneA, 'phase', (p) => p.phase === 'nightmare', 5000);
    expect(await command(op, { type: 'goto', phase: 'nightmare' })).toEqual({ ok: true });
    await nextEvent<WireFrame>(wallA, 'frame', (f) => f.phase === 'nightmare', 5000);
    await phaseNews;
    expect(leader.context.runtime.phase).toBe('nightmare');
    // A bad command is answered with the leader's refusal.
    const bad = await command(op, { type: 'goto', phase: 'nowhere' } as never);
    expect(bad.ok).toBe(false);
    // The consoles on the edge get the leader's status.
    const status = await nextEvent<{ phase: string }>(op, 'status', () => true, 5000);
    expect(status.phase).toBe('nightmare');
  });

  it('refuses and counts forged messages on the bus, and never applies them', async () => {
    const rogue = new ClusterBus(redis.url, 'dreamscape');
    rogues.push(rogue);
    await new Promise((r) => setTimeout(r, 300));
    const { socket: wallB } = await connectDisplay(edgeB);
    let forgedSeen = 0;
    wallB.on('frame', (f: WireFrame) => {
      if (f.seq === 424242) forgedSeen++;
    });
    const beforeB = (await health(edgeB)).cluster.refused;
    const beforeL = (await health(leader)).cluster.refused;
    const phaseBefore = leader.context.runtime.phase;
    const fence = (await health(leader)).cluster.fence;

    // Wrong shapes.
    rogue.send('leader', { fence, kind: 'frame', body: 'not an object' } as never);
    rogue.send('leader', { kind: 'frame', body: {} } as never);
    rogue.send('fold', { v: 1, edge: 'rogue', seq: 0, g: [[1, 9, { kind: 'tap', x: 0.5, y: 0.5 }]] } as never);
    rogue.send('fold', { v: 1, edge: 'rogue', seq: 1, g: [[1, 0, { kind: 'tap', x: 5, y: 0.5 }]] });
    // Not JSON at all, straight on the folds' channel.
    const raw = new Redis(redis.url);
    await raw.publish('dreamscape:fold', '{"v":1,"edge":"rogue",');
    raw.disconnect();
    // A fence Redis never gave out.
    rogue.send('leader', { fence: fence + 1000, kind: 'frame', body: { seq: 424242 } });
    // A command not signed with the operator token, and one signed long ago.
    rogue.send('command', signCommand('not-the-token-at-all-xyz', 'rogue', 1, Date.now(), { type: 'goto', phase: 'dawn' }));
    rogue.send('command', signCommand(TOKEN, 'rogue', 2, Date.now() - 60_000, { type: 'goto', phase: 'dawn' }));

    await until('edge B counts the forged leader messages', async () => {
      const r = (await health(edgeB)).cluster.refused;
      return r.shape >= beforeB.shape + 2 && r.fence >= beforeB.fence + 1;
    });
    let last = beforeL;
    await until(() => `the leader counts the forged folds and commands (before ${JSON.stringify(beforeL)}, now ${JSON.stringify(last)})`, async () => {
      const r = (await health(leader)).cluster.refused;
      last = r;
      return r.shape >= beforeL.shape + 3 && r.signature >= beforeL.signature + 2;
    });
    // The real leader still drives; nothing forged was applied.
    await nextEvent<WireFrame>(wallB, 'frame', () => true, 5000);
    expect(forgedSeen).toBe(0);
    expect(leader.context.runtime.phase).toBe(phaseBefore);
    expect((await health(edgeB)).cluster.fence).toBe(fence);
    // The forged fence did not make the real leader step down; it counted it.
    const l = await health(leader);
    expect(l.cluster.leading).toBe(true);
    expect(l.cluster.fence).toBe(fence);
    expect(l.cluster.refused.fence).toBeGreaterThanOrEqual(beforeL.fence + 1);
  });

  it('gives consoles on any edge the whole show\'s phones and walls, summed over the edges', async () => {
    // Somewhere on each edge: phones on A, a wall on B (earlier tests left theirs connected too).
    await Promise.all([connectPhone(edgeA), connectPhone(edgeA), connectPhone(edgeA)]);
    await connectDisplay(edgeB);
    const counts = async () => {
      const hs = (await Promise.all([leader, edgeA, edgeB].map(async (h) => (await (await fetch(`${h.url}/healthz`)).json()) as { phones: number; displays: number })));
      return { phones: hs.reduce((t, h) => t + h.phones, 0), walls: hs.reduce((t, h) => t + h.displays, 0) };
    };
    const want = await counts();
    expect(want.phones).toBeGreaterThanOrEqual(3);
    expect(want.walls).toBeGreaterThanOrEqual(1);
    // The leader itself has no phones: the sum can only come from the edges' censuses.
    expect(leader.context.registry.connected).toBe(0);
    const op = await connectOperator(edgeB);
    const status = await nextEvent<{ phones: number; displays: unknown[] }>(op, 'status', (s) => s.phones === want.phones && s.displays.length === want.walls, 8000);
    expect(status.phones).toBe(want.phones);
  });

  it('refuses a malformed or unsigned census and forgets an edge that stopped sending one', async () => {
    const rogue = new ClusterBus(redis.url, 'dreamscape');
    rogues.push(rogue);
    await new Promise((r) => setTimeout(r, 300));
    const op = await connectOperator(edgeA);
    const before = (await health(leader)).cluster.refused;
    const wall = { id: 'w', view: 'main', fps: 60, frameMs: 16, quality: 1, particles: 900, trusted: false };
    const census = (body: unknown, edge = 'rogue', token = TOKEN) => rogue.send('census', signCommand(token, edge, 1, Date.now(), body));
    // Signed with the token, but not a census.
    census({ v: 1, phones: -1, displays: [] });
    census({ v: 1, phones: 5, displays: [{ ...wall, fps: Number.NaN }] });
    census({ v: 1, phones: 5, displays: Array.from({ length: 201 }, () => wall) });
    census({ v: 1, phones: 5, displays: [], extra: true });
    census({ v: 1, phones: 5, displays: [] }, 'bad name!');
    // A well-formed census not signed with the operator token, and one not signed at all.
    census({ v: 1, phones: 70_000, displays: [] }, 'rogue', 'not-the-token-at-all-xyz');
    rogue.send('census', { v: 1, edge: 'rogue', phones: 70_000, displays: [] } as never);
    await until('the leader counts the refused censuses', async () => {
      const r = (await health(leader)).cluster.refused;
      return r.shape >= before.shape + 6 && r.signature >= before.signature + 1;
    });
    // None of them counted; a signed one counts while it is fresh, then falls away (edges send one a second).
    const base = (await nextEvent<{ phones: number }>(op, 'status', () => true, 5000)).phones;
    expect(base).toBeLessThan(50_000);
    census({ v: 1, phones: 50_000, displays: [wall] });
    await nextEvent<{ phones: number }>(op, 'status', (s) => s.phones === base + 50_000, 5000);
    await nextEvent<{ phones: number }>(op, 'status', (s) => s.phones === base, 8000);
  });
});
