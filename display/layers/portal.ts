/**
 * The glitch's event: the dream portal tearing open at stage mark `portal` — a tall rift of light
 * on a darkened world, its edges fraying and tearing on a seeded schedule, streams of light pulled
 * into it (Tara, drawn by the cast, is taken through: the rose streams are hers) and shards of the
 * world drifting toward it. The slice displacement and colour split that go with it are the glitch
 * post effect's (glitch.ts), concentrated around this tear.
 *
 * Flash safety: nothing here strobes. The tear opens over seconds; its jagged edges re-tear a few
 * times a second by amounts scaled by the flash guard's allowance (`s.allow`); `s.safe` freezes
 * the tearing and slows the streams. Cost: one cached glow blit and a few batched paths.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { glowSprite, rgbStyle, thinStroke } from '../render/styles.ts';
import { markNow, placeMark } from '../render/stage.ts';

/** Points down each edge of the tear. */
const EDGE = 30;
const STREAMS = 72;
const SHARDS = 30;
/** Seconds the tear takes to open fully. */
const OPENING = 3.5;
/** The rift's half-height, in multiples of the mark's size. */
const HALF_HEIGHT = 0.8;
/** Its widest half-width, as a fraction of the wall's height. */
const HALF_WIDTH = 0.055;

/** Creates the portal layer. */
export function createPortal(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x9047);
  // Jagged edge offsets (fractions of the local half-width), re-torn on a schedule.
  const jagL = new Float32Array(EDGE);
  const jagR = new Float32Array(EDGE);
  // Fibres fraying from the edges: length and slant per edge point.
  const fLen = new Float32Array(EDGE * 2);
  const fSlant = new Float32Array(EDGE * 2);
  // Streams: start side and distance (fractions of the wall's height), start and target heights,
  // speed, phase, swirl; one in four is Tara's (rose).
  const sSide = new Int8Array(STREAMS);
  const sDist = new Float32Array(STREAMS);
  const sY0 = new Float32Array(STREAMS);
  const sY1 = new Float32Array(STREAMS);
  const sSpeed = new Float32Array(STREAMS);
  const sOff = new Float32Array(STREAMS);
  const sSwirl = new Float32Array(STREAMS);
  for (let i = 0; i < STREAMS; i++) {
    // Alternating sides, Tara's rose streams (every fourth) included.
    sSide[i] = (i + (i >> 2)) % 2 === 0 ? -1 : 1;
    sDist[i] = 0.25 + 0.75 * rng.next();
    sY0[i] = (rng.next() - 0.5) * 1.4;
    sY1[i] = (rng.next() - 0.5) * 1.2;
    sSpeed[i] = 0.18 + 0.3 * rng.next();
    sOff[i] = rng.next();
    sSwirl[i] = (rng.next() - 0.5) * 0.16;
  }
  const hX = new Float32Array(SHARDS);
  const hY = new Float32Array(SHARDS);
  const hSize = new Float32Array(SHARDS);
  const hSpeed = new Float32Array(SHARDS);
  const hOff = new Float32Array(SHARDS);
  const hSpin = new Float32Array(SHARDS);
  for (let i = 0; i < SHARDS; i++) {
    hX[i] = (i % 2 === 0 ? -1 : 1) * (0.3 + 0.7 * rng.next());
    hY[i] = (rng.next() - 0.5) * 1.6;
    hSize[i] = 0.008 + 0.022 * rng.next();
    hSpeed[i] = 0.05 + 0.08 * rng.next();
    hOff[i] = rng.next();
    hSpin[i] = (rng.next() - 0.5) * 2;
  }
  let nextTear = 0;
  function tear(amount: number): void {
    for (let i = 0; i < EDGE; i++) {
      jagL[i] = (rng.next() - 0.5) * amount;
      jagR[i] = (rng.next() - 0.5) * amount;
    }
    for (let i = 0; i < EDGE * 2; i++) {
      fLen[i] = rng.next() < 0.45 ? 0 : 0.006 + 0.03 * rng.next() * rng.next();
      fSlant[i] = (rng.next() - 0.5) * 1.4;
    }
  }
  tear(0.5);

  const mark = markNow();
  const glowCache = new ScaledSprite();
  let glow: HTMLCanvasElement | null = null;

  /** Half-width of the tear at t (0 top, 1 bottom), before jagging: a lens, widest a little low. */
  function profile(t: number): number {
    const k = Math.sin(Math.PI * t);
    return k * Math.sqrt(k) * (0.75 + 0.25 * t);
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const gw = s.weight('glitch');
      if (gw < 0.01) return;
      placeMark('portal', s, mark);
      if (mark.on <= 0) return;
      const h = s.h;
      const cx = mark.x;
      const cy = mark.y;
      const hh = mark.size * HALF_HEIGHT;
      // It tears open over the first seconds of the glitch and stays open while the glitch lasts.
      const since = s.phase === 'glitch' ? s.phaseTime : OPENING;
      // It rips open fast, then keeps tearing wider for a while.
      const o = Math.min(1, since / OPENING);
      const wider = Math.min(1, since / (OPENING * 4));
      const open = (0.6 * o * o * (3 - 2 * o) + 0.4 * wider * (2 - wider)) * gw;
      if (open < 0.005) return;
      const calm = s.safe ? 0 : s.allow;
      if (!s.safe && s.time >= nextTear) {
        tear(0.25 + 0.55 * calm);
        nextTear = s.time + 0.14 + 0.3 * rng.next();
      }
      const pal = s.pal;
      const d = s.dreamers;

      // The world darkens around the tear as it opens, so the rift is light on black.
      g.globalAlpha = 0.6 * open;
      g.fillStyle = '#000';
      g.fillRect(0, 0, s.w, h);

      g.globalCompositeOperation = 'lighter';
      // The tear's glow: one cached soft sprite stretched tall.
      glow ??= glowSprite(128, 120, 235, 240, 0.18);
      const gwid = h * (0.1 + 0.16 * open);
      g.globalAlpha = 0.55 * open;
      glowCache.draw(g, glow, cx - gwid, cy - hh * 1.15, gwid * 2, hh * 2.3);

      // Streams of light drawn into the tear from both sides, accelerating as they near it; one in
      // four is rose: Tara's light, pulled through.
      const speed = s.safe ? 0.3 : 1;
      for (let pass = 0; pass < 2; pass++) {
        g.beginPath();
        for (let i = pass === 0 ? 0 : 3; i < STREAMS; i += pass === 0 ? 1 : 4) {
          if (pass === 0 && i % 4 === 3) continue;
          const p = (s.time * sSpeed[i] * speed + sOff[i]) % 1;
          for (let k = 0; k < 7; k++) {
            const q = Math.max(0, p - k * 0.04);
            const e = q * q;
            const x = cx + sSide[i] * sDist[i] * h * (1 - e);
            const y = cy + (sY0[i] + (sY1[i] - sY0[i]) * e) * hh + Math.sin(Math.PI * e) * sSwirl[i] * h;
            if (k === 0) g.moveTo(x, y);
            else g.lineTo(x, y);
          }
        }
        if (pass === 0) g.strokeStyle = rgbStyle(pal[3] * 0.6 + 90, pal[4] * 0.6 + 90, pal[5] * 0.6 + 90);
        else g.strokeStyle = rgbStyle(d[6], d[7], d[8]);
        // Hairlines (cheap in software rendering); Tara's rose streams a little stronger.
        thinStroke(g, 1.5 * (h / 720), (pass === 0 ? 0.6 : 0.95) * open, s.quality);
        g.stroke();
      }

      // The rift: one jagged lens of light.
      const maxW = HALF_WIDTH * h * open;
      g.beginPath();
      for (let i = 0; i < EDGE; i++) {
        const t = i / (EDGE - 1);
        const w = profile(t) * maxW;
        const x = cx - w * (1 + jagL[i]) - (t > 0.05 && t < 0.95 ? 1 : 0);
        const y = cy - hh + t * hh * 2;
        if (i === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      }
      for (let i = EDGE - 1; i >= 0; i--) {
        const t = i / (EDGE - 1);
        const w = profile(t) * maxW;
        g.lineTo(cx + w * (1 + jagR[i]) + (t > 0.05 && t < 0.95 ? 1 : 0), cy - hh + t * hh * 2);
      }
      g.closePath();
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = Math.min(1, 1.2 * open);
      g.fillStyle = rgbStyle(236, 255, 253);
      g.fill();
      g.globalCompositeOperation = 'lighter';
      g.strokeStyle = rgbStyle(pal[3], pal[4], pal[5]);
      thinStroke(g, 1.5 * (h / 720), 0.9 * open, s.quality);
      g.stroke();

      // Fraying: fibres of light torn from both edges, bent toward the tear's flow.
      g.beginPath();
      for (let i = 1; i < EDGE - 1; i++) {
        const t = i / (EDGE - 1);
        const w = profile(t) * maxW;
        const y = cy - hh + t * hh * 2;
        for (let side = 0; side < 2; side++) {
          const f = fLen[i * 2 + side] * h * open;
          if (f <= 0) continue;
          const sgn = side === 0 ? -1 : 1;
          const x = cx + sgn * w * (1 + (side === 0 ? jagL[i] : jagR[i]));
          g.moveTo(x, y);
          g.lineTo(x + sgn * f, y + fSlant[i * 2 + side] * f);
        }
      }
      g.strokeStyle = rgbStyle(pal[3] * 0.5 + 120, pal[4] * 0.5 + 120, pal[5] * 0.5 + 120);
      thinStroke(g, 1.2 * (h / 720), 0.8 * open, s.quality);
      g.stroke();
      g.globalCompositeOperation = 'source-over';

      // Shards of the world drifting toward the tear, turning, shrinking as they are swallowed.
      g.beginPath();
      for (let i = 0; i < SHARDS; i++) {
        const p = (s.time * hSpeed[i] * speed + hOff[i]) % 1;
        const e = p * p;
        const x = cx + hX[i] * h * 0.85 * (1 - e);
        const y = cy + hY[i] * hh * (1 - 0.7 * e);
        const r = hSize[i] * h * (1 - 0.8 * e) * open;
        const a = hSpin[i] * (s.time * speed + i);
        g.moveTo(x + Math.cos(a) * r, y + Math.sin(a) * r);
        g.lineTo(x + Math.cos(a + 2.3) * r * 0.7, y + Math.sin(a + 2.3) * r * 0.7);
        g.lineTo(x + Math.cos(a + 4.1) * r * 0.9, y + Math.sin(a + 4.1) * r * 0.9);
        g.closePath();
      }
      g.fillStyle = rgbStyle(pal[12] + 30, pal[13] + 30, pal[14] + 34);
      g.globalAlpha = 0.85 * open;
      g.fill();
      g.strokeStyle = rgbStyle(pal[3], pal[4], pal[5]);
      thinStroke(g, 1, 0.45 * open, s.quality);
      g.stroke();
      g.globalAlpha = 1;
    },
    dispose(): void {
      glowCache.dispose();
      glow = null;
    },
  };
}
