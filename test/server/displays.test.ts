/**
 * Walls: a venue's wall token admits only its own projectors, with a refusal a person can act on;
 * a wall's snapshot requests are answered one at a time, never faster than it takes them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { REFUSALS, type Refusal } from '../../core/protocol.ts';
import { SNAPSHOT_GAP_MS } from '../../server/displays.ts';
import { connectDisplay, connectOperator, connected, nextEvent, startHub, teardown, wall } from '../helpers/hub.ts';

afterEach(teardown);

const TOKEN = 'blue-room-projectors-7';

async function refusalOf(socket: ReturnType<typeof wall>): Promise<Refusal | undefined> {
  try {
    await connected(socket);
  } catch (err) {
    return (err as { refusal?: Refusal }).refusal;
  }
  throw new Error('the wall was admitted');
}

describe('wall token', () => {
  it('admits only walls with the venue\'s token, and tells the others why in words', async () => {
    const hub = await startHub({ stateFile: null, wallToken: TOKEN });
    const none = await refusalOf(wall(hub));
    expect(none?.code).toBe(REFUSALS.badWallToken);
    expect(none?.message).toMatch(/venue’s own walls.*\?wall=/);
    for (const presented of ['wrong-token-123', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase()]) {
      const wrong = await refusalOf(wall(hub, { wall: presented }));
      expect(wrong?.code).toBe(REFUSALS.badWallToken);
      expect(wrong?.message).toMatch(/Wrong wall token/);
    }
    // Wrong shapes are refused before the token is even looked at.
    for (const presented of [12345678, ['x'], { toString: TOKEN }, '', 'x'.repeat(300)]) {
      expect((await refusalOf(wall(hub, { wall: presented })))?.code).toBe(REFUSALS.badHandshake);
    }
    expect(hub.context.displays.size).toBe(0);
    const own = await connectDisplay(hub, { wall: TOKEN, view: '2/3' });
    expect(own.snapshot).toBeTruthy();
    const op = await connectOperator(hub);
    own.socket.emit('report', { fps: 60, frameMs: 9, quality: 1, particles: 800 });
    const status = await nextEvent<{ displays: { view: string; fps: number; trusted: boolean }[] }>(op, 'status', (s) => s.displays.some((d) => d.fps === 60));
    expect(status.displays).toEqual([expect.objectContaining({ view: '2/3', fps: 60, trusted: true })]);
  });

  it('without a token admits any wall, and the console shows its figures as unverified', async () => {
    const hub = await startHub({ stateFile: null });
    const d = await connectDisplay(hub, { wall: 'anything-at-all' });
    const op = await connectOperator(hub);
    d.socket.emit('report', { fps: 1000, frameMs: 0, quality: 1, particles: 1_000_000 });
    const status = await nextEvent<{ displays: { fps: number; trusted: boolean }[] }>(op, 'status', (s) => s.displays.some((x) => x.fps === 1000));
    expect(status.displays[0]?.trusted).toBe(false);
  });
});

describe('resync requests', () => {
  it('are coalesced: a wall asking 10 times a second gets at most one snapshot a second', async () => {
    const hub = await startHub({ stateFile: null });
    const d = await connectDisplay(hub);
    let snapshots = 0;
    d.socket.on('snapshot', () => snapshots++);
    const started = Date.now();
    for (let i = 0; i < 30; i++) {
      d.socket.emit('resync');
      await new Promise((r) => setTimeout(r, 100));
    }
    // The owed one arrives with the clock's next look at the walls.
    await new Promise((r) => setTimeout(r, 600));
    const elapsed = Date.now() - started;
    expect(snapshots).toBeGreaterThanOrEqual(1);
    expect(snapshots).toBeLessThanOrEqual(Math.ceil(elapsed / SNAPSHOT_GAP_MS) + 1);
    expect(d.socket.connected).toBe(true);
  });
});
