/**
 * The kiosk's start page (public/offline.html): opened from the display machine's disk before the
 * hub is up, it waits, then opens the wall as soon as the hub answers; served by the hub itself
 * it passes the hub's Content-Security-Policy. Real Chromium.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.ts';
import { startHub, teardown } from '../helpers/hub.ts';
import { ROOT, figures, freePort, until } from './helpers/hubProcess.ts';

let browser: Browser | undefined;
afterEach(teardown);
afterAll(async () => {
  await browser?.close();
});

describe('kiosk start page', () => {
  it('waits for a hub that is not up yet, then opens the wall', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    const port = await freePort();
    const hubUrl = `http://127.0.0.1:${port}`;
    const start = `${pathToFileURL(join(ROOT, 'public', 'offline.html')).href}?hub=${encodeURIComponent(hubUrl)}&to=/healthz`;
    await page.goto(start);
    await page.waitForFunction(() => /Waiting for the hub/.test(document.getElementById('status')?.textContent ?? ''), undefined, { timeout: 10_000 });
    expect(page.url()).toMatch(/^file:/);
    const upAt = Date.now();
    await startHub({ stateFile: null, port });
    const openedMs = await until(() => page.url().startsWith(`${hubUrl}/healthz`), 10_000, 'the start page opens the wall');
    figures('kiosk start page', { openedAfterHubUpMs: openedMs, retryEveryMs: 3000, sinceHubUpMs: Date.now() - upAt });
    expect(await page.textContent('body')).toContain('"ok":true');
  });

  it('runs under the hub\'s security policy when the hub serves it', async () => {
    browser ??= await launchChromium();
    const dist = mkdtempSync(join(tmpdir(), 'dreamscape-kiosk-'));
    cpSync(join(ROOT, 'public'), dist, { recursive: true });
    const hub = await startHub({ stateFile: null, staticDir: dist });
    const page = await browser.newPage();
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/.test(m.text())) blocked.push(m.text());
    });
    await page.goto(`${hub.url}/offline.html?to=/healthz`);
    await page.waitForURL(`${hub.url}/healthz`, { timeout: 10_000 });
    expect(blocked).toEqual([]);
  });
});
