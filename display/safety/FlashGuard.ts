/**
 * The flash guard in the render pipeline: after each frame it shrinks the picture to a 32×18 grid,
 * measures relative luminance and saturated red per cell, feeds the WCAG counter and sets how much
 * flashy effects may do next frame (`allow`, 0..1). Attack is immediate, release slow.
 * In record mode it also keeps the measured grids so a test can recount them independently.
 */
import { FlashCounter, type FlashReading } from './flashCounter.ts';
import { isSaturatedRed, linearChannel } from '../colour.ts';

/** Grid the guard measures on. */
export const GUARD_COLS = 32;
export const GUARD_ROWS = 18;
const CELLS = GUARD_COLS * GUARD_ROWS;

/** Measures frames and rations flashy effects. */
export class FlashGuard {
  /** What flashy effects may use now, 0..1. */
  allow = 1;
  /** Times the guard stepped in (each time it cut effects from full). */
  guarded = 0;
  /** Latest reading. */
  readonly reading: FlashReading = { flashes: 0, redFlashes: 0, violation: false };
  private readonly counter = new FlashCounter(GUARD_COLS, GUARD_ROWS);
  private readonly small: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly lum = new Float32Array(CELLS);
  private readonly red = new Uint8Array(CELLS);
  private log: Uint8Array | null = null;
  private logTimes: Float64Array | null = null;
  private logged = 0;

  /** @param recordFrames keep up to this many measured frames for tests (0: none). */
  constructor(recordFrames = 0) {
    this.small = document.createElement('canvas');
    this.small.width = GUARD_COLS;
    this.small.height = GUARD_ROWS;
    this.ctx = this.small.getContext('2d', { willReadFrequently: true });
    if (recordFrames > 0) {
      this.log = new Uint8Array(recordFrames * CELLS * 2);
      this.logTimes = new Float64Array(recordFrames);
    }
  }

  /** Frames measured. */
  get frames(): number {
    return this.counter.frames;
  }

  /** Frames whose one-second window broke WCAG 2.3.1 as the guard measured it. */
  get violations(): number {
    return this.counter.violationFrames;
  }

  /** Measures the frame just drawn on `canvas` at display time `tMs`. */
  measure(canvas: HTMLCanvasElement, tMs: number, dt: number): void {
    const ctx = this.ctx;
    if (!ctx) return;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(canvas, 0, 0, canvas.width, canvas.height, 0, 0, GUARD_COLS, GUARD_ROWS);
    const px = ctx.getImageData(0, 0, GUARD_COLS, GUARD_ROWS).data;
    for (let i = 0; i < CELLS; i++) {
      const r = px[i * 4];
      const g = px[i * 4 + 1];
      const b = px[i * 4 + 2];
      this.lum[i] = 0.2126 * linearChannel(r) + 0.7152 * linearChannel(g) + 0.0722 * linearChannel(b);
      this.red[i] = isSaturatedRed(r, g, b) ? 1 : 0;
    }
    const reading = this.counter.push(tMs, this.lum, this.red, this.reading);
    const log = this.log;
    const times = this.logTimes;
    if (log && times && this.logged < times.length) {
      const o = this.logged * CELLS * 2;
      for (let i = 0; i < CELLS; i++) {
        log[o + i] = Math.round(this.lum[i] * 255);
        log[o + CELLS + i] = this.red[i];
      }
      times[this.logged++] = tMs;
    }
    // Halfway to the limit over some field: stop adding flashy light; one flash: halve it.
    const target = reading.flashes >= 1.5 || reading.redFlashes > 0 ? 0 : reading.flashes >= 1 ? 0.5 : 1;
    if (target < this.allow) {
      if (this.allow === 1) this.guarded++;
      this.allow = target;
    } else {
      this.allow = Math.min(target, this.allow + dt * 0.5);
    }
  }

  /** The recorded grids, as base64 of `[lum 0..255 × cells, red 0/1 × cells]` per frame, with times. */
  recording(): { cols: number; rows: number; frames: number; times: number[]; data: string } {
    const n = this.logged;
    const bytes = this.log ? this.log.subarray(0, n * CELLS * 2) : new Uint8Array(0);
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode.apply(null, Array.from(bytes.subarray(i, i + 0x8000)));
    return { cols: GUARD_COLS, rows: GUARD_ROWS, frames: n, times: Array.from(this.logTimes?.subarray(0, n) ?? []), data: btoa(bin) };
  }
}
