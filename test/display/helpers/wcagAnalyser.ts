/**
 * An independent WCAG 2.3.1 analyser for frames captured off the wall (test code only; it shares
 * nothing with `display/safety/`).
 *
 * Definitions followed (WCAG 2.2, "general flash and red flash thresholds"):
 * - Relative luminance Y of a colour from its linear sRGB channels (0.2126 R + 0.7152 G + 0.0722 B);
 *   an area's state is the mean of its pixels' linear light (what the eye receives), not the
 *   luminance of its mean sRGB value.
 * - A general transition: Y changes by at least 0.1 (from the extreme reached since the cell's last
 *   transition) the other way from that transition, and the darker of the two states is below 0.8.
 *   A flash is a pair of opposing transitions: more than 6 transitions (3 flashes) in any one second
 *   in the same area is a violation.
 * - A red transition: one of the two states is saturated red (R/(R+G+B) ≥ 0.8 on its sRGB channels)
 *   and either the change is a general transition or the colours lie more than 0.2 apart in the
 *   CIE 1976 UCS (u′, v′) diagram (both lit). More than 3 red flashes in a second is a violation.
 * - Area: a flash counts when it covers at least a quarter of any 10° visual field. Assumption for a
 *   projection wall: the wall is {@link WALL_WIDTH_M} m wide and the nearest viewers stand
 *   {@link VIEW_DISTANCE_M} m from it, so a 10° × 7.5° field (WCAG's 4:3 field, 341 × 256 px at
 *   1024 × 768) is 0.44 × 0.33 m there: 11 % × 15 % of the wall, three times smaller in each
 *   direction than the desktop field (a third of the screen each way). Nearer viewers see a smaller
 *   field on the wall, so the assumption is the strict side of a venue's.
 */

/** Assumed width of the projected wall, m. */
export const WALL_WIDTH_M = 4;
/** Assumed nearest viewing distance, m. */
export const VIEW_DISTANCE_M = 2.5;

const GENERAL_DELTA = 0.1;
const DARKER_BELOW = 0.8;
const RED_SHARE = 0.8;
const RED_CHROMA = 0.2;
const MAX_TRANSITIONS = 6;

/** Linear light of an sRGB channel 0..255 (IEC 61966-2-1). */
export function srgbToLinear(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
}

function linearToSrgb(l: number): number {
  const c = l <= 0.0031308 ? l * 12.92 : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
  return Math.max(0, Math.min(255, c * 255));
}

/** One captured frame: per cell mean linear R, G, B (0..1), row-major. */
export interface CapturedFrame {
  tMs: number;
  rgb: Float32Array;
}

/** Geometry of the captured grid. */
export interface Grid {
  cols: number;
  rows: number;
  /** Captured pixels per cell side. */
  cellPx: number;
  /** Width of the capture, px (the whole wall). */
  widthPx: number;
}

/** What the analyser found. */
export interface Analysis {
  frames: number;
  /** Most general flashes (transition pairs) in any second over a quarter of a field. */
  worstFlashes: number;
  worstRedFlashes: number;
  /** Frames whose preceding second broke 2.3.1. */
  violations: number;
  /** Display time of the first violating frame, ms (NaN when none). */
  firstViolationMs: number;
}

interface Tracker {
  /** Direction of the last transition: 1 up, -1 down, 0 none yet. */
  dir: number;
  /** Brightest (after a rise) or darkest (after a fall) state since the last transition. */
  extreme: number;
  /** Before the first transition: the darkest and brightest states seen. */
  lo: number;
  hi: number;
}

/** Feeds one luminance state; true when it completes a general transition. */
function step(t: Tracker, y: number): boolean {
  if (t.dir === 0) {
    if (t.hi - y >= GENERAL_DELTA && y < DARKER_BELOW) return turn(t, -1, y);
    if (y - t.lo >= GENERAL_DELTA && t.lo < DARKER_BELOW) return turn(t, 1, y);
    t.lo = Math.min(t.lo, y);
    t.hi = Math.max(t.hi, y);
    return false;
  }
  if (t.dir > 0) {
    if (y > t.extreme) t.extreme = y;
    else if (t.extreme - y >= GENERAL_DELTA && y < DARKER_BELOW) return turn(t, -1, y);
    return false;
  }
  if (y < t.extreme) t.extreme = y;
  else if (y - t.extreme >= GENERAL_DELTA && t.extreme < DARKER_BELOW) return turn(t, 1, y);
  return false;
}

function turn(t: Tracker, dir: number, y: number): true {
  t.dir = dir;
  t.extreme = y;
  return true;
}

interface Cell extends Tracker {
  anchorU: number;
  anchorV: number;
  anchorY: number;
  anchorRed: boolean;
  times: number[];
  redTimes: number[];
}

function chroma(r: number, g: number, b: number): { u: number; v: number; y: number } {
  const x = 0.4124 * r + 0.3576 * g + 0.1805 * b;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = 0.0193 * r + 0.1192 * g + 0.9505 * b;
  const d = x + 15 * y + 3 * z;
  return d > 1e-6 ? { u: (4 * x) / d, v: (9 * y) / d, y } : { u: 0.2105, v: 0.4737, y };
}

function isRed(r: number, g: number, b: number): boolean {
  const R = linearToSrgb(r);
  const G = linearToSrgb(g);
  const B = linearToSrgb(b);
  const sum = R + G + B;
  return sum > 24 && R / sum >= RED_SHARE;
}

/** Counts WCAG 2.3.1 transitions and flashes over a captured sequence. */
export function analyse(frames: readonly CapturedFrame[], grid: Grid): Analysis {
  const { cols, rows, cellPx, widthPx } = grid;
  const pxPerM = widthPx / WALL_WIDTH_M;
  const fieldW = 2 * VIEW_DISTANCE_M * Math.tan((5 * Math.PI) / 180) * pxPerM;
  const fieldH = 2 * VIEW_DISTANCE_M * Math.tan((3.75 * Math.PI) / 180) * pxPerM;
  const fc = Math.max(1, Math.round(fieldW / cellPx));
  const fr = Math.max(1, Math.round(fieldH / cellPx));
  const need = Math.max(1, Math.ceil((0.25 * fieldW * fieldH) / (cellPx * cellPx)));
  const n = cols * rows;
  const cells: Cell[] = [];
  const counts = new Int32Array(n);
  const redCounts = new Int32Array(n);
  const out: Analysis = { frames: frames.length, worstFlashes: 0, worstRedFlashes: 0, violations: 0, firstViolationMs: NaN };
  for (let f = 0; f < frames.length; f++) {
    const { tMs, rgb } = frames[f];
    for (let i = 0; i < n; i++) {
      const r = rgb[i * 3];
      const g = rgb[i * 3 + 1];
      const b = rgb[i * 3 + 2];
      const c = chroma(r, g, b);
      const red = isRed(r, g, b);
      if (f === 0) {
        cells.push({ dir: 0, extreme: c.y, lo: c.y, hi: c.y, anchorU: c.u, anchorV: c.v, anchorY: c.y, anchorRed: red, times: [], redTimes: [] });
        continue;
      }
      const cell = cells[i];
      const general = step(cell, c.y);
      if (general) cell.times.push(tMs);
      // Red transitions: to or from a saturated red.
      const du = c.u - cell.anchorU;
      const dv = c.v - cell.anchorV;
      const lit = c.y > 0.004 && cell.anchorY > 0.004;
      const far = lit && Math.sqrt(du * du + dv * dv) > RED_CHROMA;
      if ((cell.anchorRed || red) && (general || far)) {
        cell.redTimes.push(tMs);
        cell.anchorU = c.u;
        cell.anchorV = c.v;
        cell.anchorY = c.y;
        cell.anchorRed = red;
      } else if (!(cell.anchorRed && !red)) {
        // Follow the colour while it stays on one side (both red, or both not red).
        cell.anchorU = c.u;
        cell.anchorV = c.v;
        cell.anchorY = c.y;
        cell.anchorRed = red;
      }
      const since = tMs - 1000;
      while (cell.times.length && cell.times[0] <= since) cell.times.shift();
      while (cell.redTimes.length && cell.redTimes[0] <= since) cell.redTimes.shift();
      counts[i] = cell.times.length;
      redCounts[i] = cell.redTimes.length;
    }
    if (f === 0) continue;
    const general = worstOverFields(counts, cols, rows, fc, fr, need);
    const red = worstOverFields(redCounts, cols, rows, fc, fr, need);
    out.worstFlashes = Math.max(out.worstFlashes, general / 2);
    out.worstRedFlashes = Math.max(out.worstRedFlashes, red / 2);
    if (general > MAX_TRANSITIONS || red > MAX_TRANSITIONS) {
      out.violations++;
      if (Number.isNaN(out.firstViolationMs)) out.firstViolationMs = tMs;
    }
  }
  return out;
}

/** The largest k such that `need` cells of some fc×fr window made at least k transitions. */
function worstOverFields(counts: Int32Array, cols: number, rows: number, fc: number, fr: number, need: number): number {
  let worst = 0;
  const w = Math.min(fc, cols);
  const h = Math.min(fr, rows);
  const inWindow: number[] = [];
  for (let y0 = 0; y0 + h <= rows; y0++) {
    for (let x0 = 0; x0 + w <= cols; x0++) {
      inWindow.length = 0;
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) if (counts[y * cols + x] > worst) inWindow.push(counts[y * cols + x]);
      if (inWindow.length < need) continue;
      inWindow.sort((a, b) => b - a);
      worst = Math.max(worst, inWindow[need - 1]);
    }
  }
  return worst;
}

/** One overlay element's effective opacity over time (0..1, as composited over the canvas). */
export interface OpacitySample {
  tMs: number;
  opacity: number;
}

/**
 * Flashes of a DOM overlay, counted as if it were white light at its opacity over black (the
 * brightest it can be), whatever its size: a strict reading, since a small QR may be under a
 * quarter of a field. @returns the most flashes in any second.
 */
export function overlayFlashes(samples: readonly OpacitySample[]): number {
  const first = samples.length ? samples[0].opacity : 0;
  const t: Tracker = { dir: 0, extreme: first, lo: first, hi: first };
  const times: number[] = [];
  let worst = 0;
  for (let k = 1; k < samples.length; k++) {
    const { tMs, opacity } = samples[k];
    if (step(t, opacity)) times.push(tMs);
    while (times.length && times[0] <= tMs - 1000) times.shift();
    worst = Math.max(worst, times.length / 2);
  }
  return worst;
}
