/**
 * Every visitor can take part: the phone page in real headless Chromium (mobile emulation) against a
 * real hub. The first screen sends the visitor to the big screen; every language renders every phase
 * without overflow (screenshots in test-results/phone-languages/); Arabic lays out right to left;
 * axe-core finds no WCAG A/AA violation in any phase or screen; playing without drawing moves the
 * crowd like drawing does; a visitor can leave with one tap and come back as the same dreamer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { command, connectDisplay, connectOperator, startHub, teardown, type OperatorClient } from '../helpers/hub.ts';
import type { CrowdSignals, WireFrame } from '../../core/protocol.ts';
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';
import { LANGUAGES } from '../../controller/phone/i18n/language.ts';
import { drag, hold, openPhone, readHook, tap, waitForHook, type PhonePage } from '../controller/phonePage.ts';

const SHOTS = join('test-results', 'phone-languages');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser: Browser;
let hub: Awaited<ReturnType<typeof startHub>>;
let op: OperatorClient;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  hub = await startHub();
  browser = await launchChromium();
  op = await connectOperator(hub);
  expect(await command(op, { type: 'hold', on: true })).toEqual({ ok: true });
});

afterAll(async () => {
  await browser?.close();
  await teardown();
});

async function goto(phone: PhonePage, phase: PhaseName): Promise<void> {
  expect(await command(op, { type: 'goto', phase })).toEqual({ ok: true });
  await waitForHook(phone.page, (h) => h.phase === phase);
}

/** Elements whose text spills out of their box or off the screen. */
function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const bad: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    for (const el of document.querySelectorAll<HTMLElement>('h1, p, button, select, output')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || el.closest('[hidden]') || el.getClientRects().length === 0) continue;
      const r = el.getBoundingClientRect();
      if (r.width <= 2 && r.height <= 2) continue; // visually hidden until focused
      const spills = el.scrollWidth > el.clientWidth + 1 || r.left < -1 || r.right > vw + 1 || r.top < -1 || r.bottom > vh + 1;
      if (spills) bad.push(`${el.tagName.toLowerCase()}#${el.id || el.className} "${(el.textContent ?? '').slice(0, 40)}" ${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)} scroll ${el.scrollWidth}/${el.clientWidth}`);
    }
    // The big button (playing without drawing) never covers the story's words.
    const big = document.querySelector('#big')!.getBoundingClientRect();
    if (document.body.dataset.simple === 'on' && big.width > 2) {
      for (const id of ['prompt', 'story']) {
        const r = document.getElementById(id)!.getBoundingClientRect();
        if (r.width > 0 && big.left < r.right && big.right > r.left && big.top < r.bottom && big.bottom > r.top) bad.push(`#big covers #${id}`);
      }
    }
    return bad;
  });
}

/** axe-core's WCAG 2.1 A and AA violations on the page as it is now. */
async function axeViolations(page: Page): Promise<string[]> {
  // Evaluated over the devtools protocol: the page's own content security policy stays as shipped.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  return page.evaluate(async () => {
    const axe = Reflect.get(window, 'axe') as { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> };
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

describe('the first screen', () => {
  it('sends a first-time visitor to the big screen, with the dreamer they play in colour and sign', async () => {
    const phone = await openPhone(browser, hub.joinUrl, { firstVisit: true });
    const h = await waitForHook(phone.page, (x) => x.screen === 'intro');
    expect(await phone.page.textContent('#overlay-title')).toBe('Look at the big screen');
    const who = await phone.page.textContent('#intro-who');
    expect(who).toMatch(/^You dream with (Lyra|Remy|Tara|Brian), /);
    expect(await phone.page.getAttribute('.intro-mark path', 'd')).toMatch(/^M/);
    expect(await axeViolations(phone.page)).toEqual([]);
    await phone.page.screenshot({ path: join(SHOTS, 'intro-en.png') });
    await phone.page.click('#overlay-action');
    await waitForHook(phone.page, (x) => x.screen === 'dreaming');
    // A reload (or a return visit) goes straight to the dream, as the same dreamer.
    await phone.page.reload();
    const again = await waitForHook(phone.page, (x) => x.screen === 'dreaming' && x.connected);
    expect(again.dreamer).toBe(h.dreamer);
    await phone.context.close();
  });
});

describe('every language, every phase', () => {
  for (const m of LANGUAGES) {
    it(`${m.name} (${m.code}): the story and controls of every phase fit the phone, at the phone’s text size and enlarged`, async () => {
      const phone = await openPhone(browser, hub.joinUrl, { locale: m.code === 'en' ? 'en-GB' : `${m.code}-XX` });
      const h = await waitForHook(phone.page, (x) => x.screen === 'dreaming');
      expect(h.language).toBe(m.code);
      expect(await phone.page.getAttribute('html', 'lang')).toBe(m.code);
      expect(await phone.page.getAttribute('html', 'dir')).toBe(m.dir);
      for (const phase of PHASES) {
        await goto(phone, phase);
        expect(await phone.page.textContent('#prompt')).toBe((await readHook(phone.page)).prompt);
        expect(await phone.page.textContent('#story')).toBe(m.phases[phase].story);
        expect(await overflowing(phone.page), `${m.code} ${phase}`).toEqual([]);
        await phone.page.screenshot({ path: join(SHOTS, `${m.code}-${phase}.png`) });
      }
      // The largest text, and playing without drawing, in the phases with the most words.
      await phone.page.click('#settings-open');
      for (let i = 0; i < 6; i++) await phone.page.click('#text-bigger');
      await phone.page.click('#simple');
      expect(await overflowing(phone.page), `${m.code} settings at the largest text`).toEqual([]);
      await phone.page.screenshot({ path: join(SHOTS, `${m.code}-settings-large.png`) });
      await phone.page.click('#settings-close');
      const big = await readHook(phone.page);
      expect(big.textScale).toBe(1.75);
      expect(big.simple).toBe(true);
      for (const phase of ['glitch', 'confrontation'] as const) {
        await goto(phone, phase);
        expect(await overflowing(phone.page), `${m.code} ${phase} at the largest text`).toEqual([]);
        await phone.page.screenshot({ path: join(SHOTS, `${m.code}-${phase}-large.png`) });
      }
      if (m.dir === 'rtl') {
        expect(await phone.page.$eval('#prompt', (el) => getComputedStyle(el).direction)).toBe('rtl');
        // The identity line starts at the right edge, as Arabic is read.
        const [markX, lineX] = await phone.page.evaluate(() => [document.querySelector('.dreamer-mark')!.getBoundingClientRect().left, document.querySelector('#identity')!.getBoundingClientRect().left]);
        expect(markX).toBeGreaterThan(lineX);
      }
      await phone.context.close();
    });
  }

  it('lets the visitor switch language on the page, and keeps the choice', async () => {
    const phone = await openPhone(browser, hub.joinUrl, { locale: 'en-US' });
    await waitForHook(phone.page, (x) => x.screen === 'dreaming');
    await goto(phone, 'nightmare');
    await phone.page.click('#settings-open');
    await phone.page.selectOption('#language', 'fr');
    await phone.page.click('#settings-close');
    expect(await phone.page.textContent('#prompt')).toBe('Fais briller ta lumière');
    expect(await phone.page.textContent('#identity')).toMatch(/^Tu rêves avec /);
    await phone.page.reload();
    const h = await waitForHook(phone.page, (x) => x.screen === 'dreaming');
    expect(h.language).toBe('fr');
    await phone.context.close();
  });
});

describe('for every body', () => {
  it('has no axe-core WCAG A/AA violation in any phase, drawing or not, in English and Arabic, nor in settings or after leaving', async () => {
    for (const locale of ['en-US', 'ar-EG']) {
      const phone = await openPhone(browser, hub.joinUrl, { locale });
      await waitForHook(phone.page, (x) => x.screen === 'dreaming');
      for (const simple of [false, true]) {
        if (simple) {
          await phone.page.click('#settings-open');
          await phone.page.click('#simple');
          expect(await axeViolations(phone.page), `${locale} settings`).toEqual([]);
          await phone.page.click('#settings-close');
        }
        for (const phase of PHASES) {
          await goto(phone, phase);
          expect(await axeViolations(phone.page), `${locale} ${phase}${simple ? ' without drawing' : ''}`).toEqual([]);
        }
      }
      await phone.page.click('#settings-open');
      await phone.page.click('#leave');
      await waitForHook(phone.page, (x) => x.screen === 'left');
      // Judge the screen as it settles, not halfway through its fade in.
      await phone.page.waitForFunction(() => getComputedStyle(document.getElementById('overlay')!).opacity === '1');
      expect(await axeViolations(phone.page), `${locale} left`).toEqual([]);
      await phone.context.close();
    }
  });

  it('can be played with a keyboard or switch: the button does the phase’s gesture', async () => {
    const phone = await openPhone(browser, hub.joinUrl);
    await waitForHook(phone.page, (x) => x.screen === 'dreaming');
    await goto(phone, 'festival');
    const before = (await readHook(phone.page)).sent;
    await phone.page.focus('#big');
    expect(await phone.page.evaluate(() => document.activeElement?.id)).toBe('big');
    // In drawing mode the button hides until focused; focused, it is a real, large target.
    const box = await phone.page.$eval('#big', (el) => el.getBoundingClientRect().width);
    expect(box).toBeGreaterThan(100);
    await phone.page.keyboard.press('Enter');
    const after = await waitForHook(phone.page, (x) => x.sent.tap > before.tap && x.sent.weave > before.weave);
    expect(after.sent.tap).toBe(before.tap + 1);
    await goto(phone, 'nightmare');
    await phone.page.focus('#big');
    await phone.page.keyboard.press('Enter');
    await waitForHook(phone.page, (x) => x.sent.shine > 0);
    expect(await phone.page.textContent('#big')).toBe('Shining…');
    await phone.page.keyboard.press('Enter');
    await phone.page.waitForFunction(() => document.querySelector('#big')?.textContent === 'Hold to shine');
    await phone.context.close();
  });

  it('leaves with one tap and comes back as the same dreamer', async () => {
    const phone = await openPhone(browser, hub.joinUrl);
    const h = await waitForHook(phone.page, (x) => x.screen === 'dreaming');
    await phone.page.click('#settings-open');
    await phone.page.click('#leave');
    await waitForHook(phone.page, (x) => x.screen === 'left' && !x.connected);
    expect(await phone.page.textContent('#overlay-title')).toBe('You have left the dream');
    // It stays out: no reconnection by itself.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await readHook(phone.page)).connected).toBe(false);
    await phone.page.click('#overlay-action');
    const back = await waitForHook(phone.page, (x) => x.screen === 'dreaming' && x.connected);
    expect(back.dreamer).toBe(h.dreamer);
    expect(back.role).toBe(h.role);
    expect(back.colour).toBe(h.colour);
    await phone.context.close();
  });
});

describe('playing without drawing moves the crowd like drawing does', () => {
  /** Runs the same visit through the arc's controls, drawing or with the button; @returns the crowd after each. */
  async function visit(simple: boolean): Promise<Record<'weave' | 'shine' | 'pulse' | 'release', CrowdSignals>> {
    const own = await startHub();
    const ownOp = await connectOperator(own);
    expect(await command(ownOp, { type: 'hold', on: true })).toEqual({ ok: true });
    const display = await connectDisplay(own);
    let frame: WireFrame | null = null;
    display.socket.on('frame', (f) => (frame = f));
    const phone = await openPhone(browser, own.joinUrl, { kept: simple ? { simple: 'on' } : {} });
    await waitForHook(phone.page, (x) => x.screen === 'dreaming');
    const centre = await phone.page.$eval(simple ? '#big' : '#touch', (el) => {
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const crowd = async (test: (c: CrowdSignals) => boolean): Promise<CrowdSignals> => {
      const until = Date.now() + 8000;
      while (Date.now() < until) {
        const c = (frame as WireFrame | null)?.crowd;
        if (c && test(c)) return c;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`crowd never matched; last ${JSON.stringify((frame as WireFrame | null)?.crowd)}`);
    };
    const gotoPhase = async (phase: PhaseName): Promise<void> => {
      expect(await command(ownOp, { type: 'goto', phase })).toEqual({ ok: true });
      await waitForHook(phone.page, (h) => h.phase === phase);
    };
    const out = {} as Record<'weave' | 'shine' | 'pulse' | 'release', CrowdSignals>;
    await gotoPhase('serene');
    for (let i = 0; i < 6; i++) {
      if (simple) await tap(phone.cdp, centre);
      else await drag(phone.cdp, [[{ x: centre.x - 80, y: centre.y - 40 * (i % 3) }, { x: centre.x + 80, y: centre.y + 30 }]], 8);
      await new Promise((r) => setTimeout(r, 120));
    }
    out.weave = await crowd((c) => c.participation > 0 && c.energy > 0);
    await gotoPhase('nightmare');
    const shining = hold(phone.cdp, centre, 2500);
    out.shine = await crowd((c) => c.light > 0);
    await shining;
    await gotoPhase('confrontation');
    // Tap on the heartbeat as a visitor following it would (the hub's clock is this process's).
    for (let i = 0; i < 8; i++) {
      const beat = (frame as WireFrame | null)?.beat ?? { bpm: 72, origin: 0 };
      const period = 60_000 / beat.bpm;
      const phase = (((Date.now() - beat.origin) % period) + period) % period;
      await new Promise((r) => setTimeout(r, period - phase));
      await tap(phone.cdp, centre);
    }
    out.pulse = await crowd((c) => c.unity > 0);
    await gotoPhase('dawn');
    await tap(phone.cdp, centre);
    await waitForHook(phone.page, (x) => x.sent.release > 0);
    out.release = await crowd((c) => c.participation > 0);
    await phone.context.close();
    ownOp.disconnect();
    display.socket.disconnect();
    await own.close();
    return out;
  }

  it('weave, shine, pulse and release each move the same signals, with or without drawing', async () => {
    const drawing = await visit(false);
    const button = await visit(true);
    console.log(`crowd after drawing: ${JSON.stringify(drawing)}\ncrowd with the button: ${JSON.stringify(button)}`);
    for (const crowd of [drawing, button]) {
      expect(crowd.weave.participation).toBe(1);
      expect(crowd.weave.energy).toBeGreaterThan(0);
      expect(crowd.shine.light).toBeGreaterThan(0);
      // Presses on the heartbeat count for unity as taps on it do.
      expect(crowd.pulse.unity).toBeGreaterThan(0.5);
      expect(crowd.release.participation).toBe(1);
    }
  });
});
