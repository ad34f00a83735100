/**
 * The creature's pre-made sprites, each painted once on its own canvas and drawn stretched: the fog
 * behind it, its dense core, and a ray of Tara's light.
 */

/**
 * The fog behind the creature: a pale, cold mist, densest in the middle and fading out to its edges,
 * drawn stretched tall so it lifts the sky behind the whole body toward mid-grey.
 */
export function fogSprite(size: number): HTMLCanvasElement {
  return radialSprite(size, [
    [0, 'rgba(150,150,168,0.8)'],
    [0.45, 'rgba(138,138,158,0.62)'],
    [0.75, 'rgba(120,122,142,0.25)'],
    [1, 'rgba(120,122,142,0)'],
  ]);
}

/**
 * The creature's dense core: the deepest black at the middle (Tara's hollow), soft-edged, fading out
 * over the tendrils' roots.
 */
export function coreSprite(size: number): HTMLCanvasElement {
  return radialSprite(size, [
    [0, 'rgba(1,0,3,1)'],
    [0.3, 'rgba(2,1,5,0.96)'],
    [0.62, 'rgba(6,3,11,0.6)'],
    [1, 'rgba(8,4,14,0)'],
  ]);
}

/** A square sprite `size` px wide filled with a radial gradient from its middle to its edge (stops 0..1). */
function radialSprite(size: number, stops: readonly (readonly [number, string])[]): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const m = size / 2;
  const grad = ctx.createRadialGradient(m, m, 0, m, m, m);
  for (const [at, colour] of stops) grad.addColorStop(at, colour);
  ctx.fillStyle = grad;
  ctx.fillRect(0, 0, size, size);
  return c;
}

/**
 * A ray of light: bright at its root (the sprite's left edge, middle) fading along its length and
 * narrowing to its tip, warm white. Drawn stretched and turned.
 */
export function raySprite(size: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const along = ctx.createLinearGradient(0, 0, size, 0);
  along.addColorStop(0, 'rgba(255,238,196,0.9)');
  along.addColorStop(0.35, 'rgba(255,222,160,0.45)');
  along.addColorStop(1, 'rgba(255,210,140,0)');
  ctx.fillStyle = along;
  ctx.beginPath();
  ctx.moveTo(0, size * 0.3);
  ctx.lineTo(size, size * 0.47);
  ctx.lineTo(size, size * 0.53);
  ctx.lineTo(0, size * 0.7);
  ctx.closePath();
  ctx.fill();
  return c;
}
