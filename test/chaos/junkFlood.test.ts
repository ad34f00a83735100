/**
 * Chaos 2: junk flood. Sockets send generated malformed messages (wrong types, 64 KiB strings,
 * deep nesting, `__proto__`, unknown events, raw engine.io frames) at 20 messages/s each, beside
 * honest phones tapping. The hub stays up, delivers ≥ 99% of the honest gestures to the wall, logs
 * no tick failure, and nothing reaches Object.prototype. The hub runs in this process so the
 * prototype check looks at the hub's own globals.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { connectDisplay, connectPhone, startHub, teardown, onWallGestures } from '../helpers/hub.ts';
import type { JunkFigures } from './helpers/junkSender.ts';
import { FULL, ROOT, figures } from './helpers/hubProcess.ts';

afterEach(teardown);

const SIZE = FULL ? { junk: 50, honest: 10, seconds: 20 } : { junk: 20, honest: 5, seconds: 5 };
const JUNK_PER_SECOND = 20;
const HONEST_PER_SECOND = 10;

/** Everything that might have been polluted, as own property names. */
function prototypeShapes(): string {
  return JSON.stringify([Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype].map((p) => Object.getOwnPropertyNames(p).sort()));
}

describe('chaos 2: junk flood', () => {
  it(`survives ${SIZE.junk} junk sockets beside ${SIZE.honest} honest phones for ${SIZE.seconds} s`, async () => {
    const before = prototypeShapes();
    const levels: Record<number, number> = {};
    const log = pino({ level: 'warn' }, { write: (line: string) => void (levels[(JSON.parse(line) as { level: number }).level] = (levels[(JSON.parse(line) as { level: number }).level] ?? 0) + 1) });
    const hub = await startHub({ stateFile: null, log });
    const wall = await connectDisplay(hub);
    const honest = await Promise.all(Array.from({ length: SIZE.honest }, () => connectPhone(hub)));
    const handles = new Set(honest.map((h) => h.welcome.handle));
    let delivered = 0;
    onWallGestures(wall.socket, (list) => {
      for (const g of list) if (handles.has(g.d) && g.k === 'tap') delivered++;
    });

    // The junk comes from its own process so that making it does not slow the hub's event loop.
    const sender = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'junkSender.ts'), JSON.stringify({ url: hub.url, sockets: SIZE.junk, perSecond: JUNK_PER_SECOND, seconds: SIZE.seconds })], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    sender.stdout!.on('data', (c: Buffer) => (out += c.toString('utf8')));
    const senderDone = new Promise<number | null>((done) => sender.once('exit', done));
    let honestSent = 0;
    const started = Date.now();
    const honestTimer = setInterval(() => {
      for (const h of honest) {
        if (!h.socket.connected) continue;
        h.socket.emit('gesture', { kind: 'tap', x: Math.random(), y: Math.random() });
        honestSent++;
      }
    }, 1000 / HONEST_PER_SECOND);
    // The sender needs a moment to start; the honest phones tap for the whole flood.
    expect(await senderDone).toBe(0);
    clearInterval(honestTimer);
    await new Promise((r) => setTimeout(r, 500));
    const elapsed = (Date.now() - started) / 1000;
    const junk = JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as JunkFigures;

    const healthRes = await fetch(`${hub.url}/healthz`);
    const h = (await healthRes.json()) as { ok: boolean; tick: { ticks: number } };
    const polluted = ({} as Record<string, unknown>).polluted ?? ({} as Record<string, unknown>).isAdmin;
    const after = prototypeShapes();
    const share = honestSent ? delivered / honestSent : 0;
    figures('2 junk flood', {
      junkSockets: SIZE.junk,
      honestPhones: SIZE.honest,
      seconds: elapsed,
      junkMessagesSent: junk.sent,
      junkPerSocketPerSecond: junk.perSocketPerSecond,
      junkViaSocketIo: junk.socketIoSent,
      junkRawFrames: junk.rawSent,
      socketIoJunkDisconnectedByHub: junk.socketIoDisconnects,
      rawJunkDroppedByHub: junk.rawDropped,
      honestSent,
      honestDelivered: delivered,
      honestDeliveredShare: share,
      hubErrorsLogged: levels[50] ?? 0,
      hubWarningsLogged: levels[40] ?? 0,
      prototypePolluted: polluted !== undefined || before !== after,
      honestStillConnected: honest.filter((p) => p.socket.connected).length,
    });
    expect(healthRes.ok && h.ok).toBe(true);
    expect(wall.socket.connected).toBe(true);
    expect(honest.every((p) => p.socket.connected)).toBe(true);
    expect(share).toBeGreaterThanOrEqual(0.99);
    expect(junk.sent).toBeGreaterThan(SIZE.junk * SIZE.seconds * 5);
    expect(levels[50] ?? 0).toBe(0);
    expect(polluted).toBeUndefined();
    expect(after).toBe(before);
  }, FULL ? 120_000 : 60_000);
});
