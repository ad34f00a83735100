/**
 * `node --import tsx scripts/drawCost.ts [phase…]`: what one frame of the wall costs to draw, ms,
 * measured inside Chromium on the virtual clock, at 1280×720, by phase, idle and with 200 simulated
 * phones. Fps on a shared machine measures the machine; this measures the drawing, two ways:
 * - `wall`: a frozen shot draws its lead (3 s = 180 frames) at once and the renderer times it (the
 *   `dreamscape:frozen` measure): wall-clock time, so it grows when other processes hold the cores;
 * - `cpu`: the CPU time of the whole browser (every process under this one, from /proc) for a shot
 *   with a 3 s lead minus one with a 0.5 s lead, over the 150 frames between: the draw (and the page's
 *   engine steps, the same before and after) without page loading, and far less sensitive to load.
 * With `BASE_DIST=/path/to/other/dist` each figure is measured for both builds, runs interleaved, so
 * both see the same machine: the ratio is the figure to trust. `RUNS` (default 3) runs per figure,
 * median reported; `SIMS=0` only idle. `LAYERS=1` instead prints each entry's share of the frame
 * (the page's `layercost=1`: a 1-pixel read after each entry makes the canvas rasterise there).
 */
import type { Page } from 'playwright-core';
import { createHub } from '../server/hub.ts';
import { createLogger } from '../server/log.ts';
import { launchChromium } from '../test/helpers/chromium.ts';
import { childrenCpuMs } from '../bench/lib/childrenCpu.ts';

const PHASES = ['serene:40', 'festival:40', 'upgrade:62', 'glitch:6', 'nightmare:50', 'confrontation:30', 'dawn:25'];
const RUNS = Number(process.env.RUNS ?? 3);
const SIMS = (process.env.SIMS ?? '0,200').split(',').map(Number);

async function shot(page: Page, url: string): Promise<{ wall: number; cpu: number }> {
  const before = childrenCpuMs();
  await page.goto(url);
  await page.waitForFunction(() => window.__dreamscape?.ready === true, undefined, { timeout: 120_000 });
  const cpu = childrenCpuMs() - before;
  const wall = await page.evaluate(() => {
    const m = performance.getEntriesByName('dreamscape:frozen')[0] as PerformanceMeasure | undefined;
    const detail: unknown = m?.detail;
    const frames = typeof detail === 'object' && detail !== null && 'frames' in detail && typeof detail.frames === 'number' ? detail.frames : 1;
    return m ? m.duration / frames : NaN;
  });
  return { wall, cpu };
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const hub = await createHub({ host: '127.0.0.1', port: 0, stateFile: null, log: createLogger('silent'), staticDir: process.env.DREAMSCAPE_DIST ?? 'dist' });
  const builds: { name: string; url: string; close: () => void }[] = [{ name: 'this', url: hub.url, close: () => undefined }];
  const base = process.env.BASE_DIST;
  if (base) {
    // The other build, served by a second hub of this tree (the hub's code is the same for both).
    const other = await createHub({ host: '127.0.0.1', port: 0, stateFile: null, log: createLogger('silent'), staticDir: base });
    builds.push({ name: 'base', url: other.url, close: () => void other.close() });
  }
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    for (const at of PHASES) {
      if (only.length > 0 && !only.some((o) => at.includes(o))) continue;
      if (process.env.LAYERS === '1') {
        for (const sim of SIMS) {
          await page.goto(`${hub.url}/?seed=7&at=${at}&sim=${sim}&quality=1&layercost=1`);
          await page.waitForFunction(() => window.__dreamscape?.ready === true, undefined, { timeout: 120_000 });
          const detail = await page.evaluate(() => {
            const m = performance.getEntriesByName('dreamscape:layercost')[0] as PerformanceMeasure | undefined;
            return JSON.stringify(m?.detail ?? {});
          });
          const costs = Object.entries(JSON.parse(detail) as Record<string, number>).map(([k, v]) => `${k} ${v.toFixed(2)}`);
          console.log(`${at.padEnd(18)} sim=${String(sim).padEnd(4)} ${costs.join('  ')}`);
        }
        continue;
      }
      for (const sim of SIMS) {
        const wall = builds.map(() => [] as number[]);
        const cpu = builds.map(() => [] as number[]);
        for (let r = 0; r < RUNS; r++) {
          for (let b = 0; b < builds.length; b++) {
            const q = `${builds[b].url}/?seed=7&at=${at}&sim=${sim}&quality=1`;
            const long = await shot(page, `${q}&lead=3`);
            const short = await shot(page, `${q}&lead=0.5`);
            wall[b].push(long.wall);
            cpu[b].push((long.cpu - short.cpu) / 150);
          }
        }
        const cols = builds.map((b, i) => `${b.name}: wall ${median(wall[i]).toFixed(2)} cpu ${median(cpu[i]).toFixed(2)}`);
        const ratio = builds.length > 1 ? `  cpu ratio this/base ${(median(cpu[0]) / median(cpu[1])).toFixed(2)}` : '';
        console.log(`${at.padEnd(18)} sim=${String(sim).padEnd(4)} ${cols.join('  |  ')} ms/frame${ratio}`);
      }
    }
  } finally {
    await browser.close();
    await hub.close();
    for (const b of builds) b.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
