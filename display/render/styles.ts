/**
 * Canvas colour strings without building a new string every frame: RGB triples are quantised and
 * their `rgb()` strings cached (bounded), alpha goes through `globalAlpha`.
 */
const cache = new Map<number, string>();
const LIMIT = 8192;

/** `rgb(r,g,b)` for 0..255 channels, cached. */
export function rgbStyle(r: number, g: number, b: number): string {
  const ri = r < 0 ? 0 : r > 255 ? 255 : r | 0;
  const gi = g < 0 ? 0 : g > 255 ? 255 : g | 0;
  const bi = b < 0 ? 0 : b > 255 ? 255 : b | 0;
  const key = (ri << 16) | (gi << 8) | bi;
  let s = cache.get(key);
  if (s === undefined) {
    if (cache.size >= LIMIT) cache.clear();
    s = `rgb(${ri},${gi},${bi})`;
    cache.set(key, s);
  }
  return s;
}

/** A soft round glow sprite (white centre fading to transparent) tinted with one colour. */
export function glowSprite(size: number, r: number, g: number, b: number, core = 0.25): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const grad = ctx.createRadialGradient(size / 2, size / 2, 0, size / 2, size / 2, size / 2);
  grad.addColorStop(0, `rgba(${Math.min(255, r + 90)},${Math.min(255, g + 90)},${Math.min(255, b + 90)},1)`);
  grad.addColorStop(core, `rgba(${r},${g},${b},0.55)`);
  grad.addColorStop(0.6, `rgba(${r},${g},${b},0.12)`);
  grad.addColorStop(1, `rgba(${r},${g},${b},0)`);
  ctx.fillStyle = grad;
  ctx.fillRect(0, 0, size, size);
  return c;
}

/** Widest line (px) drawn as a hairline by {@link thinStroke} at full quality. */
export const HAIRLINE_MAX = 1.6;
/** Widest line (px) drawn as a hairline while the adaptive quality is cutting (a 1920×1080 wall's 1.5 px lines are 2.25 px). */
export const HAIRLINE_MAX_CUT = 2.5;

/**
 * Sets the width and alpha of a thin stroke. Software rendering strokes lines up to 1 px wide on a
 * hairline path, about three times cheaper than a 1.5 px stroke (more under `lighter`); a line
 * up to {@link HAIRLINE_MAX} px looks the same drawn 1 px wide with its alpha raised by its width.
 * Below 0.9 quality (the wall is cutting to keep its frame rate) lines up to
 * {@link HAIRLINE_MAX_CUT} px go that way too: they look a little finer.
 * @param width wanted line width, px; @param alpha wanted opacity 0..1; @param quality render quality 0.25..1.
 * @returns the opacity the stroke needs before clamping to 1 (above 1, the stroke is dimmer than asked).
 */
export function thinStroke(g: CanvasRenderingContext2D, width: number, alpha: number, quality = 1): number {
  if (width > 1 && width <= (quality < 0.9 ? HAIRLINE_MAX_CUT : HAIRLINE_MAX)) {
    g.lineWidth = 1;
    g.globalAlpha = Math.min(1, alpha * width);
    return alpha * width;
  }
  g.lineWidth = width;
  g.globalAlpha = Math.min(1, alpha);
  return alpha;
}
