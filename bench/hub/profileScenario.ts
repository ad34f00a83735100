/**
 * `npm run bench -- --only profiles`: the hub's input→display latency against the bare relay in the
 * same run, for two crowd profiles: smooth (each phone sends at its own moment, spread over the
 * 1/30 s period) and bursty (phones in groups that send in the same millisecond, as phones behind one
 * access point do after a Wi-Fi hiccup). Every run warms up for 10 s (JIT, the young generation and
 * socket buffers settle; the quick hub bench's 1.5 s does not), then measures. One row also repeats
 * the smooth 1,000-phone run with the quick bench's 1.5 s warm-up, to show what warm-up alone does.
 * Phones send at a fixed 30 Hz here (the hub does not pace them), as the independent generator did.
 */
import type { Scenario } from '../lib/scenario.ts';
import { median, round } from '../lib/stats.ts';
import type { CrowdOptions, CrowdResult } from './crowdRun.ts';
import { repeat } from './hubScenario.ts';

/** Phones per bursty group: 1,000 phones make 4 groups, each sending all at once, 4 times a period. */
const BURST_GROUP = 250;
/** Warm-up before the measured window, ms. */
const WARMUP_MS = 10_000;

const p99 = (rs: CrowdResult[]) => median(rs.map((r) => r.latency.p99));
const lost = (rs: CrowdResult[]) => median(rs.map((r) => r.lostPct));

export const profileScenario: Scenario = {
  name: 'profiles',
  about: 'hub vs bare relay at 500 and 1,000 phones × 30 Hz, smooth and bursty crowds, 10 s warm-up',
  async run(ctx) {
    const { results } = ctx;
    const measureMs = ctx.quick ? 4000 : 6000;
    const runs = ctx.runs;
    const detail: Record<string, unknown> = {};
    for (const phones of [500, 1000]) {
      for (const [profile, burst] of [
        ['smooth', 1],
        [`bursty (groups of ${BURST_GROUP} in the same ms)`, BURST_GROUP],
      ] as const) {
        const base: Omit<CrowdOptions, 'hub'> = { phones, hz: 30, warmupMs: WARMUP_MS, measureMs, reconnectsPerSec: phones / 100, burst };
        const label = `${phones} phones, ${profile}`;
        ctx.log(`profiles: ${label}`);
        const ours: CrowdResult[] = [];
        const naive: CrowdResult[] = [];
        // Interleaved, so both see the same machine.
        for (let i = 0; i < runs; i++) {
          ours.push(...(await repeat(ctx, { ...base, hub: 'ours' }, 1, 'ours ')));
          naive.push(...(await repeat(ctx, { ...base, hub: 'naive' }, 1, 'relay')));
        }
        detail[label] = { ours, naive };
        const ref = (f: (rs: CrowdResult[]) => number) => (naive.length ? f(naive) : undefined);
        results.add({ group: 'profiles', name: `${label}: input→display p50`, value: median(ours.map((r) => r.latency.p50)), unit: 'ms', reference: ref((rs) => median(rs.map((r) => r.latency.p50))), note: 'reference: the bare relay, same run' });
        results.add({ group: 'profiles', name: `${label}: input→display p99`, value: p99(ours), unit: 'ms', reference: ref(p99), target: phones <= 1000 ? '≤ 50 (quiet machine)' : undefined });
        results.add({ group: 'profiles', name: `${label}: gestures lost`, value: lost(ours), unit: '%', reference: ref(lost), target: '0' });
        results.add({ group: 'profiles', name: `${label}: hub loop thread waiting for a CPU`, value: median(ours.map((r) => r.loopWaitPct)), unit: '% of time', reference: ref((rs) => median(rs.map((r) => r.loopWaitPct))), note: 'high: the machine, not the hub' });
        results.add({ group: 'profiles', name: `${label}: hub CPU per gesture`, value: median(ours.map((r) => r.cpuUsPerGesture)), unit: 'µs', reference: ref((rs) => median(rs.map((r) => r.cpuUsPerGesture))) });
        ctx.log(`profiles: ${label} → hub p99 ${round(p99(ours))} ms vs relay ${round(ref(p99) ?? Number.NaN)} ms`);
      }
    }
    // Warm-up alone: the quick hub bench's 1.5 s against the 10 s above, smooth, 1,000 phones.
    ctx.log('profiles: 1000 phones, smooth, 1.5 s warm-up');
    const short = await repeat(ctx, { phones: 1000, hz: 30, warmupMs: 1500, measureMs, reconnectsPerSec: 10, hub: 'ours' }, runs, 'ours, short warm-up');
    const long = (detail['1000 phones, smooth'] as { ours: CrowdResult[] } | undefined)?.ours ?? [];
    detail['1000 phones, smooth, 1.5 s warm-up'] = short;
    results.add({ group: 'profiles', name: '1000 phones, smooth, 1.5 s warm-up: input→display p99', value: p99(short), unit: 'ms', reference: long.length ? p99(long) : undefined, note: 'reference: the same with the 10 s warm-up' });
    results.keep('profiles', detail);
  },
};
