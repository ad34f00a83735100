/**
 * Playlists, cues and the preview in the real console (headless Chromium) against a real hub:
 * the operator plays a playlist and sees what plays now and next, skips with a button and a key,
 * locks; previews a preset in a frozen wall drawn inside the console while the live show and its
 * walls are untouched; arms a cue (nothing changes on the walls) and GOes with the G key, the
 * walls crossfading with the cue's blend; the playlist moves on at a new loop of the arc.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Frame, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { command, connectDisplay, connectOperator, nextEvent, startHub, teardown, type DisplayClient, type OperatorClient } from '../helpers/hub.ts';
import type { PlaylistView, WireSnapshot } from '../../core/protocol.ts';
import { MIDI_STORAGE_KEY } from '../../controller/operator/midiMapping.ts';

interface Hook {
  connected: boolean;
  playlist?: PlaylistView;
  preview?: { preset: string; src: string };
}

const shipped = resolve(import.meta.dirname, '..', '..', 'presets');
let dir: string;
let browser: Browser;
let hub: Awaited<ReturnType<typeof startHub>>;
let page: Page;
let wall: DisplayClient;
let op: OperatorClient;

/** Polls the console's read-only hook until `test` holds (bounded). */
async function waitForHook(test: (h: Hook) => boolean, what: string, ms = 10_000): Promise<Hook> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const h = await page.evaluate(() => {
      const x = (window as unknown as { __dreamscapeOperator?: Hook }).__dreamscapeOperator;
      return x ? { connected: x.connected, playlist: x.playlist, preview: x.preview } : undefined;
    });
    if (h && test(h)) return h;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`console never reached: ${what}`);
}

async function until(test: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`never: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dreamscape-playlist-console-'));
  for (const f of ['default.json', 'festival.json', 'late-night.json', 'safe.json', 'schema.json']) await copyFile(join(shipped, f), join(dir, f));
  // A night whose dawn is short, so the arc's clock at top speed ends a loop within a second.
  await writeFile(join(dir, 'quick.json'), JSON.stringify({ version: 2, name: 'quick', title: 'Quick', phases: { dawn: { duration: 5, minDuration: 0, transition: 0 } } }));
  await mkdir(join(dir, 'playlists'));
  await writeFile(
    join(dir, 'playlists', 'night.json'),
    JSON.stringify({ version: 1, name: 'night', title: 'Tonight', entries: [{ preset: 'festival', blend: 2 }, { preset: 'quick', blend: 0 }, { preset: 'late-night', blend: 4 }] }),
  );
  hub = await startHub({ presetDir: dir, statusEveryMs: 250, seed: 5 });
  wall = (await connectDisplay(hub)).socket;
  op = await connectOperator(hub);
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(
    ([key, value]) => {
      localStorage.setItem(key, value);
      // One fake MIDI input; `__playMidi` sends it bytes as a pad controller would.
      const input = { id: 'fake', name: 'Test pads', onmidimessage: null as ((e: { data: Uint8Array }) => void) | null };
      const access = { inputs: new Map([['fake', input]]), onstatechange: null };
      Object.defineProperty(navigator, 'requestMIDIAccess', { value: async () => access, configurable: true });
      Object.defineProperty(window, '__playMidi', { value: (bytes: number[]) => input.onmidimessage?.({ data: new Uint8Array(bytes) }) });
    },
    [MIDI_STORAGE_KEY, JSON.stringify({ version: 1, map: { 'note:10:40': 'cue-go' } })],
  );
  page = await context.newPage();
  await page.goto(`${hub.url}/operator#token=${encodeURIComponent(hub.token)}`);
  await waitForHook((h) => h.connected && Boolean(h.playlist?.playlists.some((p) => p.name === 'night')), 'logged in with the playlists listed');
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await teardown();
  await rm(dir, { recursive: true, force: true });
});

describe('playlists in the console', () => {
  it('plays a playlist, shows now and next, skips with the button and the N key, locks', async () => {
    await page.selectOption('#playlist-select', 'night');
    await page.click('#playlist-play');
    await waitForHook((h) => h.playlist?.active?.name === 'night', 'the playlist playing');
    expect(hub.context.runtime.preset.name).toBe('festival');
    expect(await page.textContent('#playlist-now')).toMatch(/Tonight — now: festival · next: quick \(next at the new loop\)/);
    expect(await page.getAttribute('#playlist-entries li.now', 'data-entry')).toBe('0');
    expect(await page.getAttribute('#playlist-entries li.next', 'data-entry')).toBe('1');

    await page.click('#playlist-skip');
    await until(() => hub.context.runtime.preset.name === 'quick', 'the skip button');
    await page.locator('body').press('n');
    await until(() => hub.context.runtime.preset.name === 'late-night', 'the N key');
    expect(hub.context.runtime.state.presetBlend?.seconds).toBe(4);
    await waitForHook((h) => h.playlist?.active?.position === 2, 'now at the third entry');
    expect(await page.textContent('#playlist-now')).toMatch(/now: late-night · next: festival/);

    await page.click('#playlist-lock');
    await waitForHook((h) => h.playlist?.active?.locked === true, 'locked');
    expect(await page.getAttribute('#playlist-lock', 'aria-pressed')).toBe('true');
    expect(await page.textContent('#playlist-now')).toMatch(/locked: next when you skip/);
    await page.click('#playlist-lock');
    await waitForHook((h) => h.playlist?.active?.locked === false, 'unlocked');
  });

  it('moves on at a new loop of the arc, and the console follows', async () => {
    await page.locator('body').press('n'); // back to festival
    await page.locator('body').press('n'); // quick: a short dawn
    await until(() => hub.context.runtime.preset.name === 'quick', 'the quick entry');
    const loop = hub.context.runtime.state.loop;
    expect(await command(op, { type: 'goto', phase: 'dawn' })).toEqual({ ok: true });
    expect(await command(op, { type: 'speed', value: 8 })).toEqual({ ok: true });
    await waitForHook((h) => h.playlist?.active?.entries[h.playlist.active.position]?.preset === 'late-night', 'the advance at the new loop', 15_000);
    expect(hub.context.runtime.state.loop).toBe(loop + 1);
    expect(await page.textContent('#playlist-now')).toMatch(/now: late-night/);
    expect(await command(op, { type: 'speed', value: 1 })).toEqual({ ok: true });
    expect(await command(op, { type: 'playlist', name: null })).toEqual({ ok: true });
    await waitForHook((h) => h.playlist?.active === null, 'stopped');
  });
});

describe('preview and cue in the console', () => {
  it('previews a preset in a frozen wall inside the console, leaving the live show and its walls alone', async () => {
    const playing = hub.context.runtime.preset.name;
    const walls = hub.context.displays.size;
    let snapshots = 0;
    const countSnapshots = () => snapshots++;
    wall.on('snapshot', countSnapshots);
    await page.selectOption('#preview-phase', 'nightmare');
    await page.click('button[data-preview="safe"]');
    const hook = await waitForHook((h) => h.preview?.preset === 'safe', 'the preview shown');
    expect(hook.preview?.src).toMatch(/^\/\?seed=7&at=nightmare%3A20&preset=safe&quality=0\.25&lead=0\.5$/);
    expect(await page.isVisible('#preview')).toBe(true);
    const frame: Frame | null = await (await page.$('#preview'))!.contentFrame();
    expect(frame).not.toBeNull();
    await frame!.waitForFunction(() => window.__dreamscape?.ready === true, undefined, { timeout: 60_000, polling: 100 });
    const shown = await frame!.evaluate(() => ({ phase: window.__dreamscape?.phase, status: window.__dreamscape?.status, drawn: window.__dreamscape?.drawn ?? 0 }));
    expect(shown.phase).toBe('nightmare');
    expect(shown.drawn).toBeGreaterThan(0);
    // The preview drew the chosen preset: the frozen wall fetched it by name.
    const fetched = await frame!.evaluate(async () => ((await (await fetch('/api/preset?name=safe')).json()) as { name: string }).name);
    expect(fetched).toBe('safe');
    expect(hub.context.runtime.preset.name).toBe(playing);
    expect(hub.context.displays.size).toBe(walls);
    expect(snapshots).toBe(0);
    wall.off('snapshot', countSnapshots);
  }, 90_000);

  it('arms a cue (the walls keep playing) and GOes on the G key with its blend', { timeout: 120_000 }, async () => {
    await page.fill('#blend', '10');
    await page.click('button[data-arm="festival"]');
    // The console shares its thread with the preview it starts: waits are generous on a busy machine.
    const armed = await waitForHook((h) => h.playlist?.cue?.name === 'festival', 'the cue armed', 30_000);
    expect(armed.playlist?.cue).toEqual({ name: 'festival', blend: 10 });
    expect(await page.textContent('#cue-armed')).toBe('armed: festival (blend 10 s)');
    expect(await page.isEnabled('#cue-go')).toBe(true);
    // Arming shows it in the preview too.
    await waitForHook((h) => h.preview?.preset === 'festival', 'the armed cue previewed', 30_000);
    const before = hub.context.runtime.preset.name;
    expect(before).not.toBe('festival');
    // The armed preset's preview finishes drawing (it shares the console's thread), then the VJ
    // clicks into it to look closer: the console's keys still act from there.
    const frame = await (await page.$('#preview'))!.contentFrame();
    await frame!.waitForFunction(() => window.__dreamscape?.ready === true, undefined, { timeout: 60_000, polling: 100 });
    await page.click('#preview');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('preview');
    const snapshot = nextEvent<WireSnapshot>(wall, 'snapshot', (s) => s.preset.name === 'festival', 30_000);
    await page.keyboard.press('g');
    // Read at the switch: a 10 s crossfade is over (and forgotten) 10 s later.
    await until(() => hub.context.runtime.preset.name === 'festival', 'the cue applied', 30_000);
    expect(hub.context.runtime.state.presetBlend?.seconds).toBe(10);
    await snapshot;
    await waitForHook((h) => h.playlist?.cue === null, 'the cue spent', 30_000);
    expect(await page.isDisabled('#cue-go')).toBe(true);
  });

  it('GOes on a MIDI pad mapped to GO', async () => {
    expect(await command(op, { type: 'cueArm', name: 'safe', blend: 4 })).toEqual({ ok: true });
    await waitForHook((h) => h.playlist?.cue?.name === 'safe', 'the cue armed from another console', 30_000);
    expect(hub.context.runtime.preset.name).not.toBe('safe');
    await page.click('#midi-enable');
    await page.waitForFunction(() => document.getElementById('midi-enable')?.textContent === 'MIDI on');
    // Note 40 on channel 10, as a drum pad sends it.
    await page.evaluate(() => (window as unknown as { __playMidi(b: number[]): void }).__playMidi([0x99, 40, 100]));
    await until(() => hub.context.runtime.preset.name === 'safe', 'the MIDI GO', 30_000);
    expect(hub.context.runtime.state.presetBlend?.seconds).toBe(4);
    await waitForHook((h) => h.playlist?.cue === null, 'the cue spent');
  });

  it('keeps a broken playlist file out of play with its reason shown', async () => {
    await writeFile(join(dir, 'playlists', 'typo.json'), JSON.stringify({ version: 1, name: 'typo', entries: [{ preset: 'festival', blnd: 2 }] }));
    const hook = await waitForHook((h) => Boolean(h.playlist?.playlists.find((p) => p.name === 'typo')?.error), 'the broken file listed');
    expect(hook.playlist?.playlists.find((p) => p.name === 'typo')?.error?.[0]).toEqual({ path: 'entries.0.blnd', message: 'unknown key "blnd"' });
    expect(await page.getAttribute('#playlist-select option[value="typo"]', 'disabled')).not.toBeNull();
    expect(await page.textContent('#playlist-select option[value="typo"]')).toMatch(/broken file/);
    await expect(page.textContent('#log')).resolves.toMatch(/typo\.json refused: entries\.0\.blnd: unknown key "blnd"/);
  });
});
