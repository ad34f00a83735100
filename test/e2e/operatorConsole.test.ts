/**
 * The operator console in real headless Chromium against a real hub: a wrong token is refused,
 * the right one logs in by answering the hub's challenge (the token never crosses the wire, and
 * the captured answer is worthless on a new connection), the same login works on a plain-HTTP
 * page that is not a secure context (no WebCrypto) where MIDI says it needs HTTPS, loading a preset with a blend moves a display (socket.io-client on
 * /display), shortcuts and faders act, broken preset files show their JSON path, and MIDI
 * mappings are restored from localStorage.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { io as connect } from 'socket.io-client';
import { connectDisplay, nextEvent, startHub, teardown, type DisplayClient } from '../helpers/hub.ts';
import { freePort } from '../chaos/helpers/hubProcess.ts';
import { NAMESPACES, PROTOCOL_VERSION, type LoginResult } from '../../core/protocol.ts';
import type { WireSnapshot, OperatorStatus, WireFrame, CommandResult, PresetListing } from '../../core/protocol.ts';
import { MIDI_STORAGE_KEY } from '../../controller/operator/midiMapping.ts';

interface Hook {
  connected: boolean;
  status?: OperatorStatus;
  lastResult?: CommandResult & { command: string };
  presets: PresetListing[];
  midiMappings: Record<string, string>;
}

const shipped = resolve(import.meta.dirname, '..', '..', 'presets');
let dir: string;
let browser: Browser;
let hub: Awaited<ReturnType<typeof startHub>>;
let page: Page;
let wall: DisplayClient;
/** Every WebSocket frame the console page sent. */
const framesSent: string[] = [];
/** A host name Chromium maps to 127.0.0.1: a plain-HTTP page there is not a secure context. */
const LAN_NAME = 'dreamscape.test';

/** Polls the page's read-only hook until `test` holds (bounded). */
async function waitForHook(test: (h: Hook) => boolean, what: string, ms = 8000): Promise<Hook> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const h = await page.evaluate(() => {
      const x = (window as unknown as { __dreamscapeOperator?: Hook }).__dreamscapeOperator;
      return x ? { connected: x.connected, status: x.status, lastResult: x.lastResult, presets: x.presets, midiMappings: x.midiMappings } : undefined;
    });
    if (h && test(h)) return h;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`console never reached: ${what}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dreamscape-console-'));
  for (const f of ['default.json', 'festival.json', 'late-night.json', 'safe.json', 'schema.json']) await copyFile(join(shipped, f), join(dir, f));
  hub = await startHub({ presetDir: dir, statusEveryMs: 250, seed: 5 });
  browser = await launchChromium({ extraArgs: [`--host-resolver-rules=MAP ${LAN_NAME} 127.0.0.1`] });
  const context = await browser.newContext();
  await context.addInitScript(
    ([key, value]) => {
      if (!localStorage.getItem(key)) localStorage.setItem(key, value);
    },
    [MIDI_STORAGE_KEY, JSON.stringify({ version: 1, map: { 'cc:1:21': 'param:glitch', 'note:10:36': 'panic', 'cc:1:99': 'param:removed' } })],
  );
  page = await context.newPage();
  page.on('websocket', (ws) => ws.on('framesent', (f) => framesSent.push(typeof f.payload === 'string' ? f.payload : f.payload.toString('utf8'))));
  await page.goto(`${hub.url}/operator`);
  wall = (await connectDisplay(hub)).socket;
});

afterAll(async () => {
  await browser?.close();
  await teardown();
  await rm(dir, { recursive: true, force: true });
});

describe('the operator console', () => {
  it('refuses a wrong token, then logs in with the right one', async () => {
    await page.fill('#token', 'definitely-wrong');
    await page.click('#login button[type=submit]');
    await page.waitForFunction(() => (document.getElementById('login-error')?.textContent ?? '').includes('Wrong token'), null, { timeout: 8000 });
    expect(await page.isVisible('#console')).toBe(false);

    await page.fill('#token', hub.token);
    await page.click('#login button[type=submit]');
    const h = await waitForHook((x) => x.connected && x.status !== undefined && x.presets.length >= 4, 'logged in with status and presets');
    expect(h.presets.map((p) => p.name)).toEqual(['default', 'festival', 'late-night', 'safe']);
    expect(await page.isVisible('#console')).toBe(true);
    expect(await page.locator('#params .fader').count()).toBe(19);
    // Faders follow the live show: the master intensity starts full.
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>('.fader[data-control="master:intensity"] input')?.value === '1', null, { timeout: 5000 });
    expect(await page.locator('#shortcuts kbd').allTextContents()).toEqual(expect.arrayContaining(['Space', '→', 'B', 'P', 'T']));
  });

  it('never sends the token, and its captured login is worthless on a new connection', async () => {
    expect(framesSent.length).toBeGreaterThan(0);
    expect(framesSent.filter((f) => f.includes(hub.token) || f.includes('definitely-wrong'))).toEqual([]);
    const logins = framesSent.filter((f) => f.startsWith(`42${NAMESPACES.operator},`) && f.includes('"login"'));
    expect(logins.length).toBeGreaterThanOrEqual(2);
    // Replay the good login (the last one sent) as an eavesdropper on the venue Wi-Fi would.
    const captured = JSON.parse(logins[logins.length - 1].replace(/^42\/operator,\d*/, '')) as [string, { answer: string }];
    const thief = connect(hub.url + NAMESPACES.operator, { auth: { v: PROTOCOL_VERSION }, transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      let heardStatus = false;
      thief.on('status', () => (heardStatus = true));
      const result = await new Promise<LoginResult>((done) => thief.once('challenge', () => thief.emit('login', captured[1], done)));
      expect(result).toMatchObject({ ok: false, code: 'bad-token' });
      expect(heardStatus).toBe(false);
    } finally {
      thief.close();
    }
    // The real console is still in.
    expect((await waitForHook((x) => x.connected, 'still logged in')).connected).toBe(true);
  });

  it('loads a preset with a blend and the display follows', async () => {
    await page.fill('#blend', '3');
    const snapshot = nextEvent<WireSnapshot>(wall, 'snapshot', (s) => s.preset.name === 'festival', 8000);
    await page.click('#presets button[data-preset="festival"]');
    expect((await snapshot).preset.title).toBe('Festival rush');
    const h = await waitForHook((x) => x.lastResult?.command === 'loadPreset' && x.status?.preset === 'festival', 'festival playing');
    expect(h.lastResult?.ok).toBe(true);
    expect(hub.context.runtime.state.presetBlend?.seconds).toBe(3);
    await page.waitForSelector('#presets li.current[data-preset="festival"]', { timeout: 5000 });
  });

  it('goes to a phase, blacks out and panics to dawn from the keyboard', async () => {
    await page.click('#timeline button[data-phase="nightmare"]');
    await nextEvent<WireFrame>(wall, 'frame', (f) => f.phase === 'nightmare', 5000);
    await page.locator('body').press('b');
    await nextEvent<WireFrame>(wall, 'frame', (f) => f.flags.blackout, 5000);
    await page.locator('body').press('p');
    const dawn = await nextEvent<WireFrame>(wall, 'frame', (f) => f.phase === 'dawn' && !f.flags.blackout, 5000);
    expect(dawn.phase).toBe('dawn');
    // Panic calms the room but does not hold the show: the dawn plays on into the next night.
    expect(dawn.flags.hold).toBe(false);
    await waitForHook((x) => x.status?.phase === 'dawn' && !x.status.hold, 'status shows dawn, not held');
    expect(await page.getAttribute('#hold', 'aria-pressed')).toBe('false');
    expect(await page.getAttribute('#panic', 'title')).toMatch(/next night begins by itself/);

    // Space over a focused button flips hold once, not twice (key and button click).
    await page.click('#hold');
    await waitForHook((x) => x.status?.hold === true, 'held by click');
    await page.keyboard.press(' ');
    await waitForHook((x) => x.status?.hold === false, 'released by space');
    await new Promise((r) => setTimeout(r, 400));
    expect(hub.context.runtime.state.hold).toBe(false);
    // A panic while held keeps the hold.
    await page.click('#hold');
    await waitForHook((x) => x.status?.hold === true, 'held again');
    await page.locator('body').press('p');
    await new Promise((r) => setTimeout(r, 300));
    await waitForHook((x) => x.status?.phase === 'dawn' && x.status.hold, 'panic keeps the operator\'s hold');
  });

  it('tap tempo sets the score tempo and its downbeat', async () => {
    // When each tap reached the page, as the console hears it: a busy machine delivers key presses
    // late and unevenly, so the tempo to expect is the one the taps really had, not the one typed.
    await page.evaluate(() => {
      const w = window as unknown as { __taps: number[] };
      w.__taps = [];
      window.addEventListener('keydown', (e) => {
        if (e.key === 't') w.__taps.push(performance.now());
      });
    });
    for (let i = 0; i < 4; i++) {
      await page.locator('body').press('t');
      if (i < 3) await new Promise((r) => setTimeout(r, 500));
    }
    // Taps lock the score (tempo and bar: the first tap is the downbeat), whether or not live input is followed.
    const h = await waitForHook((x) => x.status?.music?.lock?.source === 'tap', 'tap lock');
    const taps = await page.evaluate(() => (window as unknown as { __taps: number[] }).__taps);
    expect(taps).toHaveLength(4);
    const gaps = taps.slice(1).map((t, i) => t - taps[i]).sort((a, b) => a - b);
    const heard = 60_000 / gaps[1];
    // The console's tempo is the median gap's (four taps about 500 ms apart: about 120 BPM on a quiet machine).
    expect(heard).toBeGreaterThan(40);
    expect(Math.abs((h.status?.music?.lock?.bpm ?? 0) - heard)).toBeLessThan(heard * 0.05);
    expect(hub.context.runtime.state.lock).toMatchObject({ source: 'tap', bar: true });
    expect(await page.textContent('#tap-bpm')).toMatch(/BPM/);
    await page.click('#tempo-release');
    await waitForHook((x) => x.status !== undefined && x.status.music?.lock === null && x.status.overrides.tempo === undefined, 'tempo released');
  });

  it('a parameter fader overrides the show and its reset releases it', async () => {
    await page.locator('.fader[data-control="param:warmth"] input').fill('0.25');
    await waitForHook((x) => x.status?.overrides.warmth === 0.25, 'warmth overridden');
    expect(hub.context.runtime.state.overrides.warmth).toBe(0.25);
    await page.click('.fader[data-control="param:warmth"] button.reset');
    await waitForHook((x) => x.status !== undefined && x.status.overrides.warmth === undefined, 'warmth released');
  });

  it('shows a broken preset file with its JSON path while the show keeps playing', async () => {
    await writeFile(join(dir, 'festival.json'), JSON.stringify({ version: 2, name: 'festival', phases: { glitch: { cut: 'yes' } } }));
    const item = page.locator('#presets li.broken[data-preset="festival"]');
    await item.waitFor({ timeout: 8000 });
    // The store may catch the file half-written first (an honest "not valid JSON"); the real
    // reason follows as soon as the write completes.
    await expect.poll(() => item.locator('.problems li').first().textContent(), { timeout: 8000 }).toContain('phases.glitch.cut');
    expect(hub.context.runtime.preset.name).toBe('festival');
    expect(hub.context.runtime.preset.title).toBe('Festival rush');
  });

  it('restores MIDI mappings saved in this browser, dropping stale ones', async () => {
    const h = await waitForHook(() => true, 'hook');
    expect(h.midiMappings).toEqual({ 'cc:1:21': 'param:glitch', 'note:10:36': 'panic' });
    expect(await page.locator('#midi-map li').count()).toBe(2);
    expect(await page.getAttribute('.fader[data-control="param:glitch"]', 'class')).toContain('mapped');
  });

  it('save as: asks before overwriting (no keeps the file, yes keeps a copy), and never overwrites a shipped preset', async () => {
    const save = async (name: string, title: string) => {
      await page.fill('#save-name', name);
      await page.fill('#save-title', title);
      await page.click('#save-form button[type=submit]');
    };
    const questions: string[] = [];
    let answer = false;
    page.on('dialog', (dialog) => {
      questions.push(dialog.message());
      void (answer ? dialog.accept() : dialog.dismiss());
    });
    await save('booth-take', 'First');
    await waitForHook((x) => x.presets.some((p) => p.name === 'booth-take'), 'first save listed');
    expect(questions).toEqual([]);
    await save('booth-take', 'Second');
    await waitForHook((x) => x.lastResult?.command === 'savePreset' && x.lastResult.ok === false, 'refused as existing');
    expect(questions).toHaveLength(1);
    expect(questions[0]).toMatch(/"booth-take" exists/);
    expect(JSON.parse(await readFile(join(dir, 'booth-take.json'), 'utf8')).title).toBe('First');
    answer = true;
    await save('booth-take', 'Second');
    await waitForHook((x) => x.lastResult?.command === 'savePreset' && x.lastResult.ok === true, 'overwritten after yes');
    expect(questions).toHaveLength(2);
    expect(JSON.parse(await readFile(join(dir, 'booth-take.json'), 'utf8')).title).toBe('Second');
    expect(await readdir(join(dir, '.history'))).toHaveLength(1);
    // A shipped preset: refused without a question.
    const shippedText = await readFile(join(dir, 'safe.json'), 'utf8');
    await save('safe', 'Mine');
    await waitForHook((x) => x.lastResult?.command === 'savePreset' && x.lastResult.ok === false && /ships with Dreamscape/.test(x.lastResult.error), 'shipped refused');
    expect(questions).toHaveLength(2);
    expect(await readFile(join(dir, 'safe.json'), 'utf8')).toBe(shippedText);
  });

  it('raises an alarm while the state file cannot be written, and clears it when the disk is back', async () => {
    const folder = join(hub.stateFile!, '..');
    // The state file's folder becomes a file: every write fails, even for root.
    await rm(folder, { recursive: true, force: true });
    await writeFile(folder, 'the disk is gone');
    try {
      await page.waitForSelector('#alarm:not([hidden])', { timeout: 8000 });
      expect(await page.textContent('#alarm')).toMatch(/NOT SAVING/);
      expect(await page.getAttribute('#status dd[data-key="state file"]', 'class')).toContain('alarm');
      expect(await page.locator('#log li.error').allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/ALARM: the hub cannot write its state file/)]));
    } finally {
      await rm(folder, { force: true });
      await mkdir(folder);
    }
    await page.waitForSelector('#alarm[hidden]', { state: 'attached', timeout: 15_000 });
    expect(await page.textContent('#status dd[data-key="state file"]')).toBe('saved');
  });
});

describe('the console on plain HTTP from another machine (not a secure context)', () => {
  it('logs in with its own HMAC (no WebCrypto there) and says MIDI needs HTTPS or localhost', async () => {
    const port = await freePort();
    const lanHub = await startHub({ port, stateFile: null, publicHost: LAN_NAME, allowOrigins: [`http://${LAN_NAME}:${port}`] });
    const lanPage = await (await browser.newContext()).newPage();
    await lanPage.goto(`http://${LAN_NAME}:${port}/operator#token=${encodeURIComponent(lanHub.token)}`);
    expect(await lanPage.evaluate(() => ({ secure: isSecureContext, subtle: typeof crypto.subtle }))).toEqual({ secure: false, subtle: 'undefined' });
    await lanPage.waitForFunction(() => (window as unknown as { __dreamscapeOperator?: { connected: boolean } }).__dreamscapeOperator?.connected === true, null, { timeout: 10_000 });
    await lanPage.click('#midi-enable');
    await lanPage.waitForFunction(() => (document.getElementById('log')?.textContent ?? '').includes('MIDI needs HTTPS or localhost'), null, { timeout: 5000 });
    expect(await lanPage.textContent('#log')).not.toContain('this browser has no Web MIDI');
    await lanPage.context().close();
  });
});
