/**
 * Driving the phone page in real headless Chromium for the e2e tests: a mobile-emulated context with
 * touch, the read-only `window.__dreamscapePhone` hook, and multi-finger touches over CDP.
 */
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

/** What `window.__dreamscapePhone` reports. */
export interface PhoneHook {
  dreamer: string;
  handle: number;
  role: string | null;
  colour: string;
  phase: string | null;
  control: string | null;
  prompt: string;
  story: string;
  language: string;
  simple: boolean;
  textScale: number;
  screen: 'joining' | 'intro' | 'dreaming' | 'reconnecting' | 'waiting' | 'refused' | 'left';
  sent: Record<'weave' | 'tap' | 'shine' | 'pulse' | 'release' | 'tilt', number>;
  clockOffset: number;
  clockRtt: number;
  clockSamples: number;
  connected: boolean;
  waiting: { position: number; capacity: number } | null;
  pending: number;
}

/** A small phone in portrait (iPhone 13 mini-like): 375×812 CSS px, 3× pixels, touch. */
export const SMALL_PHONE = {
  viewport: { width: 375, height: 812 },
  deviceScaleFactor: 3,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
} as const;

/** A phone page with its CDP session for touches. */
export interface PhonePage {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  errors: string[];
}

/** How the phone is opened. */
export interface PhoneOptions {
  /**
   * A returning visitor has seen the first screen ("look at the big screen") and goes straight to the
   * dream; a first-time one sees it. Default: returning, so tests of the controls start dreaming.
   */
  firstVisit?: boolean;
  /** The browser's language (`navigator.language`), e.g. "es-ES". Default: en-US. */
  locale?: string;
  /** Choices kept from an earlier visit (localStorage `dreamscape.<key>`). */
  kept?: Record<string, string>;
}

/** Opens the join URL on an emulated phone. */
export async function openPhone(browser: Browser, url: string, options: PhoneOptions = {}): Promise<PhonePage> {
  const context = await browser.newContext({ ...SMALL_PHONE, locale: options.locale ?? 'en-US' });
  const kept: Record<string, string> = { ...(options.firstVisit ? {} : { introSeen: 'yes' }), ...options.kept };
  // Set before the page's own script runs, as an earlier visit would have left them.
  await context.addInitScript((entries: [string, string][]) => {
    // Pages the test leaves to (about:blank) have no storage of their own: nothing to keep there.
    if (!location.protocol.startsWith('http')) return;
    if (sessionStorage.getItem('dreamscape.test.kept')) return;
    sessionStorage.setItem('dreamscape.test.kept', '1');
    for (const [k, v] of entries) localStorage.setItem(`dreamscape.${k}`, v);
  }, Object.entries(kept));
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  await page.goto(url);
  const cdp = await context.newCDPSession(page);
  return { context, page, cdp, errors };
}

/** Reads the hook (a plain copy). */
export function readHook(page: Page): Promise<PhoneHook> {
  return page.evaluate((): PhoneHook => ({ ...Reflect.get(window, '__dreamscapePhone') }));
}

/** Polls the hook until `test` holds, or throws after `ms` with the last reading. */
export async function waitForHook(page: Page, test: (h: PhoneHook) => boolean, ms = 8000): Promise<PhoneHook> {
  const until = Date.now() + ms;
  let last: PhoneHook | null = null;
  while (Date.now() < until) {
    last = await readHook(page).catch(() => null);
    if (last && test(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`phone hook never matched; last: ${JSON.stringify(last)}`);
}

type Point = { x: number; y: number };

/** A touch drag with one finger per path (multi-touch when several), `steps` moves ~16 ms apart. */
export async function drag(cdp: CDPSession, paths: [Point, Point][], steps = 12): Promise<void> {
  const at = (t: number) => paths.map(([a, b], id) => ({ x: a.x + (b.x - a.x) * t, y: a.y + (b.y - a.y) * t, id }));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: at(0) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: at(i / steps) });
    await new Promise((r) => setTimeout(r, 16));
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** A finger down at a point, held for `ms`, then lifted. */
export async function hold(cdp: CDPSession, p: Point, ms: number): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ ...p, id: 0 }] });
  await new Promise((r) => setTimeout(r, ms));
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}

/** A quick tap. */
export async function tap(cdp: CDPSession, p: Point): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ ...p, id: 0 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
