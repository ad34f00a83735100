/**
 * Tara's nightmare: tall, faceless shadow people stooping over the small lit figure of Tara (stage
 * mark `tara`), in three depths with fog between, a warped horizon, cracks spreading from where she
 * stands, and the phones' light (frame.lights) pushing the shadows back. Each shadow is ONE smooth
 * closed path (small head, neck, shoulders, a long coat tapering to the ground) bent toward Tara at the
 * hips and the neck, filled near black, softened lightly once on its own canvas (rebuilt only when the
 * wall's height changes) and blitted unscaled at whole pixels each frame. The phones' light is held
 * low: small sharp warm points over flat pools on the ground, gathered toward Tara, so the sky keeps
 * its darkness however many phones shine. The light is a smoothed field (rises in about 0.4 s, ebbs
 * over about 1.5 s), so phones flicking on and off can never make it strobe.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';
import { HORIZON, markNow, placeMark } from '../render/stage.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { probe } from '../render/costProbe.ts';

/**
 * The shadows, nearest last: which side of Tara (−1 left, 1 right), how far her feet stand from her
 * (wall heights), depth (0 far, 1 middle, 2 near), height and where the feet stand (fractions of the
 * wall's height), and how far the figure stoops toward her (radians the upper body bends at the hips).
 */
const FIG_SIDE = [-1, 1, -1, 1, -1, 1, 1, -1, 1] as const;
const FIG_DX = [0.2, 0.25, 0.4, 0.46, 0.27, 0.33, 0.5, 0.6, 0.66] as const;
const FIG_DEPTH = [0, 0, 0, 0, 1, 1, 1, 2, 2] as const;
const FIG_H = [0.3, 0.34, 0.37, 0.33, 0.5, 0.55, 0.6, 0.78, 0.82] as const;
const FIG_BASE = [0.745, 0.745, 0.75, 0.75, 0.87, 0.89, 0.92, 1.05, 1.07] as const;
const FIG_LEAN = [0.14, 0.2, 0.1, 0.16, 0.5, 0.56, 0.4, 0.8, 0.86] as const;
const FIGURES = FIG_SIDE.length;
/**
 * A shadow standing upright, down its right side: (y from the head's top, half-width), both as
 * fractions of its height: a small head, a neck, sloping then square shoulders and a long coat
 * tapering to the ground. The left side mirrors it; bakeFigure bends it at the hips and neck.
 */
const OUTLINE = [
  0, 0, 0.008, 0.026, 0.025, 0.04, 0.05, 0.044, 0.075, 0.04, 0.095, 0.03, 0.108, 0.02, 0.122, 0.022, 0.138, 0.06,
  0.155, 0.1, 0.175, 0.118, 0.21, 0.122, 0.3, 0.112, 0.45, 0.1, 0.6, 0.1, 0.75, 0.094, 0.88, 0.078, 0.96, 0.062,
  1, 0.055,
] as const;
/** Where the figure bends (fractions of its height from the head's top): at the hips, and at the neck. */
const HIP = 0.55;
const NECK = 0.13;
/** Steps the spine is integrated in when baking. */
const SPINE_STEPS = 80;
/** The shadows' colour (near black, a breath of violet). */
const SHADE = [6, 5, 11] as const;
/** Breaths per second of the shadows (about one every seven seconds). */
const BREATH = 1 / 7;
const CRACKS = 9;
const CRACK_POINTS = 14;
const LF_W = 64;
const LF_H = 36;
/** The dread haze far figures sink into (a dim violet grey, whatever the palette). */
const HAZE = [52, 50, 68] as const;
/** Light rises in about 0.4 s and ebbs over about 1.5 s. */
const LIGHT_RISE = 0.4;
const LIGHT_FALL = 1.5;

/** A phone's light seen far off: a sharp warm-white core in a tight warm halo (12 px). */
function makeSpark(): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = 12;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const grad = ctx.createRadialGradient(6, 6, 0, 6, 6, 6);
  grad.addColorStop(0, 'rgba(255,244,214,1)');
  grad.addColorStop(0.18, 'rgba(255,226,160,0.95)');
  grad.addColorStop(0.4, 'rgba(255,200,120,0.3)');
  grad.addColorStop(1, 'rgba(255,190,110,0)');
  ctx.fillStyle = grad;
  ctx.fillRect(0, 0, 12, 12);
  return c;
}

/** Creates the nightmare layer. */
export function createNightmare(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x0b5c);
  const fPhase = new Float32Array(FIGURES);
  const fJit = new Float32Array(FIGURES);
  for (let i = 0; i < FIGURES; i++) {
    fPhase[i] = rng.next() * 6.28;
    fJit[i] = rng.next();
  }
  // One canvas per shadow, baked at the wall's height (see bakeFigure).
  const sprites: HTMLCanvasElement[] = [];
  // Where each baked shadow's feet stand on its canvas (px from its left and top edges).
  const footX = new Float32Array(FIGURES);
  const footY = new Float32Array(FIGURES);
  // Scratch for baking: the spine (position, bend) and the outline's points.
  const spX = new Float32Array(SPINE_STEPS + 1);
  const spY = new Float32Array(SPINE_STEPS + 1);
  const spA = new Float32Array(SPINE_STEPS + 1);
  const ptX = new Float32Array(OUTLINE.length);
  const ptY = new Float32Array(OUTLINE.length);
  let bakedH = 0;
  // Fog bands between the depths: wall-wide, baked with the sprites.
  const fog = document.createElement('canvas');
  const clearing = new ScaledSprite();
  let clearingGlow: HTMLCanvasElement | null = null;
  const tara = markNow();
  // Cracks: seeded random walks from points in the picture, revealed as fracture grows.
  const cx = new Float32Array(CRACKS * CRACK_POINTS);
  const cy = new Float32Array(CRACKS * CRACK_POINTS);
  for (let c = 0; c < CRACKS; c++) {
    // From the ground around where Tara stands, outward across the land and up into the sky.
    const out = (c / CRACKS) * Math.PI * 2 + rng.next() * 0.5;
    let x = 0.5 + Math.cos(out) * 0.09;
    let y = HORIZON + 0.1 + Math.sin(out) * 0.05;
    let a = out;
    for (let k = 0; k < CRACK_POINTS; k++) {
      cx[c * CRACK_POINTS + k] = x;
      cy[c * CRACK_POINTS + k] = y;
      a += (rng.next() - 0.5) * 1.3;
      const step = 0.012 + 0.03 * rng.next();
      x += Math.cos(a) * step * 0.9;
      y += Math.sin(a) * step * 0.7;
    }
  }
  const field = new Float32Array(LF_W * LF_H);
  const target = new Float32Array(LF_W * LF_H);
  const lfCanvas = document.createElement('canvas');
  lfCanvas.width = LF_W;
  lfCanvas.height = LF_H;
  const lfCtx = lfCanvas.getContext('2d');
  const lfImg = lfCtx ? lfCtx.createImageData(LF_W, LF_H) : null;
  // The phones' light on the ground: each shining phone a small sharp warm point, held low in front
  // of the shadows (its cell of the field below, smoothed like it), over low pools (the field itself,
  // squashed flat onto the ground and gathered toward Tara). The sky keeps its darkness.
  const spark = new Float32Array(LF_W * LF_H);
  const sparkTarget = new Float32Array(LF_W * LF_H);
  // Each cell's point sits a seeded fraction of a cell off the grid, so the points scatter.
  const jitX = new Float32Array(LF_W * LF_H);
  const jitY = new Float32Array(LF_W * LF_H);
  for (let k = 0; k < jitX.length; k++) {
    jitX[k] = rng.next();
    jitY[k] = rng.next();
  }
  // Pools fade toward the wall's sides: the light gathers around Tara.
  const poolCol = new Float32Array(LF_W);
  for (let i = 0; i < LF_W; i++) {
    const d = (i + 0.5) / LF_W - 0.5;
    poolCol[i] = 0.3 + 0.7 * Math.exp(-(d * d) / 0.06);
  }
  let sparkSprite: HTMLCanvasElement | null = null;

  /**
   * The outline of shadow i standing hp px high, as points relative to its feet (y up is negative),
   * facing right: the coat upright from the ground to the hips, the back bending forward from the hips
   * to the neck by FIG_LEAN radians, and the head inclined further still, as a body stooping over
   * something small. Fills ptX/ptY (right side down, then left side up) and returns their count.
   */
  function outlineFigure(i: number, hp: number): number {
    const lean = FIG_LEAN[i];
    // The spine from the feet (k = 0) up to the head's top (k = SPINE_STEPS).
    let x = 0;
    let y = 0;
    for (let k = 0; k <= SPINE_STEPS; k++) {
      const f = 1 - k / SPINE_STEPS;
      const a = f >= HIP ? 0 : f >= NECK ? lean * ((HIP - f) / (HIP - NECK)) : lean * (1 + 0.9 * ((NECK - f) / NECK));
      spX[k] = x;
      spY[k] = y;
      spA[k] = a;
      x += Math.sin(a) * hp / SPINE_STEPS;
      y -= Math.cos(a) * hp / SPINE_STEPS;
    }
    const n = OUTLINE.length / 2;
    const m = n * 2 - 2;
    for (let k = 0; k < m; k++) {
      const right = k < n;
      const o = right ? k : m - k;
      const f = OUTLINE[o * 2];
      const half = OUTLINE[o * 2 + 1] * hp * (right ? 1 : -1);
      const at = Math.min(SPINE_STEPS, Math.max(0, Math.round((1 - f) * SPINE_STEPS)));
      ptX[k] = spX[at] + Math.cos(spA[at]) * half;
      ptY[k] = spY[at] + Math.sin(spA[at]) * half;
    }
    return m;
  }

  /** Traces an outline of m points as one smooth closed path (quadratics through the midpoints). */
  function traceFigure(c: CanvasRenderingContext2D, ox: number, oy: number, m: number): void {
    c.beginPath();
    c.moveTo(ox + (ptX[m - 1] + ptX[0]) / 2, oy + (ptY[m - 1] + ptY[0]) / 2);
    for (let k = 0; k < m; k++) {
      const k1 = (k + 1) % m;
      c.quadraticCurveTo(ox + ptX[k], oy + ptY[k], ox + (ptX[k] + ptX[k1]) / 2, oy + (ptY[k] + ptY[k1]) / 2);
    }
    c.closePath();
  }

  /**
   * Bakes shadow i for a wall h px high: the stooping outline filled near black, dense from the head
   * down the coat and dissolving into the fog only at the feet, softened once with a light blur (soft
   * but crisp enough to read as a person in grayscale). Baked facing right; figures right of Tara are
   * baked mirrored. Remembers where the feet are on the canvas.
   */
  function bakeFigure(i: number, h: number): HTMLCanvasElement {
    const c = sprites[i] ?? document.createElement('canvas');
    const hp = FIG_H[i] * h;
    const m = outlineFigure(i, hp);
    let minX = 0;
    let maxX = 0;
    let minY = 0;
    for (let k = 0; k < m; k++) {
      minX = Math.min(minX, ptX[k]);
      maxX = Math.max(maxX, ptX[k]);
      minY = Math.min(minY, ptY[k]);
    }
    const blur = 0.8 + hp * (0.0016 + 0.0012 * (2 - FIG_DEPTH[i]));
    const margin = Math.ceil(blur * 3 + 2);
    c.width = Math.ceil(maxX - minX) + margin * 2;
    c.height = Math.ceil(-minY) + margin * 2;
    const ox = margin - minX;
    const oy = margin - minY;
    const face = FIG_SIDE[i] > 0 ? -1 : 1;
    footX[i] = face > 0 ? ox : c.width - ox;
    footY[i] = oy;
    const ctx = c.getContext('2d');
    if (!ctx) return c;
    ctx.save();
    if (face < 0) {
      ctx.translate(c.width, 0);
      ctx.scale(-1, 1);
    }
    const grad = ctx.createLinearGradient(0, oy + minY, 0, oy);
    grad.addColorStop(0, `rgba(${SHADE[0]},${SHADE[1]},${SHADE[2]},1)`);
    grad.addColorStop(0.55, `rgba(${SHADE[0] + 2},${SHADE[1] + 2},${SHADE[2] + 4},0.97)`);
    grad.addColorStop(0.82, `rgba(${SHADE[0] + 4},${SHADE[1] + 4},${SHADE[2] + 7},0.82)`);
    grad.addColorStop(1, `rgba(${SHADE[0] + 6},${SHADE[1] + 6},${SHADE[2] + 9},0)`);
    ctx.filter = `blur(${blur.toFixed(1)}px)`;
    ctx.fillStyle = grad;
    traceFigure(ctx, ox, oy, m);
    ctx.fill();
    ctx.restore();
    sprites[i] = c;
    return c;
  }

  /** Bakes every shadow and the fog bands for a wall w × h px. */
  function bake(w: number, h: number): void {
    for (let i = 0; i < FIGURES; i++) bakeFigure(i, h);
    bakedH = h;
    // Fog: a band of the dread haze, thickest at its middle row; drawn between the depths.
    fog.width = Math.max(1, w);
    fog.height = Math.max(1, Math.round(h * 0.22));
    const fctx = fog.getContext('2d');
    if (fctx) {
      const grad = fctx.createLinearGradient(0, 0, 0, fog.height);
      grad.addColorStop(0, `rgba(${HAZE[0]},${HAZE[1]},${HAZE[2]},0)`);
      grad.addColorStop(0.5, `rgba(${HAZE[0]},${HAZE[1]},${HAZE[2]},0.55)`);
      grad.addColorStop(1, `rgba(${HAZE[0]},${HAZE[1]},${HAZE[2]},0)`);
      fctx.fillStyle = grad;
      fctx.fillRect(0, 0, fog.width, fog.height);
    }
  }

  /** Draws the shadows of one depth, leaning toward Tara; light under one pushes it back. */
  function drawDepth(g: CanvasRenderingContext2D, s: Scene, depth: number, press: number, nm: number): void {
    const h = s.h;
    const ww = s.layout.worldWidth;
    const ox = s.layout.offsetX;
    for (let i = 0; i < FIGURES; i++) {
      if (FIG_DEPTH[i] !== depth) continue;
      const c = sprites[i];
      if (!c) continue;
      const side = FIG_SIDE[i];
      const hp = FIG_H[i] * h;
      const breath = Math.sin((s.time * BREATH + fJit[i] * 0.3) * Math.PI * 2 + fPhase[i]);
      // They step in as the pressure grows and lean a little further on each breath.
      let dx = FIG_DX[i] * (1.22 - 0.3 * press) * h;
      const u = (tara.x + side * dx + ox) / ww;
      const lit = lightAt(u);
      dx *= 1 + 0.4 * lit;
      dx -= breath * 0.008 * hp;
      const feet = tara.x + side * dx;
      const left = feet - footX[i];
      if (left > s.w || left + c.width < 0) continue;
      const top = FIG_BASE[i] * h - footY[i] + breath * 0.006 * hp;
      g.globalAlpha = Math.min(1, press * nm * 1.5) * (1 - lit * 0.6) * (depth === 0 ? 0.75 : 1);
      g.drawImage(c, Math.round(left), Math.round(top));
    }
  }

  /**
   * The phones' light standing in column u of the wall (0..1): its brightest cell. The light lies on
   * the ground whatever height the phone shines at, so a shadow yields to light anywhere in its column.
   */
  function lightAt(u: number): number {
    const i = Math.min(LF_W - 1, Math.max(0, (u * LF_W) | 0));
    let most = 0;
    for (let j = 0; j < LF_H; j++) most = Math.max(most, field[j * LF_W + i]);
    return most;
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const shadows = s.p('shadows');
      const fracture = s.p('fracture');
      const nm = s.weight('nightmare') + 0.35 * s.weight('confrontation');
      // Light field: every frame, even when hidden, so it is settled when the nightmare begins.
      target.fill(0);
      sparkTarget.fill(0);
      for (let i = 0; i < s.lightCount; i++) {
        const u = s.lights[i * 2];
        const v = s.lights[i * 2 + 1];
        const ci = (u * LF_W) | 0;
        const cj = (v * LF_H) | 0;
        if (ci >= 0 && cj >= 0 && ci < LF_W && cj < LF_H) sparkTarget[cj * LF_W + ci] = Math.min(1, sparkTarget[cj * LF_W + ci] + 0.75);
        for (let dj = -2; dj <= 2; dj++) {
          for (let di = -2; di <= 2; di++) {
            const ii = ci + di;
            const jj = cj + dj;
            if (ii < 0 || jj < 0 || ii >= LF_W || jj >= LF_H) continue;
            const fall = Math.exp(-(di * di + dj * dj) / 1.6);
            if (fall <= 0.05) continue;
            const k = jj * LF_W + ii;
            target[k] = Math.min(1, target[k] + fall * 0.7);
          }
        }
      }
      const up = 1 - Math.exp(-s.dt / LIGHT_RISE);
      const down = 1 - Math.exp(-s.dt / LIGHT_FALL);
      let anyLight = 0;
      for (let k = 0; k < field.length; k++) {
        const t = target[k];
        field[k] += (t - field[k]) * (t > field[k] ? up : down);
        anyLight += field[k];
        const p = sparkTarget[k];
        spark[k] += (p - spark[k]) * (p > spark[k] ? up : down);
      }
      if (nm < 0.01 && anyLight < 0.01) return;
      const pal = s.pal;
      const w = s.w;
      const h = s.h;
      const ww = s.layout.worldWidth;
      const ox = s.layout.offsetX;

      // Tara's place (when the stage has none for now, the nightmare's own: the middle of the land).
      placeMark('tara', s, tara);
      if (tara.on <= 0) {
        tara.x = s.x(0.5);
        tara.y = (HORIZON + 0.08) * h;
      }
      if (nm > 0.01) {
        if (bakedH !== h || fog.width !== Math.max(1, w)) bake(w, h);
        // The shadows press in; the crowd's light (the engine lowers `shadows`) holds them off.
        const press = Math.min(1, 0.25 + shadows);

        // Far shadows stand on the horizon, half sunk behind the land.
        drawDepth(g, s, 0, press, nm);
        probe(g, 'nightmare.far');

        // Warped horizon: the ground's edge heaves slowly; it warps harder as the dream fractures.
        const hy = h * HORIZON;
        const warp = (0.012 + 0.04 * fracture) * h * nm;
        g.beginPath();
        g.moveTo(0, h);
        for (let step = 0; step <= w + 15; step += 16) {
          const x = step > w ? w : step;
          const u = (x + ox) / ww;
          const y = hy + Math.sin(u * 9 + s.time * 0.21) * warp + Math.sin(u * 23 - s.time * 0.13) * warp * 0.4 - Math.cos(u * 3.1) * warp;
          g.lineTo(x, y);
        }
        g.lineTo(w, h);
        g.closePath();
        g.globalAlpha = 0.92 * nm;
        g.fillStyle = rgbStyle(pal[0], pal[1], pal[2]);
        g.fill();
        g.globalAlpha = 0.45 * nm;
        g.strokeStyle = rgbStyle(pal[9], pal[10], pal[11]);
        g.lineWidth = 1.5;
        g.stroke();
        probe(g, 'nightmare.horizon');

        // Fog between the far shadows and the middle ones, lying on the horizon.
        g.globalAlpha = 0.8 * nm;
        g.drawImage(fog, 0, Math.round(hy - fog.height * 0.55));
        probe(g, 'nightmare.fog');

        // Cracks: pale fissures with a dark red glow inside, spreading from where Tara stands.
        const reveal = Math.min(1, fracture * 1.25) * nm;
        if (reveal > 0.02) {
          const pts = Math.max(2, Math.floor(CRACK_POINTS * reveal));
          const dx = tara.x - s.x(0.5);
          const dy = tara.y - (HORIZON + 0.1) * h;
          for (let pass = 0; pass < 2; pass++) {
            g.beginPath();
            for (let c = 0; c < CRACKS; c++) {
              const o = c * CRACK_POINTS;
              g.moveTo(cx[o] * ww - ox + dx, cy[o] * h + dy);
              for (let k = 1; k < pts; k++) g.lineTo(cx[o + k] * ww - ox + dx, cy[o + k] * h + dy);
            }
            if (pass === 0) {
              g.strokeStyle = rgbStyle(pal[12], pal[13], pal[14]);
              g.lineWidth = 6 * (h / 720);
              g.globalAlpha = 0.22 * reveal;
            } else {
              g.strokeStyle = rgbStyle(200, 190, 210);
              g.lineWidth = 1 * (h / 720);
              g.globalAlpha = 0.32 * reveal;
            }
            g.stroke();
          }
        }

        // The small clearing Tara's light makes on the ground, which the shadows lean over.
        clearingGlow ??= glowSprite(128, 120, 112, 140, 0.12);
        const cr = Math.max(tara.size, 0.1 * h) * 2.4;
        g.globalCompositeOperation = 'lighter';
        g.globalAlpha = 0.55 * nm;
        clearing.draw(g, clearingGlow, tara.x - cr, tara.y - cr * 0.55, cr * 2, cr * 0.9);
        g.globalCompositeOperation = 'source-over';

        probe(g, 'nightmare.cracks');
        drawDepth(g, s, 1, press, nm);
        probe(g, 'nightmare.mid');
        // Thinner fog before the nearest shadows.
        g.globalAlpha = 0.35 * nm;
        g.drawImage(fog, 0, Math.round(h * 0.93 - fog.height * 0.5));
        drawDepth(g, s, 2, press, nm);
        probe(g, 'nightmare.near');
      }

      // The phones' light, held low: pools on the ground, then the sharp points above them.
      if (anyLight > 0.01 && lfImg && lfCtx) {
        // The flash guard's allowance dims the light (it changes smoothly already).
        const bright = 0.55 + 0.45 * s.allow;
        const d = lfImg.data;
        for (let k = 0; k < field.length; k++) {
          d[k * 4] = 255;
          d[k * 4 + 1] = 196;
          d[k * 4 + 2] = 120;
          d[k * 4 + 3] = field[k] * 110 * poolCol[k % LF_W];
        }
        lfCtx.putImageData(lfImg, 0, 0);
        // The ground from just below the horizon to the wall's foot, the wall's width gathered toward Tara.
        const gTop = (HORIZON + 0.035) * h;
        const gH = 0.2 * h;
        const gW = ww * 0.62;
        g.globalCompositeOperation = 'lighter';
        g.globalAlpha = 0.45 * bright;
        g.imageSmoothingEnabled = true;
        g.drawImage(lfCanvas, Math.round(tara.x - gW / 2), Math.round(gTop), Math.round(gW), Math.round(gH));
        // Points: one per lit cell, nearer (lower) ones a little further apart, all gathered toward Tara.
        sparkSprite ??= makeSpark();
        const half = sparkSprite.width / 2;
        for (let k = 0; k < spark.length; k++) {
          const v = spark[k];
          if (v < 0.03) continue;
          const i = k % LF_W;
          const j = (k / LF_W) | 0;
          const near = (j + jitY[k]) / LF_H;
          const x = tara.x + ((i + jitX[k]) / LF_W - 0.5) * gW * (0.75 + 0.25 * near);
          const y = gTop + gH * (0.08 + 0.86 * near);
          g.globalAlpha = Math.min(1, v) * (0.55 + 0.45 * near) * bright;
          g.drawImage(sparkSprite, Math.round(x - half), Math.round(y - half));
        }
        g.globalCompositeOperation = 'source-over';
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      lfCanvas.width = lfCanvas.height = 0;
      if (sparkSprite) sparkSprite.width = sparkSprite.height = 0;
      sparkSprite = null;
      spark.fill(0);
      for (const c of sprites) c.width = c.height = 0;
      sprites.length = 0;
      bakedH = 0;
      fog.width = fog.height = 0;
      clearing.dispose();
      clearingGlow = null;
      field.fill(0);
    },
  };
}
