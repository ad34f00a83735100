import { afterEach, describe, expect, it } from 'vitest';
import { BEHIND_ROOM, WALL_BEHIND_BYTES, WALL_CAUGHT_UP_BYTES, checkWalls, findStalledWalls, pendingBytes, type WallProgress, type WallSocketLike } from '../../server/WallBacklog.ts';
import { connectDisplay, connectPhone, startHub, teardown } from '../helpers/hub.ts';

afterEach(teardown);

/** Resolves once `done` holds, or at the deadline (ms) — the caller asserts the state itself. */
async function until(done: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}

/** A wall with a given number of bytes waiting, recording the rooms it is put in. */
function wall(id: string, queued: { bytes: number }): WallSocketLike & { rooms: Set<string> } {
  const rooms = new Set<string>();
  return {
    id,
    rooms,
    conn: { transport: { socket: { bufferedAmount: 0 } }, get writeBuffer() { return [{ data: 'x'.repeat(queued.bytes) }]; } },
    join: (r: string) => rooms.add(r),
    leave: (r: string) => rooms.delete(r),
  };
}

describe('slow walls', () => {
  it('sets a wall aside past the limit, keeps it aside until it has nearly caught up, then resyncs it', () => {
    const slow = { bytes: 1000 };
    const a = wall('a', slow);
    const b = wall('b', { bytes: 10 });
    const behind = new Set<string>();
    expect(checkWalls([a, b], behind)).toEqual({ setAside: [], caughtUp: [], behind: 0 });
    slow.bytes = WALL_BEHIND_BYTES + 1;
    expect(checkWalls([a, b], behind)).toEqual({ setAside: ['a'], caughtUp: [], behind: 1 });
    expect(a.rooms.has(BEHIND_ROOM)).toBe(true);
    expect(b.rooms.has(BEHIND_ROOM)).toBe(false);
    // Draining, but not yet below the low mark: still aside (no flapping).
    slow.bytes = WALL_CAUGHT_UP_BYTES * 2;
    expect(checkWalls([a, b], behind).caughtUp).toEqual([]);
    slow.bytes = WALL_CAUGHT_UP_BYTES - 1;
    expect(checkWalls([a, b], behind)).toEqual({ setAside: [], caughtUp: ['a'], behind: 0 });
    expect(a.rooms.has(BEHIND_ROOM)).toBe(false);
  });

  it('forgets a set-aside wall that disconnected', () => {
    const behind = new Set<string>();
    checkWalls([wall('gone', { bytes: WALL_BEHIND_BYTES * 2 })], behind);
    expect(behind.size).toBe(1);
    expect(checkWalls([], behind).behind).toBe(0);
  });

  it('counts the websocket buffer and the engine queue of a real socket; a wall that keeps up is never set aside', async () => {
    const hub = await startHub({ stateFile: null });
    const d = await connectDisplay(hub);
    const phones = await Promise.all(Array.from({ length: 5 }, () => connectPhone(hub)));
    for (let i = 0; i < 30; i++) for (const p of phones) p.socket.emit('gesture', { kind: 'tap', x: 0.5, y: 0.5 });
    await new Promise((r) => setTimeout(r, 300));
    const server = [...hub.context.display.sockets.values()][0];
    expect(pendingBytes(server)).toBeLessThan(WALL_CAUGHT_UP_BYTES);
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { tick: { wallsBehind: number; wallsSetAside: number } };
    expect(health.tick).toMatchObject({ wallsBehind: 0, wallsSetAside: 0 });
    expect(d.socket.connected).toBe(true);
  });
});

describe('a real wall that stops reading', () => {
  it('is set aside while the others keep getting frames, then resynced with a snapshot once it reads again', async () => {
    // The wall pauses for as long as this takes on a loaded machine: it is not dropped as stalled meanwhile.
    const hub = await startHub({ stateFile: null, wallBehindBytes: 256 * 1024, wallStallMs: 120_000 });
    const slow = await connectDisplay(hub);
    const healthy = await connectDisplay(hub);
    const phones = await Promise.all(Array.from({ length: 120 }, () => connectPhone(hub)));
    // Stop reading the slow wall's TCP socket: what the hub sends piles up in the kernel, then in the hub.
    const tcp = (slow.socket.io.engine as unknown as { transport: { ws: { _socket: { pause(): void; resume(): void } } } }).transport.ws._socket;
    tcp.pause();
    let snapshots = 0;
    slow.socket.on('snapshot', () => snapshots++);
    let healthyFrames = 0;
    healthy.socket.on('frame', () => healthyFrames++);
    // Long weaves make big frames: 120 phones × 40/s (their rate limit) × 144 packed bytes, ~0.7 MB/s.
    const points = Array.from({ length: 64 }, (_, i) => (i % 10) / 10 + 0.0123);
    const started = Date.now();
    const health = async () => ((await (await fetch(`${hub.url}/healthz`)).json()) as { tick: { wallsBehind: number; wallsSetAside: number } }).tick;
    // Waits on the state, not on a time: a loaded machine sends slower and takes longer to fill it.
    let tick = await health();
    let lookedAt = Date.now();
    while (tick.wallsSetAside === 0 && Date.now() - started < 40_000) {
      for (const p of phones) p.socket.emit('gesture', { kind: 'weave', stroke: 1, points });
      await new Promise((r) => setTimeout(r, 25));
      if (Date.now() - lookedAt >= 500) {
        tick = await health();
        lookedAt = Date.now();
      }
    }
    tick = await health();
    expect(tick.wallsSetAside).toBe(1);
    expect(tick.wallsBehind).toBe(1);
    const framesAtSetAside = healthyFrames;
    await until(() => healthyFrames > framesAtSetAside + 3, 10_000);
    expect(healthyFrames).toBeGreaterThan(framesAtSetAside + 3);
    expect((await health()).wallsBehind).toBe(1);
    // The wall reads again: it drains, is resynced and follows the show.
    tcp.resume();
    const deadline = Date.now() + 30_000;
    while ((await health()).wallsBehind > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect((await health()).wallsBehind).toBe(0);
    await until(() => snapshots > 0, 10_000);
    expect(snapshots).toBeGreaterThan(0);
    expect(slow.socket.connected).toBe(true);
  }, 120_000);
});

describe('walls that stop reading', () => {
  it('drops a wall with bytes waiting that takes nothing for the stall time, whatever it sends', () => {
    const taken = { reader: 0, deaf: 0 };
    const waiting = { reader: 5000, deaf: 5000, idle: 0 };
    const walls = (['reader', 'deaf', 'idle'] as const).map((id) => ({ id, conn: {}, join: () => {}, leave: () => {} }));
    const measure = {
      pending: (w: WallSocketLike) => waiting[w.id as keyof typeof waiting],
      delivered: (w: WallSocketLike) => (w.id === 'idle' ? undefined : taken[w.id as 'reader' | 'deaf']),
    };
    const progress = new Map<string, WallProgress>();
    for (let t = 0; t <= 20_000; t += 250) {
      // The reader takes a little each look (weak Wi-Fi); the deaf wall takes nothing, though it
      // keeps asking for resyncs and sending pongs (which add to what waits for it, nothing more).
      taken.reader += 100;
      waiting.deaf += 300;
      const stalled = findStalledWalls(walls, progress, t, 5000, measure);
      if (t <= 5000) expect(stalled).toEqual([]);
      else expect(stalled).toEqual(['deaf']);
    }
    // Gone walls are forgotten.
    findStalledWalls([], progress, 30_000, 5000, measure);
    expect(progress.size).toBe(0);
  });

  it('without a delivered figure (long-polling), counts a shrinking queue as progress', () => {
    const waiting = { bytes: 10_000 };
    const w = { id: 'poll', conn: {}, join: () => {}, leave: () => {} };
    const measure = { pending: () => waiting.bytes, delivered: () => undefined };
    const progress = new Map<string, WallProgress>();
    expect(findStalledWalls([w], progress, 0, 1000, measure)).toEqual([]);
    waiting.bytes = 9000;
    expect(findStalledWalls([w], progress, 900, 1000, measure)).toEqual([]);
    waiting.bytes = 9500;
    expect(findStalledWalls([w], progress, 1800, 1000, measure)).toEqual([]);
    expect(findStalledWalls([w], progress, 2000, 1000, measure)).toEqual(['poll']);
  });
});
