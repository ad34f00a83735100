/**
 * `npm run bench`: runs the benchmarks, prints one table and writes bench/results.json.
 * Figures are printed, never judged: a missed target is a row to read, not a failure.
 *
 *   npm run bench                       every scenario (~25 min on 2 cores)
 *   npm run bench -- --quick            a ~3 minute subset
 *   npm run bench -- --only hub,engine  chosen scenarios (see --help)
 *   npm run bench -- --runs 5 --soak-minutes 20 --out /tmp/results.json
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadavg } from 'node:os';
import { Results, machine } from './lib/results.ts';
import type { BenchContext, Scenario } from './lib/scenario.ts';
import { hubScenario } from './hub/hubScenario.ts';
import { engineScenario } from './engine/engineScenario.ts';
import { startupScenario } from './startup/startupScenario.ts';
import { displayScenario } from './display/displayScenario.ts';
import { soundScenario } from './sound/soundScenario.ts';
import { memoryScenario } from './memory/memoryScenario.ts';
import { clusterScenario } from './cluster/clusterScenario.ts';
import { profileScenario } from './hub/profileScenario.ts';

/** Every scenario, in the order a full run takes them (cheap and quiet ones first). */
const SCENARIOS: Scenario[] = [engineScenario, startupScenario, hubScenario, profileScenario, displayScenario, soundScenario, memoryScenario, clusterScenario];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    skip: { type: 'string' },
    runs: { type: 'string' },
    'soak-minutes': { type: 'string' },
    out: { type: 'string' },
    markdown: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log('npm run bench -- [--quick] [--only a,b] [--skip a,b] [--runs N] [--soak-minutes N] [--out FILE] [--markdown]\n\nScenarios:');
  for (const s of SCENARIOS) console.log(`  ${s.name.padEnd(14)} ${s.about}`);
  process.exit(0);
}

const list = (v: string | undefined) => (v ? v.split(',').map((s) => s.trim()).filter(Boolean) : []);
const only = list(values.only);
const skip = list(values.skip);
const unknown = [...only, ...skip].filter((n) => !SCENARIOS.some((s) => s.name === n));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const chosen = SCENARIOS.filter((s) => (only.length === 0 || only.includes(s.name)) && !skip.includes(s.name));
const quick = values.quick;
const results = new Results();
const out = resolve(values.out ?? resolve(import.meta.dirname, 'results.json'));
const started = performance.now();
const ctx: BenchContext = {
  results,
  quick,
  runs: Math.max(1, Number(values.runs ?? (quick ? 1 : 3))),
  soakMinutes: Math.max(0.25, Number(values['soak-minutes'] ?? (quick ? 1 : 10))),
  dist: resolve(process.env.DREAMSCAPE_DIST ?? 'dist'),
  log: (line) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`),
};

const m = machine();
ctx.log(`${m.cpus} × ${m.model}, node ${m.node}, ${m.memoryMB} MB; ${quick ? 'quick' : 'full'} run of ${chosen.map((s) => s.name).join(', ')}`);
const failed: string[] = [];
// Load average beside each scenario: on a shared machine it says how far to trust the wall-clock figures.
const load: Record<string, number[]> = {};
for (const scenario of chosen) {
  const t = performance.now();
  ctx.log(`── ${scenario.name}: ${scenario.about}`);
  try {
    await scenario.run(ctx);
  } catch (err) {
    failed.push(scenario.name);
    ctx.log(`${scenario.name} could not run: ${(err as Error).stack ?? String(err)}`);
    results.add({ group: scenario.name, name: 'not measured', value: Number.NaN, unit: '', note: (err as Error).message.slice(0, 120) });
  }
  load[scenario.name] = loadavg().map((v) => Math.round(v * 100) / 100);
  ctx.log(`── ${scenario.name} took ${((performance.now() - t) / 1000).toFixed(0)} s (load average ${load[scenario.name].join(', ')})`);
  results.write(out, { quick, scenarios: chosen.map((s) => s.name), failed, loadAverage: load });
}

console.log('\n' + results.table() + '\n');
if (values.markdown) console.log(results.markdown() + '\n');
console.log(`machine: ${m.cpus} × ${m.model}, node ${m.node}; load average per scenario ${JSON.stringify(load)}; written to ${out}`);
// Figures never fail the run; only a scenario that could not run at all sets the exit code.
process.exitCode = failed.length ? 1 : 0;
