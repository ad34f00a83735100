import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub } from '../helpers/hub.ts';
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';

/** A telling moment of each phase (seconds in). */
const MOMENTS: Record<PhaseName, number> = { serene: 40, festival: 40, upgrade: 62, glitch: 6, nightmare: 50, confrontation: 30, dawn: 25 };

/** An 8×4 grid of mean RGB over the wall's canvas: the picture's colour layout. */
async function signature(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const src = document.querySelector('canvas');
    if (!src) return [];
    const c = document.createElement('canvas');
    c.width = 8;
    c.height = 4;
    const g = c.getContext('2d', { willReadFrequently: true });
    if (!g) return [];
    g.drawImage(src, 0, 0, 8, 4);
    const d = g.getImageData(0, 0, 8, 4).data;
    const out: number[] = [];
    for (let i = 0; i < d.length; i += 4) out.push(d[i], d[i + 1], d[i + 2]);
    return out;
  });
}

/** Mean absolute channel difference, 0..255. */
function distance(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i] - b[i]);
  return sum / a.length;
}

describe('display: the arc, phase by phase (frozen, seeded)', () => {
  let browser: Browser;
  let url: string;
  const shots = new Map<PhaseName, number[]>();
  const errors: string[] = [];

  beforeAll(async () => {
    url = (await startHub()).url;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function render(query: string): Promise<number[]> {
    const page = await browser.newPage({ viewport: { width: 480, height: 270 } });
    page.on('pageerror', (err) => errors.push(`${query}: ${err.message}`));
    try {
      await page.goto(`${url}/?seed=7&quality=0.5&lead=1.5&${query}`);
      await page.waitForFunction(() => window.__dreamscape?.ready === true, undefined, { timeout: 60_000, polling: 100 });
      const hook = await page.evaluate(() => ({ phase: window.__dreamscape!.phase, drawn: window.__dreamscape!.drawn }));
      expect(hook.drawn).toBeGreaterThan(0);
      return await signature(page);
    } finally {
      await page.close();
    }
  }

  // Seven frozen shots, each seconds of virtual frames drawn at once: a busy laptop needs minutes, not one.
  it('renders every phase without a page error', async () => {
    for (const phase of PHASES) shots.set(phase, await render(`at=${phase}:${MOMENTS[phase]}`));
    expect(errors).toEqual([]);
    for (const phase of PHASES) expect(shots.get(phase)?.length).toBe(96);
  }, 240_000);

  it('gives every phase a look of its own', () => {
    // Each pair of phases differs by a clearly visible amount in colour layout.
    const pairs: string[] = [];
    for (let i = 0; i < PHASES.length; i++) {
      for (let j = i + 1; j < PHASES.length; j++) {
        const d = distance(shots.get(PHASES[i])!, shots.get(PHASES[j])!);
        if (d < 5) pairs.push(`${PHASES[i]}~${PHASES[j]}: ${d.toFixed(1)}`);
      }
    }
    expect(pairs).toEqual([]);
  });

  it('draws a frozen moment identically every time', async () => {
    const again = await render(`at=nightmare:${MOMENTS.nightmare}`);
    expect(distance(again, shots.get('nightmare')!)).toBe(0);
  });
});
