/**
 * A console left open while the hub is updated: real Chromium, the real console and a real hub,
 * with the console's websocket routed through the test so the hub's answer to the reconnecting
 * console can be the refusal an updated hub gives (`version-mismatch`, a newer `serverVersion`).
 * The console reloads itself once, keeping its login; a mismatch a reload cannot cure sends it back
 * to the login form with the hub's reason instead of reloading forever (the one outdated-page
 * policy of every page, `core/wire/hubLink.ts`: at most once a minute).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, WebSocketRoute } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub, teardown } from '../helpers/hub.ts';
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

/** The refusal packet an updated hub sends a console of the old version (socket.io CONNECT_ERROR). */
const refusedByUpdatedHub = `44/operator,${JSON.stringify({
  message: `this page speaks protocol ${PROTOCOL_VERSION} but the hub speaks ${PROTOCOL_VERSION + 1}: reload the page`,
  data: { code: REFUSALS.versionMismatch, message: `this page speaks protocol ${PROTOCOL_VERSION} but the hub speaks ${PROTOCOL_VERSION + 1}: reload the page`, serverVersion: PROTOCOL_VERSION + 1 },
})}`;

/**
 * Opens the console with its websockets passed through to the hub; `refuse(loadNumber)` decides,
 * per new websocket, whether the hub's answer to the console's connect (welcome or refusal) is
 * replaced by the update refusal.
 */
async function openConsole(refuse: (load: number) => boolean) {
  const context = await browser.newContext();
  contexts.push(context);
  const page = await context.newPage();
  let loads = 0;
  // Counted when a load commits, before the page's scripts open their websocket.
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) loads++;
  });
  const routes: WebSocketRoute[] = [];
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    routes.push(ws);
    const refusing = refuse(loads);
    const server = ws.connectToServer();
    ws.onMessage((m) => server.send(m));
    server.onMessage((m) => {
      if (refusing && typeof m === 'string' && /^4[04]\/operator,/.test(m)) ws.send(refusedByUpdatedHub);
      else ws.send(m);
    });
  });
  await page.goto(`${hub.url}/operator`);
  const connected = () => page.evaluate(() => (window as unknown as { __dreamscapeOperator?: { connected: boolean } }).__dreamscapeOperator?.connected === true);
  return { page, routes, loads: () => loads, connected };
}

async function until(test: () => Promise<boolean> | boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('a console open across a hub update', () => {
  it('reloads itself once and comes back logged in, without asking for the token again', async () => {
    let updated = false;
    // Only the page loaded before the update is of the old version; the reloaded page is current.
    const c = await openConsole((load) => updated && load === 1);
    await c.page.fill('#token', hub.token);
    await c.page.click('#login button[type=submit]');
    await until(c.connected, 'logged in');
    expect(c.loads()).toBe(1);

    // The hub restarts with a newer protocol: the console's socket drops and its reconnect is refused.
    updated = true;
    await c.routes.at(-1)!.close({ code: 1001, reason: 'hub restarting' });
    await until(() => c.loads() === 2, 'the console reloaded');
    await until(c.connected, 'logged in again after the reload');
    expect(await c.page.isVisible('#console')).toBe(true);
    expect(await c.page.isVisible('#login')).toBe(false);
    expect(await c.page.evaluate((key) => sessionStorage.getItem(key), OUTDATED_RELOAD_KEY)).toBeNull();
    expect(c.loads()).toBe(2);
  });

  it('reloads only once when the reload does not cure the mismatch, then shows the hub’s reason', async () => {
    const c = await openConsole(() => true);
    await c.page.fill('#token', 'any-token');
    await c.page.click('#login button[type=submit]');
    await until(() => c.loads() === 2, 'the console reloaded');
    // After the reload the console has no token of its own (it never connected): log in again.
    await c.page.fill('#token', hub.token);
    await c.page.click('#login button[type=submit]');
    await c.page.waitForFunction(() => (document.getElementById('login-error')?.textContent ?? '').includes('reload the page'), null, { timeout: 8000 });
    await new Promise((r) => setTimeout(r, 2000));
    expect(c.loads()).toBe(2);
    expect(await c.connected()).toBe(false);
    expect(await c.page.isVisible('#login')).toBe(true);
  });
});
