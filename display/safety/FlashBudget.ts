/**
 * How much light each region of the wall may still change this second (WCAG 2.3.1), the rule the
 * flash guard enforces on the final picture. Pure: no DOM, time passed in.
 *
 * Each cell (or one overlay, as a single cell) keeps its own account of "events": general
 * transitions (a relative-luminance change of {@link BUDGET_DELTA} or more the other way from the
 * last one, counted from the extreme reached since, as WCAG counts them but stricter: 0.08 instead
 * of 0.1 and whatever the darker state) and flips of the cell between saturated red and not. Rules:
 * - The first event in a second is free: a blackout goes dark at once.
 * - After it, a move back the other way (the next event in the making) is a fade: at most
 *   {@link FADE_PER_SECOND} of luminance per second, and it may complete only
 *   {@link MIN_GAP_MS} after the cell's last event and while the cell has had fewer than
 *   {@link MAX_EVENTS} events in the last second. Until then the cell holds within 90 % of a
 *   transition from where it was.
 * So any cell changes at most {@link MAX_EVENTS} times (2.5 flashes) in any second, by the guard's
 * own stricter measure, against WCAG's limit of 6 (3 flashes) over a quarter of a 10° field.
 *
 * Moves the same way as the last event (darker after going dark) are never held. Typed arrays only:
 * nothing is allocated per frame.
 */

/** Luminance change the guard counts as a transition (WCAG: 0.1), 0..1. */
export const BUDGET_DELTA = 0.08;
/** Events per cell in any second that may happen at once. */
export const FREE_EVENTS = 1;
/** Most events per cell in any second. */
export const MAX_EVENTS = 5;
/** Shortest time between two events of one cell once the free one is spent, ms. */
export const MIN_GAP_MS = 200;
/** Fastest a cell's luminance may move back once the free event is spent, per second. */
export const FADE_PER_SECOND = 3;
/** WCAG's window, ms. */
export const BUDGET_WINDOW_MS = 1000;
/** Red share (R/(R+G+B) on sRGB channels) at which a cell turns red, and below which it stops. */
const RED_ON = 0.72;
const RED_OFF = 0.68;
/** Below this sum of sRGB channels a cell is too dark to be red (WCAG: black is not red). */
const RED_LIT = 24;

const RING = 8;
/** Part of a transition a held cell may move. */
const HOLD_SHARE = 0.9;

/** The range a cell's luminance may take this frame, and whether its red flag must stay. */
export interface CellLimit {
  lo: number;
  hi: number;
  /** The cell may not turn red or stop being red this frame. */
  redLocked: boolean;
  /** The cell's red flag now (0/1). */
  red: number;
}

/** Stricter limits for a region read more strictly (the overlays: white light whatever their size). */
export interface BudgetLimits {
  /** Most events in any second (default {@link MAX_EVENTS}). */
  maxEvents?: number;
  /** Shortest time between events after the free one, ms (default {@link MIN_GAP_MS}). */
  minGapMs?: number;
}

/** Per-cell light accounts. */
export class FlashBudget {
  readonly cells: number;
  private readonly maxEvents: number;
  private readonly minGapMs: number;
  private readonly dir: Int8Array;
  private readonly extreme: Float32Array;
  private readonly lo: Float32Array;
  private readonly hi: Float32Array;
  private readonly redFlag: Uint8Array;
  private readonly times: Float64Array;
  private readonly head: Uint8Array;
  private started = false;

  /** @param cells how many regions are accounted. */
  constructor(cells: number, limits: BudgetLimits = {}) {
    this.cells = cells;
    this.maxEvents = Math.min(RING - 1, Math.max(FREE_EVENTS, limits.maxEvents ?? MAX_EVENTS));
    this.minGapMs = Math.max(0, limits.minGapMs ?? MIN_GAP_MS);
    this.dir = new Int8Array(cells);
    this.extreme = new Float32Array(cells);
    this.lo = new Float32Array(cells);
    this.hi = new Float32Array(cells);
    this.redFlag = new Uint8Array(cells);
    this.times = new Float64Array(cells * RING).fill(-Infinity);
    this.head = new Uint8Array(cells);
  }

  /** True once a first state was committed. */
  get primed(): boolean {
    return this.started;
  }

  /** Forgets every account (the wall was resized or hidden: the next frame is a fresh start). */
  reset(): void {
    this.started = false;
    this.times.fill(-Infinity);
    this.dir.fill(0);
  }

  /** Events of cell `i` in the second up to `tMs`. */
  eventsIn(i: number, tMs: number): number {
    let n = 0;
    const since = tMs - BUDGET_WINDOW_MS;
    for (let k = 0; k < RING; k++) if (this.times[i * RING + k] > since) n++;
    return n;
  }

  /** True when some cell had an event in the second up to `tMs` (the next frame may be limited). */
  active(tMs: number): boolean {
    const since = tMs - BUDGET_WINDOW_MS;
    for (let k = 0; k < this.times.length; k++) if (this.times[k] > since) return true;
    return false;
  }

  /**
   * What cell `i` may do in the frame at `tMs`, `dtS` seconds after the last, from luminance `y`.
   * @param out filled and returned (reused by the caller).
   */
  limit(i: number, tMs: number, dtS: number, y: number, out: CellLimit): CellLimit {
    out.red = this.redFlag[i];
    if (!this.started) {
      out.lo = -Infinity;
      out.hi = Infinity;
      out.redLocked = false;
      return out;
    }
    let n = 0;
    let last = -Infinity;
    const since = tMs - BUDGET_WINDOW_MS;
    for (let k = 0; k < RING; k++) {
      const t = this.times[i * RING + k];
      if (t > since) {
        n++;
        if (t > last) last = t;
      }
    }
    const mayTurn = n < FREE_EVENTS || (n < this.maxEvents && tMs - last >= this.minGapMs);
    let lo = -Infinity;
    let hi = Infinity;
    const d = this.dir[i];
    if (!mayTurn) {
      const band = BUDGET_DELTA * HOLD_SHARE;
      if (d > 0) lo = this.extreme[i] - band;
      else if (d < 0) hi = this.extreme[i] + band;
      else {
        lo = this.hi[i] - band;
        hi = this.lo[i] + band;
      }
    }
    if (n >= FREE_EVENTS) {
      // Back the other way, a fade: the eye sees a change in light, never a flick.
      const step = FADE_PER_SECOND * (dtS > 0 ? Math.min(dtS, 0.1) : 0);
      if (d >= 0) lo = Math.max(lo, y - step);
      if (d <= 0) hi = Math.min(hi, y + step);
    }
    out.lo = lo;
    out.hi = hi;
    out.redLocked = !mayTurn;
    return out;
  }

  /** The red flag a cell with sRGB means `r`,`g`,`b` (0..255) would have, from its flag now. */
  redAfter(i: number, r: number, g: number, b: number): number {
    const sum = r + g + b;
    if (sum <= RED_LIT) return 0;
    const share = r / sum;
    return this.redFlag[i] ? (share >= RED_OFF ? 1 : 0) : share >= RED_ON ? 1 : 0;
  }

  /**
   * Records what cell `i` showed at `tMs`: luminance `y` and red flag `red` (from {@link redAfter}).
   * @returns true when it was an event.
   */
  commit(i: number, tMs: number, y: number, red: number): boolean {
    if (!this.started) {
      this.extreme[i] = this.lo[i] = this.hi[i] = y;
      this.dir[i] = 0;
      this.redFlag[i] = red;
      return false;
    }
    let event = false;
    const d = this.dir[i];
    if (d === 0) {
      if (this.hi[i] - y >= BUDGET_DELTA) event = this.turn(i, -1, y);
      else if (y - this.lo[i] >= BUDGET_DELTA) event = this.turn(i, 1, y);
      else {
        if (y < this.lo[i]) this.lo[i] = y;
        if (y > this.hi[i]) this.hi[i] = y;
      }
    } else if (d > 0) {
      if (y > this.extreme[i]) this.extreme[i] = y;
      else if (this.extreme[i] - y >= BUDGET_DELTA) event = this.turn(i, -1, y);
    } else if (y < this.extreme[i]) this.extreme[i] = y;
    else if (y - this.extreme[i] >= BUDGET_DELTA) event = this.turn(i, 1, y);
    if (red !== this.redFlag[i]) {
      this.redFlag[i] = red;
      event = true;
    }
    if (event) {
      const h = this.head[i];
      this.times[i * RING + h] = tMs;
      this.head[i] = (h + 1) % RING;
    }
    return event;
  }

  /** Call after committing every cell of a frame. */
  settle(): void {
    this.started = true;
  }

  private turn(i: number, dir: -1 | 1, y: number): boolean {
    this.dir[i] = dir;
    this.extreme[i] = y;
    return true;
  }
}
