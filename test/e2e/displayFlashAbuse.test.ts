import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { abuseRig, type AbuseCase, type AbuseRig } from '../display/helpers/operatorAbuse.ts';

/**
 * Issue 20: whatever the operator does, at any rate and through any path, the wall never flashes
 * more than three times a second, and its overlays never flash. Each case hammers for a few
 * seconds; `test/chaos/long/operatorAbuse.test.ts` plays the whole matrix for longer.
 */
const CASES: (AbuseCase & { preset: string })[] = [
  { preset: 'default', abuse: 'blackout', periodMs: 100, path: 'console', forMs: 2500 },
  { preset: 'default', abuse: 'cut', periodMs: 50, path: 'osc', forMs: 2500 },
  { preset: 'default', abuse: 'panic', periodMs: 150, path: 'console', forMs: 2500 },
  { preset: 'default', abuse: 'preset', periodMs: 100, path: 'osc', forMs: 2500 },
  { preset: 'safe', abuse: 'blackout', periodMs: 50, path: 'osc', forMs: 2500 },
  { preset: 'safe', abuse: 'cut', periodMs: 100, path: 'console', forMs: 2500 },
  { preset: 'safe', abuse: 'panic', periodMs: 100, path: 'osc', forMs: 2500 },
];

for (const preset of ['default', 'safe']) {
  describe(`the wall under a hammering operator (${preset} preset)`, () => {
    let browser: Browser;
    let rig: AbuseRig;
    beforeAll(async () => {
      browser = await launchChromium();
      rig = await abuseRig(browser, preset);
    });
    afterAll(async () => {
      await rig?.close();
      await browser?.close();
    });

    for (const c of CASES.filter((x) => x.preset === preset)) {
      it(`${c.abuse} every ${c.periodMs} ms by ${c.path}: no more than three flashes a second, overlays never flash`, async () => {
        const r = await rig.run(c);
        const { analysis: a } = r;
        console.info(
          `[flash abuse] ${preset} ${c.abuse}/${c.periodMs}ms/${c.path}: ${a.frames} frames, worst ${a.worstFlashes} flashes/s (red ${a.worstRedFlashes}), ` +
            `${a.violations} violating frames; overlays qr ${r.overlayFlashes.qr} caption ${r.overlayFlashes.caption} prompt ${r.overlayFlashes.prompt}; calm after ${Math.round(r.calmDelayMs)} ms (canvas ${Math.round(r.canvasDelayMs)}, overlays ${Math.round(r.overlayDelayMs)})`,
        );
        // The run really hammered and the capture really saw it (a wall that stopped drawing would pass).
        expect(r.commandsSent).toBeGreaterThanOrEqual(Math.floor(c.forMs / c.periodMs) - 2);
        expect(a.frames).toBeGreaterThan(60);
        expect(a.violations).toBe(0);
        expect(a.worstFlashes).toBeLessThanOrEqual(3);
        expect(a.worstRedFlashes).toBeLessThanOrEqual(3);
        expect(r.overlayFlashes.qr).toBeLessThanOrEqual(3);
        expect(r.overlayFlashes.caption).toBeLessThanOrEqual(3);
        expect(r.overlayFlashes.prompt).toBeLessThanOrEqual(3);
        // Calm requests are obeyed: blackout means dark with every overlay out, panic means dawn.
        expect(Number.isFinite(r.calmDelayMs)).toBe(true);
        if (c.abuse === 'blackout') expect(r.overlayAfterBlackout).toBe(0);
      });
    }
  });
}
