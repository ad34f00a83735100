/**
 * The live sound path on the wall, in real Chromium: with the kiosk's autoplay flag the soundscape
 * starts by itself and plays the crowd's taps; without it (Chromium's default) the wall asks for a click, and a click
 * starts it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { connectPhone, startHub, teardown } from '../helpers/hub.ts';
import { openSlowLink, type SlowLink } from '../helpers/slowLink.ts';

let browser: Browser | undefined;
let link: SlowLink | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
  await link?.close();
  link = undefined;
  await teardown();
});

interface SoundHook {
  started: boolean;
  prompting: boolean;
  notesPlayed: number;
}

async function soundHook(page: Page, test: (h: SoundHook) => boolean, ms = 20_000): Promise<SoundHook> {
  const until = Date.now() + ms;
  let last: SoundHook | null = null;
  while (Date.now() < until) {
    last = await page.evaluate((): SoundHook | null => {
      const h: unknown = Reflect.get(window, '__dreamscapeSound');
      if (typeof h !== 'object' || h === null) return null;
      return { started: Boolean(Reflect.get(h, 'started')), prompting: Boolean(Reflect.get(h, 'prompting')), notesPlayed: Number(Reflect.get(h, 'notesPlayed')) };
    });
    if (last && test(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`sound hook never matched; last: ${JSON.stringify(last)}`);
}

type Grid = { step: number; hubMs: number; heardAtMs: number; stepMs: number };
const grid = (page: Page) => page.evaluate((): Grid | null => (Reflect.get(window, '__dreamscapeSound') as { grid: Grid | null } | undefined)?.grid ?? null);

describe('the wall plays live', () => {
  it('starts by itself with the kiosk autoplay flag and plays a phone\'s taps', async () => {
    const hub = await startHub({ stateFile: null });
    browser = await launchChromium({ sound: true });
    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.goto(`${hub.url}/`);
    const started = await soundHook(page, (h) => h.started);
    expect(started.prompting).toBe(false);
    const { socket } = await connectPhone(hub);
    const before = started.notesPlayed;
    for (let i = 0; i < 12; i++) {
      socket.emit('gesture', { kind: 'tap', x: 0.1 + i * 0.07, y: 0.3 });
      await new Promise((r) => setTimeout(r, 120));
    }
    const after = await soundHook(page, (h) => h.notesPlayed > before);
    expect(after.notesPlayed).toBeGreaterThan(before);
  });

  it("asks for a click under Chromium's default autoplay policy, and the click starts the sound", async () => {
    const hub = await startHub({ stateFile: null });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 960, height: 540 } });
    await page.goto(`${hub.url}/`);
    await soundHook(page, (h) => h.prompting && !h.started);
    await page.click('[data-sound-prompt]');
    const h = await soundHook(page, (x) => x.started);
    expect(h.prompting).toBe(false);
    expect(await page.locator('[data-sound-prompt]').count()).toBe(0);
  });

  it('plays one score on every wall: two walls opened apart put the same step at the same moment', async () => {
    const hub = await startHub({ stateFile: null });
    browser = await launchChromium({ sound: true });
    const open = async () => {
      const page = await browser!.newPage({ viewport: { width: 320, height: 180 } });
      await page.goto(`${hub.url}/`);
      await soundHook(page, (h) => h.started);
      return page;
    };
    const first = await open();
    await new Promise((r) => setTimeout(r, 1300));
    const second = await open();
    // The second wall samples the hub's clock (a first burst of about a second), then glides onto the
    // grid: wait for that, as long as a busy machine needs, rather than a fixed time.
    const until = Date.now() + 20_000;
    let apart = Number.POSITIVE_INFINITY;
    let stepMs = 0;
    let steps = '';
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      const [a, b] = [await grid(first), await grid(second)];
      if (!a || !b) continue;
      expect(b.stepMs).toBeCloseTo(a.stepMs, 3);
      stepMs = a.stepMs;
      // Where the first wall's grid puts the second wall's next step, in hub time.
      apart = b.hubMs - (a.hubMs + (b.step - a.step) * a.stepMs);
      steps = `${a.step} / ${b.step}`;
      if (Math.abs(apart) < Math.min(60, a.stepMs / 3)) break;
    }
    console.log(`[sound] two walls: step ${steps}, ${stepMs.toFixed(1)} ms a step, second wall's next step ${apart.toFixed(1)} ms from the first wall's grid`);
    // Each wall estimates the hub's clock from its own frames: a few ms apart, never a step.
    expect(Math.abs(apart)).toBeLessThan(Math.min(60, stepMs / 3));
  });

  it('keeps a wall behind a slow link on the same score: its clock samples take the link\'s delay out', async () => {
    const delay = 80;
    // A wall reached through another address must be allowed by the hub, as a venue would with
    // --allow-origin: the link opens first so the hub can name it.
    let hubUrl = '';
    link = await openSlowLink(() => hubUrl, delay);
    const hub = await startHub({ stateFile: null, allowOrigins: [link.url] });
    hubUrl = hub.url;
    browser = await launchChromium({ sound: true });
    const open = async (url: string) => {
      const page = await browser!.newPage({ viewport: { width: 320, height: 180 } });
      await page.goto(`${url}/`);
      await soundHook(page, (h) => h.started);
      return page;
    };
    const near = await open(hub.url);
    const far = await open(link.url);
    // The clock's first burst (about a second), then the score's glide onto it: waited for, as long
    // as a busy machine needs.
    const until = Date.now() + 20_000;
    let apart = Number.POSITIVE_INFINITY;
    let a: Awaited<ReturnType<typeof grid>> = null;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 250));
      const [x, b] = [await grid(near), await grid(far)];
      if (!x || !b) continue;
      a = x;
      // When the near wall's grid says the far wall's next step is heard, on the machine's one clock.
      apart = b.heardAtMs - (x.heardAtMs + (b.step - x.step) * x.stepMs);
      if (Math.abs(apart) < 20) break;
    }
    expect(a).not.toBeNull();
    if (!a) return;
    console.log(`[sound] wall behind a ${delay} ms link: its next step heard ${apart.toFixed(1)} ms from the near wall's grid (${a.stepMs.toFixed(1)} ms a step)`);
    // Timed by its frames' arrival alone, the far wall would be a whole link's delay late.
    expect(Math.abs(apart)).toBeLessThan(20);
  });
});
