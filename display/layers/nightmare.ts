/**
 * Tara's nightmare: tall, faceless, soft-edged shadows leaning over the small lit figure of Tara
 * (stage mark `tara`), in three depths with fog between, a warped horizon, cracks spreading from
 * where she stands, and the phones' light (frame.lights) as warm pools that push the shadows back.
 * Each shadow is ONE smooth closed path (head, shoulders, long tapering body) filled with a vertical
 * gradient, softened and rim-lit once on its own canvas (rebuilt only when the wall's height
 * changes) and blitted unscaled at whole pixels each frame. The light is a smoothed field, so phones
 * flicking on and off can never make it strobe.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';
import { HORIZON, markNow, placeMark } from '../render/stage.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';

/**
 * The shadows, nearest last: which side of Tara (−1 left, 1 right), how far from her (wall heights),
 * depth (0 far, 1 middle, 2 near), height and where the feet stand (fractions of the wall's height),
 * and how far the head leans toward her (fraction of the figure's height).
 */
const FIG_SIDE = [-1, 1, -1, 1, -1, 1, 1, -1, 1] as const;
const FIG_DX = [0.2, 0.25, 0.4, 0.46, 0.5, 0.56, 0.78, 0.84, 0.94] as const;
const FIG_DEPTH = [0, 0, 0, 0, 1, 1, 1, 2, 2] as const;
const FIG_H = [0.3, 0.34, 0.37, 0.33, 0.62, 0.66, 0.72, 1.02, 1.06] as const;
const FIG_BASE = [0.745, 0.745, 0.75, 0.75, 0.9, 0.91, 0.95, 1.12, 1.14] as const;
const FIG_LEAN = [0.1, 0.12, 0.14, 0.13, 0.24, 0.26, 0.28, 0.34, 0.36] as const;
const FIGURES = FIG_SIDE.length;
/**
 * A shadow's outline down its right (Tara-facing) side: (y from the head's top, half-width), both as
 * fractions of its height. The left side mirrors it; the spine bends toward Tara (see bakeFigure).
 */
const OUTLINE = [
  0, 0, 0.012, 0.03, 0.035, 0.05, 0.065, 0.052, 0.09, 0.04, 0.108, 0.024, 0.125, 0.05, 0.15, 0.115, 0.19, 0.128,
  0.28, 0.112, 0.42, 0.094, 0.56, 0.084, 0.7, 0.094, 0.84, 0.114, 0.97, 0.136, 1, 0.14,
] as const;
/** The shadows' colour (near black, a breath of violet), and their cold rim. */
const SHADE = [6, 5, 11] as const;
const RIM = [150, 172, 196] as const;
/** Breaths per second of the shadows (about one every seven seconds). */
const BREATH = 1 / 7;
const CRACKS = 9;
const CRACK_POINTS = 14;
const LF_W = 64;
const LF_H = 36;
/** Bands the stretched light is re-stretched in, one a frame. */
const LF_BANDS = 4;
/** The dread haze far figures sink into (a dim violet grey, whatever the palette). */
const HAZE = [52, 50, 68] as const;
/** Light rises in about 0.4 s and ebbs over about 1.5 s. */
const LIGHT_RISE = 0.4;
const LIGHT_FALL = 1.5;

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
  // The light field stretched to the wall, kept on its own canvas and re-stretched one band of
  // {@link LF_BANDS} a frame, only across the rows that hold light: a smoothed stretch over the whole
  // wall costs several times an unscaled blit in software rendering (every other frame whole, it
  // made alternate frames long), and the field moves over tenths of a second anyway.
  const lfBig = document.createElement('canvas');
  const lfBigCtx = lfBig.getContext('2d');
  let lfBand = 0;
  let litTop = 0;
  let litBottom = 0;
  // The rows each band of the stretched light holds (empty when top >= bottom).
  const bandTop = new Int32Array(LF_BANDS);
  const bandBottom = new Int32Array(LF_BANDS);

  /**
   * Re-stretches one horizontal band of the wall-size light, only over the rows in [top, bottom)
   * that hold light, and remembers which rows it painted.
   */
  function stretchBand(k: number, w: number, hh: number, top: number, bottom: number, ww: number, ox: number): void {
    if (!lfBigCtx) return;
    const y0 = Math.floor((k * hh) / LF_BANDS);
    const y1 = Math.floor(((k + 1) * hh) / LF_BANDS);
    if (bandBottom[k] > bandTop[k]) lfBigCtx.clearRect(0, bandTop[k], w, bandBottom[k] - bandTop[k]);
    const a = Math.max(y0, top);
    const b = Math.min(y1, bottom);
    bandTop[k] = a;
    bandBottom[k] = b;
    if (b <= a) return;
    lfBigCtx.save();
    lfBigCtx.beginPath();
    lfBigCtx.rect(0, a, w, b - a);
    lfBigCtx.clip();
    lfBigCtx.imageSmoothingEnabled = true;
    lfBigCtx.drawImage(lfCanvas, -ox, 0, ww, hh);
    lfBigCtx.restore();
  }


  /** Where the spine stands at height fraction y (0 head, 1 feet), as a fraction of the height: bent toward Tara. */
  function spine(y: number, lean: number): number {
    // Bent at the shoulders more than at the hips: a body stooping over something small.
    const up = 1 - y;
    return lean * up * up * Math.sqrt(up) + (y < 0.14 ? lean * 0.25 * (1 - y / 0.14) : 0);
  }

  /** Traces one shadow's outline as one smooth closed path (quadratics through the midpoints). */
  function traceFigure(c: CanvasRenderingContext2D, ox: number, oy: number, hp: number, lean: number): void {
    const n = OUTLINE.length / 2;
    const m = n * 2 - 2;
    // Points down the right side, then up the left side, skipping the repeated tip.
    const px = (k: number): number => {
      const i = k < n ? k : m - k;
      const y = OUTLINE[i * 2];
      const half = OUTLINE[i * 2 + 1];
      return ox + (spine(y, lean) + (k < n ? half : -half)) * hp;
    };
    const py = (k: number): number => oy + OUTLINE[(k < n ? k : m - k) * 2] * hp;
    c.beginPath();
    c.moveTo((px(m - 1) + px(0)) / 2, (py(m - 1) + py(0)) / 2);
    for (let k = 0; k < m; k++) {
      const k1 = (k + 1) % m;
      c.quadraticCurveTo(px(k), py(k), (px(k) + px(k1)) / 2, (py(k) + py(k1)) / 2);
    }
    c.closePath();
  }

  /**
   * Bakes shadow i for a wall h px high: the outline filled with a vertical gradient (dense at the
   * head, dissolving into the fog at the feet), softened once with a blur, and a faint cold rim on the
   * side that faces Tara. Baked facing right; figures right of her are baked mirrored.
   */
  function bakeFigure(i: number, h: number, scratch: HTMLCanvasElement): HTMLCanvasElement {
    const c = sprites[i] ?? document.createElement('canvas');
    const hp = FIG_H[i] * h;
    const lean = FIG_LEAN[i];
    const blur = 1.5 + hp * (0.004 + 0.004 * (2 - FIG_DEPTH[i]));
    const margin = Math.ceil(blur * 3 + 2);
    c.width = Math.ceil((lean + 0.32) * hp) + margin * 2;
    c.height = Math.ceil(hp) + margin * 2;
    const ctx = c.getContext('2d');
    if (!ctx) return c;
    const ox = margin + 0.16 * hp;
    const oy = margin;
    const face = FIG_SIDE[i] > 0 ? -1 : 1;
    ctx.save();
    if (face < 0) {
      ctx.translate(c.width, 0);
      ctx.scale(-1, 1);
    }
    const grad = ctx.createLinearGradient(0, oy, 0, oy + hp);
    grad.addColorStop(0, `rgba(${SHADE[0]},${SHADE[1]},${SHADE[2]},1)`);
    grad.addColorStop(0.4, `rgba(${SHADE[0] + 2},${SHADE[1] + 2},${SHADE[2] + 4},0.96)`);
    grad.addColorStop(0.75, `rgba(${SHADE[0] + 4},${SHADE[1] + 4},${SHADE[2] + 7},0.6)`);
    grad.addColorStop(1, `rgba(${SHADE[0] + 6},${SHADE[1] + 6},${SHADE[2] + 9},0)`);
    ctx.filter = `blur(${blur.toFixed(1)}px)`;
    ctx.fillStyle = grad;
    traceFigure(ctx, ox, oy, hp, lean);
    ctx.fill();
    // The rim: the outline minus itself shifted away from Tara leaves a crescent on her side.
    scratch.width = c.width;
    scratch.height = c.height;
    const sc = scratch.getContext('2d');
    if (sc) {
      const shift = Math.max(1.5, hp * 0.008);
      sc.fillStyle = `rgb(${RIM[0]},${RIM[1]},${RIM[2]})`;
      traceFigure(sc, ox, oy, hp, lean);
      sc.fill();
      sc.globalCompositeOperation = 'destination-out';
      traceFigure(sc, ox - shift, oy + shift * 0.6, hp, lean);
      sc.fill();
      // The light catches the head and shoulders; the body below sinks into the fog unlit.
      const fade = sc.createLinearGradient(0, oy, 0, oy + hp * 0.6);
      fade.addColorStop(0, 'rgba(0,0,0,1)');
      fade.addColorStop(0.4, 'rgba(0,0,0,0.6)');
      fade.addColorStop(1, 'rgba(0,0,0,0)');
      sc.globalCompositeOperation = 'destination-in';
      sc.fillStyle = fade;
      sc.fillRect(0, 0, scratch.width, scratch.height);
      ctx.restore();
      ctx.save();
      ctx.globalCompositeOperation = 'source-atop';
      ctx.globalAlpha = 0.45 + 0.15 * FIG_DEPTH[i];
      ctx.filter = `blur(${(0.8 + blur * 0.3).toFixed(1)}px)`;
      ctx.drawImage(scratch, 0, 0);
    }
    ctx.restore();
    sprites[i] = c;
    return c;
  }

  /** Bakes every shadow and the fog bands for a wall w × h px. */
  function bake(w: number, h: number): void {
    const scratch = document.createElement('canvas');
    for (let i = 0; i < FIGURES; i++) bakeFigure(i, h, scratch);
    scratch.width = scratch.height = 0;
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
      const lit = lightAt(u, FIG_BASE[i] - FIG_H[i] * 0.5);
      dx *= 1 + 0.4 * lit;
      dx -= breath * 0.008 * hp;
      const feet = tara.x + side * dx;
      // The sprite's feet sit 0.16 heights in from its Tara-far edge (margins aside).
      const margin = (c.height - Math.ceil(hp)) / 2;
      const left = side < 0 ? feet - margin - 0.16 * hp : feet - c.width + margin + 0.16 * hp;
      if (left > s.w || left + c.width < 0) continue;
      const top = FIG_BASE[i] * h - hp - margin + breath * 0.006 * hp;
      g.globalAlpha = Math.min(1, press * nm * 1.5) * (1 - lit * 0.6) * (depth === 0 ? 0.75 : 1);
      g.drawImage(c, Math.round(left), Math.round(top));
    }
  }

  function lightAt(u: number, v: number): number {
    const i = Math.min(LF_W - 1, Math.max(0, (u * LF_W) | 0));
    const j = Math.min(LF_H - 1, Math.max(0, (v * LF_H) | 0));
    return field[j * LF_W + i];
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const shadows = s.p('shadows');
      const fracture = s.p('fracture');
      const nm = s.weight('nightmare') + 0.35 * s.weight('confrontation');
      // Light field: every frame, even when hidden, so it is settled when the nightmare begins.
      target.fill(0);
      for (let i = 0; i < s.lightCount; i++) {
        const u = s.lights[i * 2];
        const v = s.lights[i * 2 + 1];
        const ci = (u * LF_W) | 0;
        const cj = (v * LF_H) | 0;
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
      }
      if (nm < 0.01 && anyLight < 0.01) return;
      const pal = s.pal;
      const w = s.w;
      const h = s.h;
      const ww = s.layout.worldWidth;
      const ox = s.layout.offsetX;

      if (nm > 0.01) {
        if (bakedH !== h || fog.width !== Math.max(1, w)) bake(w, h);
        // Tara's place (when the stage has none for now, the nightmare's own: the middle of the land).
        placeMark('tara', s, tara);
        if (tara.on <= 0) {
          tara.x = s.x(0.5);
          tara.y = (HORIZON + 0.08) * h;
        }
        // The shadows press in; the crowd's light (the engine lowers `shadows`) holds them off.
        const press = Math.min(1, 0.25 + shadows);

        // Far shadows stand on the horizon, half sunk behind the land.
        drawDepth(g, s, 0, press, nm);

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

        // Fog between the far shadows and the middle ones, lying on the horizon.
        g.globalAlpha = 0.8 * nm;
        g.drawImage(fog, 0, Math.round(hy - fog.height * 0.55));

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

        drawDepth(g, s, 1, press, nm);
        // Thinner fog before the nearest shadows.
        g.globalAlpha = 0.35 * nm;
        g.drawImage(fog, 0, Math.round(h * 0.93 - fog.height * 0.5));
        drawDepth(g, s, 2, press, nm);
      }

      // The phones' light: the smoothed field scaled up softly, warm (#ffd27f), additive.
      if (anyLight > 0.01 && lfImg && lfCtx && lfBigCtx) {
        const w = Math.max(1, Math.round(s.w));
        const hh = Math.max(1, Math.round(h));
        const resized = lfBig.width !== w || lfBig.height !== hh;
        if (resized) {
          lfBig.width = w;
          lfBig.height = hh;
          bandTop.fill(0);
          bandBottom.fill(0);
        }
        const d = lfImg.data;
        let first = LF_H;
        let last = -1;
        for (let k = 0; k < field.length; k++) {
          const v = field[k];
          d[k * 4] = 255;
          d[k * 4 + 1] = 210;
          d[k * 4 + 2] = 127;
          d[k * 4 + 3] = v * 150;
          if (v * 150 >= 1) {
            const row = (k / LF_W) | 0;
            if (row < first) first = row;
            last = row;
          }
        }
        lfCtx.putImageData(lfImg, 0, 0);
        // One field row of margin: smoothing spreads each row's light into its neighbours.
        const top = last < 0 ? 0 : Math.max(0, Math.floor(((first - 1) * hh) / LF_H));
        const bottom = last < 0 ? 0 : Math.min(hh, Math.ceil(((last + 2) * hh) / LF_H));
        if (resized) for (let k = 0; k < LF_BANDS; k++) stretchBand(k, w, hh, top, bottom, ww, ox);
        else {
          stretchBand(lfBand, w, hh, top, bottom, ww, ox);
          lfBand = (lfBand + 1) % LF_BANDS;
        }
        litTop = hh;
        litBottom = 0;
        for (let k = 0; k < LF_BANDS; k++) {
          if (bandBottom[k] <= bandTop[k]) continue;
          if (bandTop[k] < litTop) litTop = bandTop[k];
          if (bandBottom[k] > litBottom) litBottom = bandBottom[k];
        }
        if (litBottom > litTop) {
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = 0.5;
          g.drawImage(lfBig, 0, litTop, w, litBottom - litTop, 0, litTop, w, litBottom - litTop);
          g.globalCompositeOperation = 'source-over';
        }
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      lfCanvas.width = lfCanvas.height = 0;
      lfBig.width = lfBig.height = 0;
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
