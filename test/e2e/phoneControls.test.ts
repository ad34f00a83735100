/**
 * The phone page in real headless Chromium (mobile emulation, touch) against a real hub: it joins
 * from the QR URL, shows each phase's control, and its gestures reach a display.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { command, connectDisplay, connectOperator, startHub, teardown, type OperatorClient, onWallGestures } from '../helpers/hub.ts';
import { beatOffset } from '../../core/gestures.ts';
import type { FrameGesture, WireFrame } from '../../core/protocol.ts';
import type { PhaseName } from '../../core/arc/phases.ts';
import { drag, hold, openPhone, readHook, tap, waitForHook, type PhonePage } from '../controller/phonePage.ts';

let browser: Browser;
let hub: Awaited<ReturnType<typeof startHub>>;
let op: OperatorClient;
let phone: PhonePage;
const seen: FrameGesture[] = [];
let lastFrame: WireFrame | null = null;

/** Waits until the display has seen a gesture matching `test` (from this phone). */
async function displaySees(test: (g: FrameGesture) => boolean, ms = 5000): Promise<FrameGesture[]> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const hits = seen.filter(test);
    if (hits.length > 0) return hits;
    await new Promise((r) => setTimeout(r, 40));
  }
  throw new Error(`display never saw the gesture; kinds seen: ${[...new Set(seen.map((g) => g.k))].join(',')}`);
}

async function goto(phase: PhaseName): Promise<void> {
  expect(await command(op, { type: 'goto', phase })).toEqual({ ok: true });
  await waitForHook(phone.page, (h) => h.phase === phase);
  seen.length = 0;
}

beforeAll(async () => {
  hub = await startHub();
  browser = await launchChromium();
  op = await connectOperator(hub);
  expect(await command(op, { type: 'hold', on: true })).toEqual({ ok: true });
  const display = await connectDisplay(hub);
  display.socket.on('frame', (f) => {
    lastFrame = f;
  });
  onWallGestures(display.socket, (list) => seen.push(...list));
  phone = await openPhone(browser, hub.joinUrl);
});

afterAll(async () => {
  await browser?.close();
  await teardown();
});

describe('the phone page', () => {
  it('joins from the QR URL and shows who you dream with, in your colour', async () => {
    expect(new URL(hub.joinUrl).pathname).toBe('/c');
    const h = await waitForHook(phone.page, (x) => x.screen === 'dreaming');
    expect(h.connected).toBe(true);
    expect(h.dreamer).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    expect(h.colour).toMatch(/^#[0-9a-f]{6}$/i);
    const identity = await phone.page.textContent('#identity');
    expect(identity).toMatch(/^You dream with (Lyra|Remy|Tara|Brian)$/);
    const mark = await phone.page.$eval('.dreamer-mark', (el) => getComputedStyle(el).backgroundColor);
    const n = Number.parseInt(h.colour.slice(1), 16);
    expect(mark).toBe(`rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`);
    expect(await phone.page.evaluate(() => localStorage.getItem('dreamscape.dreamer'))).toBe(h.dreamer);
    // Nothing zooms, selects or scrolls under a finger.
    const css = await phone.page.evaluate(() => {
      const s = getComputedStyle(document.body);
      return { touch: s.touchAction, select: s.userSelect, overscroll: getComputedStyle(document.documentElement).overscrollBehaviorY };
    });
    expect(css).toEqual({ touch: 'none', select: 'none', overscroll: 'none' });
    expect(await phone.page.getAttribute('#live', 'aria-live')).toBe('polite');
  });

  it('weave: a two-finger drag draws two threads and a tap releases a lantern, on the display', async () => {
    await goto('serene');
    const { handle } = await readHook(phone.page);
    expect(await phone.page.textContent('#prompt')).toBeTruthy();
    expect(await phone.page.getAttribute('body', 'data-control')).toBe('weave');
    await drag(phone.cdp, [
      [{ x: 60, y: 200 }, { x: 300, y: 300 }],
      [{ x: 60, y: 500 }, { x: 300, y: 600 }],
    ]);
    const weaves = await displaySees((g) => g.k === 'weave' && g.d === handle);
    await displaySees((g) => g.k === 'weave' && g.d === handle && new Set(seen.filter((w) => w.k === 'weave').map((w) => w.s)).size >= 2);
    expect(weaves[0].p.length).toBeGreaterThanOrEqual(2);
    await tap(phone.cdp, { x: 190, y: 400 });
    const [lantern] = await displaySees((g) => g.k === 'tap' && g.d === handle);
    expect(lantern.p[0]).toBeCloseTo(190 / 375, 1);
    expect(lantern.p[1]).toBeCloseTo(400 / 812, 1);
  });

  it('glitch: the page flickers gently and drawing still reaches the wall', async () => {
    await goto('glitch');
    const h = await readHook(phone.page);
    expect(h.control).toBe('flicker');
    expect(await phone.page.getAttribute('body', 'data-flicker')).toBe('on');
    const animation = await phone.page.$eval('main', (el) => getComputedStyle(el).animationName);
    expect(animation).toBe('glitch-drift');
    // Never a flash: only small dims (opacity ≥ 0.9), and nothing moves under reduced motion.
    await phone.page.emulateMedia({ reducedMotion: 'reduce' });
    expect(await phone.page.$eval('main', (el) => getComputedStyle(el).animationName)).toBe('none');
    await phone.page.emulateMedia({ reducedMotion: 'no-preference' });
    await tap(phone.cdp, { x: 100, y: 300 });
    await displaySees((g) => g.k === 'tap' && g.d === h.handle);
  });

  it('shine: a held finger lights the wall and the light goes out when it lifts', async () => {
    await goto('nightmare');
    const { handle } = await readHook(phone.page);
    expect(await phone.page.getAttribute('body', 'data-control')).toBe('shine');
    const holding = hold(phone.cdp, { x: 200, y: 300 }, 1500);
    await displaySees((g) => g.k === 'shine' && g.d === handle && g.s === 1);
    await waitUntil(() => (lastFrame?.lights.length ?? 0) >= 2);
    await holding;
    await displaySees((g) => g.k === 'shine' && g.d === handle && g.s === 0);
    const h = await readHook(phone.page);
    // Held 1.5 s: the first shine plus at least one refresh, then the lift.
    expect(h.sent.shine).toBeGreaterThanOrEqual(3);
  });

  it('pulse: taps carry hub-time stamps that land where the finger fell on the heartbeat', async () => {
    await goto('confrontation');
    expect(await phone.page.getAttribute('body', 'data-control')).toBe('pulse');
    const h0 = await waitForHook(phone.page, (h) => h.clockSamples >= 8);
    // Clock error: the page's hub-time reading against the hub's own clock (same machine).
    const before = Date.now();
    const pageHub = await phone.page.evaluate(() => performance.now() + Reflect.get(window, '__dreamscapePhone').clockOffset);
    const after = Date.now();
    // Zero when the page's reading falls inside the bracket of the hub's clock around the call.
    const clockError = pageHub < before ? before - pageHub : pageHub > after ? pageHub - after : 0;
    expect(clockError).toBeLessThan(15);

    const beat = lastFrame?.beat;
    if (!beat) throw new Error('no frame yet');
    const errors: number[] = [];
    const raw: number[] = [];
    for (let i = 0; i < 5; i++) {
      seen.length = 0;
      // The pulse is stamped at touch start: bracket just that call.
      const t0 = Date.now();
      await phone.cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 180, y: 400, id: 0 }] });
      const t1 = Date.now();
      await phone.cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      const [pulse] = await displaySees((g) => g.k === 'pulse' && g.d === h0.handle);
      const expected = beatOffset((t0 + t1) / 2, beat);
      const o = pulse.o ?? Number.NaN;
      const period = 60_000 / beat.bpm;
      const d = Math.abs(o - expected);
      raw.push(Math.min(d, period - d));
      // Error beyond the uncertainty of when, inside the tap call, the touch happened.
      errors.push(Math.max(0, Math.min(d, period - d) - (t1 - t0) / 2));
      await new Promise((r) => setTimeout(r, 137));
    }
    console.log(`phone clock: offset error ${clockError.toFixed(1)} ms outside a ${after - before} ms bracket (rtt ${h0.clockRtt.toFixed(1)} ms); pulse stamps vs tap-call midpoint: ${raw.map((e) => e.toFixed(1)).join(', ')} ms; beyond the call's own span: ${errors.map((e) => e.toFixed(1)).join(', ')} ms`);
    for (const e of errors) expect(e).toBeLessThan(25);
    const ring = await phone.page.$eval('.heart', (el) => getComputedStyle(el).display);
    expect(ring).toBe('grid');
  });

  it('release: a tap sends the echo to the sky', async () => {
    await goto('dawn');
    const { handle } = await readHook(phone.page);
    expect(await phone.page.textContent('#prompt')).toMatch(/\w/);
    await tap(phone.cdp, { x: 190, y: 600 });
    await displaySees((g) => g.k === 'release' && g.d === handle);
    const h = await readHook(phone.page);
    expect(h.sent.release).toBe(1);
    expect(h.sent.weave).toBeGreaterThanOrEqual(2);
    expect(h.sent.tap).toBe(2);
    expect(h.sent.pulse).toBe(5);
    // Tilt is an optional extra: once allowed, the phone's orientation reaches the wall too.
    if (await phone.page.isVisible('#tilt')) await phone.page.tap('#tilt');
    await phone.cdp.send('DeviceOrientation.setDeviceOrientationOverride', { alpha: 0, beta: 80, gamma: -30 });
    const [tilt] = await displaySees((g) => g.k === 'tilt' && g.d === handle);
    // gamma -30° → x -0.67 → 0.17 on the wall's 0..1; beta 80° → y 0.78 → 0.89.
    expect(tilt.p[0]).toBeCloseTo(1 / 6, 1);
    expect(tilt.p[1]).toBeCloseTo(0.89, 1);
    await phone.page.screenshot({ path: `${process.env.TMPDIR ?? '/tmp'}/dreamscape-phone-dawn.png` });
    expect(phone.errors).toEqual([]);
  });
});

async function waitUntil(test: () => boolean, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!test()) {
    if (Date.now() > until) throw new Error('condition never held');
    await new Promise((r) => setTimeout(r, 40));
  }
}
