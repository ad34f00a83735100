/**
 * A large sprite kept pre-scaled on its own canvas. In software rendering a scaled, smoothed blit
 * costs per covered wall pixel several times an unscaled one at whole-pixel offsets, and the big
 * glows (sun, creature shade, crowd warmth) cover much of the wall. The scaled copy is redrawn only
 * when the size moves by more than a step wider than the creature's heartbeat swell (3.5 %), so
 * breathing sizes never re-render, and it is redrawn bilinear: a smooth glow upscaled bicubic
 * looks the same and cost 9 ms at 700 px and 34 ms at 1,600 px, a dropped frame each time.
 */
/** Relative size change that re-renders the cached copy. */
const STEP = 0.05;

/** A sprite kept pre-scaled for unscaled blits. */
export class ScaledSprite {
  private readonly canvas = document.createElement('canvas');
  private readonly ctx = this.canvas.getContext('2d');
  private src: CanvasImageSource | null = null;

  /**
   * Draws `src` into the box (x, y, w, h) in wall px, centred on the box when the cached size
   * differs from the box by less than one step (5 %, at least 4 px).
   */
  draw(g: CanvasRenderingContext2D, src: CanvasImageSource, x: number, y: number, w: number, h: number): void {
    const c = this.canvas;
    const ctx = this.ctx;
    if (!ctx || w < 1 || h < 1) return;
    const stepW = Math.max(4, w * STEP);
    const stepH = Math.max(4, h * STEP);
    if (this.src !== src || Math.abs(c.width - w) > stepW || Math.abs(c.height - h) > stepH) {
      this.src = src;
      c.width = Math.max(1, Math.round(w));
      c.height = Math.max(1, Math.round(h));
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'low';
      ctx.drawImage(src, 0, 0, c.width, c.height);
    }
    g.drawImage(c, Math.round(x + (w - c.width) / 2), Math.round(y + (h - c.height) / 2));
  }

  /** Frees the cached pixels. */
  dispose(): void {
    this.canvas.width = this.canvas.height = 0;
    this.src = null;
  }
}
