/**
 * The dawn's sun: it rises from below the horizon (stage mark `sun`) as `sunrise` grows, behind the
 * land, with a broad warm halo and god rays — a few long soft wedges filled with one cached radial
 * gradient, turning very slowly — fanning up through the sky. The land catches its rim light
 * (`land.ts`, `ridge.ts`). Brightness rises over tens of seconds (the `sunrise` parameter is
 * smoothed), the rays' opacity follows the flash guard's allowance, and nothing here blinks.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { glowSprite } from '../render/styles.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { markNow, placeMark } from '../render/stage.ts';

const RAYS = 11;
/** How far the sun climbs at full sunrise, fraction of the wall height. */
const CLIMB = 0.3;

/** Creates the sunrise layer. @param seed the rays' spread. */
export function createSunrise(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x5a11);
  const ra = new Float32Array(RAYS);
  const rw = new Float32Array(RAYS);
  const rl = new Float32Array(RAYS);
  for (let i = 0; i < RAYS; i++) {
    ra[i] = -Math.PI + (Math.PI * (i + 0.2 + 0.6 * rng.next())) / RAYS;
    rw[i] = 0.012 + 0.05 * rng.next() * rng.next();
    // Uneven lengths: light through a broken sky, not a flag's sunburst.
    rl[i] = 0.72 + 0.28 * rng.next();
  }
  const halo = glowSprite(256, 255, 150, 90, 0.12);
  const disc = glowSprite(128, 255, 225, 170, 0.55);
  const haloSprite = new ScaledSprite();
  let rayFill: CanvasGradient | null = null;
  let rayR = 0;
  const sun = markNow();

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      placeMark('sun', s, sun);
      const rise = s.p('sunrise');
      const on = sun.on * rise;
      if (on < 0.01) return;
      const h = s.h;
      const x = sun.x + s.lean.x * s.w * 0.004;
      const y = sun.y - rise * CLIMB * h;
      const r = sun.size * 0.5;
      g.globalCompositeOperation = 'lighter';
      // The halo: warm light around the sun, pre-scaled (a scaled blit this big is slow). Kept to
      // under a wall's height across: an additive blit costs per pixel covered, and the glow pass
      // blooms the disc further.
      const hs = Math.round(h * (0.75 + 0.2 * rise));
      g.globalAlpha = 0.5 * on;
      haloSprite.draw(g, halo, Math.round(x - hs / 2), Math.round(y - hs / 2), hs, hs);
      // God rays: soft wedges from the sun, turning a degree or two a minute.
      const R = h * 1.1;
      if (!rayFill || rayR !== R) {
        rayR = R;
        rayFill = g.createRadialGradient(0, 0, r * 0.5, 0, 0, R);
        rayFill.addColorStop(0, 'rgba(255,214,160,0.9)');
        rayFill.addColorStop(0.35, 'rgba(255,190,130,0.35)');
        rayFill.addColorStop(1, 'rgba(255,170,120,0)');
      }
      g.save();
      g.translate(x, y);
      g.rotate(Math.sin(s.time * 0.02) * 0.08);
      // Each ray twice: a wide, short, faint wedge (its soft edge), then a narrow long one over it.
      g.fillStyle = rayFill;
      for (let pass = 0; pass < 2; pass++) {
        const spread = pass === 0 ? 2.6 : 1;
        const reach = pass === 0 ? 0.7 : 1;
        g.beginPath();
        for (let i = 0; i < RAYS; i++) {
          const a = ra[i] + Math.sin(s.time * 0.05 + i) * 0.01;
          const half = rw[i] * (0.6 + 0.4 * rise) * spread;
          const len = R * rl[i] * reach;
          g.moveTo(0, 0);
          g.lineTo(Math.cos(a - half) * len, Math.sin(a - half) * len);
          g.lineTo(Math.cos(a + half) * len, Math.sin(a + half) * len);
          g.closePath();
        }
        g.globalAlpha = (pass === 0 ? 0.07 : 0.1) * on * (0.5 + 0.5 * s.allow) * (s.safe ? 0.7 : 1);
        g.fill();
      }
      g.restore();
      // The disc itself.
      g.globalAlpha = Math.min(1, 1.1 * on);
      const d = Math.round(r * 2.4);
      g.drawImage(disc, Math.round(x - d / 2), Math.round(y - d / 2), d, d);
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      halo.width = halo.height = 0;
      disc.width = disc.height = 0;
    },
  };
}
