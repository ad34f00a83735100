/**
 * MIDI a VJ can keep, in real Chromium against a real hub: learn pads, see their lights follow the
 * toggles and the phase (sent to the controller's own output, never to a synth that is only an
 * output), export the mappings as a file and import them back, and refuse hostile files with
 * nothing lost. Also: the console's OSC-out targets reach the hub.
 *
 * The MIDI device itself is a page-level shim (Chromium offers no virtual MIDI port without ALSA's
 * `snd-virmidi`): `navigator.requestMIDIAccess` answers with one controller, "Fake Pad", as an input
 * and an output of that name, plus an output-only "Only A Synth". Everything past the Web MIDI API
 * — the console's code, its socket, the hub — is the real thing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub, teardown } from '../helpers/hub.ts';
import type { Hub } from '../../server/hub.ts';
import { MIDI_FILE_FORMAT } from '../../controller/operator/midiFile.ts';

interface Sent {
  to: string;
  bytes: number[];
}

/** The fake Web MIDI device, installed before the console's scripts run. */
function installFakeMidi(): void {
  const sent: { to: string; bytes: number[] }[] = [];
  class FakePort extends EventTarget {
    onmidimessage: ((event: { data: Uint8Array }) => void) | null = null;
    state = 'connected';
    connection = 'open';
    manufacturer = 'Test';
    constructor(
      readonly id: string,
      readonly name: string,
      readonly type: 'input' | 'output',
    ) {
      super();
    }
    send(bytes: number[] | Uint8Array): void {
      sent.push({ to: this.name, bytes: Array.from(bytes) });
    }
  }
  const input = new FakePort('in-1', 'Fake Pad', 'input');
  const access = {
    inputs: new Map([['in-1', input]]),
    outputs: new Map([
      ['out-1', new FakePort('out-1', 'Fake Pad', 'output')],
      ['out-2', new FakePort('out-2', 'Only A Synth', 'output')],
    ]),
    onstatechange: null,
    sysexEnabled: false,
  };
  Object.assign(window, {
    __fakeMidiSent: sent,
    __fakeMidiPlay: (bytes: number[]) => input.onmidimessage?.({ data: new Uint8Array(bytes) }),
  });
  Object.defineProperty(navigator, 'requestMIDIAccess', { value: () => Promise.resolve(access), configurable: true });
}

let hub: Hub;
let browser: Browser;
let page: Page;

async function mappings(): Promise<Record<string, string>> {
  return page.evaluate(() => (window as unknown as { __dreamscapeOperator: { midiMappings: Record<string, string> } }).__dreamscapeOperator.midiMappings);
}
async function sent(): Promise<Sent[]> {
  return page.evaluate(() => (window as unknown as { __fakeMidiSent: Sent[] }).__fakeMidiSent.slice());
}
async function play(bytes: number[]): Promise<void> {
  await page.evaluate((b) => (window as unknown as { __fakeMidiPlay(b: number[]): void }).__fakeMidiPlay(b), bytes);
}
/** Waits until the device was sent these bytes (after `from` earlier messages). */
async function lightSent(bytes: number[], from = 0): Promise<void> {
  await page.waitForFunction(
    ({ bytes, from }) => (window as unknown as { __fakeMidiSent: Sent[] }).__fakeMidiSent.slice(from).some((m) => m.to === 'Fake Pad' && m.bytes.join() === bytes.join()),
    { bytes, from },
    { timeout: 8000, polling: 50 },
  );
}
async function learn(control: string, bytes: number[]): Promise<void> {
  await page.click('#midi-learn');
  await page.click(`[data-control="${control}"]`);
  await play(bytes);
  await page.waitForFunction((c) => Object.values((window as unknown as { __dreamscapeOperator: { midiMappings: Record<string, string> } }).__dreamscapeOperator.midiMappings).includes(c), control, { timeout: 5000 });
}

beforeAll(async () => {
  hub = await startHub({ stateFile: null, statusEveryMs: 200 });
  browser = await launchChromium();
  const context = await browser.newContext({ acceptDownloads: true });
  await context.addInitScript(installFakeMidi);
  page = await context.newPage();
  await page.goto(`${hub.url}/operator#token=${encodeURIComponent(hub.token)}`);
  await page.waitForFunction(() => (window as unknown as { __dreamscapeOperator?: { status?: unknown } }).__dreamscapeOperator?.status !== undefined, undefined, { timeout: 20_000 });
  await page.click('#midi-enable');
  await page.waitForFunction(() => document.getElementById('midi-info')?.textContent?.includes('Fake Pad'), undefined, { timeout: 5000 });
});
afterAll(async () => {
  await browser?.close();
  await teardown();
});

describe('MIDI in the console (fake device, real page and hub)', () => {
  it('lights a toggle pad and the phase pads, on the controller’s own output only', async () => {
    await learn('blackout', [0x90, 36, 100]);
    await learn('goto:1', [0x90, 40, 100]);
    await learn('goto:5', [0x91, 41, 100]);
    expect(await mappings()).toEqual({ 'note:1:36': 'blackout', 'note:1:40': 'goto:1', 'note:2:41': 'goto:5' });
    // Learning sent no command: the show is still in serene, whose pad is lit; blackout is dark.
    await lightSent([0x90, 40, 127]);
    await lightSent([0x90, 36, 0]);
    await lightSent([0x91, 41, 0]);

    let mark = (await sent()).length;
    await play([0x90, 36, 110]);
    await play([0x80, 36, 0]);
    await lightSent([0x90, 36, 127], mark);
    expect(hub.context.runtime.state.blackout).toBe(true);

    mark = (await sent()).length;
    await play([0x91, 41, 90]);
    await lightSent([0x91, 41, 127], mark);
    await lightSent([0x90, 40, 0], mark);
    expect(hub.context.runtime.phase).toBe('nightmare');

    mark = (await sent()).length;
    await play([0x90, 36, 110]);
    await lightSent([0x90, 36, 0], mark);
    expect((await sent()).every((m) => m.to === 'Fake Pad')).toBe(true);
  });

  it('exports the mappings as a file and imports them back', async () => {
    const before = await mappings();
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#midi-export')]);
    expect(download.suggestedFilename()).toBe('dreamscape-midi.json');
    const path = await download.path();
    const text = await readFile(path, 'utf8');
    const file: unknown = JSON.parse(text);
    expect(file).toMatchObject({ format: MIDI_FILE_FORMAT, version: 1, devices: ['Fake Pad'] });
    await page.click('#midi-clear');
    await page.waitForFunction(() => Object.keys((window as unknown as { __dreamscapeOperator: { midiMappings: object } }).__dreamscapeOperator.midiMappings).length === 0);
    await page.setInputFiles('#midi-import', path);
    await page.waitForFunction(() => document.getElementById('midi-info')?.textContent?.includes('imported'), undefined, { timeout: 5000 });
    expect(await mappings()).toEqual(before);
    // Kept across a reload (the console's own storage).
    await page.reload();
    await page.waitForFunction(() => (window as unknown as { __dreamscapeOperator?: { status?: unknown } }).__dreamscapeOperator?.status !== undefined, undefined, { timeout: 20_000 });
    expect(await mappings()).toEqual(before);
  });

  it('refuses hostile and foreign files with a sentence, and loses nothing', async () => {
    const before = await mappings();
    expect(Object.keys(before).length).toBe(3);
    const files: [string, string, RegExp][] = [
      ['proto.json', `{"format":"${MIDI_FILE_FORMAT}","version":1,"mappings":[],"__proto__":{"x":1}}`, /key not allowed/],
      ['newer.json', JSON.stringify({ format: MIDI_FILE_FORMAT, version: 9, mappings: [] }), /newer Dreamscape/],
      ['preset.json', JSON.stringify({ version: 1, phases: {} }), /not a Dreamscape MIDI mappings file/],
      ['junk.json', 'not json at all', /not JSON/],
      ['huge.json', ' '.repeat(300_000), /too big/],
      ['twice.json', JSON.stringify({ format: MIDI_FILE_FORMAT, version: 1, mappings: [{ source: 'cc:1:1', control: 'hold' }, { source: 'cc:1:1', control: 'mute' }] }), /mapped twice/],
      ['script.json', JSON.stringify({ format: MIDI_FILE_FORMAT, version: 1, mappings: [{ source: 'cc:1:1', control: '<img src=x onerror=alert(1)>' }] }), /no control/],
    ];
    for (const [name, text, why] of files) {
      await page.setInputFiles('#midi-import', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
      await page.waitForFunction((n) => document.getElementById('midi-info')?.textContent?.includes(`${n} refused`), name, { timeout: 5000 });
      const info = await page.textContent('#midi-info');
      expect(info, name).toMatch(why);
      expect(info, name).toContain('Your mappings are unchanged');
      expect(await mappings(), name).toEqual(before);
    }
    expect(await page.locator('#midi-map img').count()).toBe(0);
  });
});

describe('OSC out in the console', () => {
  it('adds a target the hub then sends to, refuses a broadcast address, and removes it', async () => {
    await page.fill('#osc-target', '127.0.0.1:40555');
    await page.press('#osc-target', 'Enter');
    await page.waitForFunction(() => document.getElementById('osc-targets')?.textContent?.includes('127.0.0.1:40555'), undefined, { timeout: 5000 });
    expect(hub.oscOut.targets()).toEqual(['127.0.0.1:40555']);
    await page.fill('#osc-target', '255.255.255.255:9000');
    await page.press('#osc-target', 'Enter');
    await page.waitForFunction(() => document.getElementById('log')?.textContent?.includes('broadcast'), undefined, { timeout: 5000 });
    expect(hub.oscOut.targets()).toEqual(['127.0.0.1:40555']);
    await page.click('#osc-targets button');
    await page.waitForFunction(() => document.getElementById('osc-targets')?.children.length === 0, undefined, { timeout: 5000 });
    expect(hub.oscOut.targets()).toEqual([]);
  });
});
