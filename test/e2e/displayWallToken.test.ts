/**
 * The display page with a venue's wall token, in real Chromium: opened with the venue's link
 * (`/?wall=…`) it follows the show and counts as a trusted wall; opened without it, it says why it
 * was refused, on the wall itself, and the hub never counts it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub, teardown } from '../helpers/hub.ts';

const TOKEN = 'venue-walls-only-42';
let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await teardown();
});

describe('a display page and the wall token', () => {
  it('joins with the venue\'s link, and is refused in words without it', async () => {
    const hub = await startHub({ stateFile: null, wallToken: TOKEN });
    const stranger = await browser.newPage({ viewport: { width: 480, height: 270 } });
    await stranger.goto(`${hub.url}/`);
    await stranger.waitForSelector('#wall-refused', { timeout: 20_000 });
    expect(await stranger.locator('#wall-refused').textContent()).toMatch(/admits only the venue’s own walls/);
    expect(await stranger.evaluate(() => window.__dreamscape?.refusal)).toMatch(/\?wall=/);
    expect(hub.context.displays.size).toBe(0);

    const own = await browser.newPage({ viewport: { width: 480, height: 270 } });
    await own.goto(`${hub.url}/?wall=${TOKEN}&view=1/2`);
    await own.waitForFunction(() => window.__dreamscape?.status === 'live' && window.__dreamscape.framesReceived > 5, undefined, { timeout: 20_000 });
    expect(await own.locator('#wall-refused').count()).toBe(0);
    expect([...hub.context.displays.values()]).toEqual([expect.objectContaining({ view: '1/2', trusted: true })]);
  }, 60_000);
});
