/**
 * Chaos 8: soak. The show runs at the operator's top speed (×8) under the supervisor while up to
 * 200 phones join, gesture and leave: `npm run chaos` plays 60 minutes of show time (7.5 real
 * minutes, several whole nights), `npm test` about a minute and a half. No crash, no restart, and the hub's
 * memory stays bounded (no growth from one half of the run to the other beyond noise).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { io as connect, type Socket } from 'socket.io-client';
import { NAMESPACES, PROTOCOL_VERSION, type OperatorClientToServer, type OperatorServerToClient, type WireFrame } from '../../core/protocol.ts';
import { SeededRandom } from '../../core/random.ts';
import { loginAnswer } from '../../core/operatorLogin.ts';
import { FULL, figures, health, startSupervisor, type SupervisedHub } from './helpers/hubProcess.ts';

const SHOW_SECONDS = FULL ? 3600 : 96;
const SPEED = 8;
const PHONES = FULL ? 200 : 60;
/** Distinct phones over the run: some come back (same dreamer), most are new faces. */
const ID_POOL = PHONES * 3;

let hub: SupervisedHub | undefined;
const sockets = new Set<Socket>();
afterAll(async () => {
  for (const s of sockets) s.close();
  await hub?.stop();
});

describe('chaos 8: soak', () => {
  it(`plays ${SHOW_SECONDS / 60} minutes of show time at ×${SPEED} with ${PHONES} phones coming and going`, async () => {
    hub = await startSupervisor();
    const url = hub.url;
    const op: Socket<OperatorServerToClient, OperatorClientToServer> = connect(`${url}${NAMESPACES.operator}`, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true });
    sockets.add(op);
    // Log in as the console does: answer the hub's challenge with HMAC(token, nonce).
    const token = hub.token;
    await new Promise((done) => op.once('challenge', ({ nonce }) => op.emit('login', { answer: loginAnswer(token, nonce) }, done)));
    expect(await new Promise((done) => op.emit('command', { type: 'speed', value: SPEED }, done))).toEqual({ ok: true });
    const wall: Socket = connect(`${url}${NAMESPACES.display}`, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true });
    sockets.add(wall);
    // Story time played, from the phase positions (the speed scales the story, not the clock).
    let storySeconds = 0;
    let previous: WireFrame | undefined;
    const phasesSeen = new Set<string>();
    let loops = new Set<number>();
    wall.on('frame', (f: WireFrame) => {
      if (previous) {
        storySeconds += f.phase === previous.phase ? Math.max(0, f.phaseTime - previous.phaseTime) : Math.max(0, previous.phaseLength - previous.phaseTime) + f.phaseTime;
      }
      previous = f;
      phasesSeen.add(f.phase);
      loops.add(f.loop);
    });

    const rng = new SeededRandom(8);
    const ids = Array.from({ length: ID_POOL }, (_, i) => `soak-phone-${String(i).padStart(4, '0')}`);
    const active = new Map<string, Socket>();
    let joins = 0;
    let leaves = 0;
    let gestures = 0;
    let welcomes = 0;
    /** Phones the hub has welcomed: only these leave, so a slow handshake on a busy machine is not cut short and counted as lost. */
    const welcomed = new WeakSet<Socket>();
    const realMs = (SHOW_SECONDS / SPEED) * 1000;
    const started = Date.now();
    const rss: { t: number; mb: number }[] = [];
    const churn = setInterval(() => {
      // Keep the room near PHONES: join when below, otherwise a coin toss between join and leave.
      for (let n = 0; n < 4; n++) {
        const join = active.size < PHONES * 0.6 || (active.size < PHONES && rng.next() < 0.5);
        if (join) {
          const id = ids[Math.floor(rng.next() * ids.length)];
          if (active.has(id)) continue;
          const s = connect(`${url}${NAMESPACES.audience}`, { auth: { v: PROTOCOL_VERSION, dreamer: id }, transports: ['websocket'], forceNew: true, reconnection: false });
          s.on('welcome', () => {
            welcomes++;
            welcomed.add(s);
          });
          active.set(id, s);
          sockets.add(s);
          joins++;
        } else if (active.size > 0) {
          const keys = [...active.keys()].filter((k) => welcomed.has(active.get(k)!));
          if (keys.length === 0) continue;
          const id = keys[Math.floor(rng.next() * keys.length)];
          const s = active.get(id)!;
          s.close();
          sockets.delete(s);
          active.delete(id);
          leaves++;
        }
      }
    }, 100);
    const kinds = ['tap', 'shine', 'pulse', 'tilt', 'weave', 'release'] as const;
    const gesture = setInterval(() => {
      for (const s of active.values()) {
        if (!s.connected || rng.next() < 0.5) continue;
        const kind = kinds[Math.floor(rng.next() * kinds.length)];
        const x = rng.next();
        const y = rng.next();
        const g =
          kind === 'pulse' ? { kind, at: Date.now() }
          : kind === 'tilt' ? { kind, x: x * 2 - 1, y: y * 2 - 1 }
          : kind === 'weave' ? { kind, stroke: 1, points: [x, y, y, x] }
          : kind === 'shine' ? { kind, x, y, on: rng.next() < 0.7 }
          : { kind, x, y };
        s.emit('gesture', g);
        gestures++;
      }
    }, 250);
    const sampler = setInterval(() => {
      void health(url).then((h) => {
        if (h) rss.push({ t: Date.now() - started, mb: Number(h.rss) / 1e6 });
      });
    }, FULL ? 5000 : 2000);
    await new Promise((r) => setTimeout(r, realMs));
    clearInterval(churn);
    clearInterval(gesture);
    clearInterval(sampler);
    // Every phone still in the room gets its welcome (a busy machine may take a while): waited for.
    const welcomeBy = Date.now() + 30_000;
    while ([...active.values()].some((s) => !welcomed.has(s)) && Date.now() < welcomeBy) await new Promise((r) => setTimeout(r, 50));
    const end = await health(url);

    // Memory: the busiest sample of the last third against the busiest of the second third (the
    // first third is warm-up: JIT, pools, the dreamer registry filling).
    const third = (k: number) => rss.filter((s) => s.t >= (k * realMs) / 3 && s.t < ((k + 1) * realMs) / 3).map((s) => s.mb);
    const middle = Math.max(...third(1));
    const last = Math.max(...third(2));
    const showSeconds = storySeconds;
    figures('8 soak', {
      showMinutes: showSeconds / 60,
      realMinutes: (Date.now() - started) / 60_000,
      nightsPlayed: loops.size,
      phasesSeen: [...phasesSeen],
      joins,
      leaves,
      welcomes,
      gesturesSent: gestures,
      phonesAtEnd: end?.phones,
      rssFirstMB: rss[0]?.mb,
      rssMiddleThirdMaxMB: middle,
      rssLastThirdMaxMB: last,
      rssMaxMB: Math.max(...rss.map((s) => s.mb)),
      restarts: hub.events.filter((e) => e.event === 'exit').length,
      tick: end?.tick,
    });
    expect(end?.ok).toBe(true);
    expect(hub.events.filter((e) => e.event === 'exit' || e.event === 'hang')).toHaveLength(0);
    expect(showSeconds).toBeGreaterThan(SHOW_SECONDS * 0.75);
    expect(welcomes).toBeGreaterThanOrEqual(joins * 0.95);
    expect(last).toBeLessThan(middle * 1.25 + 25);
    expect(Math.max(...rss.map((s) => s.mb))).toBeLessThan(600);
    loops = new Set();
  }, FULL ? 900_000 : 120_000);
});
