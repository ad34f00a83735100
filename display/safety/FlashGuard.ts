/**
 * The flash guard: the last stage of every drawn frame, and the owner of the picture that reaches
 * the projector. Whatever drew the frame — layers, post effects, the blackout veil, a phase cut, a
 * panic, a preset switch — the guard compares it with the last frame shown, region by region
 * ({@link BUDGET_COLS}×{@link BUDGET_ROWS} cells), and where the change would spend more of WCAG
 * 2.3.1's flash budget than the region has left this second (`FlashBudget.ts`), it shows the new
 * frame only partly: the last shown picture is kept on a canvas of its own and laid back over the
 * new frame with an opacity per band of the wall (nine bands, each as held as its most held
 * region), so the light moves only as fast as the budget allows: a held band shows as a fading
 * ghost of the picture before; under a whole-wall change such as blackout or a cut the wall fades.
 *
 * It also measures the shown frame on a 32×18 grid for the WCAG counter (`flashCounter.ts`) and sets
 * how much flashy effects may do next frame (`allow`, 0..1), as before: the show's own effects step
 * back before the guard has to hold anything. In record mode it keeps those grids for tests.
 */
import { FlashCounter, type FlashReading } from './flashCounter.ts';
import { FlashBudget, type CellLimit } from './FlashBudget.ts';
import { isSaturatedRed, linearChannel } from '../colour.ts';

/** Grid the WCAG counter (and the recording) reads. */
export const GUARD_COLS = 32;
export const GUARD_ROWS = 18;
const CELLS = GUARD_COLS * GUARD_ROWS;
/** Grid the guard holds the picture on (each counter cell is 2×2 of these). */
export const BUDGET_COLS = GUARD_COLS * 2;
export const BUDGET_ROWS = GUARD_ROWS * 2;
const BCELLS = BUDGET_COLS * BUDGET_ROWS;
/** Bisection steps for a held cell's opacity (1/128 of the change). */
const SEARCH_STEPS = 7;
/** A held band's opacity is rounded down to this many steps (the canvas's alpha has 255). */
const OPACITY_STEPS = 255;
/** Cell rows in a band the picture is held by (nine bands across the wall). */
const HOLD_BAND = 4;
const HOLD_BANDS = BUDGET_ROWS / HOLD_BAND;

function lum(r: number, g: number, b: number): number {
  return 0.2126 * linearChannel(r) + 0.7152 * linearChannel(g) + 0.0722 * linearChannel(b);
}

/** Shows each frame no faster than WCAG 2.3.1 allows, and rations flashy effects. */
export class FlashGuard {
  /** What flashy effects may use now, 0..1. */
  allow = 1;
  /** Times the guard stepped in (each time it cut effects from full, or began holding the picture). */
  guarded = 0;
  /** Regions held back in the last frame (0: the frame was shown as drawn). */
  holding = 0;
  /** Longest the guard has held some region back without a break, ms (the delay it adds to a command). */
  longestHoldMs = 0;
  /** Latest reading. */
  readonly reading: FlashReading = { flashes: 0, redFlashes: 0, violation: false };
  private readonly counter = new FlashCounter(GUARD_COLS, GUARD_ROWS);
  private readonly budget = new FlashBudget(BCELLS);
  private readonly small: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D | null;
  private readonly shown: HTMLCanvasElement;
  private readonly shownCtx: CanvasRenderingContext2D | null;
  /** The shown canvas holds the last frame shown (kept only while a next frame may be held). */
  private shownValid = false;
  /** Cell means (sRGB 0..255) of the frame drawn, and of the frame last shown. */
  private readonly drawn = new Float32Array(BCELLS * 3);
  private readonly last = new Float32Array(BCELLS * 3);
  private readonly alpha = new Float32Array(BCELLS);
  private readonly bandAlpha = new Float32Array(HOLD_BANDS);
  private readonly limitOut: CellLimit = { lo: 0, hi: 0, redLocked: false, red: 0 };
  private holdSince = -1;
  private readonly lum = new Float32Array(CELLS);
  private readonly red = new Uint8Array(CELLS);
  private log: Uint8Array | null = null;
  private logTimes: Float64Array | null = null;
  private logged = 0;

  /**
   * @param recordFrames keep up to this many measured frames for tests (0: none).
   * @param holds hold the picture back (false for frozen shots, whose lead frames nobody sees: the
   *   guard then only measures, and the shot is the show's own picture).
   */
  constructor(
    recordFrames = 0,
    private readonly holds = true,
  ) {
    this.small = document.createElement('canvas');
    this.small.width = BUDGET_COLS;
    this.small.height = BUDGET_ROWS;
    this.ctx = this.small.getContext('2d', { willReadFrequently: true });
    this.shown = document.createElement('canvas');
    this.shownCtx = this.shown.getContext('2d');
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

  /**
   * The last stage of a frame: holds back whatever in the frame just drawn on `canvas` would flash,
   * then measures what is shown. Call once per drawn (or repeated) frame.
   * @param tMs display time of the frame, ms (increasing).
   * @param dtS seconds since the previous frame.
   */
  present(canvas: HTMLCanvasElement, tMs: number, dtS: number): void {
    const ctx = this.ctx;
    const target = canvas.getContext('2d');
    if (!ctx || !target) return;
    if (this.shown.width !== canvas.width || this.shown.height !== canvas.height) {
      // A new size is a new picture: the accounts start afresh.
      this.shown.width = canvas.width;
      this.shown.height = canvas.height;
      this.budget.reset();
      this.shownValid = false;
    }
    this.grab(canvas, this.drawn);
    let held = 0;
    if (this.holds && this.budget.primed && this.shownValid) {
      for (let i = 0; i < BCELLS; i++) {
        const a = this.opacityFor(i, tMs, dtS);
        this.alpha[i] = a;
        if (a < 1) held++;
      }
      if (held > 0 && !this.hold(target, canvas)) held = 0;
    }
    const d = this.drawn;
    for (let i = 0; i < BCELLS; i++) {
      const o = i * 3;
      this.budget.commit(i, tMs, lum(d[o], d[o + 1], d[o + 2]), this.budget.redAfter(i, d[o], d[o + 1], d[o + 2]));
    }
    this.budget.settle();
    this.last.set(d);
    // Keep the shown picture only while some region may be held next frame.
    const sctx = this.shownCtx;
    if (sctx && this.holds && this.budget.active(tMs)) {
      sctx.setTransform(1, 0, 0, 1, 0, 0);
      sctx.globalAlpha = 1;
      sctx.globalCompositeOperation = 'copy';
      sctx.drawImage(canvas, 0, 0);
      sctx.globalCompositeOperation = 'source-over';
      // Made now: a copy left pending holds a snapshot of the wall, and the next frame's first draw
      // on the wall then copies the whole wall before drawing on it (copy-on-write): 2.5–3 ms of
      // CPU a frame at 1280×720 in software rendering, against ~0.5 ms for the copy made at once.
      sctx.getImageData(0, 0, 1, 1);
      this.shownValid = true;
    } else this.shownValid = false;
    if (held > 0 && this.holdSince < 0) {
      this.holdSince = tMs;
      this.guarded++;
    }
    if (held === 0 && this.holdSince >= 0) this.holdSince = -1;
    if (this.holdSince >= 0) this.longestHoldMs = Math.max(this.longestHoldMs, tMs - this.holdSince);
    this.holding = held;
    this.count(tMs, dtS);
  }

  /** Shrinks `canvas` to the budget grid, cell means of sRGB channels into `out`. */
  private grab(canvas: HTMLCanvasElement, out: Float32Array): void {
    const ctx = this.ctx!;
    ctx.imageSmoothingEnabled = true;
    // 'low' samples a few pixels per cell (a small bright spot reads as the whole cell, or not at
    // all); 'medium' averages them all through the mipmap.
    ctx.imageSmoothingQuality = 'medium';
    ctx.globalCompositeOperation = 'copy';
    ctx.drawImage(canvas, 0, 0, canvas.width, canvas.height, 0, 0, BUDGET_COLS, BUDGET_ROWS);
    const px = ctx.getImageData(0, 0, BUDGET_COLS, BUDGET_ROWS).data;
    for (let i = 0; i < BCELLS; i++) {
      out[i * 3] = px[i * 4];
      out[i * 3 + 1] = px[i * 4 + 1];
      out[i * 3 + 2] = px[i * 4 + 2];
    }
  }

  /** How much of the drawn frame cell `i` may show over the last shown one, 0..1. */
  private opacityFor(i: number, tMs: number, dtS: number): number {
    const o = i * 3;
    const l = this.last;
    const lim = this.budget.limit(i, tMs, dtS, lum(l[o], l[o + 1], l[o + 2]), this.limitOut);
    if (this.fits(i, 1, lim)) return 1;
    if (!this.fits(i, 0, lim)) return 0;
    let ok = 0;
    let bad = 1;
    for (let k = 0; k < SEARCH_STEPS; k++) {
      const mid = (ok + bad) / 2;
      if (this.fits(i, mid, lim)) ok = mid;
      else bad = mid;
    }
    return ok;
  }

  /** Whether cell `i` shown at opacity `a` over the last frame stays within `lim`. */
  private fits(i: number, a: number, lim: CellLimit): boolean {
    const o = i * 3;
    const l = this.last;
    const d = this.drawn;
    const r = l[o] + (d[o] - l[o]) * a;
    const g = l[o + 1] + (d[o + 1] - l[o + 1]) * a;
    const b = l[o + 2] + (d[o + 2] - l[o + 2]) * a;
    const y = lum(r, g, b);
    if (y < lim.lo || y > lim.hi) return false;
    return !lim.redLocked || this.budget.redAfter(i, r, g, b) === lim.red;
  }

  /**
   * Lays the last shown picture back over the drawn frame where cells are held, by bands of
   * {@link HOLD_BAND} cell rows across the wall, each at its most held cell's opacity (neighbouring
   * bands of equal opacity in one copy). Software rendering charges each copy of a canvas a large
   * fixed cost on top of the pixels it blends: at 1920×1080 on a busy 2-core machine one whole-wall
   * copy took 1–8 ms, 144 blocks 21–50 ms and a smooth per-cell mask scaled over the wall 26–50 ms,
   * so nine bands at most.
   * Writes what each cell now shows into `drawn`. @returns false when it cannot.
   */
  private hold(target: CanvasRenderingContext2D, canvas: HTMLCanvasElement): boolean {
    if (!this.shownCtx) return false;
    const a = this.alpha;
    const q = this.bandAlpha;
    for (let band = 0; band < HOLD_BANDS; band++) {
      let m = 1;
      for (let i = band * HOLD_BAND * BUDGET_COLS; i < (band + 1) * HOLD_BAND * BUDGET_COLS; i++) if (a[i] < m) m = a[i];
      // Rounded down to the canvas's own 1/255 steps, so no cell shows more than it may. (Coarser
      // steps stall a slow fade: a cell allowed 5 % of a big change a frame would get none.)
      q[band] = Math.floor(m * OPACITY_STEPS) / OPACITY_STEPS;
    }
    const w = canvas.width;
    const h = canvas.height;
    const d = this.drawn;
    const l = this.last;
    target.save();
    target.setTransform(1, 0, 0, 1, 0, 0);
    target.globalCompositeOperation = 'source-over';
    let band = 0;
    while (band < HOLD_BANDS) {
      const v = q[band];
      let end = band + 1;
      while (end < HOLD_BANDS && q[end] === v) end++;
      if (v < 1) {
        const y0 = Math.floor((band * HOLD_BAND * h) / BUDGET_ROWS);
        const y1 = Math.floor((end * HOLD_BAND * h) / BUDGET_ROWS);
        target.globalAlpha = 1 - v;
        if (y1 > y0 && w > 0) target.drawImage(this.shown, 0, y0, w, y1 - y0, 0, y0, w, y1 - y0);
        for (let c = band * HOLD_BAND * BUDGET_COLS * 3; c < end * HOLD_BAND * BUDGET_COLS * 3; c++) d[c] = l[c] + (d[c] - l[c]) * v;
      }
      band = end;
    }
    target.restore();
    return true;
  }

  /** Feeds the WCAG counter with the shown frame (2×2 budget cells per counter cell) and sets `allow`. */
  private count(tMs: number, dt: number): void {
    const d = this.drawn;
    for (let y = 0; y < GUARD_ROWS; y++) {
      for (let x = 0; x < GUARD_COLS; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (let k = 0; k < 4; k++) {
          const o = ((y * 2 + (k >> 1)) * BUDGET_COLS + x * 2 + (k & 1)) * 3;
          r += d[o];
          g += d[o + 1];
          b += d[o + 2];
        }
        const i = y * GUARD_COLS + x;
        r /= 4;
        g /= 4;
        b /= 4;
        this.lum[i] = lum(r, g, b);
        this.red[i] = isSaturatedRed(r, g, b) ? 1 : 0;
      }
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
