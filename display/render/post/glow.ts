/**
 * Glow: the bloom of the picture's bright parts and the echo of the frames before, as one post
 * effect. The finished picture is shrunk to an eighth of the wall, raised to the fourth power (two `multiply`s of itself:
 * dark parts vanish, bright ones stay), added into a low-resolution buffer that carries the previous
 * frames' glow turned, zoomed or stretched by the phase (`echo.ts`), widened by a still smaller
 * copy, and stretched smoothly (the bilinear stretch is the blur) onto a wall-size canvas that is
 * laid over the wall additively, unscaled. Strength follows the phase, the flash guard's allowance
 * (`Scene.allow`) and calm mode; the glow is made of the picture itself, so it changes only as fast
 * as the picture does.
 * Cost at 1280×720: a smoothed stretch over the whole wall costs several times an unscaled blit in
 * software rendering (measured: an eighth-size canvas stretched over the wall additively, ~15–30 ms
 * on the loaded machine, against ~1–4 ms for an unscaled additive copy), so the stretch is spread
 * over {@link BANDS} frames (a band of the wall-size glow a frame, like the sky's background) and the
 * wall gets one unscaled additive copy per frame. The glow lags its picture by up to that many
 * frames, which its echo hides; the shrink and the low-resolution steps are tiny.
 */
import { probe } from '../costProbe.ts';
import type { PostEffect } from '../compose.ts';
import type { Scene } from '../Scene.ts';
import { markNow, placeMark } from '../stage.ts';
import { PHASES } from '../../../core/arc/phases.ts';
import { ECHO_CENTRE, echoNow, echoShape } from './echo.ts';

/** The glow buffer is the wall divided by this. */
const DOWN = 8;
/** The wide halo is the glow buffer divided by this. */
const WIDE = 4;
/** Below this render quality (`Scene.quality`) the glow fades out: the first thing the wall gives up. */
export const GATE = 0.95;
/** Frames over which the wall-size glow is restretched once. */
const BANDS = 8;

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
  const [big, gctx] = canvas2d();
  let band = 0;
  /** The wall-size glow missed frames (the glow was off): restretch it whole when it comes back. */
  let stale = true;
  /** 0..1: the glow's share the adaptive quality allows, eased. */
  let gate = 1;
  /** The glow's strength now, eased toward what the phase and the guard allow. */
  let level = 0;
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

  /** Restretches bands [from, to) of the wall-size glow from the low-resolution one. */
  function stretch(from: number, to: number, w: number, h: number): void {
    if (!gctx) return;
    if (big.width !== w || big.height !== h) {
      big.width = w;
      big.height = h;
      from = 0;
      to = BANDS;
    }
    const y0 = Math.floor((from * h) / BANDS);
    const y1 = Math.floor((to * h) / BANDS);
    gctx.save();
    gctx.beginPath();
    gctx.rect(0, y0, w, y1 - y0);
    gctx.clip();
    gctx.globalCompositeOperation = 'copy';
    gctx.imageSmoothingEnabled = true;
    gctx.drawImage(out, 0, 0, gw, gh, 0, 0, w, h);
    gctx.restore();
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
      if (!bctx || !actxA || !actxB || !wctx || !octx || !gctx) return;
      size(s.w, s.h);
      echoNow(s, shape);
      // The quality governor thins the glow before anything else is thinned.
      // The adaptive quality thins the glow first: below GATE it fades out over a second or so (never
      // cut at once: a whole wall's glow vanishing in a frame would be a luminance step).
      const target = s.quality < GATE ? 0 : 1;
      gate += (target - gate) * (1 - Math.exp(-s.dt / 0.8));
      if (target === 0 && gate < 0.02) gate = 0;
      const want = shape.bloom * s.allow * (s.safe ? 0.6 : 1) * gate * (0.6 + 0.4 * s.p('brightness'));
      // Eased over ~0.4 s: the glow brightens the frame the flash guard measures, so taking its
      // allowance raw could let the two pull on each other into a slow pulse of the bloom.
      level += (want - level) * (1 - Math.exp(-s.dt / 0.4));
      // Given up by the adaptive quality and faded out: no work at all (shrinking the wall alone costs
      // a full-wall read), and the echo starts afresh when the glow comes back (from zero, so no step).
      if (gate === 0 && level < 0.01) {
        fresh = true;
        stale = true;
        return;
      }
      const strength = level;
      // 1. The bright parts: the picture shrunk, then raised to the fourth power.
      bctx.globalCompositeOperation = 'copy';
      bctx.globalAlpha = 1;
      bctx.imageSmoothingEnabled = true;
      bctx.drawImage(wall, 0, 0, wall.width, wall.height, 0, 0, gw, gh);
      // Squared twice (x⁴): a lit sky stays out, lamps, the sun, threads and rims come through.
      bctx.globalCompositeOperation = 'multiply';
      bctx.drawImage(bright, 0, 0);
      bctx.drawImage(bright, 0, 0);
      probe(bctx, 'glow.shrink');
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
      probe(actxA, 'glow.echo');
      if (strength < 0.01) {
        stale = true;
        return;
      }
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
      // 4. One band stretched onto the wall-size glow, then the glow over the wall, additively, unscaled.
      if (stale || big.width !== s.w || big.height !== s.h) stretch(0, BANDS, s.w, s.h);
      else stretch(band, band + 1, s.w, s.h);
      band = (band + 1) % BANDS;
      probe(gctx, 'glow.stretch');
      stale = false;
      g.globalCompositeOperation = 'lighter';
      g.globalAlpha = Math.min(1, strength);
      g.drawImage(big, 0, 0);
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      for (const c of [bright, accA, accB, wide, out, big]) c.width = c.height = 0;
    },
  };
}
