/**
 * Adaptive quality: when frames take longer than the budget the wall lowers particle counts and
 * effect resolution instead of dropping frames, and climbs back when it has room. Pure: it is fed
 * frame intervals and answers with a quality level.
 */

/** Lowest quality the governor goes to. */
export const MIN_QUALITY = 0.25;
/** Quality change per adjustment. */
const STEP = 0.05;

/** Decides the render quality from measured frame intervals. */
export class QualityGovernor {
  /** Current quality, {@link MIN_QUALITY}..1. */
  quality: number;
  private ema: number;
  private sinceChange = 0;
  private goodFor = 0;

  /**
   * @param budgetMs frame-time budget, ms (16.7 for 60 fps).
   * @param start starting quality.
   */
  constructor(
    readonly budgetMs = 1000 / 60,
    start = 0.8,
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
    this.ema += (x - this.ema) * 0.08;
    this.sinceChange += x;
    if (this.sinceChange < 400) return this.quality;
    if (this.ema > this.budgetMs * 1.2 && this.quality > MIN_QUALITY) {
      this.quality = Math.max(MIN_QUALITY, this.quality - STEP);
      this.sinceChange = 0;
      this.goodFor = 0;
    } else if (this.ema < this.budgetMs * 1.08) {
      this.goodFor += x;
      if (this.goodFor > 2000 && this.quality < 1) {
        this.quality = Math.min(1, this.quality + STEP);
        this.sinceChange = 0;
        this.goodFor = 0;
      }
    } else this.goodFor = 0;
    return this.quality;
  }
}
