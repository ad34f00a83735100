/**
 * The crowd's answer to the glitch: the phones' threads as stitches trying to hold the tear closed.
 * Each stitch is thrown up from the room (a strand rising from the bottom of the wall, faintly in its
 * dreamer's colour), laced across the rift from lip to lip in a zigzag, drawn taut and bowed into the
 * rift as the tear pulls at it, and at last snaps: its two cut ends are sucked into the tear, and the
 * room throws another. They lace the tear above and below Tara, leaving open the passage she is
 * pulled through. The stitches are in the tear's own light (a cyan-white core over a dark
 * thread, so they read against the rift's white and the dark alike): the glitch's palette, not
 * a spray of colours; the dreamer shows in the knot that ties each stitch to the
 * lip (their colour, Tara's a small sparkle) and in the weight of its thread (their motif). As many
 * stitches as the room can hold (up to {@link STITCHES}, full from {@link FULL_ROOM} dreamers).
 *
 * Flash safety: nothing flashes (a snap is a line moving); the brightness rides `s.allow`, and
 * `s.safe` holds every stitch steady (no snapping). Cost: a few batched paths and a handful of dots;
 * nothing allocated per frame.
 */
import type { Scene } from '../render/Scene.ts';
import { hash01 } from '../../core/random.ts';
import { rgbStyle, thinStroke } from '../render/styles.ts';
import { STAGE, markNow, placeMark } from '../render/stage.ts';
import { motifOf } from './weave.ts';
import { HALF_HEIGHT, HALF_WIDTH, tearOpen } from './portal.ts';

/** Most stitches laced across the tear. */
export const STITCHES = 16;
/** Dreamers at which every stitch is thrown. */
export const FULL_ROOM = 120;
/** How far past each lip a stitch is tied, × the wall's height. */
const BITE = 0.05;
/** Points along a curve (a stitch's bow or a strand's rise). */
const STEPS = 8;
/** A stitch's life: thrown, holding, snapped (shares of its cycle). */
const THROWN = 0.18;
const SNAPS = 0.82;

/** The stitches' state: fixed at load, stateless per frame (seeded by index and show time). */
export interface TearStitches {
  /** Draws the stitches over the tear (the portal's) in the glitch, when the room has dreamers. */
  draw(g: CanvasRenderingContext2D, s: Scene): void;
}

/** The left lip's half-width at t (0 top .. 1 bottom), × the widest: as the portal tears it. */
function lipL(t: number): number {
  const k = Math.sin(Math.PI * t);
  return k * k * (0.45 + 0.35 * t);
}
/** The right lip's: gaping, widest low. */
function lipR(t: number): number {
  const k = Math.sin(Math.PI * Math.pow(t, 0.8));
  return k * Math.sqrt(k) * (0.5 + 0.6 * t);
}

/**
 * Where stitch k's cycle is at show time `t` (0..1: thrown until {@link THROWN}, holding until
 * {@link SNAPS}, then snapped); `hold` pins it holding (safe mode), as does a time that is not a
 * number. Pure.
 */
export function stitchCycle(k: number, t: number, hold: boolean): number {
  if (hold || !Number.isFinite(t)) return 0.5;
  const period = 3.2 + 3.4 * hash01(0x5717, k, 1);
  const c = (t / period + hash01(0x5717, k, 2)) % 1;
  return c < 0 ? c + 1 : c;
}

/** The stretch of the tear laced (t, 0 top .. 1 bottom): where its lips stand apart. */
const LACE_FROM = 0.1;
const LACE_TO = 0.9;
/**
 * The stretch left open (t from, to): where Tara is pulled through (her glitch mark: feet at its y,
 * her figure a size above), so the stitches lace the tear above and below her and never cross her.
 */
export const TARA_GAP: readonly [number, number] = (() => {
  const portal = STAGE.portal.glitch ?? { x: 0.6, y: 0.46, size: 0.56 };
  const tara = STAGE.tara.glitch ?? { x: 0.55, y: 0.68, size: 0.34 };
  const top = portal.y - portal.size * HALF_HEIGHT;
  const t = (y: number): number => (y - top) / (portal.size * HALF_HEIGHT * 2);
  return [t(tara.y - tara.size * 0.95) - 0.02, t(tara.y) + 0.02];
})();

/** Creates the glitch's stitches. */
export function createTearStitches(): TearStitches {
  const mark = markNow();
  // Each stitch: its height on the tear (t of its left knot and right knot, the zigzag), its
  // dreamer, and the foot of the strand it was thrown up on (x across the wall, 0..1).
  const tL = new Float32Array(STITCHES);
  const tR = new Float32Array(STITCHES);
  const foot = new Float32Array(STITCHES);
  const [gapFrom, gapTo] = TARA_GAP;
  const above = gapFrom - LACE_FROM;
  const span = above + (LACE_TO - gapTo);
  for (let k = 0; k < STITCHES; k++) {
    // Slots down the tear, skipping Tara's passage; a small room's first stitches spread over both
    // lacings (slot 5k mod n), not bunched at the top.
    const slot = (k * 5) % STITCHES;
    const along = (span * (slot + 0.5)) / STITCHES;
    const t = (along < above ? LACE_FROM + along : gapTo + (along - above)) + (hash01(0x5717, k, 3) - 0.5) * 0.006;
    let slant = (slot % 2 === 0 ? 1 : -1) * (0.012 + 0.01 * hash01(0x5717, k, 4));
    // A stitch by the passage slants away from it, never into it.
    if (t < gapFrom && t + slant > gapFrom) slant = -slant;
    if (t > gapTo && t + slant < gapTo) slant = -slant;
    tL[k] = t;
    tR[k] = t + slant;
    foot[k] = 0.15 + 0.75 * hash01(0x5717, k, 5);
  }
  // Stitch k is tied by role k mod 4 (the room's four characters taking turns); its cycle now.
  const cyc = new Float32Array(STITCHES);

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const gw = s.weight('glitch');
      const room = Math.min(1, s.crowd.dreamers / FULL_ROOM);
      if (gw < 0.01 || !(room > 0)) return;
      placeMark('portal', s, mark);
      if (mark.on <= 0) return;
      const h = s.h;
      const cx = mark.x;
      const cy = mark.y;
      const hh = mark.size * HALF_HEIGHT;
      // The stitches follow the portal's lips as it tears open.
      const open = tearOpen(s, gw);
      if (open < 0.02) return;
      const n = Math.max(1, Math.round(STITCHES * room));
      const maxW = HALF_WIDTH * h * open;
      const bite = BITE * h;
      const hold = s.safe;
      const calm = 0.4 + 0.6 * s.allow;
      const d = s.dreamers;
      const unit = h / 720;
      for (let k = 0; k < n; k++) cyc[k] = stitchCycle(k, s.showTime, hold);

      g.globalCompositeOperation = 'lighter';
      // The strands thrown up from the room, each in its dreamer's colour drawn toward the tear's
      // cyan, rising toward the lip it ties to (only while thrown: then it is the stitch).
      for (let r = 0; r < 4; r++) {
        g.beginPath();
        let any = false;
        for (let k = r; k < n; k += 4) {
          const c = cyc[k];
          if (c >= THROWN) continue;
          const u = c / THROWN;
          const left = k % 2 === 0;
          const t = left ? tL[k] : tR[k];
          const x1 = cx + (t - 0.5) * 0.05 * h + (left ? -(lipL(t) * maxW + bite) : lipR(t) * maxW + bite);
          const y1 = cy - hh + t * hh * 2;
          const x0 = foot[k] * s.w;
          const y0 = h * 1.02;
          const bx = x0 + (x1 - x0) * 0.2;
          const by = y1 + (y0 - y1) * 0.3;
          // The strand's tip climbs the curve; a short length of it shows (a thread in flight).
          const head = u;
          const tail = Math.max(0, u - 0.45);
          for (let j = 0; j <= STEPS; j++) {
            const q = tail + ((head - tail) * j) / STEPS;
            const v = 1 - q;
            const x = v * v * x0 + 2 * v * q * bx + q * q * x1;
            const y = v * v * y0 + 2 * v * q * by + q * q * y1;
            if (j === 0) g.moveTo(x, y);
            else g.lineTo(x, y);
          }
          any = true;
        }
        if (!any) continue;
        g.strokeStyle = rgbStyle(d[r * 3] * 0.45 + 60, d[r * 3 + 1] * 0.45 + 140, d[r * 3 + 2] * 0.45 + 140);
        thinStroke(g, 1.4 * unit, 0.5 * open * calm, s.quality);
        g.stroke();
      }

      // The stitches: a dark thread (it shows against the tear's white light, as a stitch across a
      // lit seam) with a fine cyan-white core (it shows against the dark; the wall's glow pass
      // haloes it). No wide glow stroke of its own: wide strokes are dear in software rendering.
      // Holding, each bows into the rift the longer it holds (the pull); snapped, its two ends curl
      // into the tear and fade.
      for (let pass = 0; pass < 2; pass++) {
        g.beginPath();
        for (let k = 0; k < n; k++) {
          const c = cyc[k];
          if (c < THROWN * 0.85) continue;
          const xl = cx + (tL[k] - 0.5) * 0.05 * h - lipL(tL[k]) * maxW - bite;
          const yl = cy - hh + tL[k] * hh * 2;
          const xr = cx + (tR[k] - 0.5) * 0.05 * h + lipR(tR[k]) * maxW + bite;
          const yr = cy - hh + tR[k] * hh * 2;
          const mx = (xl + xr) * 0.5;
          const my = (yl + yr) * 0.5;
          if (c < SNAPS) {
            // Holding: drawn taut, then pulled into the rift (the bow grows toward the snap).
            const strain = (c - THROWN * 0.85) / (SNAPS - THROWN * 0.85);
            const pull = (0.004 + 0.05 * strain * strain) * h;
            const px = mx + (hash01(0x5717, k, 6) - 0.3) * pull;
            const py = my - pull * 0.4;
            g.moveTo(xl, yl);
            g.quadraticCurveTo(px, py, xr, yr);
          } else {
            // Snapped: each cut end recoils toward the rift's spine and is drawn in, shortening.
            const a = (c - SNAPS) / (1 - SNAPS);
            const len = 0.5 * (1 - a);
            const sx = cx + (tL[k] + tR[k] - 1) * 0.025 * h;
            const sy = my - a * hh * 0.25;
            for (let side = 0; side < 2; side++) {
              const ex = side === 0 ? xl : xr;
              const ey = side === 0 ? yl : yr;
              // The end leaves the lip's knot and swings toward the spine, lifted by the draught.
              const tipX = ex + (sx - ex) * (len + a * 0.45);
              const tipY = ey + (sy - ey) * a - len * 0.05 * h;
              const ctrlX = ex + (tipX - ex) * 0.5;
              const ctrlY = ey + (side === 0 ? 1 : -1) * 0.02 * h * (1 - a);
              g.moveTo(ex, ey);
              g.quadraticCurveTo(ctrlX, ctrlY, tipX, tipY);
            }
          }
        }
        if (pass === 0) {
          g.globalCompositeOperation = 'source-over';
          g.strokeStyle = 'rgb(3,10,14)';
          g.lineWidth = 3 * unit;
          g.globalAlpha = 0.85 * open;
        } else {
          g.globalCompositeOperation = 'lighter';
          g.strokeStyle = 'rgb(170,255,246)';
          thinStroke(g, 1.3 * unit, 0.9 * open * calm, s.quality);
        }
        g.stroke();
      }

      // The knots that tie each holding stitch to the lips: its dreamer's colour, its weight their
      // motif's; Tara's catch the light as small four-pointed sparkles.
      for (let r = 0; r < 4; r++) {
        const m = motifOf(r);
        const size = (1.6 + 0.9 * m.width) * unit;
        g.fillStyle = rgbStyle(Math.min(255, d[r * 3] + 50), Math.min(255, d[r * 3 + 1] + 50), Math.min(255, d[r * 3 + 2] + 50));
        g.strokeStyle = g.fillStyle;
        g.globalAlpha = Math.min(1, 0.85 * open * calm);
        g.beginPath();
        let sparks = false;
        for (let k = r; k < n; k += 4) {
          const c = cyc[k];
          if (c < THROWN * 0.85 || c >= SNAPS) continue;
          for (let side = 0; side < 2; side++) {
            const t = side === 0 ? tL[k] : tR[k];
            const x = cx + (t - 0.5) * 0.05 * h + (side === 0 ? -(lipL(t) * maxW + bite) : lipR(t) * maxW + bite);
            const y = cy - hh + t * hh * 2;
            g.rect(x - size / 2, y - size / 2, size, size);
            if (m.sparkle) sparks = true;
          }
        }
        g.fill();
        if (sparks) {
          g.beginPath();
          const sp = 4.5 * unit;
          for (let k = r; k < n; k += 4) {
            const c = cyc[k];
            if (c < THROWN * 0.85 || c >= SNAPS) continue;
            for (let side = 0; side < 2; side++) {
              const t = side === 0 ? tL[k] : tR[k];
              const x = cx + (t - 0.5) * 0.05 * h + (side === 0 ? -(lipL(t) * maxW + bite) : lipR(t) * maxW + bite);
              const y = cy - hh + t * hh * 2;
              g.moveTo(x - sp, y);
              g.lineTo(x + sp, y);
              g.moveTo(x, y - sp);
              g.lineTo(x, y + sp);
            }
          }
          g.lineWidth = 1;
          g.globalAlpha = Math.min(1, 0.6 * open * calm);
          g.stroke();
        }
      }
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
  };
}
