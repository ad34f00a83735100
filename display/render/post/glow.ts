/**
 * Glow: the bloom of the picture's bright parts and the echo of the frames before, as one post
 * effect. The finished picture is shrunk to an eighth of the wall, raised to the fourth power (two `multiply`s of itself:
 * dark parts vanish, bright ones stay), added into a low-resolution buffer that carries the previous
 * frames' glow turned, zoomed or stretched by the phase (`echo.ts`), widened by a still smaller
 * copy, and laid over the wall additively in one smoothed stretch, whose bilinear scaling is the
 * blur. Strength follows the phase, the flash guard's allowance (`Scene.allow`) and calm mode; the
 * glow is made of the picture itself, so it changes only as fast as the picture does.
 * Cost at 1280×720: the shrink and the low-resolution steps are tiny; the one additive stretch over
 * the wall is most of it.
 */
import type { PostEffect } from '../compose.ts';
import type { Scene } from '../Scene.ts';
import { markNow, placeMark } from '../stage.ts';
import { PHASES } from '../../../core/arc/phases.ts';
import { ECHO_CENTRE, echoNow, echoShape } from './echo.ts';

/** The glow buffer is the wall divided by this. */
const DOWN = 8;
/** The wide halo is the glow buffer divided by this. */
const WIDE = 4;

function canvas2d(): [HTMLCanvasElement, CanvasRenderingContext2D | null] {
  const c = document.createElement('canvas');
  c.width = c.height = 1;
  return [c, c.getContext('2d')];
}

/** Creates the glow post effect. */
export function createGlow(): PostEffect {
  const [bright, bctx] = canvas2d();
  let [accA, actxA] = canvas2d();
  let [accB, actxB] = canvas2d();
  const [wide, wctx] = canvas2d();
  const [out, octx] = canvas2d();
  const shape = echoShape();
  const mark = markNow();
  let gw = 1;
  let gh = 1;
  let fresh = true;

  function size(w: number, h: number): void {
    const nw = Math.max(4, Math.round(w / DOWN));
    const nh = Math.max(4, Math.round(h / DOWN));
    if (nw === gw && nh === gh) return;
    gw = nw;
    gh = nh;
    bright.width = accA.width = accB.width = out.width = gw;
    bright.height = accA.height = accB.height = out.height = gh;
    wide.width = Math.max(2, Math.round(gw / WIDE));
    wide.height = Math.max(2, Math.round(gh / WIDE));
    fresh = true;
  }

  /** The echo's centre now, in glow px: the phases' marks blended, or the centre. */
  function centre(s: Scene): void {
    let x = 0;
    let y = 0;
    let sum = 0;
    for (let i = 0; i < PHASES.length; i++) {
      const w = s.weights[i];
      if (w <= 0) continue;
      const name = ECHO_CENTRE[PHASES[i]];
      if (name) {
        placeMark(name, s, mark);
        x += w * mark.x;
        y += w * mark.y;
      } else {
        x += w * s.w * 0.5;
        y += w * s.h * 0.45;
      }
      sum += w;
    }
    mark.x = sum > 0 ? (x / sum) * (gw / s.w) : gw / 2;
    mark.y = sum > 0 ? (y / sum) * (gh / s.h) : gh / 2;
  }

  return {
    resize: size,
    apply(g: CanvasRenderingContext2D, wall: HTMLCanvasElement, s: Scene): void {
      if (!bctx || !actxA || !actxB || !wctx || !octx) return;
      size(s.w, s.h);
      echoNow(s, shape);
      // The quality governor thins the glow before anything else is thinned.
      const strength = shape.bloom * s.allow * (s.safe ? 0.6 : 1) * (s.quality < 0.5 ? 0.5 : 1) * (0.6 + 0.4 * s.p('brightness'));
      // 1. The bright parts: the picture shrunk, then raised to the fourth power.
      bctx.globalCompositeOperation = 'copy';
      bctx.globalAlpha = 1;
      bctx.imageSmoothingEnabled = true;
      bctx.drawImage(wall, 0, 0, wall.width, wall.height, 0, 0, gw, gh);
      // Squared twice (x⁴): a lit sky stays out, lamps, the sun, threads and rims come through.
      bctx.globalCompositeOperation = 'multiply';
      bctx.drawImage(bright, 0, 0);
      bctx.drawImage(bright, 0, 0);
      // 2. The echo: the previous glow carried by the phase's motion, plus the new bright parts.
      const k = Math.min(3, s.dt * 60);
      const keep = fresh ? 0 : Math.pow(shape.keep, k);
      centre(s);
      const zoom = Math.pow(shape.zoom, k);
      const turn = shape.turn * k;
      const sx = zoom * Math.pow(shape.stretch, k);
      const c = Math.cos(turn);
      const sn = Math.sin(turn);
      actxB.globalCompositeOperation = 'copy';
      actxB.globalAlpha = keep;
      actxB.imageSmoothingEnabled = true;
      // About the centre: translate(c) · rotate · scale(sx, zoom) · translate(−c), then the drift.
      const tx = mark.x - (c * sx * mark.x - sn * zoom * mark.y);
      const ty = mark.y - (sn * sx * mark.x + c * zoom * mark.y) + shape.rise * gh * k;
      actxB.setTransform(c * sx, sn * sx, -sn * zoom, c * zoom, tx, ty);
      actxB.drawImage(accA, 0, 0);
      actxB.setTransform(1, 0, 0, 1, 0, 0);
      actxB.globalCompositeOperation = 'lighter';
      actxB.globalAlpha = fresh ? 1 : 1 - keep * 0.85;
      actxB.drawImage(bright, 0, 0);
      fresh = false;
      const t = accA;
      accA = accB;
      accB = t;
      const tc = actxA;
      actxA = actxB;
      actxB = tc;
      if (strength < 0.01) return;
      // 3. A wide halo from a still smaller copy, summed in the glow buffer.
      wctx.globalCompositeOperation = 'copy';
      wctx.imageSmoothingEnabled = true;
      wctx.drawImage(accA, 0, 0, gw, gh, 0, 0, wide.width, wide.height);
      octx.globalCompositeOperation = 'copy';
      octx.globalAlpha = 1;
      octx.drawImage(accA, 0, 0);
      octx.globalCompositeOperation = 'lighter';
      octx.imageSmoothingEnabled = true;
      octx.drawImage(wide, 0, 0, wide.width, wide.height, 0, 0, gw, gh);
      // 4. Over the wall, additively, in one smoothed stretch.
      g.globalCompositeOperation = 'lighter';
      g.globalAlpha = Math.min(1, strength);
      g.imageSmoothingEnabled = true;
      g.drawImage(out, 0, 0, gw, gh, 0, 0, s.w, s.h);
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      for (const c of [bright, accA, accB, wide, out]) c.width = c.height = 0;
    },
  };
}
