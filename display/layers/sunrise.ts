/**
 * The dawn's sun: it rises from below the horizon (stage mark `sun`) as `sunrise` grows, behind the
 * land, and stops low, half-hidden by the hills, as a sun does in its first minutes. Its disc is a
 * warm cached sprite (deep orange at the limb, pale gold at the heart, drawn over, not added, so it
 * never burns to white), wrapped in layered glow: a wide flat band of light lying along the horizon,
 * a round halo, and a tight corona. A handful of faint, uneven god rays lean up through the haze
 * (one batched soft-edge fill, one batched core fill, from a cached gradient, drifting very slowly).
 * The sky itself brightens from the horizon up (`sky.ts`) and the land catches the rim light
 * (`land.ts`, `ridge.ts`). Brightness rises over tens of seconds (the `sunrise` parameter is
 * smoothed), the glow and rays follow the flash guard's allowance, and nothing here blinks.
 */
import { probe } from '../render/costProbe.ts';
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { glowSprite } from '../render/styles.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { markNow, placeMark } from '../render/stage.ts';

const RAYS = 7;
/**
 * The rays are repainted on their cache this often, s: they drift and breathe over minutes, so a
 * repaint moves them by a fraction of a pixel. Painting the gradient-filled rays was the sun's
 * largest cost (several times an additive copy of the wall); one unscaled copy of their bounds is
 * cheap.
 */
export const RAYS_EVERY = 0.5;
/** The rays are painted this many times brighter on their cache and laid on that much fainter. */
const RAY_GAIN = 4;
/** How far the sun climbs at full sunrise, fraction of the wall height: it ends low, half behind the hills. */
const CLIMB = 0.12;

/** The sun's disc: a warm sphere with a darker, redder limb, cached once (`size` px across). */
function discSprite(size: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const m = size / 2;
  const grad = ctx.createRadialGradient(m, m * 0.94, 0, m, m, m);
  grad.addColorStop(0, 'rgba(255,244,206,1)');
  grad.addColorStop(0.45, 'rgba(255,214,140,1)');
  grad.addColorStop(0.8, 'rgba(255,168,88,1)');
  grad.addColorStop(0.93, 'rgba(246,128,66,0.95)');
  grad.addColorStop(1, 'rgba(236,104,56,0)');
  ctx.fillStyle = grad;
  ctx.beginPath();
  ctx.arc(m, m, m, 0, Math.PI * 2);
  ctx.fill();
  return c;
}

/** Creates the sunrise layer. @param seed the rays' spread. */
export function createSunrise(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x5a11);
  const ra = new Float32Array(RAYS);
  const rw = new Float32Array(RAYS);
  const rl = new Float32Array(RAYS);
  const rs = new Float32Array(RAYS);
  for (let i = 0; i < RAYS; i++) {
    // Up through the sky only, unevenly spaced and leaning: light through a broken haze.
    ra[i] = -Math.PI * 0.9 + (Math.PI * 0.8 * (i + 0.15 + 0.7 * rng.next())) / RAYS;
    rw[i] = 0.008 + 0.04 * rng.next() * rng.next();
    rl[i] = 0.45 + 0.5 * rng.next() * rng.next();
    rs[i] = rng.next() * 6.28;
  }
  const halo = glowSprite(256, 255, 150, 80, 0.1);
  const band = glowSprite(256, 255, 128, 70, 0.08);
  const corona = glowSprite(128, 255, 196, 120, 0.3);
  const disc = discSprite(128);
  const haloSprite = new ScaledSprite();
  const bandSprite = new ScaledSprite();
  // The rays' cache: the sun at (rayOrigin, rayOrigin), rays reaching up to R from it.
  const rays = document.createElement('canvas');
  const rctx = rays.getContext('2d');
  let rayFill: CanvasGradient | null = null;
  let rayR = 0;
  let rayr = 0;
  let rayOrigin = 0;
  let raySlot = Number.NaN;
  /** The painted rays' bounds on the cache: x, y, w, h (px). */
  const rayBox = new Int32Array(4);
  const sun = markNow();

  /**
   * Repaints the rays' cache when its slot of {@link RAYS_EVERY} s has passed or the sizes changed:
   * two batched fills (a wide soft edge, then the cores) from one radial gradient, {@link RAY_GAIN}
   * times as bright as they are laid on (finer steps of light than the faint rays would have).
   * @param r the sun's radius, @param R the rays' reach (px), @param rise the sunrise 0..1.
   */
  function paintRays(s: Scene, r: number, R: number, rise: number): void {
    if (!rctx) return;
    const slot = Math.floor(s.time / RAYS_EVERY);
    if (slot === raySlot && R === rayR && r === rayr) return;
    raySlot = slot;
    if (R !== rayR || r !== rayr) {
      rayR = R;
      rayr = r;
      rayOrigin = Math.ceil(R) + 2;
      // Rays lean up (angles between -0.9π and -0.1π): the cache is the half-disc above the sun.
      rays.width = Math.max(1, 2 * rayOrigin);
      rays.height = Math.max(1, rayOrigin + Math.ceil(r) + 2);
      rayFill = rctx.createRadialGradient(rayOrigin, rayOrigin, r * 0.9, rayOrigin, rayOrigin, R);
      rayFill.addColorStop(0, 'rgba(255,206,150,0.8)');
      rayFill.addColorStop(0.3, 'rgba(255,184,128,0.3)');
      rayFill.addColorStop(1, 'rgba(255,170,120,0)');
    }
    rctx.setTransform(1, 0, 0, 1, 0, 0);
    rctx.globalAlpha = 1;
    rctx.globalCompositeOperation = 'source-over';
    rctx.clearRect(0, 0, rays.width, rays.height);
    if (!rayFill) return;
    rctx.fillStyle = rayFill;
    const turn = Math.sin(s.time * 0.015) * 0.05;
    const o = rayOrigin;
    let x0 = rays.width;
    let y0 = rays.height;
    let x1 = 0;
    let y1 = 0;
    for (let pass = 0; pass < 2; pass++) {
      const spread = pass === 0 ? 2.4 : 1;
      const reach = pass === 0 ? 0.75 : 1;
      rctx.beginPath();
      for (let i = 0; i < RAYS; i++) {
        const a = ra[i] + turn + Math.sin(s.time * 0.04 + rs[i]) * 0.015;
        const half = rw[i] * (0.6 + 0.4 * rise) * spread;
        const len = R * rl[i] * reach * (0.85 + 0.15 * Math.sin(s.time * 0.03 + rs[i] * 2));
        for (let k = 0; k < 3; k++) {
          const ak = k === 0 ? a : k === 1 ? a - half : a + half;
          const d = k === 0 ? r : len;
          const px = o + Math.cos(ak) * d;
          const py = o + Math.sin(ak) * d;
          if (k === 0) rctx.moveTo(px, py);
          else rctx.lineTo(px, py);
          if (px < x0) x0 = px;
          if (px > x1) x1 = px;
          if (py < y0) y0 = py;
          if (py > y1) y1 = py;
        }
        rctx.closePath();
      }
      rctx.globalAlpha = Math.min(1, (pass === 0 ? 0.045 : 0.06) * RAY_GAIN);
      // The cores add onto the soft edges, as both did on the wall.
      rctx.globalCompositeOperation = pass === 0 ? 'source-over' : 'lighter';
      rctx.fill();
    }
    rctx.globalCompositeOperation = 'source-over';
    rctx.globalAlpha = 1;
    // The bounds, a pixel of antialiasing wider, on the cache.
    const bx0 = Math.max(0, Math.floor(x0) - 1);
    const by0 = Math.max(0, Math.floor(y0) - 1);
    rayBox[0] = bx0;
    rayBox[1] = by0;
    rayBox[2] = Math.max(0, Math.min(rays.width, Math.ceil(x1) + 2) - bx0);
    rayBox[3] = Math.max(0, Math.min(rays.height, Math.ceil(y1) + 2) - by0);
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      placeMark('sun', s, sun);
      const rise = s.p('sunrise');
      const on = sun.on * rise;
      if (on < 0.01) return;
      const h = s.h;
      const x = sun.x + s.lean.x * s.w * 0.004;
      // Eased: quick out of the ground, slowing as it clears the hills.
      const y = sun.y - rise * (2 - rise) * CLIMB * h;
      const r = sun.size * 0.5;
      const guard = (0.55 + 0.45 * s.allow) * (s.safe ? 0.75 : 1);
      g.globalCompositeOperation = 'lighter';
      // Layered glow, widest first: light lying along the horizon, a round halo, a tight corona.
      // Pre-scaled (a scaled blit this big is slow) and kept small: an additive blit costs per pixel.
      const bw = Math.round(h * (1.1 + 0.5 * rise));
      const bh = Math.round(h * (0.22 + 0.08 * rise));
      g.globalAlpha = 0.45 * on * guard;
      bandSprite.draw(g, band, Math.round(x - bw / 2), Math.round(y + r * 0.3 - bh / 2), bw, bh);
      const hs = Math.round(h * (0.5 + 0.2 * rise));
      g.globalAlpha = 0.38 * on * guard;
      probe(g, 'sun.band');
      haloSprite.draw(g, halo, Math.round(x - hs / 2), Math.round(y - hs / 2), hs, hs);
      probe(g, 'sun.halo');
      // God rays: few, faint and uneven, each breathing on its own slow cycle. Painted on a cache a
      // couple of times a second and laid on with one unscaled additive copy of their bounds.
      paintRays(s, r, h * 0.85, rise);
      if (rayBox[2] > 0 && rayBox[3] > 0) {
        g.globalAlpha = (on * guard) / RAY_GAIN;
        const dx = Math.round(x - rayOrigin);
        const dy = Math.round(y - rayOrigin);
        g.drawImage(rays, rayBox[0], rayBox[1], rayBox[2], rayBox[3], dx + rayBox[0], dy + rayBox[1], rayBox[2], rayBox[3]);
      }
      probe(g, 'sun.rays');
      const cs = Math.round(r * 4.2);
      g.globalAlpha = 0.5 * on * guard;
      g.drawImage(corona, Math.round(x - cs / 2), Math.round(y - cs / 2), cs, cs);
      // The disc itself, drawn over (not added): a warm sphere, never a white hole.
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = Math.min(1, 1.2 * on);
      const d = Math.round(r * 2);
      g.drawImage(disc, Math.round(x - d / 2), Math.round(y - d / 2), d, d);
      g.globalAlpha = 1;
    },
    dispose(): void {
      halo.width = halo.height = 0;
      band.width = band.height = 0;
      corona.width = corona.height = 0;
      disc.width = disc.height = 0;
      rays.width = rays.height = 0;
      rayR = 0;
    },
  };
}
