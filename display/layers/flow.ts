/**
 * Dream particles flowing in a seeded curl-like field. Drawn into the trail buffer as short streaks,
 * one path per palette colour, so thousands of particles cost a handful of canvas calls. Density,
 * speed and turbulence follow the parameters; the count follows the adaptive quality; the room
 * tilting its phones together leans the whole river (`Scene.lean`).
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle } from '../render/styles.ts';

/** Most particles at full quality and density (per 1280×720 of wall). */
export const MAX_PARTICLES = 2600;
const BUCKETS = 4;
/** Longest per-frame streak (px of a 720-line wall, scaled with the wall) drawn as a square dab rather than a line. */
const DAB_MAX = 1.6;
/**
 * A dab's side as a fraction of the line width it stands for: between a disc's cross-section (1)
 * and its area (0.89), since a square moving diagonally leaves a wider track than one moving straight.
 */
const DAB_SIDE = 0.85;
/**
 * How hard the room's tilt pushes the river: a room leaning fully one way adds this share of the
 * flow's speed in that direction, so particles visibly drift toward the side the phones lean.
 */
export const LEAN_PUSH = 0.9;

/** The flow layer, with the count it drew last frame. */
export interface FlowLayer extends Layer {
  /** Particles drawn in the last frame. */
  readonly active: number;
}

/** Creates the particle flow. @param seed for the initial scatter. */
export function createFlow(seed: number): FlowLayer {
  const rng = new SeededRandom(seed ^ 0xf10e);
  const x = new Float32Array(MAX_PARTICLES);
  const y = new Float32Array(MAX_PARTICLES);
  const life = new Float32Array(MAX_PARTICLES);
  const bucket = new Uint8Array(MAX_PARTICLES);
  let w = 1;
  let h = 1;
  let active = 0;
  let seeded = false;

  function respawn(i: number): void {
    x[i] = rng.next() * w;
    y[i] = rng.next() * h;
    life[i] = 2 + rng.next() * 6;
  }

  return {
    get active() {
      return active;
    },
    resize(nw: number, nh: number): void {
      w = nw;
      h = nh;
      for (let i = 0; i < MAX_PARTICLES; i++) respawn(i);
      seeded = true;
    },
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      if (!seeded || w !== s.w || h !== s.h) {
        w = s.w;
        h = s.h;
        for (let i = 0; i < MAX_PARTICLES; i++) {
          respawn(i);
          bucket[i] = i % BUCKETS;
        }
        seeded = true;
      }
      const area = Math.min(2, (w * h) / (1280 * 720));
      const want = Math.floor(MAX_PARTICLES * area * (0.1 + 0.8 * s.p('density')) * s.quality);
      active = Math.min(MAX_PARTICLES, s.particles ?? want);
      const speed = (10 + 55 * s.p('flowSpeed')) * (h / 720);
      const turb = 0.3 + 2.4 * s.p('turbulence');
      const t = s.time * 0.07;
      const dt = s.dt;
      const up = s.weight('dawn') * 0.8 + s.weight('festival') * 0.3;
      const scale = 0.0022 * (720 / h);
      const ox = s.layout.offsetX;
      const leanX = s.lean.x * speed * LEAN_PUSH;
      const leanY = s.lean.y * speed * LEAN_PUSH;
      // Streaks in the upgrade stretch with the speed-up; elsewhere they are short wisps.
      const stretch = 1 + 4 * s.weight('upgrade') * Math.max(0, s.p('flowSpeed') - 1) / 3;
      const pal = s.pal;
      // The flow steps back where the audience's marks should lead: lanterns, the constellation.
      const quiet = 1 - 0.45 * s.weight('dawn') - 0.25 * s.weight('festival');
      // Each frame adds one short dab per particle; the trail buffer turns the dabs into streaks. A
      // dab shorter than a pixel or two is drawn as a small square (an axis-aligned rectangle fills
      // several times faster than a round-capped stroke in software rendering, and at this size looks
      // the same); longer streaks (the upgrade's speed-up) are butt-capped lines carried half a
      // width further at each end, which is what a round cap adds, at a fraction of its cost.
      const reach = speed * dt * stretch;
      const dabs = reach < DAB_MAX * (h / 720);
      g.lineCap = 'butt';
      for (let b = 0; b < BUCKETS; b++) {
        // Buckets differ in weight too: fine bright threads and a few wide, faint, out-of-focus ones.
        const width = Math.max(0.8, (b === 3 ? 3.2 : 0.9 + 0.5 * b) * (h / 720));
        const side = width * DAB_SIDE;
        const half = side / 2;
        const cap = (width / 2) / Math.max(1e-3, reach);
        g.lineWidth = width;
        g.beginPath();
        for (let i = b; i < active; i += BUCKETS) {
          const px = x[i];
          const py = y[i];
          const wx = (px + ox) * scale;
          const wy = py * scale;
          const a = Math.sin(wx * 1.7 + t) + Math.cos(wy * 2.3 - t * 1.3) + Math.sin((wx + wy) * 0.9 + t * 0.7);
          const ang = a * turb * 0.6 - up * 1.2;
          const vx = Math.cos(ang) * speed + leanX;
          const vy = Math.sin(ang) * speed * 0.8 + leanY;
          const nx = px + vx * dt;
          const ny = py + vy * dt;
          life[i] -= dt;
          if (life[i] <= 0 || nx < -20 || nx > w + 20 || ny < -20 || ny > h + 20) {
            respawn(i);
            continue;
          }
          const sx = vx * dt * stretch;
          const sy = vy * dt * stretch;
          if (dabs) {
            // The square covers the streak: its middle, as wide as the streak is long plus the dab.
            const aw = sx < 0 ? -sx : sx;
            const ah = sy < 0 ? -sy : sy;
            g.rect(nx - sx / 2 - aw / 2 - half, ny - sy / 2 - ah / 2 - half, aw + side, ah + side);
          } else {
            g.moveTo(nx - sx * (1 + cap), ny - sy * (1 + cap));
            g.lineTo(nx + sx * cap, ny + sy * cap);
          }
          x[i] = nx;
          y[i] = ny;
        }
        const c = 6 + b * 3 > 14 ? 12 : 6 + b * 3;
        const style = rgbStyle(pal[c], pal[c + 1], pal[c + 2]);
        g.globalAlpha = (b === 3 ? 0.3 : 0.75) * (0.45 + 0.45 * s.p('brightness')) * quiet;
        if (dabs) {
          g.fillStyle = style;
          g.fill();
        } else {
          g.strokeStyle = style;
          g.stroke();
        }
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      active = 0;
    },
  };
}
