/**
 * A hub in its own process for the load benchmarks: our hub (`createHub`, port 0, 127.0.0.1, a
 * temporary state file, quiet log; phones paced only with `BENCH_PACE=1`), the naive reference
 * relay, or one process of a cluster on Redis (`BENCH_REDIS`, `BENCH_TOKEN`), chosen by
 * `BENCH_HUB=ours|naive|leader|edge`.
 * It tells the parent its port over IPC and answers `stats` with CPU, memory, event-loop delay and
 * the hub's own receive → frame-sent latency, measured from timestamps taken inside this process.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Sample } from '../lib/stats.ts';
import { hostNow } from './stamp.ts';
import type { HubReply, HubRequest } from './messages.ts';

const HUB_KINDS = ['ours', 'naive', 'leader', 'edge'] as const;
const kind = HUB_KINDS.find((k) => k === process.env.BENCH_HUB) ?? 'ours';
const tickHz = Number(process.env.BENCH_TICK_HZ ?? 30);
// A fixed 512 KB reservoir, full within seconds: in a 10-minute soak the hub's RSS must not include
// this buffer growing (a uniform reservoir of 65,536 values still places p99 within a fraction of a ms).
const inHub = new Sample(1 << 16, 1 << 16);
const loop = monitorEventLoopDelay({ resolution: 1 });
loop.enable();
let cpuFrom = process.cpuUsage();
/**
 * The event-loop thread's scheduler times (Linux `/proc/self/schedstat`: ns on a CPU, ns runnable
 * but waiting for one). They tell a hub starved by other processes from a hub that is busy.
 */
function schedstat(): [number, number] {
  try {
    const [run, wait] = readFileSync('/proc/self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return [run / 1e6, wait / 1e6];
  } catch {
    return [Number.NaN, Number.NaN];
  }
}
let schedFrom = schedstat();
let wallFrom = hostNow();
let close: () => Promise<void>;
let gestures: () => number;
/** Messages our hub's per-socket guard refused: over a phone's rate, or malformed (0 for the naive relay). */
let refused: () => { rateLimited: number; malformed: number } = () => ({ rateLimited: 0, malformed: 0 });
/** Messages per second the hub asks phones for now (30 for the naive relay, which never paces). */
let phoneRate: () => number = () => 30;
/** Gestures this process has handled since it started (taken from phones, or from the edges' folds). */
let handled: () => number | Promise<number> = () => 0;
/** A cluster leader: whether it holds the lease. */
let leading: () => boolean | Promise<boolean> = () => false;
let handledFrom = 0;

const send = (m: HubReply) => process.send?.(m);

if (kind === 'naive') {
  const { startNaiveHub } = await import('../reference/naiveHub.ts');
  const hub = await startNaiveHub(0);
  hub.onRelay = (arrived, sent) => inHub.push(sent - arrived);
  close = () => hub.close();
  gestures = () => hub.relayed();
  handled = () => hub.relayed();
  send({ type: 'ready', port: hub.port, pid: process.pid });
} else if (kind === 'leader' || kind === 'edge') {
  // One process of a cluster: the show runs on the leader; the edges take the phones and the wall.
  const { createHub } = await import('../../server/hub.ts');
  const { createLogger } = await import('../../server/log.ts');
  const redis = process.env.BENCH_REDIS ?? '';
  const hub = await createHub({ host: '127.0.0.1', port: 0, stateFile: null, token: process.env.BENCH_TOKEN, log: createLogger('warn'), tickHz, seed: 7, maxDreamers: 20_000, maxPerAddress: 0, pacePhones: process.env.BENCH_PACE === '1', phoneLane: process.env.BENCH_PHONE_LANE !== '0', cluster: { redis, role: kind } });
  close = () => hub.close();
  // Counted in this process (an HTTP question to a flooded hub would be answered late, its count too).
  const ctx = hub.context;
  let taken = 0;
  if (kind === 'edge') {
    const take = ctx.show.takeGesture.bind(ctx.show);
    ctx.show.takeGesture = (g, handle, role) => {
      taken++;
      take(g, handle, role);
    };
  } else {
    const add = ctx.runtime.addGesture.bind(ctx.runtime);
    ctx.runtime.addGesture = (g, handle, role) => {
      taken++;
      add(g, handle, role);
    };
  }
  handled = () => taken;
  gestures = () => ctx.runtime.droppedGestures;
  const cluster = async (): Promise<{ leading?: boolean }> => {
    const body = (await (await fetch(`${hub.url}/healthz`)).json()) as { cluster?: { leading?: boolean } };
    return body.cluster ?? {};
  };
  if (kind === 'leader') leading = async () => (await cluster()).leading === true;
  refused = () => ({ rateLimited: hub.context.dropped.rateLimited, malformed: hub.context.dropped.malformed + hub.context.dropped.unknownEvent });
  phoneRate = () => hub.context.phoneRate();
  send({ type: 'ready', port: hub.port, pid: process.pid });
} else {
  const { createHub } = await import('../../server/hub.ts');
  const { createLogger } = await import('../../server/log.ts');
  // Lever: binary frames with the msgpack parser (the generator and the timing wall switch too).
  const msgpack = process.env.BENCH_MSGPACK === '1' ? (await import('socket.io-msgpack-parser')).default : undefined;
  const stateFile = join(mkdtempSync(join(tmpdir(), 'dreamscape-bench-')), 'state.json');
  const hub = await createHub({ host: '127.0.0.1', port: 0, stateFile, log: createLogger('warn'), tickHz, seed: 7, maxDreamers: 20_000, maxPerAddress: 0, pacePhones: process.env.BENCH_PACE === '1', phoneLane: process.env.BENCH_PHONE_LANE !== '0', ...(msgpack ? { parser: msgpack } : {}) });
  const ctx = hub.context;
  // Arrival times of the gestures waiting for the next frame or batch (host ms), oldest first from
  // `head`; each emit sends the oldest ones, as many as it carries.
  let pending = new Float64Array(1 << 16);
  let waiting = 0;
  let head = 0;
  let skipped = 0;
  const runtime = ctx.runtime;
  const addGesture = runtime.addGesture.bind(runtime);
  let taken = 0;
  handled = () => taken;
  runtime.addGesture = (g, handle, role) => {
    taken++;
    if (waiting === pending.length) {
      const bigger = new Float64Array(pending.length * 2);
      bigger.set(pending.subarray(head, waiting));
      waiting -= head;
      head = 0;
      pending = bigger;
    }
    pending[waiting++] = hostNow();
    addGesture(g, handle, role);
  };
  const emit = ctx.display.emit.bind(ctx.display) as (event: string, ...args: unknown[]) => boolean;
  ctx.display.emit = ((event: string, ...args: unknown[]) => {
    const result = emit(event, ...args);
    if (event === 'frame' || event === 'gestures') {
      const sent = hostNow();
      // Gestures the hub dropped from an overflowing backlog never go out: skip their arrivals.
      const dropped = runtime.droppedGestures;
      if (dropped > skipped) {
        head = Math.min(waiting, head + dropped - skipped);
        skipped = dropped;
      }
      // Packed gestures start with their count (core/gesturePack.ts).
      const packed = (args[0] as { gestures: Uint8Array }).gestures;
      const carried = new DataView(packed.buffer, packed.byteOffset, packed.byteLength).getUint32(0, true);
      const end = Math.min(waiting, head + carried);
      for (let i = head; i < end; i++) inHub.push(sent - pending[i]);
      head = end;
      if (head === waiting) head = waiting = 0;
    }
    return result;
  }) as typeof ctx.display.emit;
  close = () => hub.close();
  gestures = () => hub.context.runtime.droppedGestures;
  refused = () => ({ rateLimited: hub.context.dropped.rateLimited, malformed: hub.context.dropped.malformed + hub.context.dropped.unknownEvent });
  phoneRate = () => ctx.phoneRate();
  send({ type: 'ready', port: hub.port, pid: process.pid });
}

process.on('message', async (m: HubRequest) => {
  switch (m.type) {
    case 'reset':
      handledFrom = await handled();
      inHub.clear();
      loop.reset();
      cpuFrom = process.cpuUsage();
      schedFrom = schedstat();
      wallFrom = hostNow();
      send({ type: 'reset' });
      break;
    case 'gc': {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      gc?.();
      send({ type: 'gc', rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
      break;
    }
    case 'stats': {
      const cpu = process.cpuUsage(cpuFrom);
      const wall = hostNow() - wallFrom;
      const mem = process.memoryUsage();
      const [run, wait] = schedstat();
      send({
        loopRunPct: ((run - schedFrom[0]) / wall) * 100,
        loopWaitPct: ((wait - schedFrom[1]) / wall) * 100,
        type: 'stats',
        cpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100,
        rss: mem.rss,
        heapUsed: mem.heapUsed,
        // No sample at all means the loop never got round to the delay timer: it was blocked for
        // the whole window, so the window's length is the honest (lower-bound) figure.
        loopP99: loop.count > 0 ? loop.percentile(99) / 1e6 : wall,
        loopMax: loop.max / 1e6,
        inHub: inHub.summary(),
        counter: gestures(),
        ...refused(),
        phoneRate: phoneRate(),
        handled: (await handled()) - handledFrom,
        leading: await leading(),
      });
      break;
    }
    case 'close':
      await close();
      loop.disable();
      send({ type: 'closed' });
      process.disconnect?.();
      setTimeout(() => process.exit(0), 200).unref();
      break;
  }
});
