/**
 * Chaos 5: a phone that walks out of Wi-Fi range leaves a half-open TCP connection (no FIN, no
 * more pongs). The hub must drop it within pingInterval + pingTimeout (10 s + 5 s) so the crowd
 * count and the shining lights stop counting a ghost; the phone next to it is untouched.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NAMESPACES, PROTOCOL_VERSION } from '../../core/protocol.ts';
import { connectPhone, startHub, teardown } from '../helpers/hub.ts';
import { openRawSocket } from './helpers/rawSocket.ts';
import { FULL, figures } from './helpers/hubProcess.ts';

afterEach(teardown);

/** The hub's heartbeat (server/hub.ts): ping every 10 s, give up 5 s after an unanswered ping. */
const PING_INTERVAL_MS = 10_000;
const PING_TIMEOUT_MS = 5_000;
/** Timer and scheduling slack on a loaded 2-core machine, ms. */
const SLACK_MS = 1500;

describe('chaos 5: half-open phone', () => {
  it('drops a phone that vanished without closing within pingInterval + pingTimeout', async () => {
    const hub = await startHub({ stateFile: null });
    const honest = await connectPhone(hub);
    const dropped = new Promise<{ at: number; reason: string }>((done) => {
      hub.context.audience.on('connection', (socket) => {
        if (socket.id === honest.socket.id) return;
        socket.on('disconnect', (reason) => done({ at: Date.now(), reason }));
      });
    });
    const upgrade = await openRawSocket({ url: hub.url });
    if (!upgrade.ok) throw new Error(`upgrade refused: ${upgrade.status}`);
    const ghost = upgrade.socket;
    ghost.joinNamespace(NAMESPACES.audience, { v: PROTOCOL_VERSION, dreamer: 'ghost-phone-01' });
    await ghost.waitFor((m) => m.startsWith(`42${NAMESPACES.audience},["welcome"`));
    expect(hub.context.registry.connected).toBe(2);
    // Full run: vanish right after answering a ping, the worst case (a whole interval before the
    // next one). npm test vanishes at once, which is bounded the same way and ten seconds shorter.
    if (FULL) await new Promise<void>((done) => ghost.once('ping', () => done()));
    ghost.freeze();
    const vanishedAt = Date.now();
    const { at, reason } = await dropped;
    const afterMs = at - vanishedAt;
    figures('5 half-open phone', { droppedAfterMs: afterMs, boundMs: PING_INTERVAL_MS + PING_TIMEOUT_MS, reason });
    expect(reason).toBe('ping timeout');
    expect(afterMs).toBeLessThanOrEqual(PING_INTERVAL_MS + PING_TIMEOUT_MS + SLACK_MS);
    expect(hub.context.registry.connected).toBe(1);
    expect(honest.socket.connected).toBe(true);
    ghost.destroy();
  }, 40_000);
});
