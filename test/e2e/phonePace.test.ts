/**
 * The real phone page paced by the real hub: a busy hub's `pace` message makes the phone send fewer,
 * fuller weave messages, and every touch still arrives (headless Chromium, touch emulation).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { command, connectOperator, startHub, teardown } from '../helpers/hub.ts';
import { drag, openPhone, waitForHook, type PhonePage } from '../controller/phonePage.ts';

let browser: Browser;
let hub: Awaited<ReturnType<typeof startHub>>;
let phone: PhonePage;
/** Weave messages from the phone and the x,y pairs they carried. */
const got = { messages: 0, points: 0 };

beforeAll(async () => {
  // The governor is left off: the test sends the hub's own pace message itself, at a known moment.
  hub = await startHub({ stateFile: null, pacePhones: false });
  const op = await connectOperator(hub);
  expect(await command(op, { type: 'goto', phase: 'serene' })).toEqual({ ok: true });
  expect(await command(op, { type: 'hold', on: true })).toEqual({ ok: true });
  const runtime = hub.context.runtime;
  const addGesture = runtime.addGesture.bind(runtime);
  runtime.addGesture = (g, handle, role) => {
    if (g.kind === 'weave') {
      got.messages++;
      got.points += g.points.length / 2;
    }
    addGesture(g, handle, role);
  };
  browser = await launchChromium();
  phone = await openPhone(browser, hub.joinUrl);
  await waitForHook(phone.page, (h) => h.connected && h.control === 'weave');
});

afterAll(async () => {
  await browser?.close();
  await teardown();
});

/** One long drag of `moves` touch moves, ~16 ms apart; returns the weave messages and points it made. */
async function longDrag(moves: number): Promise<{ messages: number; points: number }> {
  got.messages = 0;
  got.points = 0;
  const started = Date.now();
  await drag(phone.cdp, [[{ x: 40, y: 200 }, { x: 330, y: 600 }]], moves);
  const seconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  return { messages: got.messages / seconds, points: got.points };
}

describe('a phone paced by a busy hub', () => {
  it('sends at most the asked rate, each message fuller, and loses no touch', async () => {
    const full = await longDrag(90);
    // The asked rate is a third of what this phone sent unpaced in this run: headless touch moves
    // come ~30–60 a second on an idle machine (rate 10), far fewer on a busy one, where a fixed rate
    // of 10 would not be a limit at all.
    const maxRate = Math.max(2, Math.min(10, Math.floor(full.messages / 3)));
    hub.context.audience.emit('pace', { maxRate });
    await new Promise((r) => setTimeout(r, 300));
    const paced = await longDrag(90);
    // The asked rate over the drag, plus the stroke's closing message.
    expect(paced.messages).toBeLessThanOrEqual(maxRate + 2);
    expect(full.messages).toBeGreaterThan(paced.messages * 1.5);
    // The same drag's points all arrive either way (the phone thins only when a slot is far late).
    expect(paced.points).toBeGreaterThanOrEqual(full.points * 0.9);
    expect(paced.points).toBeGreaterThanOrEqual(80);
    expect(phone.errors).toEqual([]);
  });

  it('sends the touches still waiting for their slot when the page goes away', async () => {
    const leaving = await openPhone(browser, hub.joinUrl);
    await waitForHook(leaving.page, (h) => h.connected && h.control === 'weave');
    // Two messages a second: a quick drag's points wait up to half a second for their slot.
    hub.context.audience.emit('pace', { maxRate: 2 });
    await new Promise((r) => setTimeout(r, 300));
    got.messages = 0;
    got.points = 0;
    await drag(leaving.cdp, [[{ x: 60, y: 300 }, { x: 300, y: 500 }]], 12);
    // The dreamer closes the page at once (navigating away fires the same pagehide).
    await leaving.page.goto('about:blank');
    // Waits for the touches to reach the hub (a busy machine delivers them later), not for a time:
    // they can only come from the page's last message, sent as it went away.
    const deadline = Date.now() + 15_000;
    while (got.points < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    expect(got.points).toBeGreaterThanOrEqual(12);
    expect(leaving.errors, JSON.stringify(leaving.errors)).toEqual([]);
  });
});
