/**
 * `npm run shots`: the contact sheet. Renders each phase of the arc frozen at a telling moment
 * (seeded, so every run draws the same pictures) plus scenes with a simulated crowd, in real headless
 * Chromium against a real hub serving the build, and writes PNGs into the git-ignored `shots/`.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createHub } from '../server/hub.ts';
import { createLogger } from '../server/log.ts';
import { launchChromium } from '../test/helpers/chromium.ts';

/** The contact sheet: file name → display query. */
export const SHOTS: readonly (readonly [string, string])[] = [
  ['1-serene', 'at=serene:40'],
  ['2-festival', 'at=festival:40'],
  ['3-upgrade', 'at=upgrade:62'],
  ['4-glitch', 'at=glitch:6'],
  ['5-nightmare', 'at=nightmare:50'],
  ['6-confrontation', 'at=confrontation:30'],
  ['7-dawn', 'at=dawn:25'],
  ['8-crowd-festival', 'at=festival:40&sim=200'],
  ['9-crowd-nightmare', 'at=nightmare:50&sim=200'],
  ['10-crowd-confrontation', 'at=confrontation:30&sim=200'],
  ['11-crowd-dawn', 'at=dawn:25&sim=200'],
];

async function main(): Promise<void> {
  const out = resolve(process.env.SHOTS_DIR ?? 'shots');
  mkdirSync(out, { recursive: true });
  const only = process.argv.slice(2);
  const hub = await createHub({ host: '127.0.0.1', port: 0, stateFile: null, log: createLogger('silent'), staticDir: process.env.DREAMSCAPE_DIST ?? 'dist' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (err) => console.error('page error:', err.message));
    for (const [name, query] of SHOTS) {
      if (only.length > 0 && !only.some((o) => name.includes(o))) continue;
      const started = Date.now();
      await page.goto(`${hub.url}/?seed=7&${query}`);
      await page.waitForFunction(() => window.__dreamscape?.ready === true, undefined, { timeout: 30_000 });
      // The contact sheet is about the picture: hide the soundscape's "click to start" prompt.
      await page.addStyleTag({ content: '[data-sound-prompt]{display:none!important}' });
      const path = join(out, `${name}.png`);
      await page.screenshot({ path });
      console.log(`${path}  (${Date.now() - started} ms)`);
    }
  } finally {
    await browser.close();
    await hub.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
