/**
 * The bench's one result file and one table. Every scenario adds rows: a figure, its value, the
 * reference measured in the same run (when there is one) and their ratio, plus the target it is
 * judged against. Figures are printed, never asserted.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cpus } from 'node:os';
import { readFileSync } from 'node:fs';

/** One printed figure. */
export interface Figure {
  /** Scenario group, e.g. `hub`, `display`, `engine`. */
  group: string;
  /** What was measured, e.g. `1000 phones: input→display p99`. */
  name: string;
  value: number;
  /** Unit of `value` and `reference`, e.g. `ms`, `fps`, `MB`. */
  unit: string;
  /** The same figure for the reference measured in the same run. */
  reference?: number;
  /** The target as text, e.g. `≤ 50`. */
  target?: string;
  /** Free-form note (what was not measured and why, which runs were kept). */
  note?: string;
}

/** The machine a run came from. */
export interface Machine {
  cpus: number;
  model: string;
  node: string;
  platform: string;
  memoryMB: number;
}

/** Describes this machine. */
export function machine(): Machine {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1].trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  let memoryMB = 0;
  try {
    const m = /MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) memoryMB = Math.round(Number(m[1]) / 1024);
  } catch {
    // unknown
  }
  return { cpus: cpus().length, model, node: process.version, platform: `${process.platform}-${process.arch}`, memoryMB };
}

/** Collects figures and raw per-scenario detail, then prints and writes them. */
export class Results {
  readonly figures: Figure[] = [];
  readonly detail: Record<string, unknown> = {};
  readonly startedAt = new Date().toISOString();

  /** Adds one figure. */
  add(figure: Figure): void {
    this.figures.push(figure);
  }

  /** Keeps raw data of a scenario (every run, not just the median) for the JSON file. */
  keep(scenario: string, data: unknown): void {
    this.detail[scenario] = data;
  }

  /** The table as text, one row per figure. */
  table(): string {
    const rows = [['group', 'figure', 'value', 'reference', 'ratio', 'target', 'note']];
    for (const f of this.figures) {
      const ratio = f.reference !== undefined && f.reference !== 0 && Number.isFinite(f.reference) ? fmt(f.value / f.reference) + '×' : '';
      rows.push([f.group, f.name, `${fmt(f.value)} ${f.unit}`, f.reference !== undefined ? `${fmt(f.reference)} ${f.unit}` : '', ratio, f.target ?? '', f.note ?? '']);
    }
    const widths = rows[0].map((_, c) => Math.min(60, Math.max(...rows.map((r) => r[c].length))));
    return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()).join('\n');
  }

  /** The table as markdown (for README's "Performance" section). */
  markdown(): string {
    return markdownTable(this.figures);
  }

  /** Writes the JSON file (machine, every figure, raw detail). */
  write(path: string, extra: Record<string, unknown> = {}): void {
    mkdirSync(dirname(path), { recursive: true });
    const body = { startedAt: this.startedAt, finishedAt: new Date().toISOString(), machine: machine(), ...extra, figures: this.figures, detail: this.detail };
    writeFileSync(path, JSON.stringify(body, null, 2) + '\n');
  }
}

/** Formats a figure for the table: 3 significant digits, thousands kept whole. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toString();
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toPrecision(2);
}

/** Figures as a markdown table: figure, ours, reference, ratio, target. */
export function markdownTable(figures: readonly Figure[]): string {
  const lines = ['| figure | ours | reference | ratio | target |', '|---|---|---|---|---|'];
  for (const f of figures) {
    const ratio = f.reference !== undefined && f.reference !== 0 && Number.isFinite(f.reference) && Number.isFinite(f.value) ? fmt(f.value / f.reference) + '×' : '';
    const unit = f.unit ? ` ${f.unit}` : '';
    lines.push(`| ${f.group}: ${f.name} | ${fmt(f.value)}${unit} | ${f.reference !== undefined ? fmt(f.reference) + unit : ''} | ${ratio} | ${f.target ?? ''} |`);
  }
  return lines.join('\n');
}
