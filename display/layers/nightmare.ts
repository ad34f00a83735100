/**
 * Tara's nightmare: a warped horizon, tall faceless shadow figures leaning in from the panorama's
 * edges, cracks spreading through the dream, and the phones' light (frame.lights) as warm pools that
 * push the shadows back. The light is a smoothed field, so phones flicking on and off can never
 * make it strobe.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle } from '../render/styles.ts';

const FIGURES = 12;
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
  const fSide = new Int8Array(FIGURES);
  const fDepth = new Float32Array(FIGURES);
  const fHeight = new Float32Array(FIGURES);
  const fPhase = new Float32Array(FIGURES);
  for (let i = 0; i < FIGURES; i++) {
    fSide[i] = i % 2 === 0 ? -1 : 1;
    fDepth[i] = 1 - (Math.floor(i / 2) / (FIGURES / 2)) * 0.9 - rng.next() * 0.1;
    fHeight[i] = 0.7 + rng.next() * 0.25;
    fPhase[i] = rng.next() * 6.28;
  }
  // Cracks: seeded random walks from points in the picture, revealed as fracture grows.
  const cx = new Float32Array(CRACKS * CRACK_POINTS);
  const cy = new Float32Array(CRACKS * CRACK_POINTS);
  for (let c = 0; c < CRACKS; c++) {
    let x = 0.1 + 0.8 * rng.next();
    let y = 0.2 + 0.7 * rng.next();
    let a = rng.next() * 6.28;
    for (let k = 0; k < CRACK_POINTS; k++) {
      cx[c * CRACK_POINTS + k] = x;
      cy[c * CRACK_POINTS + k] = y;
      a += (rng.next() - 0.5) * 1.3;
      const step = 0.012 + 0.03 * rng.next();
      x += Math.cos(a) * step * 0.6;
      y += Math.sin(a) * step;
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

  function lightAt(u: number, v: number): number {
    const i = Math.min(LF_W - 1, Math.max(0, (u * LF_W) | 0));
    const j = Math.min(LF_H - 1, Math.max(0, (v * LF_H) | 0));
    return field[j * LF_W + i];
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const shadows = s.p('shadows');
      const fracture = s.p('fracture');
      const nm = s.weight('nightmare') + 0.6 * s.weight('confrontation') + 0.4 * s.weight('glitch');
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
        // Warped horizon: the ground's edge heaves slowly; it warps harder as the dream fractures.
        const hy = h * 0.66;
        const warp = (0.02 + 0.06 * fracture) * h * nm;
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
        g.globalAlpha = 0.85 * nm;
        g.fillStyle = rgbStyle(pal[0], pal[1], pal[2]);
        g.fill();
        g.globalAlpha = 0.5 * nm;
        g.strokeStyle = rgbStyle(pal[9], pal[10], pal[11]);
        g.lineWidth = 1.5;
        g.stroke();

        // Shadow figures, near ones last; light under a figure pushes it back toward its edge.
        for (let i = FIGURES - 1; i >= 0; i--) {
          const depth = fDepth[i];
          const side = fSide[i];
          // Far figures stand deeper into the picture; all step in as the pressure grows.
          const reach = shadows * nm * (0.1 + 0.12 * depth) + depth * 0.06;
          let u = side < 0 ? 0.02 + reach : 0.98 - reach;
          const lit = lightAt(u, 0.55);
          u += side * lit * 0.12;
          const x = u * ww - ox;
          const fh = fHeight[i] * h;
          if (x < -fh || x > w + fh) continue;
          const base = h * (0.98 - depth * 0.3);
          const top = base - fh * (1 - depth * 0.45);
          const tall = base - top;
          const sway = Math.sin(s.time * 0.3 + fPhase[i]) * 0.015 * tall;
          // Leaning over the viewer: the top of the body shifts toward the middle of the panorama.
          const lean = -side * (0.04 + 0.1 * shadows) * tall + sway;
          const bw = tall * 0.075;
          const sh = top + tall * 0.2;
          const hx = x + lean;
          g.beginPath();
          g.moveTo(x - bw, base);
          g.quadraticCurveTo(x - bw * 0.8 + lean * 0.4, base - tall * 0.45, hx - bw * 1.25, sh + tall * 0.05);
          g.quadraticCurveTo(hx - bw * 1.1, sh - tall * 0.02, hx - bw * 0.35, sh - tall * 0.03);
          g.lineTo(hx + bw * 0.35, sh - tall * 0.03);
          g.quadraticCurveTo(hx + bw * 1.1, sh - tall * 0.02, hx + bw * 1.25, sh + tall * 0.05);
          g.quadraticCurveTo(x + bw * 0.8 + lean * 0.4, base - tall * 0.45, x + bw, base);
          g.closePath();
          g.moveTo(hx + bw * 0.55, top + tall * 0.09);
          g.ellipse(hx, top + tall * 0.09, bw * 0.55, tall * 0.075, 0, 0, Math.PI * 2);
          // Far figures sink into the dread haze; near ones are pure silhouette.
          const fog = depth * 0.5;
          g.globalAlpha = Math.min(1, shadows * nm * 1.4) * (0.7 + 0.3 * (1 - depth)) * (1 - lit * 0.75);
          g.fillStyle = rgbStyle(pal[0] + (HAZE[0] - pal[0]) * fog, pal[1] + (HAZE[1] - pal[1]) * fog, pal[2] + (HAZE[2] - pal[2]) * fog);
          g.fill();
        }

        // Cracks: pale fissures with a dark red glow inside, revealed as fracture grows.
        const reveal = Math.min(1, fracture * 1.25) * nm;
        if (reveal > 0.02) {
          const pts = Math.max(2, Math.floor(CRACK_POINTS * reveal));
          for (let pass = 0; pass < 2; pass++) {
            g.beginPath();
            for (let c = 0; c < CRACKS; c++) {
              const o = c * CRACK_POINTS;
              g.moveTo(cx[o] * ww - ox, cy[o] * h);
              for (let k = 1; k < pts; k++) g.lineTo(cx[o + k] * ww - ox, cy[o + k] * h);
            }
            if (pass === 0) {
              g.strokeStyle = rgbStyle(pal[12], pal[13], pal[14]);
              g.lineWidth = 5 * (h / 720);
              g.globalAlpha = 0.3 * reveal;
            } else {
              g.strokeStyle = rgbStyle(220, 215, 230);
              g.lineWidth = 1.2 * (h / 720);
              g.globalAlpha = 0.55 * reveal;
            }
            g.stroke();
          }
        }
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
      field.fill(0);
    },
  };
}
