/**
 * Lyra, the DreamWeaver, at her loom of light: a tall slender figure beside a frame whose cyan warp
 * threads run up out of it into the sky, where the phones' weaves join them. A shuttle of light
 * passes over and under the warp, laying row after row of cloth that rolls down onto the beam. In
 * the upgrade the warp is pulled taut and thrums and the shuttle races; in the glitch the shuttle
 * stalls and her threads snap and recoil; at dawn she weaves anew, slowly. The warp's geometry is
 * loomWarp.ts (shared with the threads layer); Lyra stands at the stage's `lyra` mark.
 */
import type { Layer } from '../Layer.ts';
import type { Scene } from '../../render/Scene.ts';
import { STAGE, markNow } from '../../render/stage.ts';
import { SpriteSizes } from '../../render/SpriteSizes.ts';
import { ScaledSprite } from '../../render/ScaledSprite.ts';
import { glowSprite, rgbStyle } from '../../render/styles.ts';
import { FigureCanvas } from './FigureCanvas.ts';
import { breath } from './poses.ts';
import { traceLyra } from './silhouettes.ts';
import { loomWarp, warpNow } from './loomWarp.ts';
import { EasedStage, GLIDE_SECONDS } from './EasedStage.ts';

/** Lyra's colour in `Scene.dreamers` (role order: lyra, remy, tara, brian). */
const LYRA = 0;
/** Rows of cloth shown on the loom below the fell (where the shuttle lays the newest row). */
const ROWS = 11;
/** How far up the frame the cloth reaches, 0..1. */
const CLOTH = 0.5;

/**
 * Seconds one pass of the shuttle takes now: a slow serene breath, quicker at the festival, racing
 * in the upgrade, unhurried at dawn.
 */
export function passSeconds(s: Scene, w: ArrayLike<number> = s.weights): number {
  // serene, festival, upgrade, glitch, nightmare, confrontation, dawn
  const sum = w[0] + w[1] + w[2] + w[3] + w[6];
  if (sum <= 0) return 2.4;
  return (w[0] * 2.4 + w[1] * 1.8 + w[2] * 0.7 + w[3] * 0.7 + w[6] * 3.2) / sum;
}

/** Creates Lyra's layer: her loom and herself. */
export function createLyra(): Layer {
  const figure = new FigureCanvas(traceLyra, { left: -0.25, right: 0.28, top: -1.02, bottom: 0.03 }, 0.02, -0.01);
  const warp = warpNow();
  const m = markNow();
  // Her loom changes its framing phase to phase: it glides (its fine warp must never slide fast).
  const stage = new EasedStage(GLIDE_SECONDS);
  let shuttle: SpriteSizes | null = null;
  /** The loom's aura: a soft glow round the frame, the serene picture's focal light. */
  let auraSrc: HTMLCanvasElement | null = null;
  const aura = new ScaledSprite();
  /** The warp's stroke: bright through the frame, fading as it runs up into the sky; remade when the loom moves. */
  let warpStyle: CanvasGradient | string = '';
  let warpFrom = Number.NaN;
  let warpTo = Number.NaN;
  let version = -1;
  /** Passes laid, and how far through the current one (continuous, so the shuttle never jumps). */
  let passes = 0;
  let frac = 0;

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      stage.step(s);
      loomWarp(s, warp, stage.weights);
      stage.place('lyra', s, m);
      if (warp.on < 0.01 && m.on < 0.01) return;
      const d = s.dreamers;
      if (version !== s.presetVersion) {
        version = s.presetVersion;
        shuttle?.dispose();
        shuttle = new SpriteSizes(glowSprite(64, d[LYRA], d[LYRA + 1], d[LYRA + 2], 0.3));
        if (auraSrc) auraSrc.width = auraSrc.height = 0;
        auraSrc = glowSprite(64, d[LYRA], d[LYRA + 1], d[LYRA + 2], 0.05);
        warpFrom = Number.NaN;
      }
      figure.ensure((STAGE.lyra.serene?.size ?? 0.26) * s.h, s.presetVersion, d, LYRA);
      const colour = rgbStyle(d[LYRA], d[LYRA + 1], d[LYRA + 2]);
      const pale = rgbStyle(d[LYRA] * 0.4 + 153, d[LYRA + 1] * 0.4 + 153, d[LYRA + 2] * 0.4 + 153);
      const on = warp.on;
      const k = s.h / 720;
      // The shuttle stalls in the glitch (the weave stops mid-row); otherwise it keeps its pace.
      const stall = stage.weight('glitch');
      frac += (s.dt / passSeconds(s, stage.weights)) * (1 - stall);
      while (frac >= 1) {
        frac -= 1;
        passes++;
      }
      const n = warp.n;
      const fell = warp.by - (warp.by - warp.beamY) * CLOTH;
      const dy = (warp.by - fell) / ROWS;

      if (on >= 0.01 && (Math.abs(warp.by - warpFrom) > 0.5 || Math.abs(warp.ty - warpTo) > 0.5)) {
        warpFrom = warp.by;
        warpTo = warp.ty;
        const grad = g.createLinearGradient(0, warp.by, 0, warp.ty);
        const r = Math.round(d[LYRA] * 0.5 + 128);
        const gg = Math.round(d[LYRA + 1] * 0.5 + 128);
        const b = Math.round(d[LYRA + 2] * 0.5 + 128);
        const t = (warp.by - warp.beamY) / Math.max(1, warp.by - warp.ty);
        grad.addColorStop(0, `rgba(${r},${gg},${b},1)`);
        grad.addColorStop(t, `rgba(${r},${gg},${b},0.95)`);
        grad.addColorStop(1, `rgba(${d[LYRA] | 0},${d[LYRA + 1] | 0},${d[LYRA + 2] | 0},0.25)`);
        warpStyle = grad;
      }

      if (on >= 0.01) {
        if (auraSrc) {
          const aw = (warp.right - warp.left) * 2.6;
          const ah = (warp.by - warp.beamY) * 1.5;
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = 0.32 * on;
          aura.draw(g, auraSrc, (warp.left + warp.right) / 2 - aw / 2, (warp.by + warp.beamY) / 2 - ah / 2, aw, ah);
          g.globalCompositeOperation = 'source-over';
        }
        // Strokes source-over: in software rendering a stroke under 'lighter' costs about twice as much.
        // The frame: two uprights, the cloth beam and the top beam.
        g.strokeStyle = colour;
        g.beginPath();
        // The uprights stand on the ground, on little splayed feet.
        const foot = warp.by + 0.05 * s.h;
        g.moveTo(warp.left - 10 * k, foot);
        g.lineTo(warp.left, foot - 6 * k);
        g.lineTo(warp.left, warp.beamY - 10 * k);
        g.moveTo(warp.right + 10 * k, foot);
        g.lineTo(warp.right, foot - 6 * k);
        g.lineTo(warp.right, warp.beamY - 10 * k);
        g.moveTo(warp.left - 8 * k, warp.by);
        g.lineTo(warp.right + 8 * k, warp.by);
        g.moveTo(warp.left - 10 * k, warp.beamY);
        g.lineTo(warp.right + 10 * k, warp.beamY);
        g.strokeStyle = pale;
        g.lineWidth = 2 * k;
        g.globalAlpha = 0.9 * on;
        g.stroke();

        // The warp: straight up through the frame, then fanning out into the sky.
        g.beginPath();
        for (let i = 0; i < n; i++) {
          g.moveTo(warp.bx[i], warp.by);
          g.lineTo(warp.bx[i], warp.beamY);
          const sn = warp.snap[i];
          if (sn <= 0) {
            g.lineTo(warp.tx[i], warp.ty);
          } else {
            // Snapped just above the beam: the loose end recoils, curling down and aside.
            const len = (warp.beamY - warp.ty) * 0.18 * (1 - 0.6 * sn);
            const side = i < n / 2 ? -1 : 1;
            g.quadraticCurveTo(warp.bx[i] + side * len * 0.6 * sn, warp.beamY - len, warp.bx[i] + side * len * sn, warp.beamY - len * (1 - sn) + 6 * k * sn);
          }
        }
        g.strokeStyle = warpStyle;
        g.lineWidth = 1;
        g.globalAlpha = (0.75 + 0.25 * warp.tension) * on;
        g.stroke();
        // The severed sky ends fly up and fade.
        if (stall > 0) {
          g.beginPath();
          for (let i = 0; i < n; i++) {
            const sn = warp.snap[i];
            if (sn <= 0 || sn >= 1) continue;
            const y0 = warp.beamY - (warp.beamY - warp.ty) * (0.2 + 0.5 * sn);
            const t0 = (y0 - warp.beamY) / (warp.ty - warp.beamY);
            g.moveTo(warp.bx[i] + (warp.tx[i] - warp.bx[i]) * t0, y0);
            g.lineTo(warp.tx[i], warp.ty - (warp.beamY - warp.ty) * 0.3 * sn);
          }
          g.globalAlpha = 0.5 * on;
          g.stroke();
        }

        // The cloth: weft rows passing over and under the warp, the newest at the fell being laid now.
        const dir = passes & 1;
        const shuttleX = dir === 0 ? warp.left + (warp.right - warp.left) * frac : warp.right - (warp.right - warp.left) * frac;
        g.beginPath();
        for (let r = 0; r < ROWS; r++) {
          const y = fell + (r + frac) * dy;
          const parity = (r + passes) & 1;
          for (let i = 0; i < n; i++) {
            if (((i + parity) & 1) !== 0) continue;
            const x0 = i > 0 ? (warp.bx[i - 1] + warp.bx[i]) / 2 : warp.left;
            const x1 = i < n - 1 ? (warp.bx[i] + warp.bx[i + 1]) / 2 : warp.right;
            if (r === 0) {
              // Only the part the shuttle has passed is woven yet.
              if (dir === 0 && x0 > shuttleX) continue;
              if (dir === 1 && x1 < shuttleX) continue;
            }
            g.moveTo(x0, y);
            g.lineTo(x1, y);
          }
        }
        g.strokeStyle = pale;
        g.lineWidth = Math.max(1, Math.min(3 * k, dy * 0.3));
        g.globalAlpha = 0.6 * on;
        g.stroke();
        // Under it, each laid row as one faint continuous thread, so the rows read as weft, not dashes.
        g.beginPath();
        for (let r = 0; r < ROWS; r++) {
          const y = fell + (r + frac) * dy;
          const x0 = r === 0 ? (dir === 0 ? warp.left : shuttleX) : warp.left;
          const x1 = r === 0 ? (dir === 0 ? shuttleX : warp.right) : warp.right;
          g.moveTo(x0, y);
          g.lineTo(x1, y);
        }
        g.strokeStyle = colour;
        g.lineWidth = 1;
        g.globalAlpha = 0.35 * on;
        g.stroke();
        // Where a row passes under, the warp shows over it: short bright risers.
        g.beginPath();
        for (let r = 1; r < ROWS; r++) {
          const y = fell + (r + frac) * dy;
          const parity = (r + passes) & 1;
          for (let i = 0; i < n; i++) {
            if (((i + parity) & 1) === 0) continue;
            g.moveTo(warp.bx[i], y - dy * 0.5);
            g.lineTo(warp.bx[i], y + dy * 0.5);
          }
        }
        g.strokeStyle = colour;
        g.lineWidth = Math.max(1, 1.6 * k);
        g.globalAlpha = 0.8 * on;
        g.stroke();

        // The shuttle of light at the fell.
        if (shuttle) {
          const sy = fell + frac * dy;
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = Math.min(1, on * (0.75 + 0.1 * breath(s, 0.2)));
          shuttle.draw(g, shuttleX, sy, s.h * 0.07);
          g.globalAlpha = 0.25 * on;
          shuttle.draw(g, shuttleX, sy, s.h * 0.2);
        }
        g.globalCompositeOperation = 'source-over';
      }

      // Lyra herself, beside the loom, her hand in the warp.
      if (m.on >= 0.01 && figure.height > 0) {
        if (shuttle) {
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = 0.35 * m.on;
          shuttle.draw(g, m.x, m.y - m.size * 0.55, m.size * 1.1);
          g.globalCompositeOperation = 'source-over';
        }
        figure.draw(g, m.x, m.y, m.size / figure.height, 0, m.on);
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      figure.dispose();
      stage.reset();
      aura.dispose();
      if (auraSrc) auraSrc.width = auraSrc.height = 0;
      auraSrc = null;
      shuttle?.dispose();
      shuttle = null;
      version = -1;
    },
  };
}
