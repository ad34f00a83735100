/**
 * `npm run bench -- --only cluster`: (1) Redis messages per second against phones on a leader and an
 * edge (`redisTraffic.ts`, in its own process so the bench's own state stays clean); (2) the same
 * crowd paced by the hub on the single process and on a cluster (leader + 2 edges + a throwaway
 * redis-server, every one its own process on this machine), interleaved in the same run: lost
 * gestures, touch → wall p99, and the CPU each edge spends per gesture it takes (the figure the
 * "Scaling out" table is extrapolated from). Needs `redis-server` (apt-get install redis-server).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../lib/scenario.ts';
import { median, round } from '../lib/stats.ts';
import type { CrowdResult } from '../hub/crowdRun.ts';
import { repeat } from '../hub/hubScenario.ts';

const TRAFFIC = fileURLToPath(new URL('./redisTraffic.ts', import.meta.url));

const med = (rs: CrowdResult[], f: (r: CrowdResult) => number) => median(rs.map(f));
/** CPU per gesture over every edge of a run: edge CPU time ÷ gestures the edges took from phones, µs. */
function edgeUsPerGesture(r: CrowdResult): number {
  const edges = r.cluster?.edges ?? [];
  // Each edge's CPU time in the window (its per-gesture figure × what it took), over all they took.
  const cpuUs = edges.reduce((t, e) => t + (Number.isFinite(e.cpuUsPerGesture) ? e.cpuUsPerGesture * e.handled : 0), 0);
  const taken = edges.reduce((t, e) => t + e.handled, 0);
  return taken > 0 ? cpuUs / taken : Number.NaN;
}

export const clusterScenario: Scenario = {
  name: 'cluster',
  about: 'Redis messages/s against phones; 2,000 paced phones on leader + 2 edges vs the single hub (needs redis-server)',
  async run(ctx) {
    const crowds = ctx.quick ? ['100', '300'] : ['100', '500', '1000'];
    const out = await new Promise<string>((done, fail) => {
      const child = spawn(process.execPath, ['--import', 'tsx', TRAFFIC, ...crowds], { stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.stderr.on('data', (d: Buffer) => (text += d.toString()));
      child.on('exit', (code) => (code === 0 ? done(text) : fail(new Error(`redisTraffic exited ${code}:\n${text}`))));
    });
    for (const m of out.matchAll(/phones (\d+): gestures\/s sent (\d+), Redis messages\/s ([\d.]+)/g)) {
      ctx.log(m[0]);
      ctx.results.add({
        group: 'cluster',
        name: `Redis messages/s, ${m[1]} phones on one edge`,
        value: Number(m[3]),
        unit: 'msg/s',
        target: 'flat in phones, ≈ (edges + 2) × tick rate',
        note: `${m[2]} gestures/s sent by the phones`,
      });
    }

    // The same paced crowd on the single hub and on the cluster, interleaved so both see the same
    // machine. A long warm-up lets the pace settle (one step per 2 busy seconds), as in the hub bench.
    // BENCH_CLUSTER_PHONES sets another crowd (a busy machine cannot carry 2,000 on either side).
    const phones = Number(process.env.BENCH_CLUSTER_PHONES) > 0 ? Math.min(10_000, Math.round(Number(process.env.BENCH_CLUSTER_PHONES))) : ctx.quick ? 1000 : 2000;
    // BENCH_CLUSTER_PACE=0: phones at a fixed 30 Hz instead (CPU per gesture without the pace's fewer, fuller messages).
    const pace = process.env.BENCH_CLUSTER_PACE !== '0';
    const crowd = { phones, hz: 30, warmupMs: ctx.quick ? 8000 : 15_000, measureMs: ctx.quick ? 4000 : 6000, reconnectsPerSec: phones / 100, pace };
    const single: CrowdResult[] = [];
    const cluster: CrowdResult[] = [];
    ctx.log(`cluster: ${phones} phones ${pace ? 'paced' : 'at 30 Hz'}, leader + 2 edges vs the single hub`);
    for (let i = 0; i < ctx.runs; i++) {
      single.push(...(await repeat(ctx, { ...crowd, hub: 'ours' }, 1, 'single ')));
      const rs = await repeat(ctx, { ...crowd, hub: 'cluster', edges: 2 }, 1, 'cluster');
      for (const r of rs) {
        const c = r.cluster;
        if (c) ctx.log(`  cluster run: edges ${c.edges.map((e) => `${round(e.cpuPct)}% CPU, ${e.handled} gestures, ${round(e.cpuUsPerGesture)} µs/gesture, waiting ${round(e.loopWaitPct)}%`).join('; ')}; leader ${round(c.leaderCpuPct)}% CPU, ${round(c.leaderCpuUsPerGesture)} µs/gesture; redis ${round(c.redisCpuPct)}%`);
      }
      cluster.push(...rs);
    }
    const g = 'cluster';
    const n = `${phones} phones ${pace ? 'paced' : 'at 30 Hz'}, leader + 2 edges`;
    const ref = (f: (r: CrowdResult) => number) => (single.length ? med(single, f) : undefined);
    if (cluster.length === 0) throw new Error('no cluster run finished (see the log)');
    ctx.results.add({ group: g, name: `${n}: gestures lost`, value: med(cluster, (r) => r.lostPct), unit: '%', reference: ref((r) => r.lostPct), target: '0', note: 'reference: the single hub, same crowd, same run' });
    ctx.results.add({ group: g, name: `${n}: touch→wall p50`, value: med(cluster, (r) => r.latency.p50), unit: 'ms', reference: ref((r) => r.latency.p50) });
    ctx.results.add({ group: g, name: `${n}: touch→wall p99`, value: med(cluster, (r) => r.latency.p99), unit: 'ms', reference: ref((r) => r.latency.p99), target: '≤ 150' });
    ctx.results.add({ group: g, name: `${n}: rate phones settled on`, value: med(cluster, (r) => r.phoneRate), unit: 'msg/s', reference: ref((r) => r.phoneRate), note: 'each message carries the touches since the last' });
    ctx.results.add({ group: g, name: `${n}: generator sent / asked`, value: med(cluster, (r) => (100 * r.sendRate) / r.askedRate), unit: '%', reference: ref((r) => (100 * r.sendRate) / r.askedRate), note: 'below 100: paced phones send less often, or the generator fell behind' });
    ctx.results.add({ group: g, name: `${n}: edge CPU per gesture`, value: med(cluster, edgeUsPerGesture), unit: 'µs', reference: ref((r) => r.cpuUsPerGesture), note: 'edge CPU time ÷ gestures it took from phones; reference: the single hub per gesture' });
    ctx.results.add({ group: g, name: `${n}: leader CPU per gesture`, value: med(cluster, (r) => r.cluster?.leaderCpuUsPerGesture ?? Number.NaN), unit: 'µs', note: 'leader CPU time ÷ gestures taken from the folds' });
    ctx.results.add({ group: g, name: `${n}: CPU, whole cluster (leader + edges)`, value: med(cluster, (r) => r.hubCpuPct), unit: '% core', reference: ref((r) => r.hubCpuPct) });
    ctx.results.add({ group: g, name: `${n}: redis-server CPU`, value: med(cluster, (r) => r.cluster?.redisCpuPct ?? Number.NaN), unit: '% core' });
    ctx.results.add({ group: g, name: `${n}: worst edge loop waiting for a CPU`, value: med(cluster, (r) => r.loopWaitPct), unit: '% of time', reference: ref((r) => r.loopWaitPct), note: 'high: the machine, not the hub' });
    ctx.results.add({ group: g, name: `${n}: 30 Hz phones one core carries as an edge`, value: 1e6 / med(cluster, edgeUsPerGesture) / 30, unit: 'phones', reference: ref((r) => 1e6 / r.cpuUsPerGesture / 30), note: 'from CPU per gesture; an upper bound (reference: the single hub)' });
    ctx.results.keep('cluster', { single, cluster });
  },
};
