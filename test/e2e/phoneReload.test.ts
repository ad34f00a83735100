/**
 * A phone left open while the hub is updated: real Chromium, the real phone page and a real hub,
 * with the page's websocket routed through the test so the hub's answer to the phone's connect can
 * be the refusal an updated hub gives (`version-mismatch`). Every page follows one outdated-page
 * policy (`core/wire/hubLink.ts`): it reloads itself, at most once a minute; a mismatch the reload
 * does not cure leaves the refused screen with its Reload button instead of a reload loop.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub, teardown } from '../helpers/hub.ts';
import { readHook, SMALL_PHONE, waitForHook } from '../controller/phonePage.ts';
import { PROTOCOL_VERSION, REFUSALS } from '../../core/protocol.ts';
import { OUTDATED_RELOAD_KEY } from '../../core/wire/hubLink.ts';

let browser: Browser;
let hub: Awaited<ReturnType<typeof startHub>>;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  hub = await startHub({ stateFile: null });
  browser = await launchChromium();
});
afterEach(async () => {
  for (const c of contexts.splice(0)) await c.close();
});
afterAll(async () => {
  await browser?.close();
  await teardown();
});

const reason = `this page speaks protocol ${PROTOCOL_VERSION} but the hub speaks ${PROTOCOL_VERSION + 1}: reload the page`;
/** The refusal packet an updated hub sends a phone of the old version (socket.io CONNECT_ERROR). */
const refusedByUpdatedHub = `44/audience,${JSON.stringify({ message: reason, data: { code: REFUSALS.versionMismatch, message: reason, serverVersion: PROTOCOL_VERSION + 1 } })}`;

/** Opens a returning phone whose connects are refused as outdated while `refuse(loadNumber)` says so. */
async function openPhone(refuse: (load: number) => boolean) {
  const context = await browser.newContext({ ...SMALL_PHONE, locale: 'en-US' });
  contexts.push(context);
  await context.addInitScript(() => {
    if (location.protocol.startsWith('http')) localStorage.setItem('dreamscape.introSeen', 'yes');
  });
  const page = await context.newPage();
  let loads = 0;
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) loads++;
  });
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const refusing = refuse(loads);
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (refusing && typeof m === 'string' && /^4[04]\/audience,/.test(m)) ws.send(refusedByUpdatedHub);
      else ws.send(m);
    });
  });
  await page.goto(hub.joinUrl);
  return { page, loads: () => loads };
}

async function until(test: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a phone open across a hub update', () => {
  it('reloads itself and joins the updated hub, as README says', async () => {
    const p = await openPhone((load) => load <= 1);
    await until(() => p.loads() === 2, 'the phone reloaded');
    const back = await waitForHook(p.page, (h) => h.screen === 'dreaming' && h.connected, 10_000);
    expect(back.phase).not.toBeNull();
    // Connected: the next update may reload it again at once.
    expect(await p.page.evaluate((key) => sessionStorage.getItem(key), OUTDATED_RELOAD_KEY)).toBeNull();
  });

  it('reloads only once when the reload does not cure it, then offers the Reload button', async () => {
    const p = await openPhone(() => true);
    await until(() => p.loads() === 2, 'the phone reloaded');
    await waitForHook(p.page, (h) => h.screen === 'refused');
    // Longer than the reload's pause: no second reload comes.
    await new Promise((r) => setTimeout(r, 3000));
    expect(p.loads()).toBe(2);
    expect((await readHook(p.page)).screen).toBe('refused');
    expect(await p.page.isVisible('#overlay-action')).toBe(true);
    expect(await p.page.textContent('#overlay-action')).toMatch(/reload/i);
  });
});
