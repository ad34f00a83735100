import { afterEach, describe, expect, it } from 'vitest';
import { BEHIND_ROOM, WALL_BEHIND_BYTES, WALL_CAUGHT_UP_BYTES, checkWalls, pendingBytes, type WallSocketLike } from '../../server/WallBacklog.ts';
import { connectDisplay, connectPhone, startHub, teardown } from '../helpers/hub.ts';

afterEach(teardown);

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
