/**
 * The near plane: the dark ridge in the foreground the wall is seen from, low in the middle so the
 * characters stand clear of it and rising toward the edges to frame the picture, with grass and
 * reeds against the light. It shifts most with the room's lean (parallax). Its top edge catches the
 * sky's light (a hairline rim), warmer at dawn. One path per frame.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle } from '../render/styles.ts';

const STEP = 10;
/** Thin anti-aliased triangles cost several times their area: a few, where they read. */
const BLADES = 44;

/** Height of the ridge at panorama u, fraction of the wall height from the top. */
export function ridgeLine(u: number, k: Float32Array): number {
  const e = Math.abs(u - 0.5) * 2;
  return 0.95 - 0.13 * Math.pow(e, 2.6) - 0.012 * Math.sin(u * 9.3 + k[0]) - 0.007 * Math.sin(u * 23.1 + k[1]);
}

/** Creates the near ridge. @param seed its shape and its grass. */
export function createRidge(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x71d6);
  const k = new Float32Array(2);
  k[0] = rng.next() * 6.283;
  k[1] = rng.next() * 6.283;
  const bu = new Float32Array(BLADES);
  const bh = new Float32Array(BLADES);
  const bl = new Float32Array(BLADES);
  for (let i = 0; i < BLADES; i++) {
    // Grass gathers toward the edges, where the ridge rises.
    const r = rng.next();
    bu[i] = r < 0.5 ? 0.32 * Math.sqrt(r * 2) * rng.next() + 0.0 : 1 - 0.32 * Math.sqrt((r - 0.5) * 2) * rng.next();
    bh[i] = 0.015 + 0.05 * rng.next() * rng.next();
    bl[i] = (rng.next() - 0.5) * 0.6;
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const pal = s.pal;
      const w = s.w;
      const h = s.h;
      const ww = s.layout.worldWidth;
      const ox = s.layout.offsetX;
      const shift = s.lean.x * w * 0.035;
      const lift = s.lean.y * h * 0.01;
      const bright = 0.35 + 0.65 * s.p('brightness');
      const sway = Math.sin(s.time * 0.5) * 0.15;
      g.beginPath();
      g.moveTo(-STEP, h + 2);
      for (let x = -STEP; x <= w + STEP; x += STEP) g.lineTo(x, ridgeLine((x + ox - shift) / ww, k) * h + lift);
      g.lineTo(w + STEP, h + 2);
      g.closePath();
      // Reeds and grass: thin leaning triangles on the ridge, in the same path.
      for (let i = 0; i < BLADES; i++) {
        const x = bu[i] * ww - ox + shift;
        if (x < -20 || x > w + 20) continue;
        const y = ridgeLine(bu[i], k) * h + lift + 2;
        const len = bh[i] * h;
        const lean = (bl[i] + sway * (0.5 + bh[i] * 10)) * len;
        const half = Math.max(1, h / 500);
        g.moveTo(x - half, y);
        g.lineTo(x + lean, y - len);
        g.lineTo(x + half, y);
        g.closePath();
      }
      g.fillStyle = rgbStyle(pal[0] * 0.22 * bright + 2, pal[1] * 0.22 * bright + 2, pal[2] * 0.26 * bright + 4);
      g.fill();
      // The rim: the sky's horizon colour along the ridge's top, warmer with the sunrise.
      const rise = s.p('sunrise') * s.weight('dawn');
      g.beginPath();
      for (let x = -STEP; x <= w + STEP; x += STEP) {
        const y = ridgeLine((x + ox - shift) / ww, k) * h + lift;
        if (x === -STEP) g.moveTo(x, y);
        else g.lineTo(x, y);
      }
      g.lineWidth = 1;
      g.globalAlpha = (0.25 + 0.35 * rise) * bright * (1 - 0.6 * s.weight('nightmare'));
      g.strokeStyle = rgbStyle(pal[3] * (1 - rise) + 255 * rise + 30, pal[4] * (1 - rise) + 190 * rise + 30, pal[5] * (1 - rise) + 130 * rise + 40);
      g.stroke();
      g.globalAlpha = 1;
    },
    dispose(): void {},
  };
}
