/**
 * One run of the hub under a crowd: start a hub process (ours or the naive relay, built as `npm start`
 * runs it), open N phones
 * in load workers, let them drag and tap for a warm-up and a measured window, and read latency at
 * a timing wall, plus the hub's CPU, memory, event-loop delay and in-hub latency.
 */
import { Child } from '../lib/child.ts';
import { bundleForNode } from '../lib/nodeBundle.ts';
import { HUB_NODE_FLAGS } from '../../server/nodeFlags.ts';
import { hostNow } from './stamp.ts';
import { DisplayProbe } from './displayProbe.ts';
import type { HubReply, HubRequest, WorkerReply, WorkerRequest } from './messages.ts';
import { startRedis, type RedisProcess } from '../../test/helpers/redis.ts';
import { readFileSync } from 'node:fs';

type HubChild = Child<HubRequest, HubReply>;
type Stats = Extract<HubReply, { type: 'stats' }>;

/** CPU seconds a process has used (Linux /proc: utime + stime at 100 ticks/s); NaN elsewhere. */
function procCpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces) start at the last ')'.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()!.trim().split(/\s+/);
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

/** Waits until a cluster leader holds its lease (bounded). */
async function untilLeading(leader: HubChild, ms: number): Promise<void> {
  const deadline = hostNow() + ms;
  while (hostNow() < deadline) {
    if ((await leader.ask({ type: 'stats' }, 'stats')).leading) return;
    await sleep(100);
  }
  throw new Error(`the cluster leader did not take the lease within ${ms} ms`);
}

/** Options of {@link runCrowd}. */
export interface CrowdOptions {
  /** Our single hub, the naive relay, or our hub as a cluster: a leader and `edges` edges on a throwaway redis-server. */
  hub: 'ours' | 'naive' | 'cluster';
  /** Cluster: edges taking the phones (default 2); the load workers are spread over them, the timing wall sits on the first. */
  edges?: number;
  /** Phones per group sending in the same millisecond (bursty crowd); default 1: smooth, each phone at its own moment. */
  burst?: number;
  phones: number;
  /** Gestures per second per phone. */
  hz: number;
  warmupMs: number;
  measureMs: number;
  /** Longest wait for late gestures after sending stops, ms. */
  drainMs?: number;
  /** Load worker processes (default: 1 below 500 phones, else 2). */
  workers?: number;
  /** Reconnecting phones per second across the crowd. */
  reconnectsPerSec?: number;
  /** Leaves (and as many joins) per second across the crowd. */
  churnPerSec?: number;
  /** Let our hub pace phones when it is overloaded (as it does at a venue). Default false: a fixed rate. */
  pace?: boolean;
  /** Binary frames: the msgpack parser in our hub, the phones and the timing wall (a lever). */
  msgpack?: boolean;
  /** Extra environment for the hub process (levers: WS_NO_BUFFER_UTIL, BENCH_TICK_HZ). */
  hubEnv?: Record<string, string>;
  /** Extra node flags for the hub process (e.g. `--cpu-prof`), after the hub's own (`server/nodeFlags.ts`). */
  hubArgs?: string[];
  /** Called every `sampleEveryMs` during the measured window with the hub's RSS (memory soak). */
  onSample?: (atMs: number, rss: number, heapUsed: number) => void;
  sampleEveryMs?: number;
}

/** What one run measured. */
export interface CrowdResult {
  phones: number;
  connected: number;
  connectMs: number;
  /** Gestures sent in the window and received by the wall. */
  sent: number;
  received: number;
  /** Share of the window's gestures that never reached the wall, %. */
  lostPct: number;
  /** Gestures per second the generator achieved vs asked. */
  sendRate: number;
  askedRate: number;
  latency: { p50: number; p95: number; p99: number; max: number };
  hubCpuPct: number;
  /**
   * Hub CPU per gesture delivered, µs: robust to a shared machine (CPU time, not wall time), and
   * 1e6 / it / 30 is how many 30 Hz phones one dedicated core could carry.
   */
  cpuUsPerGesture: number;
  workerCpuPct: number;
  /** Hub event-loop thread: % of the window on a CPU, and % runnable but waiting for one. */
  loopRunPct: number;
  loopWaitPct: number;
  hubRssMB: number;
  /** Messages per second the hub asked phones for at the end of the window. */
  phoneRate: number;
  /** JS heap in use at the end of the window (not collected), MB. */
  hubHeapMB: number;
  /** Hub RSS growth per connected idle phone, KB (after GC). */
  idleKBPerPhone: number;
  loopP99: number;
  inHubP99: number;
  inHubP50: number;
  frames: number;
  /** Our hub: gestures dropped from an overflowing backlog, and messages refused (over a phone's rate; malformed or unknown), during the run. */
  hubDropped: { overflow: number; rateLimited: number; malformed: number };
  /** Why the timing wall was disconnected during the run, or null. */
  wallDropped: string | null;
  /** Cluster runs: each process's share (the hub figures above are the cluster's sums; loop figures the worst edge's). */
  cluster?: ClusterShare;
}

/** Where a cluster run's CPU went. */
export interface ClusterShare {
  /** Per edge: CPU % of one core, gestures it took from its phones, and CPU per gesture it took, µs. */
  edges: { cpuPct: number; handled: number; cpuUsPerGesture: number; loopWaitPct: number; loopP99: number }[];
  leaderCpuPct: number;
  /** Gestures the leader took from the edges' folds. */
  leaderHandled: number;
  leaderCpuUsPerGesture: number;
  /** redis-server's CPU over the window, % of one core (from /proc). */
  redisCpuPct: number;
}

const HUB = new URL('./hubProcess.ts', import.meta.url);
const WORKER = new URL('./loadWorker.ts', import.meta.url);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one crowd scenario end to end; every process it starts is closed before it returns. */
export async function runCrowd(o: CrowdOptions): Promise<CrowdResult> {
  const bundle = await bundleForNode(HUB, 'hubProcess');
  const start = (kind: string, env: Record<string, string> = {}): HubChild =>
    new Child<HubRequest, HubReply>(bundle, { BENCH_HUB: kind, BENCH_PACE: o.pace ? '1' : '0', BENCH_MSGPACK: o.msgpack ? '1' : '0', ...env, ...(o.hubEnv ?? {}) }, ['--expose-gc', ...(kind === 'naive' ? [] : HUB_NODE_FLAGS), ...(o.hubArgs ?? [])]);
  const clustered = o.hub === 'cluster';
  let redis: RedisProcess | undefined;
  let leader: HubChild | undefined;
  const edges: HubChild[] = [];
  let hub: HubChild;
  if (clustered) {
    redis = await startRedis();
    const env = { BENCH_REDIS: redis.url, BENCH_TOKEN: 'bench-cluster-token-5Tq8!' };
    leader = start('leader', env);
    hub = leader;
    for (let e = 0; e < (o.edges ?? 2); e++) edges.push(start('edge', env));
  } else hub = start(o.hub);
  // Every process whose figures count: the hub, or the cluster's edges and leader.
  const serving = clustered ? edges : [hub];
  const workers: Child<WorkerRequest, WorkerReply>[] = [];
  const probe = new DisplayProbe();
  try {
    const { port } = await hub.next('ready', 60_000);
    let urls = [`http://127.0.0.1:${port}`];
    if (leader) {
      await untilLeading(leader, 15_000);
      urls = (await Promise.all(edges.map((e) => e.next('ready', 60_000)))).map((r) => `http://127.0.0.1:${r.port}`);
      // Let the edges receive the leader's show state before walls and phones arrive.
      await sleep(1500);
    }
    const url = urls[0];
    await probe.open(url, o.msgpack ?? false);
    const base = await hub.ask({ type: 'gc' }, 'gc');

    const nWorkers = o.workers ?? Math.max(urls.length, o.phones < 500 ? 1 : 2);
    let connected = 0;
    let connectMs = 0;
    for (let w = 0; w < nWorkers; w++) workers.push(new Child<WorkerRequest, WorkerReply>(WORKER));
    const per = Math.ceil(o.phones / nWorkers);
    const answers = await Promise.all(
      workers.map((w, i) => w.ask({ type: 'connect', url: urls[i % urls.length], count: Math.min(per, o.phones - i * per), firstIndex: i * per, msgpack: o.msgpack ?? false }, 'connected', 180_000)),
    );
    for (const a of answers) {
      connected += a.ok;
      connectMs = Math.max(connectMs, a.ms);
    }
    await sleep(1000);
    const idle = await hub.ask({ type: 'gc' }, 'gc');
    const idleKBPerPhone = connected > 0 ? (idle.rss - base.rss) / 1024 / connected : Number.NaN;

    const epoch = hostNow() + 300;
    const countFrom = epoch + o.warmupMs;
    const countTo = countFrom + o.measureMs;
    const stopAt = countTo + 100;
    probe.window(epoch, countFrom, countTo);
    const run: WorkerRequest = {
      type: 'run',
      epoch,
      hz: o.hz,
      tapEvery: 10,
      countFrom,
      countTo,
      stopAt,
      reconnectsPerSec: (o.reconnectsPerSec ?? 0) / nWorkers,
      churnPerSec: (o.churnPerSec ?? 0) / nWorkers,
      burst: o.burst ?? 1,
      crowd: o.phones,
    };
    const done = Promise.all(workers.map((w) => w.next('done', o.warmupMs + o.measureMs + 120_000)));
    for (const w of workers) w.send(run);
    await sleep(countFrom - hostNow());
    await Promise.all([hub, ...edges].map((h) => h.ask({ type: 'reset' }, 'reset')));
    const redisCpuFrom = redis ? procCpuSeconds(redis.child.pid ?? -1) : Number.NaN;
    const redisWallFrom = hostNow();
    let sampler: NodeJS.Timeout | undefined;
    if (o.onSample) {
      const every = o.sampleEveryMs ?? 10_000;
      sampler = setInterval(() => {
        void hub.ask({ type: 'stats' }, 'stats').then((s) => o.onSample?.(hostNow() - countFrom, s.rss, s.heapUsed));
      }, every);
    }
    await sleep(countTo - hostNow());
    clearInterval(sampler);
    const hubStats = await hub.ask({ type: 'stats' }, 'stats');
    const edgeStats = await Promise.all(edges.map((e) => e.ask({ type: 'stats' }, 'stats')));
    const redisCpuPct = redis ? ((procCpuSeconds(redis.child.pid ?? -1) - redisCpuFrom) * 1e5) / (hostNow() - redisWallFrom) : Number.NaN;
    const stats = clustered ? sumCluster(hubStats, edgeStats) : hubStats;
    const reports = await done;
    // Wait for stragglers: stop when nothing new arrived for 1 s (a hub stalled for longer than a
    // short pause still delivers what it queued), or after drainMs.
    const drainUntil = hostNow() + (o.drainMs ?? 3000);
    let seen = -1;
    while (hostNow() < drainUntil && probe.received !== seen) {
      seen = probe.received;
      await sleep(1000);
    }
    const sent = reports.reduce((s, r) => s + r.counted, 0);
    const lat = probe.latency.summary();
    return {
      phones: o.phones,
      connected,
      connectMs,
      sent,
      received: probe.received,
      lostPct: sent > 0 ? (Math.max(0, sent - probe.received) / sent) * 100 : Number.NaN,
      sendRate: sent / (o.measureMs / 1000),
      askedRate: o.phones * o.hz,
      latency: { p50: lat.p50, p95: lat.p95, p99: lat.p99, max: lat.max },
      hubCpuPct: stats.cpuPct,
      cpuUsPerGesture: probe.received > 0 ? ((stats.cpuPct / 100) * o.measureMs * 1000) / probe.received : Number.NaN,
      workerCpuPct: reports.reduce((s, r) => s + r.cpuPct, 0),
      loopRunPct: stats.loopRunPct,
      loopWaitPct: stats.loopWaitPct,
      hubRssMB: stats.rss / 2 ** 20,
      hubHeapMB: stats.heapUsed / 2 ** 20,
      phoneRate: stats.phoneRate,
      idleKBPerPhone,
      loopP99: stats.loopP99,
      inHubP99: stats.inHub.p99,
      inHubP50: stats.inHub.p50,
      frames: probe.frames,
      hubDropped: { overflow: o.hub !== 'naive' ? stats.counter : 0, rateLimited: stats.rateLimited, malformed: stats.malformed },
      wallDropped: probe.dropped,
      ...(clustered
        ? {
            cluster: {
              edges: edgeStats.map((e) => ({ cpuPct: e.cpuPct, handled: e.handled, cpuUsPerGesture: perGesture(e.cpuPct, e.handled, o.measureMs), loopWaitPct: e.loopWaitPct, loopP99: e.loopP99 })),
              leaderCpuPct: hubStats.cpuPct,
              leaderHandled: hubStats.handled,
              leaderCpuUsPerGesture: perGesture(hubStats.cpuPct, hubStats.handled, o.measureMs),
              redisCpuPct,
            },
          }
        : {}),
    };
  } finally {
    probe.close();
    await Promise.all(workers.map((w) => w.close({ type: 'close' })));
    await Promise.all(serving.filter((h) => h !== hub).map((h) => h.close({ type: 'close' })));
    await hub.close({ type: 'close' });
    await redis?.kill();
  }
}

/** CPU µs per gesture from a CPU % of one core over a window of `ms` in which `gestures` were handled. */
function perGesture(cpuPct: number, gestures: number, ms: number): number {
  return gestures > 0 ? ((cpuPct / 100) * ms * 1000) / gestures : Number.NaN;
}

/** A cluster's figures as one hub's: CPU summed over leader and edges, loop figures the worst edge's, the lowest phone rate. */
function sumCluster(leader: Stats, edges: Stats[]): Stats {
  const all = [leader, ...edges];
  const sum = (f: (s: Stats) => number) => all.reduce((t, s) => t + f(s), 0);
  const worst = (f: (s: Stats) => number) => Math.max(...edges.map(f));
  return {
    ...leader,
    cpuPct: sum((s) => s.cpuPct),
    rss: sum((s) => s.rss),
    heapUsed: sum((s) => s.heapUsed),
    loopRunPct: worst((s) => s.loopRunPct),
    loopWaitPct: worst((s) => s.loopWaitPct),
    loopP99: worst((s) => s.loopP99),
    loopMax: worst((s) => s.loopMax),
    counter: sum((s) => s.counter),
    rateLimited: sum((s) => s.rateLimited),
    malformed: sum((s) => s.malformed),
    phoneRate: Math.min(...edges.map((s) => s.phoneRate)),
    handled: sum((s) => s.handled) - leader.handled,
  };
}
