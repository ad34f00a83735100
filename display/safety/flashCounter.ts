/**
 * WCAG 2.3.1 flash counting on a coarse luminance grid (Three Flashes or Below Threshold).
 *
 * A transition is a change in relative luminance of at least {@link FLASH_DELTA} (10% of white)
 * where the darker state is below {@link DARK_LIMIT} (0.80). A flash is a pair of opposing
 * transitions. A general flash counts when it covers at least a quarter of a "10° field", taken as a
 * third of the screen's width by a third of its height (WCAG's 341×256 px on 1024×768). More than
 * three flashes, or any red flash, in any one second is a violation. Red transitions are those where
 * either state is saturated red (R ≥ 80% of R+G+B).
 *
 * The counter keeps per-cell state in typed arrays: pushing a frame allocates nothing.
 */

/** Minimum luminance change of a transition (0..1 of white). */
export const FLASH_DELTA = 0.1;
/** The darker state of a transition must be below this relative luminance. */
export const DARK_LIMIT = 0.8;
/** Length of the counting window, ms. */
export const WINDOW_MS = 1000;
/** Most general flashes allowed in any window. */
export const MAX_FLASHES = 3;
/** Share of a field that must flash for the flash to count. */
export const AREA_SHARE = 0.25;

/** Transitions remembered per cell (more than a violation needs). */
const RING = 16;

/** What the counter reads after a frame. */
export interface FlashReading {
  /** Most general flashes (transition pairs) over any field in the last second (may be fractional: 3.5 = 7 transitions). */
  flashes: number;
  /** Most red flashes over any field in the last second. */
  redFlashes: number;
  /** True when this second breaks WCAG 2.3.1. */
  violation: boolean;
}

/** Counts WCAG flashes frame by frame over a `cols`×`rows` luminance grid. */
export class FlashCounter {
  readonly cols: number;
  readonly rows: number;
  private readonly fieldCols: number;
  private readonly fieldRows: number;
  private readonly need: number;
  private readonly ref: Float32Array;
  private readonly lo: Float32Array;
  private readonly hi: Float32Array;
  private readonly refRed: Uint8Array;
  private readonly loRed: Uint8Array;
  private readonly hiRed: Uint8Array;
  private readonly dir: Int8Array;
  private readonly times: Float64Array;
  private readonly red: Uint8Array;
  private readonly head: Uint8Array;
  private readonly counts: Uint8Array;
  private readonly redCounts: Uint8Array;
  private readonly hist = new Uint16Array(RING + 2);
  private started = false;
  /** Frames pushed so far. */
  frames = 0;
  /** Seconds-long windows that broke the rule so far (counted once per frame that reads a violation). */
  violationFrames = 0;
  /** Highest `flashes` ever read. */
  peakFlashes = 0;

  /** @param cols grid columns (≥ 3); @param rows grid rows (≥ 3). */
  constructor(cols: number, rows: number) {
    this.cols = cols;
    this.rows = rows;
    this.fieldCols = Math.max(1, Math.round(cols / 3));
    this.fieldRows = Math.max(1, Math.round(rows / 3));
    this.need = Math.max(1, Math.ceil(AREA_SHARE * this.fieldCols * this.fieldRows));
    const n = cols * rows;
    this.ref = new Float32Array(n);
    this.lo = new Float32Array(n);
    this.hi = new Float32Array(n);
    this.refRed = new Uint8Array(n);
    this.loRed = new Uint8Array(n);
    this.hiRed = new Uint8Array(n);
    this.dir = new Int8Array(n);
    this.times = new Float64Array(n * RING).fill(-Infinity);
    this.red = new Uint8Array(n * RING);
    this.head = new Uint8Array(n);
    this.counts = new Uint8Array(n);
    this.redCounts = new Uint8Array(n);
  }

  /** Forgets everything (e.g. after the wall was hidden). */
  reset(): void {
    this.started = false;
    this.times.fill(-Infinity);
    this.dir.fill(0);
  }

  /**
   * Adds one displayed frame.
   * @param tMs display time of the frame, ms (increasing).
   * @param lum relative luminance per cell, 0..1, row-major `cols·rows`.
   * @param redFlags 1 where the cell is saturated red.
   * @param out reading to fill (reused by the caller).
   */
  push(tMs: number, lum: ArrayLike<number>, redFlags: ArrayLike<number>, out: FlashReading): FlashReading {
    const n = this.cols * this.rows;
    this.frames++;
    if (!this.started) {
      for (let i = 0; i < n; i++) {
        this.ref[i] = this.lo[i] = this.hi[i] = lum[i];
        this.refRed[i] = this.loRed[i] = this.hiRed[i] = redFlags[i] ? 1 : 0;
        this.dir[i] = 0;
      }
      this.started = true;
    } else {
      for (let i = 0; i < n; i++) this.step(i, tMs, lum[i], redFlags[i] ? 1 : 0);
    }
    // Transitions per cell within the window.
    const since = tMs - WINDOW_MS;
    for (let i = 0; i < n; i++) {
      let c = 0;
      let r = 0;
      const base = i * RING;
      for (let k = 0; k < RING; k++) {
        if (this.times[base + k] > since) {
          c++;
          r += this.red[base + k];
        }
      }
      this.counts[i] = c;
      this.redCounts[i] = r;
    }
    const general = this.worstField(this.counts);
    const red = this.worstField(this.redCounts);
    out.flashes = general / 2;
    out.redFlashes = Math.floor(red / 2);
    out.violation = general > MAX_FLASHES * 2 || red >= 2;
    if (out.violation) this.violationFrames++;
    if (out.flashes > this.peakFlashes) this.peakFlashes = out.flashes;
    return out;
  }

  private step(i: number, t: number, v: number, isRed: number): void {
    const d = this.dir[i];
    if (d === 0) {
      // No transition yet: whichever way the cell first moves far enough sets the direction.
      if (v > this.hi[i]) {
        this.hi[i] = v;
        this.hiRed[i] = isRed;
      }
      if (v < this.lo[i]) {
        this.lo[i] = v;
        this.loRed[i] = isRed;
      }
      if (this.hi[i] - v >= FLASH_DELTA && v < DARK_LIMIT) this.mark(i, t, v, -1, isRed | this.hiRed[i]);
      else if (v - this.lo[i] >= FLASH_DELTA && this.lo[i] < DARK_LIMIT) this.mark(i, t, v, 1, isRed | this.loRed[i]);
      if (this.dir[i] !== 0) this.refRed[i] = isRed;
      return;
    }
    if (d > 0) {
      // After a rise: follow the peak, and a fall of δ into the dark range is a transition.
      if (v > this.ref[i]) {
        this.ref[i] = v;
        this.refRed[i] = isRed;
      } else if (this.ref[i] - v >= FLASH_DELTA && v < DARK_LIMIT) {
        this.mark(i, t, v, -1, isRed | this.refRed[i]);
        this.refRed[i] = isRed;
      }
    } else {
      if (v < this.ref[i]) {
        this.ref[i] = v;
        this.refRed[i] = isRed;
      } else if (v - this.ref[i] >= FLASH_DELTA && this.ref[i] < DARK_LIMIT) {
        this.mark(i, t, v, 1, isRed | this.refRed[i]);
        this.refRed[i] = isRed;
      }
    }
  }

  private mark(i: number, t: number, v: number, dir: -1 | 1, red: number): void {
    this.dir[i] = dir;
    this.ref[i] = v;
    const h = this.head[i];
    this.times[i * RING + h] = t;
    this.red[i * RING + h] = red ? 1 : 0;
    this.head[i] = (h + 1) % RING;
  }

  /** Highest transition count that at least a quarter of some field reaches. */
  private worstField(counts: Uint8Array): number {
    const { cols, rows, fieldCols: fc, fieldRows: fr, need, hist } = this;
    let worst = 0;
    let any = false;
    for (let i = 0; i < counts.length; i++) if (counts[i] > 0) any = true;
    if (!any) return 0;
    const stepX = Math.max(1, fc >> 1);
    const stepY = Math.max(1, fr >> 1);
    for (let y0 = 0; y0 + fr <= rows; y0 += stepY) {
      for (let x0 = 0; x0 + fc <= cols; x0 += stepX) {
        hist.fill(0);
        for (let y = y0; y < y0 + fr; y++) for (let x = x0; x < x0 + fc; x++) hist[Math.min(RING + 1, counts[y * cols + x])]++;
        // The largest count c such that at least `need` cells flashed c times or more.
        let acc = 0;
        for (let c = RING + 1; c > worst; c--) {
          acc += hist[c];
          if (acc >= need) {
            worst = c;
            break;
          }
        }
      }
    }
    return worst;
  }
}
