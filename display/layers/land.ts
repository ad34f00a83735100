/**
 * The land, the middle plane of the picture: a hazy back range of hills with Neo-Elysium far off
 * on it, a band of fog lying along the horizon, then the nearer hills the characters stand on,
 * and a low fog over them (the near ridge, `ridge.ts`, stands in front of that). Far things are
 * drawn paler and closer to the sky's colour (atmospheric perspective), near ones darker, and each
 * plane shifts a little with the room's lean (`Scene.lean`) — the far ones least — for parallax.
 * The city changes with the story: a few far lights in serene, warm festival lights, lit in grid
 * lines by the upgrade, dark after. At dawn the land's edges catch a warm rim of light from the sun.
 * The nightmare draws its own warped horizon, so the land steps back as the nightmare comes in.
 * Paths of a few hundred points and two tiny fog strips stretched over bands: no per-frame gradients.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { rgbStyle } from '../render/styles.ts';
import { HORIZON, markNow, placeMark } from '../render/stage.ts';

/** Profile sample step, px. */
const STEP = 8;
const TOWERS = 46;
const LIGHTS = 220;
/** Fog strip rows. */
const FOG = 32;
/** Where Neo-Elysium stands on the panorama (centre and half width, 0..1). */
export const CITY_U = 0.68;
const CITY_HALF = 0.11;

/** Height of the back range at panorama u, fraction of the wall height from the top. */
export function backRange(u: number, k: Float32Array): number {
  const e = Math.abs(u - 0.5) * 2;
  return HORIZON - 0.04 - 0.022 * Math.sin(u * 7.1 + k[0]) - 0.014 * Math.sin(u * 17.3 + k[1]) - 0.005 * Math.sin(u * 43 + k[2]) - 0.06 * e * e;
}

/** Height of the near hills (the ground the characters stand on) at panorama u. */
export function frontHills(u: number, k: Float32Array): number {
  const e = Math.abs(u - 0.5) * 2;
  return HORIZON + 0.008 - 0.012 * Math.sin(u * 5.3 + k[3]) - 0.006 * Math.sin(u * 13.7 + k[4]) - 0.05 * e * e * e;
}

/** Creates the land layer. @param seed hills' shape and the city's towers. */
export function createLand(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x1a4d);
  const k = new Float32Array(6);
  for (let i = 0; i < k.length; i++) k[i] = rng.next() * 6.283;
  // Towers: panorama u, half width (u), height (fraction of h above the back range's line).
  const tu = new Float32Array(TOWERS);
  const tw = new Float32Array(TOWERS);
  const th = new Float32Array(TOWERS);
  for (let i = 0; i < TOWERS; i++) {
    const f = (i + rng.next() * 0.8) / TOWERS;
    tu[i] = CITY_U - CITY_HALF + 2 * CITY_HALF * f;
    tw[i] = 0.0015 + 0.004 * rng.next();
    // Taller towards the middle: a skyline with a heart.
    const mid = 1 - Math.abs(f - 0.5) * 2;
    th[i] = 0.012 + 0.05 * mid * mid * (0.4 + 0.6 * rng.next()) + 0.01 * rng.next();
  }
  // Lights: tower, place across (0..1) and up (0..1), twinkle phase, warm or cool.
  const lt = new Uint8Array(LIGHTS);
  const lx = new Float32Array(LIGHTS);
  const ly = new Float32Array(LIGHTS);
  const lp = new Float32Array(LIGHTS);
  for (let i = 0; i < LIGHTS; i++) {
    lt[i] = Math.floor(rng.next() * TOWERS);
    lx[i] = rng.next();
    ly[i] = rng.next();
    lp[i] = rng.next() * 6.283;
  }
  const fog = document.createElement('canvas');
  fog.width = 1;
  fog.height = FOG * 2;
  const fctx = fog.getContext('2d');
  const fimg = fctx ? fctx.createImageData(1, FOG * 2) : null;
  const sun = markNow();

  /** Paints the two fog strips (the horizon's and the low one) in their colours now. */
  function paintFog(r: number, gg: number, b: number, a0: number, a1: number): void {
    if (!fctx || !fimg) return;
    const d = fimg.data;
    for (let i = 0; i < FOG * 2; i++) {
      const t = ((i % FOG) + 0.5) / FOG;
      // A soft band: rises quickly from its top, lies thickest below its middle, thins to the bottom.
      const f = Math.sin(Math.PI * Math.pow(t, 0.8));
      d[i * 4] = r;
      d[i * 4 + 1] = gg;
      d[i * 4 + 2] = b;
      d[i * 4 + 3] = 255 * f * f * (i < FOG ? a0 : a1);
    }
    fctx.putImageData(fimg, 0, 0);
  }

  function profile(g: CanvasRenderingContext2D, s: Scene, shift: number, front: boolean, bottom: number): void {
    const ww = s.layout.worldWidth;
    const ox = s.layout.offsetX;
    const h = s.h;
    g.moveTo(-STEP, bottom);
    for (let x = -STEP; x <= s.w + STEP; x += STEP) {
      const u = (x + ox - shift) / ww;
      g.lineTo(x, (front ? frontHills(u, k) : backRange(u, k)) * h);
    }
    g.lineTo(s.w + STEP, bottom);
    g.closePath();
  }

  function edge(g: CanvasRenderingContext2D, s: Scene, shift: number, front: boolean, from: number, to: number): void {
    const ww = s.layout.worldWidth;
    const ox = s.layout.offsetX;
    const a = Math.max(-STEP, Math.floor(from / STEP) * STEP);
    const b = Math.min(s.w + STEP, to);
    for (let x = a; x <= b; x += STEP) {
      const u = (x + ox - shift) / ww;
      const y = (front ? frontHills(u, k) : backRange(u, k)) * s.h;
      if (x === a) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const pal = s.pal;
      const w = s.w;
      const h = s.h;
      const ww = s.layout.worldWidth;
      const ox = s.layout.offsetX;
      const nm = s.weight('nightmare');
      const show = 1 - 0.92 * nm;
      if (show < 0.02) return;
      const bright = 0.35 + 0.65 * s.p('brightness');
      const dawn = s.weight('dawn');
      const rise = s.p('sunrise') * dawn;
      const lx0 = s.lean.x * w;
      const ly0 = s.lean.y * h;
      // Colours: the back range is the horizon's glow thickened (haze); the ground is the zenith's
      // deep colour darkened; the fog is the horizon glow, paler.
      const hr = pal[3];
      const hg = pal[4];
      const hb = pal[5];
      const zr = pal[0];
      const zg = pal[1];
      const zb = pal[2];
      g.globalAlpha = show;

      // Back range (far plane of the land): hazy, close to the sky.
      const farShift = lx0 * 0.006;
      g.beginPath();
      profile(g, s, farShift, false, (HORIZON + 0.06) * h + ly0 * 0.004);
      g.fillStyle = rgbStyle((zr * 0.55 + hr * 0.35) * bright, (zg * 0.55 + hg * 0.35) * bright, (zb * 0.55 + hb * 0.4) * bright);
      g.fill();

      // Neo-Elysium, far off on the back range: a silhouette a shade darker than the hills.
      const cityL = (CITY_U - CITY_HALF - 0.01) * ww - ox + farShift;
      const cityR = (CITY_U + CITY_HALF + 0.01) * ww - ox + farShift;
      if (cityR > 0 && cityL < w) {
        const base = backRange(CITY_U, k) * h + 0.012 * h;
        g.beginPath();
        for (let i = 0; i < TOWERS; i++) {
          const x = tu[i] * ww - ox + farShift;
          const hw = tw[i] * ww;
          const top = base - th[i] * h;
          g.rect(x - hw, top, hw * 2, base - top + 0.02 * h);
        }
        g.fillStyle = rgbStyle((zr * 0.45 + hr * 0.2) * bright, (zg * 0.45 + hg * 0.2) * bright, (zb * 0.5 + hb * 0.25) * bright);
        g.fill();
        // The city's lights: a few far ones in serene, warm in the festival, gone in the dark.
        const fest = s.weight('festival');
        const up = s.weight('upgrade') + 0.6 * s.weight('glitch');
        const calm = s.weight('serene') * 0.35 + fest + s.weight('dawn') * 0.2 + up * 0.5;
        if (calm > 0.02) {
          const n = Math.floor(LIGHTS * Math.min(1, 0.25 + 0.75 * fest + 0.5 * up));
          const sz = Math.max(1, h / 600);
          for (let warm = 0; warm < 2; warm++) {
            g.beginPath();
            for (let i = warm; i < n; i += 2) {
              const t = lt[i];
              const x = tu[t] * ww - ox + farShift + (lx[i] - 0.5) * 1.6 * tw[t] * ww;
              const y = base - th[t] * h * (0.1 + 0.85 * ly[i]);
              // Slow twinkle (a few seconds), never a blink.
              if (Math.sin(s.time * 0.4 + lp[i]) < -0.6) continue;
              g.rect(x, y, sz, sz);
            }
            g.globalAlpha = show * Math.min(1, calm) * (warm ? 0.9 : 0.6);
            g.fillStyle = warm ? rgbStyle(255, 196 - 40 * up, 120 + 120 * up) : rgbStyle(pal[12], pal[13], pal[14]);
            g.fill();
          }
        }
        // The upgrade lights the city in grid lines: floors and edges traced in the machine's cool
        // light, a scan line climbing the towers.
        if (up > 0.02) {
          g.beginPath();
          const floor = Math.max(3, h / 160);
          for (let i = 0; i < TOWERS; i++) {
            const x = tu[i] * ww - ox + farShift;
            const hw = tw[i] * ww;
            const top = base - th[i] * h;
            for (let y = base - floor; y > top; y -= floor) g.rect(x - hw, y, hw * 2, 1);
            g.rect(x - hw, top, 1, base - top);
            g.rect(x + hw - 1, top, 1, base - top);
          }
          g.globalAlpha = show * up * 0.35 * (0.7 + 0.3 * s.allow);
          g.fillStyle = rgbStyle(120, 220, 255);
          g.fill();
          const scan = base - ((s.time * 0.08) % 1) * 0.07 * h;
          g.globalAlpha = show * up * 0.5 * s.allow;
          g.fillRect(cityL, scan, cityR - cityL, Math.max(1, h / 400));
        }
        g.globalAlpha = show;
      }

      // Fog between the planes: a band along the horizon, in front of the far range and the city.
      const fogA = (0.4 + 0.25 * s.weight('serene') + 0.2 * dawn) * show;
      paintFog(hr * 0.8 + 40 * bright, hg * 0.8 + 40 * bright, hb * 0.8 + 50 * bright, 0.55, 0.45);
      g.imageSmoothingEnabled = true;
      g.globalAlpha = fogA;
      g.drawImage(fog, 0, 0, 1, FOG, 0, (HORIZON - 0.07) * h, w, 0.13 * h);

      // Near hills: the ground the characters stand on.
      const midShift = lx0 * 0.016;
      g.globalAlpha = show;
      g.beginPath();
      profile(g, s, midShift, true, h + 2);
      g.fillStyle = rgbStyle(zr * 0.45 * bright + 4, zg * 0.45 * bright + 4, zb * 0.5 * bright + 6);
      g.fill();

      // Dawn: a warm rim along the land's edges, brightest toward the sun.
      if (rise > 0.01) {
        placeMark('sun', s, sun);
        g.strokeStyle = rgbStyle(255, 200, 140);
        g.lineWidth = 1;
        g.globalAlpha = show * rise * 0.35;
        g.beginPath();
        edge(g, s, farShift, false, 0, w);
        g.stroke();
        const reach = 0.3 * w;
        g.lineWidth = Math.max(1, h / 400);
        g.globalAlpha = show * rise * 0.7;
        g.beginPath();
        edge(g, s, midShift, true, sun.x - reach, sun.x + reach);
        g.stroke();
        g.globalAlpha = show * rise * 0.9;
        g.beginPath();
        edge(g, s, farShift, false, sun.x - reach * 0.5, sun.x + reach * 0.5);
        g.stroke();
      }

      // Low fog lying over the near hills.
      g.globalAlpha = (0.3 + 0.15 * s.weight('serene') + 0.15 * dawn) * show;
      g.drawImage(fog, 0, FOG, 1, FOG, 0, (HORIZON + 0.04) * h + ly0 * 0.01, w, 0.16 * h);
      g.globalAlpha = 1;
    },
    dispose(): void {
      fog.width = fog.height = 0;
    },
  };
}
