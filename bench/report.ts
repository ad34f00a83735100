/**
 * Prints results files as one markdown table for README's "Performance" section:
 * `node --import tsx bench/report.ts bench/results.json [more.json …]`. Later files replace the
 * same figures of earlier ones (e.g. a separate `--only memory` run).
 */
import { readFileSync } from 'node:fs';
import { markdownTable, type Figure, type Machine } from './lib/results.ts';

const files = process.argv.slice(2);
if (files.length === 0) files.push(new URL('./results.json', import.meta.url).pathname);
const merged = new Map<string, Figure>();
let machine: Machine | undefined;
for (const file of files) {
  const body = JSON.parse(readFileSync(file, 'utf8')) as { machine: Machine; figures: Figure[] };
  machine = body.machine;
  for (const f of body.figures) merged.set(`${f.group}\u0000${f.name}`, f);
}
if (machine) console.log(`Measured on ${machine.cpus} × ${machine.model}, ${Math.round(machine.memoryMB / 1024)} GB, Node ${machine.node} (${machine.platform}).\n`);
console.log(markdownTable([...merged.values()]));
