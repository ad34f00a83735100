/**
 * The glitch's stutter, as a post effect on the finished picture: slices of the picture beside Brian's
 * machine (stage mark `machine`) slip toward it in the upgrade — the first micro-stutters of a dream
 * being compressed — and, where the stage has no machine (the nightmare's and confrontation's faint
 * glitch), a few slices slip across the whole wall. Each slice is torn in two (the part nearest the
 * machine dragged furthest), with no coloured edge and no colour split: the picture slips, the
 * screen does not show stock glitch bars. In the glitch itself it draws nothing: there the woven
 * dream tears open (portal.ts) and the machine fails (upgrade.ts), which is the event.
 * Displacements change on a seeded schedule a few times a second (never every frame) and shrink with
 * the flash guard's allowance; safe mode moves nothing. Never a full-frame strobe.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { markNow, placeMark } from '../render/stage.ts';

const SLICES = 14;

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
  // How far from the machine each slice reaches (fraction of the region's half-width).
  const sliceLen = new Float32Array(SLICES);
  // Where each slice tears in two (fraction of its length from its far end), how far its far part
  // lags behind (fraction of the near part's displacement) and how far its near part dips (px at 720).
  const sliceCut = new Float32Array(SLICES);
  const sliceLag = new Float32Array(SLICES);
  const sliceDip = new Float32Array(SLICES);
  const focus = markNow();
  let nextShuffle = 0;

  function shuffle(): void {
    for (let i = 0; i < SLICES; i++) {
      // Denser near the machine's middle height.
      const v = rng.next();
      sliceY[i] = 0.5 + (v - 0.5) * (0.4 + 0.6 * rng.next());
      sliceH[i] = 0.008 + 0.05 * rng.next() * rng.next();
      sliceDx[i] = 0.25 + 0.75 * rng.next();
      sliceLen[i] = 0.3 + 0.7 * rng.next();
      sliceCut[i] = 0.2 + 0.6 * rng.next();
      sliceLag[i] = 0.15 + 0.45 * rng.next();
      sliceDip[i] = (rng.next() - 0.5) * 6;
    }
  }
  shuffle();

  return {
    draw(): void {
      /* drawn through apply() */
    },
    apply(g: CanvasRenderingContext2D, canvas: HTMLCanvasElement, s: Scene): void {
      const glitch = s.p('glitch') * (s.weight('glitch') + s.weight('upgrade') + 0.6 * s.weight('nightmare') + 0.6 * s.weight('confrontation'));
      if (glitch < 0.03 || !sctx || s.safe) return;
      const amount = glitch * s.allow;
      if (amount < 0.03) return;
      const w = s.w;
      const h = s.h;
      // The tear is the portal's: the glitch itself slides nothing (its weight still counts above,
      // so the slices fade out as the glitch comes in and back as it gives way).
      placeMark('portal', s, focus);
      if (focus.on > 0.05) return;
      // Where the world slips: toward the machine, else across the wall.
      let half: number;
      let top: number;
      let tall: number;
      placeMark('machine', s, focus);
      if (focus.on > 0.05) {
        half = focus.size * 1.4;
        tall = focus.size * 2.2;
        top = focus.y - tall / 2;
      } else {
        focus.x = w / 2;
        half = w / 2;
        tall = h;
        top = 0;
      }
      const cx = Math.round(focus.x);
      const rx = Math.max(0, Math.round(focus.x - half));
      const rr = Math.min(w, Math.round(focus.x + half));
      const ry = Math.max(0, Math.round(top));
      const rb = Math.min(h, Math.round(top + tall));
      if (rr <= rx || rb <= ry) return;
      if (s.time >= nextShuffle) {
        shuffle();
        nextShuffle = s.time + 0.18 + 0.35 * rng.next();
      }
      // Full size, copied and drawn back unscaled at whole-pixel offsets: in software rendering a
      // scaled or sub-pixel blit costs several times an aligned copy.
      if (scratch.width !== w || scratch.height !== h) {
        scratch.width = w;
        scratch.height = h;
      }
      const n = Math.round(SLICES * Math.min(1, amount * 1.2));
      for (let i = 0; i < n; i++) {
        // Even slices lie left of the machine and slide right toward it; odd ones the mirror.
        const left = i % 2 === 0;
        const y = ry + Math.round(sliceY[i] * (rb - ry));
        const hh = Math.min(rb - y, Math.max(1, Math.round(sliceH[i] * h)));
        const len = Math.round(sliceLen[i] * half);
        const x0 = left ? Math.max(rx, cx - len) : cx;
        const x1 = left ? cx : Math.min(rr, cx + len);
        if (hh <= 0 || x1 <= x0) continue;
        // Every slice reads the frame as it was before any slice moved (only its own pixels are copied).
        sctx.drawImage(canvas, x0, y, x1 - x0, hh, x0, y, x1 - x0, hh);
        const dx = Math.round(sliceDx[i] * half * 0.22 * amount) * (left ? 1 : -1);
        // Torn in two, not a tidy bar: the part nearest the machine is dragged furthest (and dips a
        // pixel or two), the far part lags behind — a smear into the rift.
        const cut = left ? x0 + Math.round((x1 - x0) * sliceCut[i]) : x1 - Math.round((x1 - x0) * sliceCut[i]);
        const nearX0 = left ? cut : x0;
        const nearX1 = left ? x1 : cut;
        const farX0 = left ? x0 : cut;
        const farX1 = left ? cut : x1;
        // The far part still slides toward the machine (by at least a pixel), never away.
        const lag = dx === 0 ? 0 : Math.sign(dx) * Math.max(1, Math.abs(Math.round(dx * sliceLag[i])));
        const dip = Math.round(sliceDip[i] * amount * (h / 720));
        g.globalAlpha = 1;
        if (farX1 > farX0) g.drawImage(scratch, farX0, y, farX1 - farX0, hh, farX0 + lag, y, farX1 - farX0, hh);
        if (nearX1 > nearX0) g.drawImage(scratch, nearX0, y, nearX1 - nearX0, hh, nearX0 + dx, y + dip, nearX1 - nearX0, hh);
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      scratch.width = scratch.height = 0;
    },
  };
}
