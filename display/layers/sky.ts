/**
 * The far plane: a vertical gradient from the phase palette and the atmosphere (nebulae, a faint
 * aurora rising over Lyra's loom in serene's otherwise dark sky, the nightmare's sickly glow), evaluated together on one
 * tiny grid (so they cost one scaled image and no gradient objects), and stars that breathe at about
 * six breaths a minute in the calm phases and shift a hair with the room's lean (parallax: the far
 * plane moves least).
 */
import { probe } from '../render/costProbe.ts';
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle } from '../render/styles.ts';
import { HORIZON, STAGE } from '../render/stage.ts';

/** The gradient is shaped as if drawn from a strip of this many rows stretched over the wall. */
const STRIP = 64;
const STARS = 420;
/** Resolution of the atmosphere (nebulae, horizon glow), scaled up smoothly. */
const AW = 48;
const AH = 27;
const BLOBS = 5;
/**
 * Frames over which the background cache is repainted once (a quarter second at 60 fps: the sky
 * changes over seconds). The band's smoothed stretch is the sky's main cost: at 8 bands it was
 * about twice the wall's unscaled copy of the cache, at 16 about a third of it (1280×720).
 */
export const BANDS = 16;

/** Creates the sky layer. @param seed star positions. */
export function createSky(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x51c7);
  const sx = new Float32Array(STARS);
  const sy = new Float32Array(STARS);
  const sp = new Float32Array(STARS);
  const sz = new Float32Array(STARS);
  const atmo = document.createElement('canvas');
  atmo.width = AW;
  atmo.height = AH;
  const actx = atmo.getContext('2d');
  const aimg = actx ? actx.createImageData(AW, AH) : null;
  const bx = new Float32Array(BLOBS);
  const by = new Float32Array(BLOBS);
  const br = new Float32Array(BLOBS);
  const bp = new Float32Array(BLOBS);
  const bStr = new Float32Array(BLOBS);
  const bCol = new Float32Array(BLOBS * 3);
  const bg = document.createElement('canvas');
  const bctx = bg.getContext('2d', { alpha: false });
  let band = 0;
  const rows = new Int32Array(2);
  for (let i = 0; i < BLOBS; i++) {
    bx[i] = 0.1 + 0.8 * rng.next();
    by[i] = 0.15 + 0.5 * rng.next();
    br[i] = 0.18 + 0.2 * rng.next();
    bp[i] = rng.next() * 6.28;
  }
  for (let i = 0; i < STARS; i++) {
    sx[i] = rng.next();
    sy[i] = rng.next() * rng.next() * 0.85;
    sp[i] = rng.next() * Math.PI * 2;
    sz[i] = 0.6 + rng.next() * rng.next() * 2.2;
  }

  /**
   * The sky's gradient, with nebulae drifting in the calm phases and a sickly glow low behind the
   * nightmare's figures added on: a few soft blobs evaluated on a tiny grid and scaled up. No
   * gradients are built per frame. Only the grid rows in [rowFrom, rowTo) are evaluated: a frame
   * repaints one band of the wall, which samples a few rows of the grid.
   */
  function drawAtmosphere(s: Scene, rowFrom: number, rowTo: number): void {
    if (!aimg || !actx) return;
    const pal = s.pal;
    const sky = 0.35 + 0.65 * s.p('brightness');
    const warm = s.p('warmth');
    // Serene's sky is kept dark and quiet (its light is the loom's): its nebulae are the faintest.
    const calm = s.weight('serene') * 0.3 + s.weight('festival') * 0.6 + s.weight('dawn') * 0.6 + s.weight('upgrade') * 0.4 + s.weight('confrontation') * 0.35;
    const dread = s.weight('nightmare') + s.weight('glitch') * 0.4 + s.weight('confrontation') * 0.3;
    const bright = 0.5 + 0.5 * s.p('brightness');
    // The aurora: serene's, fading out with the festival's first lanterns.
    const aur = (s.weight('serene') + 0.25 * s.weight('dawn') * (1 - s.p('sunrise'))) * bright;
    // The dawn's light: the sky brightens from the horizon up and most round the sun, as it rises.
    const dawnLight = s.weight('dawn') * s.p('sunrise');
    const sunU = STAGE.sun.dawn?.x ?? 0.5;
    const loomU = STAGE.loom.serene?.x ?? 0.3;
    for (let i = 0; i < BLOBS; i++) {
      const c = i === 4 ? 2 : 1 + (i % 3);
      bCol[i * 3] = pal[c * 3];
      bCol[i * 3 + 1] = pal[c * 3 + 1];
      bCol[i * 3 + 2] = pal[c * 3 + 2];
      // Faint: the nebulae are the sky's texture, never a second sun competing with the subject.
      bStr[i] = calm * bright * (0.17 + 0.07 * Math.sin(s.time * 0.05 + bp[i]));
    }
    const d = aimg.data;
    const ww = s.layout.worldWidth;
    for (let y = rowFrom; y < rowTo; y++) {
      const v = (y + 0.5) / AH;
      // The gradient where a 64-row strip stretched over the wall would put this row (its rows are
      // pixel centres): deep at the zenith, the palette's second colour glowing low over the horizon.
      const tt = (v * STRIP - 0.5) / (STRIP - 1);
      const t = tt < 0 ? 0 : tt > 1 ? 1 : tt;
      const k = t * t * 0.55;
      const r0 = (pal[0] + (pal[3] - pal[0]) * k) * sky + warm * 10 * t;
      const g0 = (pal[1] + (pal[4] - pal[1]) * k) * sky;
      const b0 = (pal[2] + (pal[5] - pal[2]) * k) * sky;
      for (let x = 0; x < AW; x++) {
        const u = (((x + 0.5) / AW) * s.w + s.layout.offsetX) / ww;
        let r = r0;
        let gg = g0;
        let b = b0;
        for (let i = 0; i < BLOBS; i++) {
          const dx = (u - bx[i] - 0.05 * Math.sin(t + bp[i])) * 1.6;
          const dy = v - by[i] - 0.03 * Math.cos(t * 1.3 + bp[i]);
          const f = Math.exp(-(dx * dx + dy * dy) / (br[i] * br[i])) * bStr[i];
          r += bCol[i * 3] * f;
          gg += bCol[i * 3 + 1] * f;
          b += bCol[i * 3 + 2] * f;
        }
        // The dread glow: a low band behind the horizon in the palette's pale colours.
        const hd = (v - 0.62) / 0.16;
        const hf = dread * Math.exp(-hd * hd) * (0.75 + 0.25 * Math.sin(u * 7 + s.time * 0.1));
        r += pal[9] * hf * 0.9 + pal[6] * hf * 0.5;
        gg += pal[10] * hf * 0.9 + pal[7] * hf * 0.5;
        b += pal[11] * hf * 0.9 + pal[8] * hf * 0.5;
        if (dawnLight > 0.01) {
          const up = (HORIZON - v) / 0.24;
          const low = up < 0 ? 1 : Math.exp(-up * up);
          const du = (u - sunU) * 2.6;
          const dv = (v - HORIZON + 0.05) / 0.18;
          const near = Math.exp(-du * du - dv * dv);
          const a = dawnLight * (0.32 * low + 0.38 * near);
          r += 130 * a;
          gg += 70 * a;
          b += 34 * a;
          // Higher up, the night thins to a pale morning blue.
          const hi = dawnLight * (1 - low) * 0.22;
          r += 30 * hi;
          gg += 40 * hi;
          b += 46 * hi;
        }
        if (aur > 0.01) {
          // Curtains: a wavy lower edge, bright there and fading upward, in slow vertical folds;
          // only over Lyra's loom, its light rising with her threads into the dark (the one bright
          // column of serene's picture), never a haze across the whole sky.
          const base = 0.34 + 0.05 * Math.sin(u * 4.1 + s.time * 0.03) + 0.025 * Math.sin(u * 9.7 - s.time * 0.05);
          const dv = v - base;
          const fall = dv > 0 ? Math.exp(-(dv * dv) / 0.0012) : Math.exp(dv / 0.11);
          const folds = 0.55 + 0.45 * Math.sin(u * 23 + Math.sin(u * 5 + s.time * 0.04) * 2.2);
          const du = (u - loomU) / 0.15;
          const a = aur * fall * folds * Math.exp(-du * du) * 0.85;
          r += (pal[9] * 0.3 + 20) * a;
          gg += (pal[10] * 0.4 + 110) * a;
          b += (pal[11] * 0.4 + 90) * a;
        }
        const o = (y * AW + x) * 4;
        d[o] = r;
        d[o + 1] = gg;
        d[o + 2] = b;
        d[o + 3] = 255;
      }
    }
    actx.putImageData(aimg, 0, 0, 0, rowFrom, AW, rowTo - rowFrom);
  }

  /**
   * Grid rows the smoothed stretch samples for wall rows [y0, y1) of a wall `h` px tall: the two
   * rows around each pixel centre, plus one of margin each side, into `rows` as [from, to).
   */
  function gridRows(y0: number, y1: number, h: number): void {
    const from = Math.floor(((y0 + 0.5) * AH) / h - 0.5) - 1;
    const to = Math.floor(((y1 - 0.5) * AH) / h - 0.5) + 3;
    rows[0] = from < 0 ? 0 : from;
    rows[1] = to > AH ? AH : to;
  }

  /**
   * Repaints one horizontal band of the background cache: the gradient and atmosphere scaled up.
   * A scaled, smoothed blit costs per wall pixel in software rendering (~4 ms for a gradient strip
   * and an additive atmosphere at 1280×720; one opaque grid is about half of that), so it is spread
   * over {@link BANDS} frames; the sky changes over seconds, so the bands' quarter second of lag
   * never shows, and the wall itself gets one unscaled copy per frame.
   */
  function repaintBand(s: Scene): void {
    if (!bctx) return;
    if (bg.width !== s.w || bg.height !== s.h) {
      bg.width = s.w;
      bg.height = s.h;
      band = 0;
      // A new size is painted whole at once, so no band shows an empty canvas.
      drawAtmosphere(s, 0, AH);
      for (let i = 0; i < BANDS; i++) paintBand(i, s.w, s.h);
      return;
    }
    gridRows(Math.floor((band * s.h) / BANDS), Math.floor(((band + 1) * s.h) / BANDS), s.h);
    drawAtmosphere(s, rows[0], rows[1]);
    paintBand(band, s.w, s.h);
    band = (band + 1) % BANDS;
  }

  function paintBand(i: number, w: number, h: number): void {
    if (!bctx) return;
    const y0 = Math.floor((i * h) / BANDS);
    const y1 = Math.floor(((i + 1) * h) / BANDS);
    bctx.save();
    bctx.beginPath();
    bctx.rect(0, y0, w, y1 - y0);
    bctx.clip();
    bctx.imageSmoothingEnabled = true;
    bctx.globalCompositeOperation = 'source-over';
    bctx.drawImage(atmo, 0, 0, AW, AH, 0, 0, w, h);
    bctx.restore();
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const pal = s.pal;
      repaintBand(s);
      probe(g, 'sky.band');
      g.drawImage(bg, 0, 0);
      probe(g, 'sky.blit');
      // Stars: calm phases, breathing at ~0.1 Hz, three brightness buckets batched into one path each.
      const vis = (s.weight('serene') + 0.4 * s.weight('festival') + 0.5 * s.weight('upgrade') + 0.2 * s.weight('confrontation') + 0.8 * s.weight('dawn') * (1 - s.p('sunrise'))) * (1 - s.p('shadows') * 0.8);
      if (vis < 0.02) return;
      const ww = s.layout.worldWidth;
      const breath = s.time * 0.6283;
      const drift = s.lean.x * s.w * 0.003;
      // Stars fade first where the dawn's light is: low in the sky, and round the sun.
      const light = s.weight('dawn') * s.p('sunrise');
      const sunX = s.x(STAGE.sun.dawn?.x ?? 0.5);
      const fadeFrom = HORIZON * (1 - 0.75 * light);
      for (let bucket = 0; bucket < 3; bucket++) {
        g.beginPath();
        for (let i = bucket; i < STARS; i += 3) {
          const a = 0.5 + 0.5 * Math.sin(breath * 0.5 + sp[i]);
          const x = sx[i] * ww - s.layout.offsetX + drift;
          if (x < -4 || x > s.w + 4) continue;
          let r = sz[i] * (0.7 + 0.3 * a);
          if (light > 0.01) {
            const over = (sy[i] - fadeFrom) / 0.25;
            const ds = Math.abs(x - sunX) / s.h;
            const k = 1 - (over > 0 ? over : 0) - light * (ds < 0.45 ? 1 - ds / 0.45 : 0);
            if (k <= 0.1) continue;
            r *= k;
          }
          g.rect(x - r / 2, sy[i] * s.h - r / 2, r, r);
        }
        g.globalAlpha = vis * (0.25 + 0.3 * bucket) * (0.6 + 0.4 * Math.sin(breath + bucket * 2.1));
        g.fillStyle = rgbStyle(pal[12], pal[13], pal[14]);
        g.fill();
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      atmo.width = atmo.height = 0;
      bg.width = bg.height = 0;
    },
  };
}
