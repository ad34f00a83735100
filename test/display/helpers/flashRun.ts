/**
 * Plays the whole arc in a real Chromium page (seeded, accelerated, on the virtual display clock so
 * every drawn frame is 1/60 s of display time) and recounts the flash guard's measured luminance
 * grids with a fresh WCAG 2.3.1 counter in Node.
 */
import type { Browser } from 'playwright-core';
import { FlashCounter, type FlashReading } from '../../../display/safety/flashCounter.ts';

/** What one run of the arc measured. */
/**
 * The whole night, eight times shorter and at the operator's top speed: every phase, every crossfade
 * and the glitch's cut, sampled at the 60 Hz display rate (query string for the wall).
 */
export const FLASH_ARC = 'seed=7&speed=8&compress=8&quality=0.5';

export interface FlashRun {
  frames: number;
  /** Frames whose one-second window broke WCAG 2.3.1, recounted in Node. */
  violations: number;
  /** Most flashes over any field in any second. */
  peakFlashes: number;
  peakRedFlashes: number;
  phasesSeen: string[];
  /** Times the page's guard stepped in. */
  guarded: number;
  /** Longest the page's guard held some band of the picture back without a break, ms. */
  longestHoldMs: number;
  pageErrors: string[];
}

/**
 * @param query display query after `?` (the arc mode: `sim=…&speed=…`).
 * @param timeoutMs bound on the whole run.
 */
export async function runArc(browser: Browser, baseUrl: string, query: string, timeoutMs: number): Promise<FlashRun> {
  const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  try {
    await page.goto(`${baseUrl}/?${query}&clock=virtual&record=1`);
    await page.waitForFunction(() => (window.__dreamscape?.loop ?? 0) >= 1, undefined, { timeout: timeoutMs, polling: 500 });
    const hook = await page.evaluate(() => ({ phasesSeen: [...window.__dreamscape!.phasesSeen], guarded: window.__dreamscape!.flashesGuarded, longestHoldMs: window.__dreamscape!.flashLongestHoldMs }));
    const rec = await page.evaluate(() => window.__dreamscape!.recording());
    const bytes = Buffer.from(rec.data, 'base64');
    const cells = rec.cols * rec.rows;
    const counter = new FlashCounter(rec.cols, rec.rows);
    const lum = new Float32Array(cells);
    const red = new Uint8Array(cells);
    const reading: FlashReading = { flashes: 0, redFlashes: 0, violation: false };
    let violations = 0;
    let peakFlashes = 0;
    let peakRedFlashes = 0;
    for (let f = 0; f < rec.frames; f++) {
      const o = f * cells * 2;
      for (let i = 0; i < cells; i++) {
        lum[i] = bytes[o + i] / 255;
        red[i] = bytes[o + cells + i];
      }
      counter.push(rec.times[f], lum, red, reading);
      if (reading.violation) violations++;
      peakFlashes = Math.max(peakFlashes, reading.flashes);
      peakRedFlashes = Math.max(peakRedFlashes, reading.redFlashes);
    }
    return { frames: rec.frames, violations, peakFlashes, peakRedFlashes, phasesSeen: hook.phasesSeen, guarded: hook.guarded, longestHoldMs: hook.longestHoldMs, pageErrors };
  } finally {
    await page.close();
  }
}
