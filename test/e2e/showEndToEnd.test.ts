/**
 * The whole chain in real Chromium: a hub, the display page on a wall-sized viewport and the phone
 * page on an emulated phone. A tap and a drag on the phone appear on the wall.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub, teardown } from '../helpers/hub.ts';
import { drag, openPhone, tap, waitForHook } from '../controller/phonePage.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await teardown();
});

async function wallHook(page: Page): Promise<{ framesReceived: number; gesturesDrawn: number; phase: string; status: string }> {
  return page.evaluate(() => {
    const h: unknown = Reflect.get(window, '__dreamscape');
    const read = (k: string): unknown => (typeof h === 'object' && h !== null ? Reflect.get(h, k) : undefined);
    return { framesReceived: Number(read('framesReceived')), gesturesDrawn: Number(read('gesturesDrawn')), phase: String(read('phase')), status: String(read('status')) };
  });
}

async function waitForWall(page: Page, test: (h: Awaited<ReturnType<typeof wallHook>>) => boolean, ms = 15_000) {
  const until = Date.now() + ms;
  let last: Awaited<ReturnType<typeof wallHook>> | null = null;
  while (Date.now() < until) {
    last = await wallHook(page).catch(() => null);
    if (last && test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the wall never matched; last: ${JSON.stringify(last)}`);
}

describe('a phone gesture reaches the wall', () => {
  it('draws a tap and a drag from an emulated phone on the display page', async () => {
    const hub = await startHub({ stateFile: null, seed: 11 });
    const wallContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const wall = await wallContext.newPage();
    const wallErrors: string[] = [];
    wall.on('pageerror', (e) => wallErrors.push(e.message));
    await wall.goto(`${hub.url}/`);
    await waitForWall(wall, (h) => h.framesReceived > 5);

    const phone = await openPhone(browser, hub.joinUrl);
    const joined = await waitForHook(phone.page, (h) => h.screen === 'dreaming' && h.handle > 0);
    expect(joined.control).toBe('weave');

    const before = await wallHook(wall);
    await tap(phone.cdp, { x: 180, y: 400 });
    await drag(phone.cdp, [[{ x: 60, y: 300 }, { x: 300, y: 600 }]]);
    await waitForHook(phone.page, (h) => h.sent.tap + h.sent.weave >= 2);
    const after = await waitForWall(wall, (h) => h.gesturesDrawn >= before.gesturesDrawn + 2);
    expect(after.gesturesDrawn).toBeGreaterThan(before.gesturesDrawn);
    expect(hub.context.registry.connected).toBe(1);

    mkdirSync('test-results', { recursive: true });
    await wall.screenshot({ path: 'test-results/show-end-to-end-wall.png' });
    await phone.page.screenshot({ path: 'test-results/show-end-to-end-phone.png' });
    expect(wallErrors).toEqual([]);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
    await wallContext.close();
  });
});
