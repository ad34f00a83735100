/**
 * The glitch, as a post effect on the finished picture: horizontal slices displaced sideways, a
 * colour-split ghost, scanlines and drifting pixel blocks. Displacements change on a seeded schedule
 * a few times a second (never every frame) and shrink with the flash guard's allowance; safe mode
 * keeps only the scanlines. Never a full-frame strobe.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle } from '../render/styles.ts';

const SLICES = 12;
/** Faintest colour-split ghost drawn (its alpha; 1.5 levels of 255). */
const GHOST_MIN = 1.5 / 255;

/** The glitch post layer draws from a copy of the canvas it is given. */
export interface GlitchLayer extends Layer {
  /** Applies the effect to the finished frame on `canvas`. */
  apply(g: CanvasRenderingContext2D, canvas: HTMLCanvasElement, s: Scene): void;
}

/** Creates the glitch post layer. */
export function createGlitch(seed: number): GlitchLayer {
  const rng = new SeededRandom(seed ^ 0x61c4);
  const scratch = document.createElement('canvas');
  const sctx = scratch.getContext('2d');
  const sliceY = new Float32Array(SLICES);
  const sliceH = new Float32Array(SLICES);
  const sliceDx = new Float32Array(SLICES);
  let nextShuffle = 0;

  function shuffle(): void {
    for (let i = 0; i < SLICES; i++) {
      sliceY[i] = rng.next();
      sliceH[i] = 0.01 + 0.06 * rng.next() * rng.next();
      sliceDx[i] = (rng.next() - 0.5) * 2;
    }
  }
  shuffle();

  return {
    draw(): void {
      /* drawn through apply() */
    },
    apply(g: CanvasRenderingContext2D, canvas: HTMLCanvasElement, s: Scene): void {
      const glitch = s.p('glitch') * (s.weight('glitch') + s.weight('upgrade') + 0.6 * s.weight('nightmare') + 0.6 * s.weight('confrontation'));
      if (glitch < 0.03 || !sctx) return;
      const w = s.w;
      const h = s.h;
      // Scanlines stay even in safe mode: they do not move. One path of one-pixel rows: a repeating
      // pattern fill samples its tile at every wall pixel, several times the cost in software rendering.
      g.globalAlpha = 0.35 * glitch;
      g.fillStyle = '#000';
      g.beginPath();
      for (let y = 2; y < h; y += 3) g.rect(0, y, w, 1);
      g.fill();
      const amount = glitch * s.allow * (s.safe ? 0 : 1);
      if (amount < 0.03) {
        g.globalAlpha = 1;
        return;
      }
      if (s.time >= nextShuffle) {
        shuffle();
        nextShuffle = s.time + 0.18 + 0.35 * rng.next();
      }
      // Full size, copied and drawn back unscaled at whole-pixel offsets: in software rendering a
      // scaled or sub-pixel blit costs several times an aligned copy, so a smaller scratch costs more.
      const sw = w;
      const sh = h;
      if (scratch.width !== sw || scratch.height !== sh) {
        scratch.width = sw;
        scratch.height = sh;
      }
      const n = Math.round(SLICES * Math.min(1, amount * 1.2));
      // The colour split adds at most 0.12 × amount of a channel: below about 1.5 levels of 255 (the
      // nightmare's and confrontation's faint glitch) it cannot be seen, and without it only the
      // slices' rows need copying, not the whole frame (a full copy and an additive full-frame blit
      // were 2–2.5 ms of a 1920×1080 nightmare frame).
      const ghost = 0.12 * amount >= GHOST_MIN;
      if (ghost) sctx.drawImage(canvas, 0, 0, w, h, 0, 0, sw, sh);
      else {
        // Every slice reads the frame as it was before any slice moved, as the full copy did.
        for (let i = 0; i < n; i++) {
          const y = Math.round(sliceY[i] * h);
          const hh = Math.min(h - y, Math.max(1, Math.round(sliceH[i] * h)));
          if (hh > 0) sctx.drawImage(canvas, 0, y, w, hh, 0, y, sw, hh);
        }
      }
      for (let i = 0; i < n; i++) {
        const y = Math.round(sliceY[i] * h);
        const hh = Math.max(1, Math.round(sliceH[i] * h));
        const dx = Math.round(sliceDx[i] * w * 0.06 * amount);
        g.globalAlpha = 1;
        g.drawImage(scratch, 0, y, sw, hh, dx, y, w, hh);
        // A thin coloured edge on some slices: cyan mostly, the glitch red only sparingly (never saturated red).
        g.globalAlpha = 0.5 * amount;
        g.fillStyle = i % 4 === 0 ? rgbStyle(255, 70, 120) : rgbStyle(s.pal[3], s.pal[4], s.pal[5]);
        g.fillRect(0, y, w, Math.max(1, hh * 0.06));
      }
      // Colour split: a faint sideways ghost of the whole frame.
      if (ghost) {
        g.globalCompositeOperation = 'lighter';
        g.globalAlpha = 0.12 * amount;
        g.drawImage(scratch, Math.max(1, Math.round(6 * amount * (h / 720))), 0);
        g.globalCompositeOperation = 'source-over';
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      scratch.width = scratch.height = 0;
    },
  };
}
