/**
 * Brian's upgrade: a faint perspective tech grid scrolling toward the viewer faster and faster, and
 * acceleration streaks whose length follows the flow speed (×1 → ×4).
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle } from '../render/styles.ts';

const STREAKS = 90;

/** Creates the upgrade layer. */
export function createUpgrade(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x09a0);
  const sx = new Float32Array(STREAKS);
  const sy = new Float32Array(STREAKS);
  const sv = new Float32Array(STREAKS);
  for (let i = 0; i < STREAKS; i++) {
    sx[i] = rng.next();
    sy[i] = rng.next();
    sv[i] = 0.5 + rng.next();
  }
  let scroll = 0;

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const wgt = s.weight('upgrade') + 0.5 * s.weight('glitch');
      if (wgt < 0.01) return;
      const speed = s.p('flowSpeed');
      const pal = s.pal;
      const w = s.w;
      const h = s.h;
      scroll = (scroll + s.dt * (0.15 + 0.35 * speed)) % 1;
      // Grid: horizon at 58% height; rows close in perspectively, columns fan out from the centre.
      const hy = h * 0.58;
      g.beginPath();
      for (let k = 0; k < 14; k++) {
        const t = (k + scroll) / 14;
        const y = hy + (h - hy) * t * t;
        g.moveTo(0, y);
        g.lineTo(w, y);
      }
      const cx = s.layout.worldWidth / 2 - s.layout.offsetX;
      for (let k = -16; k <= 16; k++) {
        g.moveTo(cx + k * 18, hy);
        g.lineTo(cx + k * s.layout.worldWidth * 0.09, h);
      }
      g.strokeStyle = rgbStyle(pal[3], pal[4], pal[5]);
      g.lineWidth = 1;
      g.globalAlpha = 0.16 * wgt;
      g.stroke();

      // Streaks: time-lapse light, longer as the upgrade compresses the dream.
      const len = (0.03 + 0.12 * Math.max(0, speed - 0.8)) * s.layout.worldWidth;
      const vel = (0.1 + 0.45 * speed) * s.dt;
      for (let b = 0; b < 3; b++) {
        g.beginPath();
        for (let i = b; i < STREAKS; i += 3) {
          sx[i] += vel * sv[i];
          if (sx[i] > 1.2) {
            sx[i] -= 1.4;
            sy[i] = rng.next();
          }
          const x = s.x(sx[i]);
          const y = sy[i] * h * 0.9;
          g.moveTo(x - len * sv[i], y);
          g.lineTo(x, y);
        }
        const c = 3 + b * 3;
        g.strokeStyle = rgbStyle(pal[c], pal[c + 1], pal[c + 2]);
        g.lineWidth = 1.5 * (h / 720);
        g.globalAlpha = 0.35 * wgt * Math.min(1, speed / 2) * (0.5 + 0.5 * s.allow);
        g.stroke();
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      scroll = 0;
    },
  };
}
