/**
 * The phone page when the room changes under it, in real headless Chromium against a real hub: the
 * hub restarts (same dreamer, same colour afterwards), and the room is full (a waiting screen that
 * clears by itself when a place frees).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { connectPhone, startHub, teardown } from '../helpers/hub.ts';
import { openPhone, readHook, waitForHook } from '../controller/phonePage.ts';

let browser: Browser;

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await teardown();
});

describe('the phone page through a hub restart', () => {
  it('shows a calm reconnecting screen, then comes back as the same dreamer in the same colour', async () => {
    const first = await startHub();
    const phone = await openPhone(browser, first.joinUrl);
    const before = await waitForHook(phone.page, (h) => h.screen === 'dreaming');

    await first.close();
    const away = await waitForHook(phone.page, (h) => h.screen === 'reconnecting');
    expect(away.connected).toBe(false);
    expect(await phone.page.textContent('#overlay-title')).toBe('The dream is reconnecting…');
    expect(await phone.page.isVisible('#overlay')).toBe(true);

    const second = await startHub({ port: first.port, stateFile: first.stateFile });
    const back = await waitForHook(phone.page, (h) => h.screen === 'dreaming' && h.connected, 15_000);
    expect(back.dreamer).toBe(before.dreamer);
    expect(back.colour).toBe(before.colour);
    expect(back.role).toBe(before.role);
    await phone.page.waitForSelector('#overlay', { state: 'hidden', timeout: 3000 });

    // A reload (same localStorage) is the same dreamer too.
    await phone.page.reload();
    const reloaded = await waitForHook(phone.page, (h) => h.screen === 'dreaming');
    expect(reloaded.dreamer).toBe(before.dreamer);
    expect(reloaded.colour).toBe(before.colour);
    expect(second.context.registry.connected).toBe(1);
    expect(phone.errors.filter((e) => !/ERR_CONNECTION_REFUSED|WebSocket/.test(e))).toEqual([]);
    await phone.context.close();
  });
});

describe('the phone page over capacity', () => {
  it('waits on a friendly screen and joins by itself when a place frees', async () => {
    const hub = await startHub({ maxDreamers: 1 });
    const occupant = await connectPhone(hub);
    const phone = await openPhone(browser, hub.joinUrl);
    const waiting = await waitForHook(phone.page, (h) => h.screen === 'waiting');
    expect(waiting.waiting).toEqual({ position: 1, capacity: 1 });
    expect(await phone.page.textContent('#overlay-title')).toBe('The dream is full just now');
    expect(await phone.page.textContent('#overlay-text')).toMatch(/next/);
    expect(waiting.handle).toBe(-1);

    occupant.socket.disconnect();
    const joined = await waitForHook(phone.page, (h) => h.screen === 'dreaming');
    expect(joined.waiting).toBeNull();
    expect(joined.handle).toBeGreaterThanOrEqual(0);
    expect(await phone.page.textContent('#identity')).toMatch(/^You dream with /);
    // A late joiner enters at the phase the show is in.
    expect((await readHook(phone.page)).phase).toBe(hub.context.runtime.phase);
    await phone.context.close();
  });
});
