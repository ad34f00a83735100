import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub } from '../helpers/hub.ts';
import { FLASH_ARC as ARC, runArc } from '../display/helpers/flashRun.ts';
import { PHASES } from '../../core/arc/phases.ts';

describe('display flash safety (WCAG 2.3.1), every phone tapping at once', () => {
  let browser: Browser;
  let url: string;
  beforeAll(async () => {
    const hub = await startHub();
    url = hub.url;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('plays the whole arc with 200 phones at the maximum rate and stays within WCAG 2.3.1', async () => {
    const run = await runArc(browser, url, `sim=200&storm=1&${ARC}`, 50_000);
    console.info(`[flash arc] ${run.frames} frames, peak ${run.peakFlashes} flashes/s, guard stepped in ${run.guarded}×, longest hold ${Math.round(run.longestHoldMs)} ms`);
    expect(run.pageErrors).toEqual([]);
    for (const phase of PHASES) expect(run.phasesSeen).toContain(phase);
    expect(run.peakRedFlashes).toBe(0);
    expect(run.violations).toBe(0);
  });
});
