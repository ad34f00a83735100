/**
 * Which Redis adapter carries the walls' frames: two processes, one broadcasting on `/display`
 * through Redis, the other handing to a wall socket. Paced: 30 frames (2 KiB) + 30 gesture batches
 * (8 KiB) a second for 8 s, latency send → wall. Burst: 3,000 messages of 1 KiB at once, time until
 * all arrive. Blip: Redis restarted during a paced run, messages lost.
 *   node --import tsx bench/cluster/adapterBench.ts
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Server } from 'socket.io';
import { io as connect } from 'socket.io-client';
import { startRedis, type RedisProcess } from '../../test/helpers/redis.ts';
import { clusterAdapter, type AdapterKind } from './adapters.ts';

const PEER = fileURLToPath(new URL('./adapterPeer.ts', import.meta.url));
const now = () => performance.timeOrigin + performance.now();

function pct(a: number[], p: number): number {
  if (a.length === 0) return NaN;
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function run(redis: RedisProcess, kind: AdapterKind): Promise<Record<string, number>> {
  const peer = spawn(process.execPath, ['--import', 'tsx', PEER, redis.url, kind], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((done) => {
    let out = '';
    peer.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /port (\d+)/.exec(out);
      if (m) done(Number(m[1]));
    });
  });
  const made = clusterAdapter(redis.url, kind);
  const http = createServer();
  const io = new Server(http, { adapter: made.adapter, transports: ['websocket'] });
  const display = io.of('/display');
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const wall = connect(`http://127.0.0.1:${port}/display`, { transports: ['websocket'] });
  await new Promise<void>((r) => wall.once('connect', () => r()));
  await new Promise((r) => setTimeout(r, 500));

  const lat: number[] = [];
  let got = 0;
  wall.on('m', (sentAt: number) => {
    got++;
    lat.push(now() - sentAt);
  });
  const frame = Buffer.alloc(2048, 1);
  const batch = Buffer.alloc(8192, 2);
  const paced = async (seconds: number, during?: () => Promise<void>) => {
    lat.length = 0;
    got = 0;
    let sent = 0;
    const end = now() + seconds * 1000;
    const side = during ? setTimeout(() => void during(), (seconds * 1000) / 3) : null;
    while (now() < end) {
      display.emit('m', now(), frame);
      setTimeout(() => display.emit('m', now(), batch), 16);
      sent += 2;
      await new Promise((r) => setTimeout(r, 33));
    }
    if (side) clearTimeout(side);
    await new Promise((r) => setTimeout(r, 1500));
    return sent;
  };
  const sentPaced = await paced(8);
  const r: Record<string, number> = { pacedSent: sentPaced, pacedLost: sentPaced - got, p50: pct(lat, 50), p99: pct(lat, 99) };

  lat.length = 0;
  got = 0;
  const one = Buffer.alloc(1024, 3);
  const t0 = now();
  for (let i = 0; i < 3000; i++) {
    display.emit('m', now(), one);
    if (i % 100 === 99) await new Promise((res) => setImmediate(res));
  }
  const deadline = now() + 20_000;
  while (got < 3000 && now() < deadline) await new Promise((res) => setTimeout(res, 5));
  r.burstMsgsPerS = Math.round((got / (now() - t0)) * 1000);
  r.burstLost = 3000 - got;

  const sentBlip = await paced(9, () => redis.restart());
  r.blipSent = sentBlip;
  r.blipLost = sentBlip - got;

  wall.close();
  await new Promise<void>((res) => io.close(() => res()));
  for (const c of made.clients) c.disconnect();
  peer.kill('SIGKILL');
  return r;
}

const redis = await startRedis();
try {
  for (const kind of ['streams', 'pubsub'] as const) {
    const r = await run(redis, kind);
    console.log(kind.padEnd(8), JSON.stringify(r));
  }
} finally {
  await redis.kill();
}
process.exit(0);
