/**
 * Scenario 2 (the display): fps and p99 frame time of the built wall in headless Chromium, per
 * phase, at 1920×1080 and 1280×720, the running wall in rehearsal mode with 200 simulated dreamers
 * from the start of each phase (`/?seed=7&sim=200&start=<phase>`; a frozen `?at=` shot stops
 * drawing after its lead-in, so it would measure an idle page), against bench/reference/particles.html drawing the same
 * number of particles in the same browser in the same run. Reports the particle counts the
 * adaptive quality settles on, and (full runs) the wall pinned at 2,000 particles (`&particles=2000`) at
 * 1280×720, the issue's operating point.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { PHASES } from '../../core/arc/phases.ts';
import { launchChromium } from '../../test/helpers/chromium.ts';
import { createHub, type Hub } from '../../server/hub.ts';
import { createLogger } from '../../server/log.ts';
import type { Scenario } from '../lib/scenario.ts';
import { median } from '../lib/stats.ts';
import { measureFramesScript, type FrameTiming } from './frameMeter.ts';

const REFERENCE = readFileSync(new URL('../reference/particles.html', import.meta.url), 'utf8');

/** What the wall says about itself (`window.__dreamscape`), when it says anything. */
export interface WallState {
  fps: number;
  quality: number;
  particles: number;
}

/** Serves the reference page at `/bench/reference.html` on the hub's origin. */
export async function routeReference(page: Page): Promise<void> {
  await page.route('**/bench/reference.html*', (route) => route.fulfill({ contentType: 'text/html', body: REFERENCE }));
}

/** Reads `window.__dreamscape` (null when the page does not expose it). */
export function wallState(page: Page): Promise<WallState | null> {
  return page.evaluate(`(() => { const d = window.__dreamscape; return d ? { fps: Number(d.fps), quality: Number(d.quality), particles: Number(d.particles) } : null; })()`) as Promise<WallState | null>;
}

/** Opens a page at a size, waits `settleMs`, measures frames for `measureMs`. */
async function measure(browser: Browser, url: string, size: { width: number; height: number }, settleMs: number, measureMs: number) {
  const page = await browser.newPage({ viewport: size });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await routeReference(page);
    await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
    await page.waitForTimeout(settleMs);
    const timing = (await page.evaluate(measureFramesScript(measureMs))) as FrameTiming;
    const wall = await wallState(page);
    return { timing, wall, errors };
  } finally {
    await page.close();
  }
}

export const displayScenario: Scenario = {
  name: 'display',
  about: 'wall fps and p99 frame time per phase at 1920×1080 and 1280×720 vs a plain canvas reference',
  async run(ctx) {
    const hub: Hub = await createHub({ host: '127.0.0.1', port: 0, stateFile: null, staticDir: ctx.dist, log: createLogger('silent'), seed: 7 });
    const browser = await launchChromium();
    const detail: Record<string, unknown> = {};
    try {
      const sizes = ctx.quick ? [{ width: 1280, height: 720 }] : [{ width: 1920, height: 1080 }, { width: 1280, height: 720 }];
      const phases = ctx.quick ? (['serene', 'nightmare', 'confrontation'] as const) : PHASES;
      const settleMs = ctx.quick ? 2000 : 3000;
      const measureMs = ctx.quick ? 3000 : 4000;
      // Each run swings by ±0.1× on this shared machine: the median of `--runs` (3) runs per phase and size.
      const runs = ctx.quick ? 1 : ctx.runs;
      let exposed = true;
      for (const size of sizes) {
        const label = `${size.width}×${size.height}`;
        for (const phase of phases) {
          const ours: { fps: number; p99: number; particles: number; quality: number }[] = [];
          const refs: { fps: number; p99: number }[] = [];
          for (let r = 0; r < runs; r++) {
            const wall = await measure(browser, `${hub.url}/?seed=7&sim=200&start=${phase}`, size, settleMs, measureMs);
            if (wall.errors.length) ctx.log(`display ${phase} ${label}: page errors: ${wall.errors.slice(0, 2).join(' | ')}`);
            if (!wall.wall) exposed = false;
            const particles = wall.wall?.particles ?? 2000;
            ours.push({ fps: wall.timing.fps, p99: wall.timing.p99, particles, quality: wall.wall?.quality ?? Number.NaN });
            const ref = await measure(browser, `${hub.url}/bench/reference.html?n=${Math.max(1, Math.round(particles))}`, size, 1000, measureMs);
            refs.push({ fps: ref.timing.fps, p99: ref.timing.p99 });
          }
          detail[`${label} ${phase}`] = { ours, refs };
          const particles = median(ours.map((o) => o.particles));
          ctx.results.add({
            group: 'display',
            name: `${label} ${phase}: fps`,
            value: median(ours.map((o) => o.fps)),
            unit: 'fps',
            reference: median(refs.map((o) => o.fps)),
            target: size.width === 1280 ? '≥ 58, ≥ 0.9× ref' : '≥ 0.9× ref',
            note: `particles ${Math.round(particles)}, quality ${median(ours.map((o) => o.quality)).toFixed(2)}; runs ${ours.map((o, i) => `${o.fps.toFixed(1)}/${refs[i].fps.toFixed(1)}`).join(', ')} fps`,
          });
          ctx.results.add({ group: 'display', name: `${label} ${phase}: p99 frame`, value: median(ours.map((o) => o.p99)), unit: 'ms', reference: median(refs.map((o) => o.p99)), target: size.width === 1280 ? '≤ 25' : undefined });
          ctx.log(`display ${label} ${phase}: ${median(ours.map((o) => o.fps)).toFixed(1)} fps (ref ${median(refs.map((o) => o.fps)).toFixed(1)}), ${Math.round(particles)} particles`);
        }
      }
      // The target's own operating point: the wall pinned at 2,000 particles at 1280×720 (whatever
      // the phase's density and the adaptive quality), against the reference at 2,000.
      if (!ctx.quick) {
        const size = { width: 1280, height: 720 };
        for (const phase of phases) {
          const walls: { fps: number; p99: number; drew: number }[] = [];
          const refs: { fps: number; p99: number }[] = [];
          for (let r = 0; r < runs; r++) {
            const wall = await measure(browser, `${hub.url}/?seed=7&sim=200&start=${phase}&particles=2000`, size, settleMs, measureMs);
            const ref = await measure(browser, `${hub.url}/bench/reference.html?n=2000`, size, 1000, measureMs);
            walls.push({ fps: wall.timing.fps, p99: wall.timing.p99, drew: wall.wall?.particles ?? Number.NaN });
            refs.push({ fps: ref.timing.fps, p99: ref.timing.p99 });
          }
          detail[`1280×720 ${phase} pinned 2000`] = { walls, refs };
          const fps = median(walls.map((w) => w.fps));
          const p99 = median(walls.map((w) => w.p99));
          const refFps = median(refs.map((w) => w.fps));
          const refP99 = median(refs.map((w) => w.p99));
          ctx.results.add({ group: 'display', name: `1280×720 ${phase}, 2,000 particles: fps`, value: fps, unit: 'fps', reference: refFps, target: '≥ 58, ≥ 0.9× ref', note: `p99 ${p99.toFixed(1)} ms (ref ${refP99.toFixed(1)}); drew ${median(walls.map((w) => w.drew))}; runs p99 ${walls.map((w) => w.p99.toFixed(1)).join(', ')}` });
          ctx.results.add({ group: 'display', name: `1280×720 ${phase}, 2,000 particles: p99 frame`, value: p99, unit: 'ms', reference: refP99, target: '≤ 25' });
          ctx.log(`display 1280×720 ${phase} at 2,000 particles: ${fps.toFixed(1)} fps (ref ${refFps.toFixed(1)}), p99 ${p99.toFixed(1)} ms (runs ${walls.map((w) => w.p99.toFixed(1)).join(', ')})`);
        }
      }
      // The reference alone at 2,000 particles at 1280×720.
      const ref2000 = await measure(browser, `${hub.url}/bench/reference.html?n=2000`, { width: 1280, height: 720 }, 1000, measureMs);
      ctx.results.add({ group: 'display', name: 'reference, 2000 particles, 1280×720: fps', value: ref2000.timing.fps, unit: 'fps', note: `p99 ${ref2000.timing.p99.toFixed(1)} ms` });
      if (!exposed) ctx.results.add({ group: 'display', name: 'window.__dreamscape missing', value: Number.NaN, unit: '', note: 'the wall did not expose its stats: particle counts assumed 2000' });
      ctx.results.keep('display', detail);
    } finally {
      await browser.close();
      await hub.close();
    }
  },
};
