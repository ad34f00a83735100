/**
 * Remy, the conscience: an old philosopher's lamp — a hand-held oil lantern, its glass globe in a
 * wire cage between a domed cap and an oil font, a ring to carry it by, a warm flame inside. It keeps
 * watch hung from a crooked staff at the edge of the serene night, hangs among the festival's
 * lanterns, gutters a slow warning through the upgrade (never a flash: its depth follows the flash
 * guard's allowance), is the one warm light that holds beside Tara in the nightmare, gathers light as
 * the crowd unites in the confrontation, and at dawn is set down on the ground in a soft pool of its
 * own light.
 */
import type { Layer } from '../Layer.ts';
import type { Scene } from '../../render/Scene.ts';
import { PHASES } from '../../../core/arc/phases.ts';
import { STAGE, markNow } from '../../render/stage.ts';
import { EasedStage } from './EasedStage.ts';
import { SpriteSizes } from '../../render/SpriteSizes.ts';
import { glowSprite } from '../../render/styles.ts';
import { ScaledSprite } from '../../render/ScaledSprite.ts';
import { FigureCanvas } from './FigureCanvas.ts';
import { REMY_POSE, breath, remyFlicker, unit } from './poses.ts';

/** Remy's colour in `Scene.dreamers` (role order: lyra, remy, tara, brian). */
const REMY = 3;
/** The staff's height, × the mark's size (the lantern alone is {@link LANTERN} × it). */
export const POST = 2.8;
/** The lantern's height, × the mark's size. */
export const LANTERN = 0.9;

/**
 * Traces (and fills) the lantern `h` px tall with its foot at (0, 0) — or, when `staffH` > 0, a
 * crooked walking staff `staffH` px tall standing at (0, 0) with the lantern hung from its crook — and
 * writes the glass's centre into `glass`. The wires are stroked in the current fill.
 */
export function traceLantern(g: CanvasRenderingContext2D, h: number, staffH: number, glass: Float32Array): void {
  let lx = 0;
  let top = -h;
  g.strokeStyle = g.fillStyle;
  g.lineCap = 'round';
  if (staffH > 0) {
    // A staff, a little bent, thicker at the grip, its crook curling over to the right.
    const w = 0.03 * staffH;
    const R = 0.09 * staffH;
    // Planted leaning, bowed like cut wood, not a post's plumb line.
    const cx = -0.07 * staffH + R;
    const cy = -0.9 * staffH;
    g.beginPath();
    g.moveTo(-w * 0.6, 0);
    g.quadraticCurveTo(0.05 * staffH, -0.5 * staffH, cx - R - w * 0.45, cy);
    g.lineTo(cx - R + w * 0.45, cy);
    g.quadraticCurveTo(0.05 * staffH + w, -0.5 * staffH, w * 0.6, 0);
    g.closePath();
    g.fill();
    // A knot where a branch was, and the worn grip bound with cord.
    g.beginPath();
    g.ellipse(0.012 * staffH, -0.33 * staffH, w * 0.9, w * 0.6, 0.4, 0, Math.PI * 2);
    g.ellipse(0.004 * staffH, -0.62 * staffH, w * 0.8, w * 1.6, 0.1, 0, Math.PI * 2);
    g.fill();
    g.lineWidth = w * 0.85;
    g.beginPath();
    g.arc(cx, cy, R, Math.PI, Math.PI * 2.15);
    g.stroke();
    // The cord from the crook's tip down to the lantern's ring.
    const tipX = cx + R * Math.cos(0.15 * Math.PI);
    const tipY = cy + R * Math.sin(0.15 * Math.PI);
    g.lineWidth = Math.max(1, w * 0.3);
    g.beginPath();
    g.moveTo(tipX, tipY);
    g.lineTo(tipX, tipY + 0.05 * staffH);
    g.stroke();
    lx = tipX;
    top = tipY + 0.03 * staffH;
  }
  const foot = top + h;
  // The ring to carry it by (a ring with a hole: outer arc one way, inner the other).
  g.beginPath();
  g.arc(lx, top + 0.1 * h, 0.1 * h, 0, Math.PI * 2);
  g.moveTo(lx + 0.062 * h, top + 0.1 * h);
  g.arc(lx, top + 0.1 * h, 0.062 * h, 0, Math.PI * 2, true);
  g.fill();
  // The domed cap with its little chimney, and the rim under it.
  g.beginPath();
  g.rect(lx - 0.045 * h, top + 0.18 * h, 0.09 * h, 0.06 * h);
  g.moveTo(lx - 0.24 * h, top + 0.32 * h);
  g.quadraticCurveTo(lx - 0.2 * h, top + 0.2 * h, lx, top + 0.2 * h);
  g.quadraticCurveTo(lx + 0.2 * h, top + 0.2 * h, lx + 0.24 * h, top + 0.32 * h);
  g.closePath();
  g.fill();
  // The glass globe, bulging between the rims.
  g.beginPath();
  g.ellipse(lx, top + 0.55 * h, 0.2 * h, 0.24 * h, 0, 0, Math.PI * 2);
  g.fill();
  // The cage's two outer wires bowing round the globe.
  g.lineWidth = Math.max(1, 0.035 * h);
  g.beginPath();
  g.moveTo(lx - 0.2 * h, top + 0.32 * h);
  g.quadraticCurveTo(lx - 0.34 * h, top + 0.55 * h, lx - 0.2 * h, top + 0.79 * h);
  g.moveTo(lx + 0.2 * h, top + 0.32 * h);
  g.quadraticCurveTo(lx + 0.34 * h, top + 0.55 * h, lx + 0.2 * h, top + 0.79 * h);
  g.stroke();
  // The lower rim and the oil font.
  g.beginPath();
  g.rect(lx - 0.25 * h, top + 0.78 * h, 0.5 * h, 0.04 * h);
  g.moveTo(lx - 0.22 * h, top + 0.82 * h);
  g.lineTo(lx + 0.22 * h, top + 0.82 * h);
  g.quadraticCurveTo(lx + 0.32 * h, top + 0.88 * h, lx + 0.26 * h, foot);
  g.lineTo(lx - 0.26 * h, foot);
  g.quadraticCurveTo(lx - 0.32 * h, top + 0.88 * h, lx - 0.22 * h, top + 0.82 * h);
  g.closePath();
  g.fill();
  glass[0] = lx;
  glass[1] = top + 0.55 * h;
}

/**
 * The globe lit from inside (drawn once into the figure's canvas): warm glass, a flame, and the cage's
 * wires dark across it. `h` is the lantern's height px, `at` the glass's centre.
 */
function lightGlass(g: CanvasRenderingContext2D, h: number, at: Float32Array): void {
  const x = at[0];
  const y = at[1];
  const lit = g.createRadialGradient(x, y + 0.04 * h, 0, x, y, 0.24 * h);
  lit.addColorStop(0, 'rgba(255,246,214,1)');
  lit.addColorStop(0.35, 'rgba(255,206,120,0.95)');
  lit.addColorStop(1, 'rgba(214,128,52,0.85)');
  g.fillStyle = lit;
  g.beginPath();
  g.ellipse(x, y, 0.17 * h, 0.21 * h, 0, 0, Math.PI * 2);
  g.fill();
  // The flame: a small teardrop over the wick.
  g.fillStyle = 'rgb(255,252,236)';
  g.beginPath();
  g.moveTo(x, y - 0.12 * h);
  g.quadraticCurveTo(x + 0.06 * h, y + 0.02 * h, x, y + 0.07 * h);
  g.quadraticCurveTo(x - 0.06 * h, y + 0.02 * h, x, y - 0.12 * h);
  g.fill();
  // The cage's front wires, dark against the light.
  g.strokeStyle = 'rgba(60,34,16,0.75)';
  g.lineWidth = Math.max(1, 0.025 * h);
  g.beginPath();
  g.moveTo(x - 0.1 * h, y - 0.22 * h);
  g.quadraticCurveTo(x - 0.17 * h, y, x - 0.1 * h, y + 0.23 * h);
  g.moveTo(x + 0.1 * h, y - 0.22 * h);
  g.quadraticCurveTo(x + 0.17 * h, y, x + 0.1 * h, y + 0.23 * h);
  g.stroke();
}

/** Creates Remy's lantern layer. */
export function createRemy(): Layer {
  const glassPost = new Float32Array(2);
  const glassAlone = new Float32Array(2);
  // The glass glows from inside (its place, from the trace just made).
  const glass = lightGlass;
  const onPost = new FigureCanvas(
    (g, h) => traceLantern(g, h * LANTERN, h * POST, glassPost),
    { left: -0.3, right: 1.2, top: -POST - 0.05, bottom: 0.1 },
    0.03,
    -0.02,
    (g, h) => glass(g, h * LANTERN, glassPost),
  );
  const alone = new FigureCanvas(
    (g, h) => traceLantern(g, h * LANTERN, 0, glassAlone),
    { left: -0.4, right: 0.4, top: -1, bottom: 0.05 },
    0.03,
    -0.02,
    (g, h) => glass(g, h * LANTERN, glassAlone),
  );
  const m = markNow();
  const stage = new EasedStage();
  let halo: SpriteSizes | null = null;
  let poolSrc: HTMLCanvasElement | null = null;
  const pool = new ScaledSprite();
  let version = -1;

  function build(s: Scene): void {
    const size = (STAGE.remy.serene?.size ?? 0.06) * s.h;
    onPost.ensure(size, s.presetVersion, s.dreamers, REMY);
    alone.ensure(size, s.presetVersion, s.dreamers, REMY);
    if (version !== s.presetVersion) {
      version = s.presetVersion;
      halo?.dispose();
      const d = s.dreamers;
      halo = new SpriteSizes(glowSprite(128, d[REMY], d[REMY + 1], d[REMY + 2], 0.15));
      if (poolSrc) poolSrc.width = poolSrc.height = 0;
      poolSrc = glowSprite(128, d[REMY], d[REMY + 1], d[REMY + 2], 0.05);
    }
  }

  /** The lantern's figure with its feet at (x, y), at opacity `a`, and its halo round its glass. */
  function lamp(g: CanvasRenderingContext2D, fig: FigureCanvas, gl: Float32Array, x: number, y: number, a: number, haloSize: number, haloA: number, flicker: number): void {
    const scale = fig.height > 0 ? m.size / fig.height : 1;
    const gx = x + gl[0] * scale;
    const gy = y + gl[1] * scale;
    fig.draw(g, x, y, scale, 0, a);
    if (halo) {
      g.globalCompositeOperation = 'lighter';
      g.globalAlpha = Math.min(1, a * haloA * flicker);
      halo.draw(g, gx, gy, haloSize);
      g.globalAlpha = Math.min(1, a * 0.8 * flicker);
      halo.draw(g, gx, gy, m.size * 0.9);
      g.globalCompositeOperation = 'source-over';
    }
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      stage.step(s);
      stage.place('remy', s, m);
      if (m.on < 0.01) return;
      build(s);
      const flicker = remyFlicker(s);
      // One lantern, drawn once per figure: through a crossfade between two of its poses (held,
      // gathering, set down share a figure) its height and light ease between them by the phases'
      // weights, so it never shows as two half-lit lanterns at two heights.
      let postA = 0;
      let aloneA = 0;
      let hover = 0;
      let haloSize = 0;
      let haloA = 0;
      let poolA = 0;
      for (let i = 0; i < PHASES.length; i++) {
        const w = stage.weights[i];
        const phase = PHASES[i];
        const pose = REMY_POSE[phase];
        const place = STAGE.remy[phase];
        if (w <= 0.004 || !pose || !place) continue;
        const a = w * (place.on ?? 1);
        if (pose === 'post') {
          postA += a;
          continue;
        }
        aloneA += a;
        // Held or gathering, the lantern hangs in the air and sways a little; set down, it rests.
        if (pose === 'held') {
          hover += a * m.size * (0.9 + 0.06 * breath(s, 0.15));
          haloSize += a * m.size * 5.5;
          haloA += a * 0.7;
        } else if (pose === 'gathering') {
          const u = unit(s.crowd.unity);
          hover += a * m.size * 0.5;
          haloSize += a * m.size * (3 + 5 * u);
          haloA += a * (0.4 + 0.5 * u);
        } else {
          haloSize += a * m.size * 4;
          haloA += a * 0.5;
          poolA += a;
        }
      }
      // On its post and off it are two figures at two places: between them one fades out before the
      // other comes (as Tara's poses do), never two half-lit lanterns at once.
      const both = postA + aloneA;
      const postShown = both > 0 ? Math.max(0, postA - aloneA) / both : 0;
      const aloneShown = both > 0 ? Math.max(0, aloneA - postA) / both : 0;
      if (postA > 0.004 && postShown > 0.004) lamp(g, onPost, glassPost, m.x, m.y, Math.min(1, postA) * postShown, m.size * 3.2, 0.55, flicker);
      if (aloneA > 0.004 && aloneShown > 0.004) {
        const k = 1 / aloneA;
        const a = Math.min(1, aloneA) * aloneShown;
        // Set down: a soft pool of lamplight lying on the ground around it.
        if (poolSrc && poolA > 0.004) {
          const pw = Math.round(m.size * 7);
          const ph = Math.round(m.size * 1.6);
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = Math.min(1, poolA * 0.55 * flicker) * aloneShown;
          pool.draw(g, poolSrc, Math.round(m.x - pw / 2), Math.round(m.y - ph / 2), pw, ph);
          g.globalCompositeOperation = 'source-over';
        }
        lamp(g, alone, glassAlone, m.x, m.y - hover * k, a, haloSize * k, haloA * k, flicker);
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      onPost.dispose();
      stage.reset();
      alone.dispose();
      halo?.dispose();
      halo = null;
      if (poolSrc) poolSrc.width = poolSrc.height = 0;
      poolSrc = null;
      pool.dispose();
      version = -1;
    },
  };
}
