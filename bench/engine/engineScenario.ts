/**
 * Scenario 3 (the engine): one hub tick with 2,000 dreamers each sending a gesture per tick (30 Hz,
 * the worst case), per phase: the gestures' attribution on arrival plus `ShowRuntime.tick` (engine
 * step, crowd folding, frame build). The reference is the plainest possible fold of the same
 * gestures (x, y into typed arrays and a count), measured in the same loop: the floor any design pays.
 */
import { BLANK_PRESET } from '../../core/preset.ts';
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';
import type { AudienceGesture } from '../../core/protocol.ts';
import type { RoleIndex } from '../../core/dreamers.ts';
import { ShowRuntime } from '../../server/ShowRuntime.ts';
import type { Scenario } from '../lib/scenario.ts';
import { median, percentile } from '../lib/stats.ts';

/** One dreamer's gesture this tick, as the hub receives it. */
interface Incoming {
  g: AudienceGesture;
  d: number;
  r: RoleIndex;
}

/** Builds one gesture per dreamer for a phase (what 2,000 phones at 30 Hz send in a tick). */
function crowdTick(phase: PhaseName, dreamers: number, tick: number): Incoming[] {
  const out: Incoming[] = [];
  for (let i = 0; i < dreamers; i++) {
    const x = ((i * 0.618 + tick * 0.003) % 1 + 1) % 1;
    const y = ((i * 0.414) % 1 + 1) % 1;
    const r = (i % 4) as RoleIndex;
    let g: AudienceGesture;
    switch (phase) {
      case 'nightmare':
        g = { kind: 'shine', x, y, on: true };
        break;
      case 'confrontation':
        g = { kind: 'pulse', at: 1_000_000 + tick * 33 + i };
        break;
      case 'dawn':
        g = { kind: 'release', x, y };
        break;
      default:
        g = i % 10 === 0 ? { kind: 'tap', x, y } : { kind: 'weave', stroke: tick, points: [x, y, x, y, x, y] };
    }
    out.push({ g, d: i + 1, r });
  }
  return out;
}

/** Times ticks of one phase; returns per-tick µs of ours and of the reference fold. */
function timePhase(phase: PhaseName, dreamers: number, ticks: number): { ours: number[]; floor: number[] } {
  const runtime = new ShowRuntime(BLANK_PRESET, 7);
  runtime.command({ type: 'goto', phase });
  runtime.command({ type: 'hold', on: true });
  const feeds = [0, 1, 2, 3].map((k) => crowdTick(phase, dreamers, k));
  const xs = new Float64Array(dreamers + 1);
  const ys = new Float64Array(dreamers + 1);
  const counts = new Uint32Array(dreamers + 1);
  const ours: number[] = [];
  const floor: number[] = [];
  let now = 1_000_000;
  for (let t = 0; t < ticks; t++) {
    const feed = feeds[t % feeds.length];
    now += 33;
    const a = performance.now();
    for (let i = 0; i < feed.length; i++) runtime.addGesture(feed[i].g, feed[i].d, feed[i].r);
    runtime.tick(1 / 30, now, dreamers);
    const b = performance.now();
    for (let i = 0; i < feed.length; i++) {
      const f = feed[i];
      const g = f.g;
      if ('x' in g) {
        xs[f.d] = g.x;
        ys[f.d] = g.y;
      } else if (g.kind === 'weave') {
        xs[f.d] = g.points[g.points.length - 2];
        ys[f.d] = g.points[g.points.length - 1];
      }
      counts[f.d]++;
    }
    const c = performance.now();
    ours.push((b - a) * 1000);
    floor.push((c - b) * 1000);
  }
  return { ours, floor };
}

export const engineScenario: Scenario = {
  name: 'engine',
  about: 'one hub tick (attribution + step + crowd folding + frame) with 2,000 dreamers, per phase',
  async run(ctx) {
    const dreamers = 2000;
    const ticks = ctx.quick ? 150 : 600;
    const all: number[] = [];
    const allFloor: number[] = [];
    const detail: Record<string, unknown> = {};
    timePhase('serene', dreamers, 100); // warm the JIT
    for (const phase of PHASES) {
      const runs: { ours: number; floor: number; p99: number }[] = [];
      for (let r = 0; r < ctx.runs; r++) {
        const { ours, floor } = timePhase(phase, dreamers, ticks);
        const kept = ours.slice(Math.floor(ticks / 5));
        runs.push({ ours: median(kept), floor: median(floor.slice(Math.floor(ticks / 5))), p99: percentile(kept, 99) });
      }
      const ours = median(runs.map((r) => r.ours));
      const floor = median(runs.map((r) => r.floor));
      all.push(ours);
      allFloor.push(floor);
      detail[phase] = runs;
      ctx.results.add({ group: 'engine', name: `tick, 2000 dreamers, ${phase}: median`, value: ours, unit: 'µs', reference: floor, target: '≤ 1000', note: `p99 ${Math.round(median(runs.map((r) => r.p99)))} µs; reference: bare typed-array fold` });
    }
    const worst = Math.max(...all);
    ctx.results.add({ group: 'engine', name: 'tick, 2000 dreamers, worst phase: per dreamer', value: worst / dreamers, unit: 'µs', reference: Math.max(...allFloor) / dreamers });
    ctx.results.keep('engine', detail);
  },
};
