/**
 * The sky/field: a vertical gradient from the phase palette (drawn from a tiny strip canvas, so it
 * costs one scaled image and no gradient objects per frame) and stars that breathe at about six
 * breaths a minute in the calm phases.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle } from '../render/styles.ts';

const STRIP = 64;
const STARS = 420;

/** Creates the sky layer. @param seed star positions. */
export function createSky(seed: number): Layer {
  const strip = document.createElement('canvas');
  strip.width = 1;
  strip.height = STRIP;
  const sctx = strip.getContext('2d');
  const img = sctx ? sctx.createImageData(1, STRIP) : null;
  const rng = new SeededRandom(seed ^ 0x51c7);
  const sx = new Float32Array(STARS);
  const sy = new Float32Array(STARS);
  const sp = new Float32Array(STARS);
  const sz = new Float32Array(STARS);
  for (let i = 0; i < STARS; i++) {
    sx[i] = rng.next();
    sy[i] = rng.next() * rng.next() * 0.85;
    sp[i] = rng.next() * Math.PI * 2;
    sz[i] = 0.6 + rng.next() * rng.next() * 2.2;
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const pal = s.pal;
      const bright = 0.35 + 0.65 * s.p('brightness');
      const warm = s.p('warmth');
      if (img && sctx) {
        const d = img.data;
        for (let y = 0; y < STRIP; y++) {
          const t = y / (STRIP - 1);
          // Deep at the zenith, the palette's second colour glowing low over the horizon.
          const k = t * t * 0.55;
          const r = (pal[0] + (pal[3] - pal[0]) * k) * bright + warm * 10 * t;
          const gg = (pal[1] + (pal[4] - pal[1]) * k) * bright;
          const b = (pal[2] + (pal[5] - pal[2]) * k) * bright;
          d[y * 4] = r;
          d[y * 4 + 1] = gg;
          d[y * 4 + 2] = b;
          d[y * 4 + 3] = 255;
        }
        sctx.putImageData(img, 0, 0);
        g.imageSmoothingEnabled = true;
        g.drawImage(strip, 0, 0, 1, STRIP, 0, 0, s.w, s.h);
      }
      // Stars: calm phases, breathing at ~0.1 Hz, three brightness buckets batched into one path each.
      const vis = (s.weight('serene') + 0.4 * s.weight('festival') + 0.5 * s.weight('upgrade') + 0.2 * s.weight('confrontation') + 0.8 * s.weight('dawn') * (1 - s.p('sunrise'))) * (1 - s.p('shadows') * 0.8);
      if (vis < 0.02) return;
      const ww = s.layout.worldWidth;
      const breath = s.time * 0.6283;
      for (let bucket = 0; bucket < 3; bucket++) {
        g.beginPath();
        for (let i = bucket; i < STARS; i += 3) {
          const a = 0.5 + 0.5 * Math.sin(breath * 0.5 + sp[i]);
          const x = sx[i] * ww - s.layout.offsetX;
          if (x < -4 || x > s.w + 4) continue;
          const r = sz[i] * (0.7 + 0.3 * a);
          g.rect(x - r / 2, sy[i] * s.h - r / 2, r, r);
        }
        g.globalAlpha = vis * (0.25 + 0.3 * bucket) * (0.6 + 0.4 * Math.sin(breath + bucket * 2.1));
        g.fillStyle = rgbStyle(pal[12], pal[13], pal[14]);
        g.fill();
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      strip.width = strip.height = 0;
    },
  };
}
