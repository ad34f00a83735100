/**
 * `node --import tsx scripts/drawCost.ts [phase…]`: what one frame of the wall costs to draw, ms,
 * measured inside Chromium on the virtual clock (a frozen shot draws its lead of 3 s = 180 frames at
 * once; the renderer times them as the `dreamscape:frozen` measure). Fps on a shared machine measures
 * the machine; this measures the drawing. Prints the median of RUNS loads per phase, idle and with
 * 200 simulated phones, at 1280×720. Includes the page's own engine steps (same before and after).
 */
import { createHub } from '../server/hub.ts';
import { createLogger } from '../server/log.ts';
import { launchChromium } from '../test/helpers/chromium.ts';

const PHASES = ['serene:40', 'festival:40', 'upgrade:62', 'glitch:6', 'nightmare:50', 'confrontation:30', 'dawn:25'];
const RUNS = Number(process.env.RUNS ?? 3);

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const hub = await createHub({ host: '127.0.0.1', port: 0, stateFile: null, log: createLogger('silent'), staticDir: process.env.DREAMSCAPE_DIST ?? 'dist' });
  const browser = await launchChromium();
  const rows: string[] = [];
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    for (const at of PHASES) {
      if (only.length > 0 && !only.some((o) => at.includes(o))) continue;
      for (const sim of [0, 200]) {
        const ms: number[] = [];
        for (let r = 0; r < RUNS; r++) {
          await page.goto(`${hub.url}/?seed=7&at=${at}&sim=${sim}&quality=1`);
          await page.waitForFunction(() => window.__dreamscape?.ready === true, undefined, { timeout: 60_000 });
          ms.push(await page.evaluate(() => {
            const m = performance.getEntriesByName('dreamscape:frozen')[0] as PerformanceMeasure | undefined;
            const detail: unknown = m?.detail;
            const frames = typeof detail === 'object' && detail !== null && 'frames' in detail && typeof detail.frames === 'number' ? detail.frames : 1;
            return m ? m.duration / frames : NaN;
          }));
        }
        ms.sort((a, b) => a - b);
        rows.push(`${at.padEnd(18)} sim=${String(sim).padEnd(4)} ${ms[Math.floor(ms.length / 2)].toFixed(2)} ms/frame  (runs: ${ms.map((v) => v.toFixed(2)).join(' ')})`);
        console.log(rows[rows.length - 1]);
      }
    }
  } finally {
    await browser.close();
    await hub.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
