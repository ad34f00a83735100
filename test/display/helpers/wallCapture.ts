/**
 * Captures what a live wall emits, frame by frame, from outside the display's code: a
 * requestAnimationFrame loop installed after p5's reads the whole visible canvas after each drawn
 * frame, averages each 10×10 px cell's linear light, and reads the composited opacity of every DOM
 * overlay (the join QR, the caption, the sound prompt). The analysis is `wcagAnalyser.ts`'s.
 */
import type { Page } from 'playwright-core';
import type { CapturedFrame, Grid, OpacitySample } from './wcagAnalyser.ts';

/** Captured pixels per cell side. */
export const CAPTURE_CELL_PX = 10;

/** Overlay elements whose light is captured. */
export const OVERLAY_SELECTORS = { qr: '.ds-join', caption: '.ds-caption', prompt: '[data-sound-prompt]' } as const;

/** What one capture holds. */
export interface WallCapture {
  grid: Grid;
  frames: CapturedFrame[];
  overlays: Record<keyof typeof OVERLAY_SELECTORS, OpacitySample[]>;
  /** The wall's phase at each frame (from the read-only hook). */
  phases: string[];
  /** Cells the flash guard held back at each frame (from the hook; 0 where it has no such figure). */
  holding: number[];
}

/** Starts capturing (bounded to `maxFrames`). */
export async function startCapture(page: Page, maxFrames: number): Promise<void> {
  await page.evaluate(
    ({ cellPx, maxFrames, selectors }) => {
      const canvas = document.querySelector('canvas');
      if (!canvas) throw new Error('no canvas');
      const ctx = canvas.getContext('2d');
      if (!ctx) throw new Error('no 2d context');
      const lut = new Float32Array(256);
      for (let i = 0; i < 256; i++) {
        const c = i / 255;
        lut[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
      }
      const w = canvas.width;
      const h = canvas.height;
      const cols = Math.floor(w / cellPx);
      const rows = Math.floor(h / cellPx);
      const chunks: string[] = [];
      const times: number[] = [];
      const overlays: Record<string, number[]> = {};
      for (const k of Object.keys(selectors)) overlays[k] = [];
      const phases: string[] = [];
      const holding: number[] = [];
      const sums = new Float64Array(cols * rows * 3);
      const cellBytes = new Uint16Array(cols * rows * 3);
      const opacityOf = (sel: string): number => {
        let el = document.querySelector(sel) as HTMLElement | null;
        if (!el) return 0;
        let o = 1;
        while (el && el !== document.documentElement) {
          const cs = getComputedStyle(el);
          if (cs.display === 'none' || cs.visibility === 'hidden') return 0;
          o *= Number(cs.opacity);
          el = el.parentElement;
        }
        return o;
      };
      const state = { on: true };
      (window as unknown as { __capture: unknown }).__capture = { chunks, times, overlays, phases, holding, cols, rows, w, state };
      const tick = (): void => {
        if (!state.on || times.length >= maxFrames) return;
        const t = performance.now();
        const px = ctx.getImageData(0, 0, cols * cellPx, rows * cellPx).data;
        sums.fill(0);
        const rowLen = cols * cellPx;
        for (let y = 0; y < rows * cellPx; y++) {
          const cy = Math.floor(y / cellPx) * cols;
          for (let x = 0; x < rowLen; x++) {
            const p = (y * rowLen + x) * 4;
            const c = (cy + Math.floor(x / cellPx)) * 3;
            sums[c] += lut[px[p]];
            sums[c + 1] += lut[px[p + 1]];
            sums[c + 2] += lut[px[p + 2]];
          }
        }
        const k = 65535 / (cellPx * cellPx);
        for (let i = 0; i < sums.length; i++) cellBytes[i] = Math.round(sums[i] * k);
        const bytes = new Uint8Array(cellBytes.buffer);
        let bin = '';
        for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
        chunks.push(btoa(bin));
        times.push(t);
        for (const [k2, sel] of Object.entries(selectors)) overlays[k2].push(opacityOf(sel));
        phases.push(window.__dreamscape?.phase ?? '');
        holding.push((window.__dreamscape as { flashHolding?: number } | undefined)?.flashHolding ?? 0);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    { cellPx: CAPTURE_CELL_PX, maxFrames, selectors: OVERLAY_SELECTORS },
  );
}

/** Page time now, ms (the capture's clock). */
export function pageNow(page: Page): Promise<number> {
  return page.evaluate(() => performance.now());
}

/** Stops capturing and brings the frames over. */
export async function stopCapture(page: Page): Promise<WallCapture> {
  const raw = await page.evaluate(() => {
    const c = (window as unknown as { __capture: { chunks: string[]; times: number[]; overlays: Record<string, number[]>; phases: string[]; holding: number[]; cols: number; rows: number; w: number; state: { on: boolean } } }).__capture;
    c.state.on = false;
    return { chunks: c.chunks, times: c.times, overlays: c.overlays, phases: c.phases, holding: c.holding, cols: c.cols, rows: c.rows, w: c.w };
  });
  const frames: CapturedFrame[] = raw.chunks.map((b64, f) => {
    const buf = Buffer.from(b64, 'base64');
    const u16 = new Uint16Array(buf.buffer, buf.byteOffset, buf.byteLength / 2);
    const rgb = new Float32Array(u16.length);
    for (let i = 0; i < u16.length; i++) rgb[i] = u16[i] / 65535;
    return { tMs: raw.times[f], rgb };
  });
  const overlays = {} as WallCapture['overlays'];
  for (const key of Object.keys(OVERLAY_SELECTORS) as (keyof typeof OVERLAY_SELECTORS)[]) {
    overlays[key] = raw.overlays[key].map((opacity, f) => ({ tMs: raw.times[f], opacity }));
  }
  return { grid: { cols: raw.cols, rows: raw.rows, cellPx: CAPTURE_CELL_PX, widthPx: raw.w }, frames, overlays, phases: raw.phases, holding: raw.holding };
}

/** Brightest cell's relative luminance in a frame. */
export function brightest(frame: CapturedFrame): number {
  let best = 0;
  for (let i = 0; i < frame.rgb.length; i += 3) best = Math.max(best, 0.2126 * frame.rgb[i] + 0.7152 * frame.rgb[i + 1] + 0.0722 * frame.rgb[i + 2]);
  return best;
}
