import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeaderLease } from '../../../server/cluster/LeaderLease.ts';
import { startRedis, type RedisProcess } from '../../helpers/redis.ts';

const CONTENDER = fileURLToPath(new URL('./fixtures/contender.ts', import.meta.url));
const TTL = 600;

let redis: RedisProcess;
const children: ChildProcess[] = [];
const clients: Redis[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const c of children) {
    c.kill('SIGCONT');
    c.kill('SIGKILL');
  }
  for (const c of clients) c.disconnect();
  await redis?.kill();
});

function client(): Redis {
  const c = new Redis(redis.url, { commandTimeout: 500, maxRetriesPerRequest: 1 });
  c.on('error', () => undefined);
  clients.push(c);
  return c;
}

interface Contender {
  child: ChildProcess;
  lines: string[];
}

function contender(prefix: string): Contender {
  const child = spawn(process.execPath, ['--import', 'tsx', CONTENDER, redis.url, prefix, String(TTL)], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let rest = '';
  child.stdout!.on('data', (d: Buffer) => {
    const parts = (rest + d.toString()).split('\n');
    rest = parts.pop() ?? '';
    lines.push(...parts);
  });
  child.stderr!.on('data', (d: Buffer) => lines.push(`stderr ${d.toString()}`));
  return { child, lines };
}

async function until(what: string, ok: () => boolean, ms = 40_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('LeaderLease', () => {
  it('gives the lease to one of two contenders, and fences a new holder above the old', async () => {
    // Stepped by hand here: a long lease, so a busy machine's slow awaits cannot let it lapse.
    const a = new LeaderLease({ redis: client(), prefix: 'two', ttlMs: 5000 });
    const b = new LeaderLease({ redis: client(), prefix: 'two', ttlMs: 5000 });
    await Promise.all([a.step(), b.step()]);
    expect([a.leading, b.leading].filter(Boolean)).toHaveLength(1);
    const [holder, other] = a.leading ? [a, b] : [b, a];
    expect(holder.fence).toBe(1);
    expect(holder.mayDrive).toBe(true);
    // The holder keeps it by renewing; the other cannot take it meanwhile.
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 200));
      await holder.step();
      await other.step();
      expect(holder.leading && !other.leading).toBe(true);
    }
    // A clean stop hands over at once, with a higher fence.
    await holder.stop();
    await other.step();
    expect(other.leading).toBe(true);
    expect(other.fence).toBe(2);
    await other.stop();
  });

  // Bounded by the waits below: two contender processes start on a machine that may be busy.
  it('a paused leader loses the lease, stops driving on waking before it hears so, and steps down', { timeout: 120_000 }, async () => {
    const prefix = 'paused';
    const frames: number[] = [];
    const sub = client();
    await sub.subscribe(`${prefix}:frames`);
    sub.on('message', (_channel: string, message: string) => frames.push(Number(message.split(' ')[0])));

    const a = contender(prefix);
    await until('a leads', () => a.lines.includes('lead 1'));
    const b = contender(prefix);
    await until('a drives', () => frames.length >= 5);
    a.child.kill('SIGSTOP');
    await until('b leads', () => b.lines.includes('lead 2'));
    await until('b drives', () => frames.includes(2));
    a.child.kill('SIGCONT');
    await until('a steps down', () => a.lines.includes('down lost'));
    const seenAfterWake = frames.length;
    await until('more frames from b', () => frames.length >= seenAfterWake + 10);

    // Walls never see the old leader after the new one: the fences arrive in order, never falling.
    for (let i = 1; i < frames.length; i++) expect(frames[i], `frame ${i} of ${frames.join(',')}`).toBeGreaterThanOrEqual(frames[i - 1]);
    expect(a.lines.filter((l) => l.startsWith('lead'))).toEqual(['lead 1']);
    expect(b.lines.filter((l) => l.startsWith('down'))).toEqual([]);
  });

  it('re-takes the lease above every fence it saw after Redis restarts empty', async () => {
    const a = new LeaderLease({ redis: client(), prefix: 'restart', ttlMs: TTL });
    a.saw(7);
    await a.step();
    expect(a.fence).toBe(8);
    await redis.restart();
    // Until Redis answers, the engine keeps its lease (nobody else can take it) but stops driving.
    await new Promise((r) => setTimeout(r, TTL));
    expect(a.leading).toBe(true);
    expect(a.mayDrive).toBe(false);
    await until('a re-takes the lease', () => {
      void a.step();
      return a.mayDrive;
    });
    expect(a.fence).toBe(9);
    await a.stop();
  });

  it('refuses a nonsense lease time', () => {
    expect(() => new LeaderLease({ redis: client(), ttlMs: 5 })).toThrow(/lease time/);
    expect(() => new LeaderLease({ redis: client(), ttlMs: Number.NaN })).toThrow(/lease time/);
  });
});
