/**
 * `npm run shots`: pictures of the arc to judge it by. Renders each phase of the arc frozen at a
 * telling moment (seeded, so every run draws the same pictures), idle and with a simulated crowd of
 * 200 phones, in real headless Chromium against a real hub serving the build, and writes into the
 * git-ignored `shots/` (or `SHOTS_DIR`):
 * - one PNG per shot (`1-serene.png` …, `8-crowd-festival.png` …);
 * - `sheet.png`: the contact sheet, every phase in story order, labelled, idle above and crowd below;
 * - `sheet-gray.png`: the same in grayscale (each phase should read by composition and silhouette);
 * - `strip-<phase>.png`: a motion strip, {@link STRIP_FRAMES} frames over two seconds of the idle phase
 *   (its own motion, without the crowd's marks over it).
 * The sheets are composed in a Chromium page's canvas (no native image library).
 * Arguments filter by name: `node --import tsx scripts/shots.ts nightmare` renders only the shots and
 * strips whose name contains "nightmare" (the sheets are made when every shot they need is on disk).
 * `STRIPS=0` skips the motion strips.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { createHub } from '../server/hub.ts';
import { createLogger } from '../server/log.ts';
import { launchChromium } from '../test/helpers/chromium.ts';

/** The phases in story order, with the moment each is shown at (show seconds into the phase). */
export const MOMENTS: readonly (readonly [string, number])[] = [
  ['serene', 40],
  ['festival', 40],
  ['upgrade', 62],
  ['glitch', 6],
  ['nightmare', 50],
  ['confrontation', 30],
  ['dawn', 25],
];

/** The shots: file name → display query. Idle shots are numbered 1–7, crowd shots follow. */
export const SHOTS: readonly (readonly [string, string])[] = [
  ...MOMENTS.map(([phase, at], i) => [`${i + 1}-${phase}`, `at=${phase}:${at}`] as const),
  ...MOMENTS.map(([phase, at], i) => [`${i + 8}-crowd-${phase}`, `at=${phase}:${at}&sim=200`] as const),
];

/** Frames in a motion strip, spread evenly over {@link STRIP_SECONDS}. */
export const STRIP_FRAMES = 6;
/** Seconds of show a motion strip covers. */
export const STRIP_SECONDS = 2;

/** Thumbnail size on the sheets, px. */
const TW = 400;
const TH = 225;
const LABEL = 34;

async function render(page: Page, url: string, path: string): Promise<void> {
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => window.__dreamscape?.ready === true, undefined, { timeout: 60_000 });
  // The pictures are about the picture: hide the soundscape's "click to start" prompt.
  await page.addStyleTag({ content: '[data-sound-prompt]{display:none!important}' });
  await page.screenshot({ path });
  console.log(`${path}  (${Date.now() - started} ms)`);
}

/** One cell of a composed image: a PNG file drawn at (x, y, w, h). */
interface Cell {
  file: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/** One label: text at (x, y), baseline at y. */
interface Label {
  text: string;
  x: number;
  y: number;
}

/**
 * Composes PNGs into one image in the browser: draws each cell's PNG, writes the labels, optionally
 * turns it all grayscale (Rec. 709 luma), and returns the PNG bytes.
 */
async function compose(page: Page, width: number, height: number, cells: readonly Cell[], labels: readonly Label[], gray: boolean): Promise<Buffer> {
  const images = cells.map((c) => ({ ...c, src: `data:image/png;base64,${readFileSync(c.file).toString('base64')}` }));
  await page.goto('about:blank');
  const dataUrl = await page.evaluate(
    async ({ width, height, images, labels, gray }) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d context');
      g.fillStyle = '#101014';
      g.fillRect(0, 0, width, height);
      for (const im of images) {
        const img = new Image();
        img.src = im.src;
        await img.decode();
        g.imageSmoothingEnabled = true;
        g.imageSmoothingQuality = 'high';
        g.drawImage(img, im.x, im.y, im.w, im.h);
      }
      g.fillStyle = '#e8e4dc';
      g.font = '20px sans-serif';
      g.textBaseline = 'alphabetic';
      for (const l of labels) g.fillText(l.text, l.x, l.y);
      if (gray) {
        const data = g.getImageData(0, 0, width, height);
        const d = data.data;
        for (let i = 0; i < d.length; i += 4) {
          const y = 0.2126 * d[i] + 0.7152 * d[i + 1] + 0.0722 * d[i + 2];
          d[i] = d[i + 1] = d[i + 2] = y;
        }
        g.putImageData(data, 0, 0);
      }
      return canvas.toDataURL('image/png');
    },
    { width, height, images, labels, gray },
  );
  return Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64');
}

/** The contact sheets (colour and grayscale), if every shot they need is on disk. */
async function sheets(page: Page, out: string): Promise<void> {
  const cells: Cell[] = [];
  const labels: Label[] = [];
  const left = 90;
  for (let i = 0; i < MOMENTS.length; i++) {
    const [phase, at] = MOMENTS[i];
    const x = left + i * (TW + 8);
    labels.push({ text: `${i + 1}. ${phase}  (${at} s)`, x, y: LABEL - 10 });
    for (let row = 0; row < 2; row++) {
      const file = join(out, row === 0 ? `${i + 1}-${phase}.png` : `${i + 8}-crowd-${phase}.png`);
      if (!existsSync(file)) return;
      cells.push({ file, x, y: LABEL + row * (TH + 8), w: TW, h: TH });
    }
  }
  labels.push({ text: 'idle', x: 12, y: LABEL + TH / 2 });
  labels.push({ text: '200', x: 12, y: LABEL + TH + 8 + TH / 2 - 10 });
  labels.push({ text: 'phones', x: 12, y: LABEL + TH + 8 + TH / 2 + 14 });
  const width = left + MOMENTS.length * (TW + 8);
  const height = LABEL + 2 * (TH + 8);
  for (const gray of [false, true]) {
    const path = join(out, gray ? 'sheet-gray.png' : 'sheet.png');
    writeFileSync(path, await compose(page, width, height, cells, labels, gray));
    console.log(path);
  }
}

/** One motion strip: the phase's frames over two seconds, side by side. */
async function strip(page: Page, hubUrl: string, out: string, phase: string, at: number): Promise<void> {
  const cells: Cell[] = [];
  const labels: Label[] = [];
  for (let f = 0; f < STRIP_FRAMES; f++) {
    const t = at + (STRIP_SECONDS * f) / (STRIP_FRAMES - 1);
    const file = join(out, `.strip-${phase}-${f}.png`);
    await render(page, `${hubUrl}/?seed=7&at=${phase}:${t.toFixed(2)}`, file);
    cells.push({ file, x: f * (TW + 4), y: LABEL, w: TW, h: TH });
    labels.push({ text: `${phase} ${t.toFixed(1)} s`, x: f * (TW + 4) + 6, y: LABEL - 10 });
  }
  const path = join(out, `strip-${phase}.png`);
  writeFileSync(path, await compose(page, STRIP_FRAMES * (TW + 4), LABEL + TH, cells, labels, false));
  console.log(path);
}

async function main(): Promise<void> {
  const out = resolve(process.env.SHOTS_DIR ?? 'shots');
  mkdirSync(out, { recursive: true });
  const only = process.argv.slice(2);
  const wanted = (name: string): boolean => only.length === 0 || only.some((o) => name.includes(o));
  const hub = await createHub({ host: '127.0.0.1', port: 0, stateFile: null, log: createLogger('silent'), staticDir: process.env.DREAMSCAPE_DIST ?? 'dist' });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.on('pageerror', (err) => console.error('page error:', err.message));
    for (const [name, query] of SHOTS) {
      if (wanted(name)) await render(page, `${hub.url}/?seed=7&${query}`, join(out, `${name}.png`));
    }
    await sheets(page, out);
    if (process.env.STRIPS !== '0') {
      for (const [phase, at] of MOMENTS) if (wanted(`strip-${phase}`)) await strip(page, hub.url, out, phase, at);
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
