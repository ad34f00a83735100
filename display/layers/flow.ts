/**
 * Dream particles with a role in each phase, never the base of the picture: in serene, a few slow
 * motes drifting up from the land toward Lyra's loom and her woven sky; in the festival, warm sparks
 * rising; in the upgrade, time-lapse streaks racing sideways faster and faster; in the glitch, a
 * scatter; in the nightmare almost none; in the confrontation, motes circling the creature; at dawn,
 * motes rising with the sun. Drawn into the trail buffer as short streaks, one path per palette
 * colour, so thousands of particles cost a handful of canvas calls. Density, speed and turbulence
 * follow the parameters; the count follows the phase's role and the adaptive quality; the room
 * tilting its phones together leans them all (`Scene.lean`).
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle, thinStroke } from '../render/styles.ts';
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';
import { markNow, placeMark } from '../render/stage.ts';

/** What the flow does in one phase. Velocities are shares of the flow's speed. */
export interface FlowRole {
  /** Share of the particle count drawn, 0..1. */
  count: number;
  /** Share of the curl field's wandering. */
  curl: number;
  /** Upward drift (motes). */
  up: number;
  /** Sideways rush that accelerates through the phase (the upgrade's time-lapse). */
  rush: number;
  /** Circling the creature. */
  swirl: number;
  /** Drift toward the loom's column as they rise. */
  loom: number;
  /** How long the trail buffer keeps a frame, per 60 fps frame (0.8: short tails, 0.98: long). */
  persist: number;
  /** Opacity of the trail laid on the wall, 0..1. */
  presence: number;
}

/** Each phase's role for the flow (blended by the phases' weights). */
export const FLOW_ROLES: Readonly<Record<PhaseName, FlowRole>> = {
  serene: { count: 0.3, curl: 0.2, up: 0.3, rush: 0, swirl: 0, loom: 0.35, persist: 0.6, presence: 0.55 },
  // Sparse warm motes rising slowly, short tails: never a sheet of diagonal streaks (it read as rain).
  festival: { count: 0.05, curl: 0.12, up: 0.3, rush: 0, swirl: 0, loom: 0, persist: 0.45, presence: 0.3 },
  upgrade: { count: 0.4, curl: 0.08, up: 0, rush: 1, swirl: 0, loom: 0, persist: 0.8, presence: 0.22 },
  glitch: { count: 0.25, curl: 1, up: 0, rush: 0.2, swirl: 0, loom: 0, persist: 0.8, presence: 0.4 },
  nightmare: { count: 0.04, curl: 0.6, up: 0, rush: 0, swirl: 0, loom: 0, persist: 0.8, presence: 0.3 },
  confrontation: { count: 0.25, curl: 0.3, up: 0, rush: 0, swirl: 0.9, loom: 0, persist: 0.88, presence: 0.45 },
  dawn: { count: 0.35, curl: 0.25, up: 0.5, rush: 0, swirl: 0, loom: 0, persist: 0.65, presence: 0.5 },
};

const role: FlowRole = { count: 0, curl: 0, up: 0, rush: 0, swirl: 0, loom: 0, persist: 0, presence: 0 };

/** Fills the module's blended role for now. @returns it (shared; read it before the next call). */
export function flowRole(s: Scene): Readonly<FlowRole> {
  role.count = role.curl = role.up = role.rush = role.swirl = role.loom = role.persist = role.presence = 0;
  let sum = 0;
  for (let i = 0; i < PHASES.length; i++) {
    const w = s.weights[i];
    if (w <= 0) continue;
    const r = FLOW_ROLES[PHASES[i]];
    sum += w;
    role.count += w * r.count;
    role.curl += w * r.curl;
    role.up += w * r.up;
    role.rush += w * r.rush;
    role.swirl += w * r.swirl;
    role.loom += w * r.loom;
    role.persist += w * r.persist;
    role.presence += w * r.presence;
  }
  if (sum > 0 && sum !== 1) {
    role.count /= sum;
    role.curl /= sum;
    role.up /= sum;
    role.rush /= sum;
    role.swirl /= sum;
    role.loom /= sum;
    role.persist /= sum;
    role.presence /= sum;
  }
  return role;
}

/** How much of each frame the trail buffer keeps (per 60 fps frame), from the phase's role and `trails`. */
export function trailPersistence(s: Scene): number {
  const r = flowRole(s);
  // The trails parameter lengthens the tails a little within the role's character.
  return Math.min(0.985, r.persist + 0.06 * s.p('trails') * (1 - r.persist) * 4);
}

/** Opacity of the flow's trail on the wall: the role's presence, dimmed with the brightness. */
export function flowPresence(s: Scene): number {
  return flowRole(s).presence * (0.55 + 0.45 * s.p('brightness'));
}

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
  /** Share of new particles born low on the land (motes rise from it). */
  let low = 0;
  const mark = markNow();

  function respawn(i: number): void {
    x[i] = rng.next() * w;
    y[i] = rng.next() < low ? h * (0.55 + 0.45 * rng.next()) : rng.next() * h;
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
      const r = flowRole(s);
      const area = Math.min(2, (w * h) / (1280 * 720));
      const want = Math.floor(MAX_PARTICLES * area * (0.1 + 0.8 * s.p('density')) * s.quality * r.count);
      active = Math.min(MAX_PARTICLES, s.particles ?? want);
      const speed = (10 + 55 * s.p('flowSpeed')) * (h / 720);
      const turb = 0.3 + 2.4 * s.p('turbulence');
      const t = s.time * 0.07;
      const dt = s.dt;
      low = Math.min(1, r.up * 1.2);
      // The upgrade's rush accelerates through the phase: slow at first, racing at the end.
      const prog = s.weight('upgrade') > 0 ? Math.min(1, s.phase === 'upgrade' ? s.phaseTime / Math.max(1, s.phaseLength) : 1) : 0;
      const rush = r.rush * speed * (0.6 + 3.4 * prog * prog);
      const upV = r.up * speed;
      const curl = r.curl;
      placeMark('loom', s, mark);
      const loomX = mark.x;
      const loomPull = r.loom * speed / Math.max(1, w);
      placeMark('creature', s, mark);
      const cx = mark.x;
      const cy = mark.y;
      const swirl = r.swirl * speed;
      const scale = 0.0022 * (720 / h);
      const ox = s.layout.offsetX;
      const leanX = s.lean.x * speed * LEAN_PUSH;
      const leanY = s.lean.y * speed * LEAN_PUSH;
      // Streaks in the upgrade stretch with the speed-up; elsewhere they are short wisps.
      const stretch = 1 + 4 * s.weight('upgrade') * Math.max(0, s.p('flowSpeed') - 1) / 3;
      const pal = s.pal;
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
          const ang = a * turb * 0.6;
          let vx = Math.cos(ang) * speed * curl + rush + leanX + (loomX - px) * loomPull * (1 - py / h);
          let vy = Math.sin(ang) * speed * 0.8 * curl - upV + leanY;
          if (swirl > 0) {
            // Circling the creature: tangential, a little inward.
            const dx = px - cx;
            const dy = py - cy;
            const d = Math.sqrt(dx * dx + dy * dy) + 1;
            vx += (-dy / d - 0.2 * dx / d) * swirl;
            vy += (dx / d - 0.2 * dy / d) * swirl;
          }
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
        const alpha = (b === 3 ? 0.3 : 0.75) * (0.45 + 0.45 * s.p('brightness'));
        if (dabs) {
          g.globalAlpha = alpha;
          g.fillStyle = style;
          g.fill();
        } else {
          // The upgrade's streaks: lines up to 1.6 px (2.5 px while cutting) go as hairlines with their
          // alpha raised by their width, several times cheaper in software rendering (`thinStroke`).
          thinStroke(g, width, alpha, s.quality);
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
