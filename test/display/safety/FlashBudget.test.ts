import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BUDGET_DELTA, FlashBudget, MAX_EVENTS, MIN_GAP_MS, type CellLimit } from '../../../display/safety/FlashBudget.ts';
import { analyse, type CapturedFrame } from '../helpers/wcagAnalyser.ts';

/**
 * One region driven at 60 fps toward a wanted luminance, as the guard drives a cell: each frame it
 * shows the wanted value clamped into the budget's limits. @returns the luminance shown per frame.
 */
function drive(wanted: (f: number) => number, frames: number, dtMs = 1000 / 60): number[] {
  const budget = new FlashBudget(1);
  const lim: CellLimit = { lo: 0, hi: 0, redLocked: false, red: 0 };
  const shown: number[] = [];
  let y = 0;
  for (let f = 0; f < frames; f++) {
    const t = f * dtMs;
    budget.limit(0, t, dtMs / 1000, y, lim);
    const w = wanted(f);
    y = Math.max(lim.lo, Math.min(lim.hi, Number.isFinite(w) ? w : y));
    budget.commit(0, t, y, 0);
    budget.settle();
    shown.push(y);
  }
  return shown;
}

/** Whole-wall frames of one luminance (grey), for the independent analyser. */
function asFrames(lums: number[], dtMs = 1000 / 60): CapturedFrame[] {
  return lums.map((y, f) => ({ tMs: f * dtMs, rgb: new Float32Array(4 * 3).fill(y) }));
}
const WALL = { cols: 2, rows: 2, cellPx: 320, widthPx: 640 };

describe('FlashBudget: how fast a region of the wall may change', () => {
  it('lets the first change through at once (a blackout goes dark in one frame)', () => {
    const shown = drive((f) => (f < 10 ? 0.5 : 0), 20);
    expect(shown[10]).toBe(0);
  });

  it('fades a second change within the second instead of flashing it back', () => {
    const shown = drive((f) => (f < 10 ? 0.5 : f < 16 ? 0 : 0.5), 80);
    expect(shown[10]).toBe(0);
    // Lifted 100 ms later: the light comes back over several frames, not in one.
    expect(shown[16]).toBeLessThan(0.1);
    const back = shown.findIndex((y, f) => f > 16 && y >= 0.5);
    expect(back).toBeGreaterThan(16 + 3);
  });

  it('never lets a region flash more than WCAG allows, however the show or the operator hammers it', () => {
    for (const periodFrames of [1, 2, 3, 6, 9]) {
      const shown = drive((f) => (Math.floor(f / periodFrames) % 2 ? 0 : 0.9), 600);
      const a = analyse(asFrames(shown), WALL);
      expect(a.violations).toBe(0);
      expect(a.worstFlashes).toBeLessThanOrEqual(MAX_EVENTS / 2);
    }
  });

  it('holds any pattern of wanted light to the budget (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constant(Number.NaN), fc.constant(Infinity)), { minLength: 30, maxLength: 240 }), (wanted) => {
        const shown = drive((f) => wanted[f % wanted.length], 360);
        for (const y of shown) expect(Number.isFinite(y)).toBe(true);
        const a = analyse(asFrames(shown), WALL);
        expect(a.violations).toBe(0);
      }),
      { numRuns: 60 },
    );
  });

  it('gives bounds that are never NaN, whatever time step it is handed', () => {
    const budget = new FlashBudget(1);
    const lim: CellLimit = { lo: 0, hi: 0, redLocked: false, red: 0 };
    budget.commit(0, 0, 0.5, 0);
    budget.settle();
    budget.commit(0, 16, 0, 0);
    for (const dt of [Number.NaN, -1, Infinity, 0, 1e9]) {
      budget.limit(0, 40, dt, 0, lim);
      expect(Number.isNaN(lim.lo) || Number.isNaN(lim.hi)).toBe(false);
      expect(lim.hi).toBeLessThanOrEqual(0.3 + 1e-9);
    }
  });

  it('spaces events by the gap once the free one is spent', () => {
    const budget = new FlashBudget(1);
    const lim: CellLimit = { lo: 0, hi: 0, redLocked: false, red: 0 };
    budget.commit(0, 0, 0.5, 0);
    budget.settle();
    expect(budget.commit(0, 16, 0, 0)).toBe(true);
    // Right after an event the cell may not turn back a whole transition.
    budget.limit(0, 32, 1 / 60, 0, lim);
    expect(lim.hi).toBeLessThan(BUDGET_DELTA);
    budget.limit(0, 16 + MIN_GAP_MS, 1 / 60, 0, lim);
    expect(lim.hi).toBeGreaterThan(0);
    expect(lim.hi).toBeLessThanOrEqual(0.05 + 1e-6);
  });

  it('counts a cell turning saturated red as an event, and locks it while the budget is spent', () => {
    const budget = new FlashBudget(1);
    const lim: CellLimit = { lo: 0, hi: 0, redLocked: false, red: 0 };
    budget.commit(0, 0, 0.05, budget.redAfter(0, 60, 60, 60));
    budget.settle();
    // Equal light, now red: an event of its own.
    expect(budget.commit(0, 16, 0.05, budget.redAfter(0, 200, 10, 10))).toBe(true);
    budget.limit(0, 32, 1 / 60, 0.05, lim);
    expect(lim.redLocked).toBe(true);
    expect(lim.red).toBe(1);
    // Black is not red.
    expect(budget.redAfter(0, 5, 0, 0)).toBe(0);
  });
});
