/**
 * Redis traffic against phones: a leader and one edge on a throwaway redis-server, N phones on the
 * edge each tapping at 30 Hz for a few seconds; counts the messages the bus wrote to Redis (PUBLISH
 * and XADD calls) per second. With the edge folding its phones' gestures, it should stay flat in phones:
 * about (edges + 2 leader streams) × tick rate.
 *   node --import tsx bench/cluster/redisTraffic.ts [phones…]   (default 100 300)
 */
import { Redis } from 'ioredis';
import { io as connect, type Socket } from 'socket.io-client';
import { createHub } from '../../server/hub.ts';
import { createLogger } from '../../server/log.ts';
import { PROTOCOL_VERSION } from '../../core/protocol.ts';
import { startRedis } from '../../test/helpers/redis.ts';

const counts = process.argv.slice(2).map(Number).filter((n) => Number.isInteger(n) && n > 0);
const crowd = counts.length ? counts : [100, 300];
const TOKEN = 'bench-cluster-token-5Tq8!';
const redis = await startRedis();
const log = createLogger('silent');
const cluster = (role: 'leader' | 'edge') => ({ redis: redis.url, role });
const common = { host: '127.0.0.1', port: 0, token: TOKEN, stateFile: null, log, maxPerAddress: 0, pacePhones: false };
const leader = await createHub({ ...common, cluster: cluster('leader') });
const edge = await createHub({ ...common, cluster: cluster('edge') });
const probe = new Redis(redis.url);

async function xadds(): Promise<number> {
  // The bus's messages are server-side emits, which the adapter sends by PUBLISH (and broadcasts by XADD).
  const info = await probe.info('commandstats');
  const calls = (cmd: string) => Number(new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  return calls('publish') + calls('xadd');
}

try {
  await new Promise((r) => setTimeout(r, 2500));
  for (const n of crowd) {
    const phones: Socket[] = [];
    for (let i = 0; i < n; i++) phones.push(connect(`${edge.url}/audience`, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true }));
    await Promise.all(phones.map((p) => new Promise<void>((done) => p.once('welcome', () => done()))));
    let gestures = 0;
    const timer = setInterval(() => {
      for (const p of phones) {
        p.emit('gesture', { kind: 'tap', x: Math.random(), y: Math.random() });
        gestures++;
      }
    }, 33);
    await new Promise((r) => setTimeout(r, 1000));
    const x0 = await xadds();
    const g0 = gestures;
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, 5000));
    const seconds = (performance.now() - t0) / 1000;
    const perSecond = ((await xadds()) - x0) / seconds;
    const sentPerSecond = (gestures - g0) / seconds;
    clearInterval(timer);
    console.log(`phones ${n}: gestures/s sent ${Math.round(sentPerSecond)}, Redis messages/s ${perSecond.toFixed(1)}`);
    for (const p of phones) p.close();
    await new Promise((r) => setTimeout(r, 1000));
  }
} finally {
  probe.disconnect();
  await edge.close();
  await leader.close();
  await redis.kill();
}
process.exit(0);
