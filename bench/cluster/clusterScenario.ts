/**
 * `npm run bench -- --only cluster`: Redis messages per second against phones on a leader and an
 * edge (`redisTraffic.ts`, in its own process so the bench's own state stays clean). Needs
 * `redis-server` (apt-get install redis-server). The 2,000-phone cluster-vs-single-hub latency
 * comparison is not built yet (see the cluster notes).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Scenario } from '../lib/scenario.ts';

const TRAFFIC = fileURLToPath(new URL('./redisTraffic.ts', import.meta.url));

export const clusterScenario: Scenario = {
  name: 'cluster',
  about: 'Redis messages/s against phones on a leader + edge (needs redis-server)',
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
  },
};
