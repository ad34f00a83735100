/**
 * One glow sprite kept at a ladder of sizes, each step {@link RATIO} larger than the last, built the
 * first time a size is drawn. Blooms, lanterns, motes and echo stars are drawn by the dozen: a
 * scaled, smoothed blit costs several times an unscaled one at whole-pixel offsets in software
 * rendering (60 blooms of ~90 px at 1920×1080: 3.7–5.4 ms scaled, 1.0–1.4 ms from the ladder), and a
 * soft glow 4 % off its size, or half a pixel off its place, looks the same.
 */

/** Size ratio between neighbouring steps of the ladder. */
export const RATIO = 1.04;
const LOG_RATIO = Math.log(RATIO);
/** Smallest and largest sizes kept, px. */
const MIN_PX = 2;
const MAX_PX = 512;
const STEPS = Math.ceil(Math.log(MAX_PX / MIN_PX) / LOG_RATIO) + 1;

/** A sprite at many sizes. */
export class SpriteSizes {
  private readonly sizes: (HTMLCanvasElement | null)[] = new Array<HTMLCanvasElement | null>(STEPS).fill(null);

  /**
   * @param src the sprite, drawn smoothed into each size once.
   * @param aspect each size's width over its height (1: square; a paper lantern's body is 0.78).
   */
  constructor(
    private readonly src: HTMLCanvasElement,
    private readonly aspect = 1,
  ) {}

  /** Draws the sprite centred on (x, y) at about `size` px tall (sizes outside 2..512 px are clamped). */
  draw(g: CanvasRenderingContext2D, x: number, y: number, size: number): void {
    const c = this.at(size);
    if (c) g.drawImage(c, Math.round(x - c.width / 2), Math.round(y - c.height / 2));
  }

  private at(size: number): HTMLCanvasElement | null {
    const k = size <= MIN_PX ? 0 : Math.min(STEPS - 1, Math.round(Math.log(size / MIN_PX) / LOG_RATIO));
    let c = this.sizes[k];
    if (c) return c;
    c = document.createElement('canvas');
    const px = Math.max(1, Math.round(MIN_PX * Math.pow(RATIO, k)));
    const pw = Math.max(1, Math.round(px * (this.aspect > 0 && this.aspect < 8 ? this.aspect : 1)));
    c.width = pw;
    c.height = px;
    const ctx = c.getContext('2d');
    if (!ctx) return null;
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(this.src, 0, 0, pw, px);
    this.sizes[k] = c;
    return c;
  }

  /** Frees every size. */
  dispose(): void {
    for (let k = 0; k < STEPS; k++) {
      const c = this.sizes[k];
      if (c) c.width = c.height = 0;
      this.sizes[k] = null;
    }
  }
}
