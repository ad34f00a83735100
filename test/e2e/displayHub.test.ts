import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub, phone, connected } from '../helpers/hub.ts';

type Hook = NonNullable<Window['__dreamscape']>;

async function hook(page: Page): Promise<Omit<Hook, 'recording'>> {
  return page.evaluate(() => {
    const h = window.__dreamscape!;
    return {
      mode: h.mode, status: h.status, ready: h.ready, framesReceived: h.framesReceived, framesExtrapolated: h.framesExtrapolated,
      gesturesDrawn: h.gesturesDrawn, drawn: h.drawn, phase: h.phase, phaseTime: h.phaseTime, seq: h.seq, fps: h.fps,
      quality: h.quality, particles: h.particles, flashesGuarded: h.flashesGuarded, flashViolations: h.flashViolations, flashHolding: h.flashHolding, flashLongestHoldMs: h.flashLongestHoldMs,
      echoes: h.echoes, resyncs: h.resyncs, rejected: h.rejected, soundListeners: h.soundListeners, loop: h.loop, phasesSeen: h.phasesSeen, lean: h.lean,
    };
  });
}

describe('display on a live hub', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 640, height: 360 } });
    page.on('pageerror', (err) => errors.push(err.message));
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('follows the hub, shows the join QR, draws phones\' gestures, rides out an outage and resyncs', async () => {
    const hub = await startHub();
    await page.goto(`${hub.url}/`);
    await page.waitForFunction(() => window.__dreamscape?.status === 'live' && window.__dreamscape.framesReceived > 5, undefined, { timeout: 20_000 });

    // Attract mode: no phones, so the QR is large, loaded from /qr.svg, with the short link under it.
    await page.waitForSelector('.ds-join.large img', { state: 'visible', timeout: 10_000 });
    const qr = await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('.ds-join img');
      return { loaded: (img?.naturalWidth ?? 0) > 0, src: img?.getAttribute('src'), short: document.querySelector('.ds-join span:last-child')?.textContent ?? '' };
    });
    expect(qr.loaded).toBe(true);
    expect(qr.src).toBe('/qr.svg');
    expect(qr.short.length).toBeGreaterThan(0);
    expect((await hook(page)).soundListeners).toBeGreaterThan(0);

    // A phone joins and weaves and taps: every gesture reaches the wall's drawing.
    const before = (await hook(page)).gesturesDrawn;
    const p = await connected(phone(hub));
    p.emit('gesture', { kind: 'weave', stroke: 1, points: [0.2, 0.2, 0.3, 0.25, 0.4, 0.3] });
    p.emit('gesture', { kind: 'tap', x: 0.5, y: 0.5 });
    await page.waitForFunction((n) => window.__dreamscape!.gesturesDrawn >= n + 2, before, { timeout: 10_000 });
    // With a phone connected the QR steps aside.
    await page.waitForSelector('.ds-join.small', { timeout: 10_000 });
    p.disconnect();

    // The hub goes away: the wall keeps animating the show on its own, with the discreet mark.
    const port = hub.port;
    const stateFile = hub.stateFile;
    await hub.close();
    await page.waitForFunction(() => window.__dreamscape!.status === 'reconnecting' && window.__dreamscape!.framesExtrapolated > 10, undefined, { timeout: 10_000 });
    const away = await hook(page);
    await page.waitForFunction((n) => window.__dreamscape!.drawn > n + 20, away.drawn, { timeout: 10_000 });
    await page.waitForSelector('.ds-reconnect.on', { timeout: 5_000 });

    // The hub comes back on the same address: a fresh snapshot, live frames again, the mark gone.
    const again = await startHub({ port, stateFile });
    await page.waitForFunction(() => window.__dreamscape!.status === 'live', undefined, { timeout: 20_000 });
    const back = await hook(page);
    await page.waitForFunction((n) => window.__dreamscape!.framesReceived > n + 10, back.framesReceived, { timeout: 10_000 });
    const live = await hook(page);
    expect(live.framesExtrapolated).toBe(back.framesExtrapolated);
    await page.waitForSelector('.ds-reconnect:not(.on)', { state: 'attached', timeout: 5_000 });
    const health = (await (await fetch(`${again.url}/healthz`)).json()) as { phase: string };
    expect(live.phase).toBe(health.phase);
    expect(errors).toEqual([]);
    await page.screenshot({ path: '/tmp/dreamscape-display-hub.png' });
    await again.close();
  });

  it('a room tilting its phones together leans the river of particles; it settles when they stop', async () => {
    const hub = await startHub({ stateFile: null });
    await page.goto(`${hub.url}/`);
    await page.waitForFunction(() => window.__dreamscape?.status === 'live', undefined, { timeout: 20_000 });
    const phones = await Promise.all(Array.from({ length: 14 }, () => connected(phone(hub))));
    // Phones held tilted right and away (DeviceOrientation mapped to −1..1), as they send it.
    const tilting = setInterval(() => phones.forEach((p) => p.emit('gesture', { kind: 'tilt', x: 0.8, y: -0.4 })), 150);
    try {
      await page.waitForFunction(() => window.__dreamscape!.lean.x > 0.6 && window.__dreamscape!.lean.y < -0.3, undefined, { timeout: 10_000 });
      const h = await hook(page);
      expect(h.lean.tilting).toBe(14);
      expect(h.lean.x).toBeLessThanOrEqual(0.81);
    } finally {
      clearInterval(tilting);
    }
    await page.waitForFunction(() => window.__dreamscape!.lean.tilting === 0 && Math.abs(window.__dreamscape!.lean.x) < 0.05, undefined, { timeout: 12_000 });
    expect(errors).toEqual([]);
    phones.forEach((p) => p.disconnect());
    await hub.close();
  });

  it('follows a hub ticking at 60 Hz (--tick-hz 60): every frame taken, taps drawn, the show moving', async () => {
    const hub = await startHub({ stateFile: null, tickHz: 60 });
    await page.goto(`${hub.url}/`);
    await page.waitForFunction(() => window.__dreamscape?.status === 'live' && window.__dreamscape.framesReceived > 5, undefined, { timeout: 20_000 });
    const start = await hook(page);
    const p = await connected(phone(hub));
    for (let i = 0; i < 5; i++) p.emit('gesture', { kind: 'tap', x: 0.2 + i * 0.1, y: 0.5 });
    await page.waitForFunction((n) => window.__dreamscape!.gesturesDrawn >= n + 5, start.gesturesDrawn, { timeout: 10_000 });
    // Judged against the show's own clock, not the wall clock: a busy machine delays ticks, but a
    // 30 Hz clock can never put more than 30 frames into a second of show time.
    await page.waitForFunction((t) => window.__dreamscape!.phaseTime >= t + 2, start.phaseTime, { timeout: 30_000 });
    const end = await hook(page);
    const showSeconds = end.phaseTime - start.phaseTime;
    const sent = end.seq - start.seq;
    // Every frame the hub sent reached the wall, and none is made up by the wall itself.
    expect(end.framesReceived - start.framesReceived).toBeGreaterThanOrEqual(sent - 1);
    expect(end.framesExtrapolated).toBe(start.framesExtrapolated);
    expect(sent / showSeconds).toBeGreaterThan(33);
    expect(end.phaseTime).toBeGreaterThan(start.phaseTime);
    expect(errors).toEqual([]);
    p.disconnect();
    await hub.close();
  });
});
