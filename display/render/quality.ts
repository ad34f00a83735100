/**
 * Adaptive quality: when frames take longer than the budget the wall lowers particle counts and
 * effect resolution instead of dropping frames, and climbs back when it has room. Pure: it is fed
 * frame intervals and answers with a quality level.
 *
 * A wall starts at full quality and steps down when its frames run long on average or more than
 * one in twenty misses the display's refresh; it climbs only when fewer than one in a hundred
 * does. The level it stepped down from is remembered for a while ({@link CEILING_MS}): climbing
 * straight back to it would overrun again, and the saw-tooth of overruns is what shows as dropped
 * frames (the p99), so the governor waits before trying that level again.
 */

/** Lowest quality the governor goes to. */
export const MIN_QUALITY = 0.25;
/** Quality change per adjustment. */
const STEP = 0.05;
/** After a step down, how long the level it left stays out of reach, ms of frames. */
export const CEILING_MS = 15_000;
/** Frames within budget for this long (ms) earn one step up. */
const CLIMB_MS = 1000;
/**
 * After a step down, frames for this long (ms) are not judged while the smoothed interval catches
 * up. A step up is judged at once: a level that overruns is left after three or four long frames.
 */
const SETTLE_MS = 400;
/**
 * Share of long frames (over 1.5 budgets: a display refresh missed) that steps down, and the share
 * under which it may climb. The smoothed interval alone hides a few misses a second (5 % of frames
 * long still averages under 1.1 budgets), and each miss is a 33 ms frame in the p99.
 */
const LONG_DOWN = 0.05;
const LONG_UP = 0.01;
/** Frames of the first moments (ms) are not judged: a page starting up (fonts, sprites) stutters. */
const WARMUP_MS = 1500;

/** Decides the render quality from measured frame intervals. */
export class QualityGovernor {
  /** Current quality, {@link MIN_QUALITY}..1. */
  quality: number;
  private ema: number;
  /** Smoothed share of long frames, 0..1 (over about the last second). */
  private longShare = 0;
  private settleFor = 0;
  private warmupFor = WARMUP_MS;
  private goodFor = 0;
  /** The level last stepped down from: out of reach while {@link ceilingFor} runs. */
  private ceiling = Infinity;
  private ceilingFor = 0;

  /**
   * @param budgetMs frame-time budget, ms (16.7 for 60 fps).
   * @param start starting quality, {@link MIN_QUALITY}..1.
   */
  constructor(
    readonly budgetMs = 1000 / 60,
    start = 1,
  ) {
    this.quality = start;
    this.ema = budgetMs;
  }

  /** Smoothed frame interval, ms. */
  get frameMs(): number {
    return this.ema;
  }

  /**
   * Feeds one frame interval (ms).
   * @returns the quality to draw the next frame at.
   */
  sample(intervalMs: number): number {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) return this.quality;
    // A single long frame (tab switch, GC) should not crash the quality: clamp what one frame can say.
    const x = Math.min(intervalMs, this.budgetMs * 4);
    if (this.warmupFor > 0) {
      this.warmupFor -= x;
      return this.quality;
    }
    this.ema += (x - this.ema) * 0.08;
    this.longShare += ((x > this.budgetMs * 1.5 ? 1 : 0) - this.longShare) / 60;
    if (this.ceilingFor > 0) {
      this.ceilingFor -= x;
      if (this.ceilingFor <= 0) this.ceiling = Infinity;
    }
    if (this.settleFor > 0) {
      this.settleFor -= x;
      return this.quality;
    }
    if ((this.ema > this.budgetMs * 1.2 || this.longShare > LONG_DOWN) && this.quality > MIN_QUALITY) {
      // Far over budget: two steps at once, so a slow wall finds its level in a few seconds.
      const step = this.ema > this.budgetMs * 1.6 ? 2 * STEP : STEP;
      this.ceiling = this.quality;
      this.ceilingFor = CEILING_MS;
      this.quality = Math.max(MIN_QUALITY, this.quality - step);
      this.settleFor = SETTLE_MS;
      this.goodFor = 0;
      // The new level is judged on its own frames.
      this.ema = this.budgetMs;
      this.longShare = 0;
    } else if (this.ema < this.budgetMs * 1.08 && this.longShare < LONG_UP) {
      this.goodFor += x;
      const next = Math.min(1, this.quality + STEP);
      if (this.goodFor > CLIMB_MS && next > this.quality && next < this.ceiling - 1e-6) {
        this.quality = next;
        this.goodFor = 0;
      }
    } else this.goodFor = 0;
    return this.quality;
  }
}
