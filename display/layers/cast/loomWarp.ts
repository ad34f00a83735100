/**
 * Where Lyra's loom's warp threads are now: each runs straight up from the loom's cloth beam through
 * its frame to the top beam, then on, fanning out, into the sky to the wall's top edge. The wall's loom layer draws them; the threads layer
 * (the phones' weaves) reads them so the crowd's weft can pass over and under *her* warp. Pure:
 * time from the Scene, seeded, fills the `out` object it is given and allocates nothing.
 */
import { hash01 } from '../../../core/random.ts';
import type { Scene } from '../../render/Scene.ts';
import { phaseIndex } from '../../../core/arc/phases.ts';
import { markNow, placeMarkIn } from '../../render/stage.ts';

/** How many warp threads the loom carries. */
export const WARP_COUNT = 13;
/** The loom's frame width as a fraction of its height (the mark's size). */
export const LOOM_ASPECT = 0.5;
/** How far the threads fan out at the top of the wall, × the frame's width. */
export const FAN = 2.6;

/** The warp now, in wall px. Make one with {@link warpNow}, fill it with {@link loomWarp}. */
export interface LoomWarp {
  /** Threads in the arrays (always {@link WARP_COUNT}). */
  readonly n: number;
  /** Presence of the loom, 0..1 (0: off stage; draw and join nothing). */
  on: number;
  /** Each thread's x at the cloth beam (the loom's foot), px. */
  readonly bx: Float32Array;
  /** y of the cloth beam, px. */
  by: number;
  /** Each thread's x where it leaves the wall at the top, px. */
  readonly tx: Float32Array;
  /** y of the threads' top end (just above the wall's top edge), px. */
  ty: number;
  /** y of the loom's top beam (the heddle bar), px. Between `ty` and this, the threads are sky. */
  beamY: number;
  /** Left and right uprights of the frame, px. */
  left: number;
  right: number;
  /** How taut the warp is, 0 (gently swaying) .. 1 (the upgrade pulling it tight). */
  tension: number;
  /**
   * Each thread's break, 0..1: 0 whole; above 0 it has snapped at the top beam in the glitch and its
   * sky part is gone (1: fully recoiled). A joining weave should skip a snapped thread above `beamY`.
   */
  readonly snap: Float32Array;
}

/** @returns a fresh {@link LoomWarp} to reuse frame after frame. */
export function warpNow(): LoomWarp {
  return {
    n: WARP_COUNT,
    on: 0,
    bx: new Float32Array(WARP_COUNT),
    by: 0,
    tx: new Float32Array(WARP_COUNT),
    ty: 0,
    beamY: 0,
    left: 0,
    right: 0,
    tension: 0,
    snap: new Float32Array(WARP_COUNT),
  };
}

const mark = markNow();
const UPGRADE = phaseIndex('upgrade');
const GLITCH = phaseIndex('glitch');

/** Seconds into the glitch by which every thread that will snap has snapped. */
const SNAP_SPREAD = 5;
/** Seconds a snapped thread takes to recoil. */
const RECOIL = 0.6;
/** Share of the threads that snap (the rest hold, strained). */
const SNAP_SHARE = 0.6;

/**
 * Fills `out` with where the warp threads are now: the loom's mark on the stage (`placeMark('loom')`)
 * gives the frame; serene sways the sky ends (a slow breath), the upgrade pulls them taut and makes
 * them thrum (amplitude under the flash allowance), the glitch snaps ~60 % of them one by one.
 * @param weights the phases' weights to place it by (`PHASES` order; default the scene's own,
 * the loom's layer passes its eased ones).
 * @returns `out`.
 */
export function loomWarp(s: Scene, out: LoomWarp, weights: ArrayLike<number> = s.weights): LoomWarp {
  placeMarkIn('loom', s, weights, mark);
  // Whole pixels: blended weights carry rounding noise that would make the frame hop a pixel to and fro.
  mark.x = Math.round(mark.x);
  mark.y = Math.round(mark.y);
  mark.size = Math.round(mark.size);
  out.on = mark.on;
  const hgt = mark.size;
  const wid = hgt * LOOM_ASPECT;
  out.left = mark.x - wid / 2;
  out.right = mark.x + wid / 2;
  out.by = mark.y + hgt / 2;
  out.beamY = mark.y - hgt / 2;
  out.ty = -0.02 * s.h;
  const taut = weights[UPGRADE] + weights[GLITCH];
  out.tension = taut > 1 ? 1 : taut;
  const slack = 1 - out.tension;
  const glitch = weights[GLITCH];
  // Time into the glitch, in show seconds, when the glitch is the phase now.
  const gt = s.phase === 'glitch' ? s.phaseTime : s.next === 'glitch' ? 0 : SNAP_SPREAD + RECOIL;
  const allow = s.allow > 0 ? (s.allow < 1 ? s.allow : 1) : 0;
  const thrum = out.tension * (0.6 + 1.4 * allow) * (s.safe ? 0.3 : 1) * s.h * 0.003;
  const n = out.n;
  for (let i = 0; i < n; i++) {
    const u = n > 1 ? i / (n - 1) - 0.5 : 0;
    out.bx[i] = mark.x + u * wid * 0.92;
    const sway = slack * Math.sin(s.time * 0.35 + i * 0.7) * s.h * 0.012;
    // A taut string thrums: a fast small shimmer of its far end (motion only, no light change).
    const hum = thrum * Math.sin(s.time * 16 + i * 2.1);
    out.tx[i] = mark.x + u * wid * FAN + sway + hum;
    let snap = 0;
    if (glitch > 0 && hash01(s.seed ^ 0x100b, i) < SNAP_SHARE) {
      const at = hash01(s.seed ^ 0x5a4b, i) * SNAP_SPREAD;
      snap = gt < at ? 0 : Math.min(1, (gt - at) / RECOIL);
    }
    out.snap[i] = snap;
  }
  return out;
}

/**
 * @returns the x (px) of warp thread `i` at wall y `y` (px): `bx[i]` inside the frame (below
 * `beamY`), on the straight line from (`bx[i]`, `beamY`) to (`tx[i]`, `ty`) above it.
 */
export function warpX(w: LoomWarp, i: number, y: number): number {
  if (y >= w.beamY || w.beamY === w.ty) return w.bx[i];
  const t = (y - w.beamY) / (w.ty - w.beamY);
  return w.bx[i] + (w.tx[i] - w.bx[i]) * t;
}
