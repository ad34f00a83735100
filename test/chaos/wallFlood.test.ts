/**
 * Chaos 11: walls that stop reading but keep asking. Anyone on the venue Wi-Fi can open the display
 * page's socket; a script that never reads what the hub sends, asks for a resync ten times a second
 * and sends pongs nobody asked for (to look alive) must not grow the hub's memory: its snapshot
 * requests are answered one at a time, and a socket that takes nothing is dropped. The honest wall
 * next to it keeps getting every frame.
 *
 * npm test runs 3 such walls for 6 s; npm run chaos runs 10, with a crowd weaving so every frame is
 * big, until every one of them has been dropped (at most 90 s), and measures the hub's memory.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, PROTOCOL_VERSION } from '../../core/protocol.ts';
import { SNAPSHOT_GAP_MS, SNAPSHOT_ROOM_BYTES } from '../../server/displays.ts';
import { pendingBytes } from '../../server/WallBacklog.ts';
import { connectDisplay, connectPhone, startHub, teardown } from '../helpers/hub.ts';
import { openRawSocket, type RawSocket } from './helpers/rawSocket.ts';
import { FULL, figures } from './helpers/hubProcess.ts';

afterEach(teardown);

const BEHIND_BYTES = 256 * 1024;
const STALL_MS = FULL ? 5000 : 2000;

describe('chaos 11: walls that stop reading and spam resync', () => {
  it('answers one snapshot at a time, drops the deaf walls, keeps memory bounded and the honest wall fed', async () => {
    const attackers = FULL ? 10 : 3;
    const maxMs = FULL ? 90_000 : 6000;
    const hub = await startHub({ stateFile: null, wallBehindBytes: BEHIND_BYTES, wallStallMs: STALL_MS });
    const honest = await connectDisplay(hub);
    let honestFrames = 0;
    honest.socket.on('frame', () => honestFrames++);
    const honestServerId = [...hub.context.display.sockets.keys()][0];
    // Snapshots the hub sends each wall after its first, counted as the hub sends them.
    const snapshots = new Map<string, number>();
    hub.context.display.on('connection', (socket) => {
      snapshots.set(socket.id, 0);
      socket.conn.on('packetCreate', (packet: { data?: unknown }) => {
        if (typeof packet.data === 'string' && packet.data.includes(`${NAMESPACES.display},["snapshot"`)) snapshots.set(socket.id, (snapshots.get(socket.id) ?? 0) + 1);
      });
    });
    const phones = FULL ? await Promise.all(Array.from({ length: 60 }, () => connectPhone(hub))) : [];
    const deaf: RawSocket[] = [];
    for (let i = 0; i < attackers; i++) {
      const up = await openRawSocket({ url: hub.url });
      if (!up.ok) throw new Error(`upgrade refused: ${up.status}`);
      up.socket.joinNamespace(NAMESPACES.display, { v: PROTOCOL_VERSION });
      // Snapshots carry packed bytes: a binary event, `451-/display,["snapshot",…`.
      await up.socket.waitFor((m) => m.includes(`${NAMESPACES.display},["snapshot"`));
      up.socket.stopReading();
      deaf.push(up.socket);
    }
    const rssBefore = process.memoryUsage.rss();
    let rssMax = rssBefore;
    let pendingMax = 0;
    const points = Array.from({ length: 64 }, (_, i) => (i % 10) / 10 + 0.0123);
    const started = Date.now();
    let lastHonestFrames = 0;
    let honestStarved = 0;
    for (let round = 0; Date.now() - started < maxMs; round++) {
      for (const d of deaf) {
        d.sendEvent(NAMESPACES.display, 'resync');
        d.send('3'); // a pong nobody asked for
      }
      for (const p of phones) p.socket.emit('gesture', { kind: 'weave', stroke: round, points });
      await new Promise((r) => setTimeout(r, 100));
      for (const [id, socket] of hub.context.display.sockets) if (id !== honestServerId) pendingMax = Math.max(pendingMax, pendingBytes(socket));
      rssMax = Math.max(rssMax, process.memoryUsage.rss());
      if (round % 10 === 9) {
        if (honestFrames === lastHonestFrames) honestStarved++;
        lastHonestFrames = honestFrames;
      }
      // Short run: the full time. Full run: until every deaf wall is gone.
      if (FULL && hub.context.display.sockets.size === 1) break;
    }
    const elapsed = Date.now() - started;
    const answered = [...snapshots.entries()].filter(([id]) => id !== honestServerId).map(([, n]) => n);
    const stats = hub.context.display.sockets.size;
    figures('11 deaf walls spamming resync', {
      attackers,
      seconds: elapsed / 1000,
      snapshotsPerDeafWall: answered,
      resyncsAskedPerDeafWall: Math.round(elapsed / 100),
      pendingMaxKB: pendingMax / 1024,
      rssGrowthMB: (rssMax - rssBefore) / 1048576,
      wallsLeft: stats,
      honestFrames,
    });
    // Asked ten times a second; answered at most once a second.
    for (const n of answered) expect(n).toBeLessThanOrEqual(Math.ceil(elapsed / SNAPSHOT_GAP_MS) + 1);
    // What waits for a deaf wall is bounded by the set-aside limit, one snapshot room and a few frames.
    expect(pendingMax).toBeLessThan(BEHIND_BYTES + SNAPSHOT_ROOM_BYTES + 512 * 1024);
    expect(honest.socket.connected).toBe(true);
    expect(honestStarved).toBe(0);
    if (FULL) {
      // Every deaf wall was dropped, whatever it sent; the hub's memory stayed within bounds.
      expect(hub.context.display.sockets.size).toBe(1);
      expect(rssMax - rssBefore).toBeLessThan(200 * 1048576);
    }
    for (const d of deaf) d.destroy();
  }, FULL ? 180_000 : 60_000);
});
