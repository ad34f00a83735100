/**
 * `/?output=clean`: the show alone for OBS, Resolume or TouchDesigner. In real Chromium against a
 * real hub whose operator has the QR large and captions on, the ordinary wall draws its join code
 * and caption (so the check can fail) and the clean one draws nothing but the show's canvas.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { command, connectOperator, startHub, teardown } from '../helpers/hub.ts';
import type { Hub } from '../../server/hub.ts';

/** What the page draws besides the canvas: elements with a box on screen, and their text. */
async function drawnBesideCanvas(page: Page): Promise<{ tag: string; cls: string; text: string }[]> {
  return page.evaluate(() =>
    [...document.body.querySelectorAll('*')]
      .filter((e) => !(e instanceof HTMLCanvasElement) && !(e instanceof HTMLStyleElement) && !(e instanceof HTMLScriptElement))
      .filter((e) => {
        const r = e.getBoundingClientRect();
        const style = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
      })
      .map((e) => ({ tag: e.tagName, cls: e.className.toString(), text: (e.textContent ?? '').trim().slice(0, 60) })),
  );
}

describe('clean output for capture', () => {
  let hub: Hub;
  let browser: Browser;

  beforeAll(async () => {
    hub = await startHub({ stateFile: null });
    const op = await connectOperator(hub);
    expect(await command(op, { type: 'qr', mode: 'large' })).toEqual({ ok: true });
    expect(await command(op, { type: 'caption', on: true })).toEqual({ ok: true });
    op.close();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await teardown();
  });

  async function open(query: string): Promise<{ page: Page; qrRequests: () => number }> {
    const page = await browser.newPage({ viewport: { width: 640, height: 360 } });
    let qr = 0;
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/qr.svg') qr++;
    });
    await page.goto(`${hub.url}/${query}`);
    await page.waitForFunction(() => window.__dreamscape?.ready === true && (window.__dreamscape?.framesReceived ?? 0) > 10, undefined, { timeout: 60_000, polling: 100 });
    // Several overlay updates (every 250 ms) and the sound's start attempt have had their turn.
    await page.waitForTimeout(1500);
    return { page, qrRequests: () => qr };
  }

  it('the ordinary wall draws its join code and caption (the check can see them)', async () => {
    const { page, qrRequests } = await open('');
    try {
      const drawn = await drawnBesideCanvas(page);
      expect(drawn.some((d) => d.cls.includes('ds-join') && d.text.includes('Scan to dream'))).toBe(true);
      expect(drawn.some((d) => d.cls.includes('ds-caption') && d.text.length > 0)).toBe(true);
      expect(qrRequests()).toBeGreaterThan(0);
    } finally {
      await page.close();
    }
  });

  it('?output=clean draws the show alone: no QR, no caption, no prompt, nothing over the canvas', async () => {
    const { page, qrRequests } = await open('?output=clean');
    try {
      expect(await drawnBesideCanvas(page)).toEqual([]);
      const dom = await page.evaluate(() => ({
        overlay: document.querySelectorAll('.ds-overlay, .ds-join, .ds-caption, .ds-reconnect, [data-sound-prompt], img, button').length,
        canvases: document.querySelectorAll('canvas').length,
        output: document.body.dataset.output,
        drawn: window.__dreamscape?.drawn ?? 0,
      }));
      expect(dom).toMatchObject({ overlay: 0, output: 'clean' });
      expect(dom.canvases).toBeGreaterThan(0);
      expect(dom.drawn).toBeGreaterThan(0);
      expect(qrRequests()).toBe(0);
    } finally {
      await page.close();
    }
  });
});
