/**
 * The console's log in real Chromium: what OSC gear did and what the hub refused from it, and what
 * the console's own MIDI knobs and pads did (Web MIDI is stood in for by a fake input the test
 * plays, since a headless browser has no MIDI device).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { encode, Message } from 'node-osc';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub, teardown } from '../helpers/hub.ts';
import { MIDI_STORAGE_KEY } from '../../controller/operator/midiMapping.ts';

let browser: Browser;
let hub: Awaited<ReturnType<typeof startHub>>;
let page: Page;
const udp: UdpSocket[] = [];

async function sender(address: string): Promise<UdpSocket> {
  const s = createSocket('udp4');
  await new Promise<void>((done) => s.bind(0, address, () => done()));
  udp.push(s);
  return s;
}

/** Waits until a line of the console's log matches. */
async function logLine(pattern: RegExp, what: string): Promise<string> {
  const until = Date.now() + 8000;
  while (Date.now() < until) {
    const lines = await page.locator('#log li').allTextContents();
    const line = lines.find((l) => pattern.test(l));
    if (line) return line;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the console's log never showed ${what}: ${(await page.locator('#log li').allTextContents()).slice(0, 8).join(' | ')}`);
}

beforeAll(async () => {
  hub = await startHub({ stateFile: null, statusEveryMs: 250, oscPort: 0, oscAllow: ['127.0.0.1'] });
  browser = await launchChromium();
  const context = await browser.newContext();
  await context.addInitScript(
    ([key, value]) => {
      localStorage.setItem(key, value);
      // One fake MIDI input; `__playMidi` sends it bytes as a controller would.
      const input = { id: 'fake', name: 'Test pads', onmidimessage: null as ((e: { data: Uint8Array }) => void) | null };
      const access = { inputs: new Map([['fake', input]]), onstatechange: null };
      Object.defineProperty(navigator, 'requestMIDIAccess', { value: async () => access, configurable: true });
      Object.defineProperty(window, '__playMidi', { value: (bytes: number[]) => input.onmidimessage?.({ data: new Uint8Array(bytes) }) });
    },
    [MIDI_STORAGE_KEY, JSON.stringify({ version: 1, map: { 'cc:1:21': 'param:glitch', 'note:10:36': 'panic' } })],
  );
  page = await context.newPage();
  await page.goto(`${hub.url}/operator#token=${encodeURIComponent(hub.token)}`);
  await logLine(/connected to the hub/, 'the login');
});

afterAll(async () => {
  for (const s of udp.splice(0)) s.close();
  await browser?.close();
  await teardown();
});

describe('the console\'s log', () => {
  it('shows what OSC gear did, by sender', async () => {
    const vj = await sender('127.0.0.1');
    vj.send(encode(new Message('/dreamscape/phase', 'nightmare')), hub.oscPort!, '127.0.0.1');
    await logLine(/OSC 127\.0\.0\.1: goto nightmare/, 'the OSC command');
    expect(hub.context.runtime.phase).toBe('nightmare');
  });

  it('shows OSC refused from a sender off the allow-list, and it changes nothing', async () => {
    const stranger = await sender('127.0.0.2');
    stranger.send(encode(new Message('/dreamscape/blackout', 1)), hub.oscPort!, '127.0.0.1');
    const line = await logLine(/OSC from 127\.0\.0\.2 refused/, 'the refusal');
    expect(line).toMatch(/not on --osc-allow/);
    expect(await page.locator('#log li.error', { hasText: '127.0.0.2' }).count()).toBeGreaterThan(0);
    expect(hub.context.runtime.state.blackout).toBe(false);
  });

  it('shows what the console\'s own MIDI pads and knobs did', async () => {
    await page.click('#midi-enable');
    await page.waitForFunction(() => document.getElementById('midi-enable')?.textContent === 'MIDI on');
    await page.evaluate(() => (window as unknown as { __playMidi(b: number[]): void }).__playMidi([0x99, 36, 100]));
    await logLine(/MIDI: Panic: calm dawn/, 'the pad');
    await page.evaluate(() => (window as unknown as { __playMidi(b: number[]): void }).__playMidi([0xb0, 21, 127]));
    await logLine(/MIDI: .*100%/, 'the knob');
    await expect.poll(() => hub.context.runtime.state.overrides.glitch, { timeout: 5000 }).toBeDefined();
  });
});
