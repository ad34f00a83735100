/**
 * How bright the wall's DOM overlays (join QR, caption, "reconnecting" mark, sound prompt) may be:
 * out under blackout, back after it, and never flashing however fast the switch is hammered. The
 * overlays' light is accounted as one region of white at their opacity (the strictest reading,
 * whatever their size) by the same budget as the canvas (`FlashBudget.ts`), and always fades.
 * Pure: time passed in, nothing allocated per step.
 */
import { FlashBudget, type CellLimit } from './FlashBudget.ts';

/** Fastest the overlays fade in or out, opacity per second (a full fade in 0.25 s). */
export const OVERLAY_FADE_PER_SECOND = 4;

/**
 * The overlays' limits: 4 events a second, 250 ms apart (the canvas may have 5, 200 ms apart): the
 * overlays are read as white light whatever their size, and a page's frames jitter, so they keep a
 * whole flash of margin below WCAG's three.
 */
const OVERLAY_LIMITS = { maxEvents: 4, minGapMs: 250 };

/** Paces the overlays' opacity. */
export class OverlayLight {
  /** Opacity now, 0..1. */
  opacity = 1;
  private readonly budget = new FlashBudget(1, OVERLAY_LIMITS);
  private readonly limit: CellLimit = { lo: 0, hi: 1, redLocked: false, red: 0 };

  /**
   * One step toward `target`.
   * @param target opacity asked for, 0..1 (0 under blackout).
   * @param tMs time now, ms (increasing). @param dtS seconds since the last step.
   * @returns the opacity to show.
   */
  step(target: number, tMs: number, dtS: number): number {
    // Anything but a number in range reads as dark: the calm side.
    const want = target > 0 ? (target < 1 ? target : 1) : 0;
    const dt = dtS > 0 ? Math.min(dtS, 0.1) : 0;
    if (!Number.isFinite(tMs)) return this.opacity;
    const from = this.opacity;
    const lim = this.budget.limit(0, tMs, dt, from, this.limit);
    const speed = OVERLAY_FADE_PER_SECOND * dt;
    let next = Math.max(from - speed, Math.min(from + speed, want));
    next = Math.max(lim.lo, Math.min(lim.hi, next));
    next = Math.max(0, Math.min(1, next));
    this.budget.commit(0, tMs, next, 0);
    this.budget.settle();
    this.opacity = next;
    return next;
  }
}
