/**
 * The geometry of Lyra's weave, pure: where the loom's warp threads run from its top bar up into the
 * sky, where a point of the weave ("weave space": u across the warp 0..1, v up it, 1 at the loom's
 * bar, 0 at the top of the sky) falls on the wall, whether a weft thread passes over or under a warp
 * thread at a crossing, how much it sags between two crossings, and how each dreamer's hand changes
 * the thread (the motif). The threads layer weaves the phones' gestures with it; art-cast draws the
 * loom itself at the stage's `loom` mark and exports its own warp: the integrator may swap
 * {@link warpFromLoom} for theirs (same shape: a bar below, a spread above). No DOM; allocates only
 * in {@link createWarp}.
 */

/** Warp threads strung on the loom. */
export const WARP_THREADS = 15;

/** Where the loom's warp runs, in wall px. Filled by {@link warpFromLoom}. */
export interface Warp {
  /** Warp threads in use. */
  n: number;
  /** Each warp thread's foot on the loom's top bar, px. */
  readonly footX: Float32Array;
  /** Each warp thread's end at the top of the sky, px. */
  readonly topX: Float32Array;
  /** The bar's height and the sky end's height, px (footY > topY). */
  footY: number;
  topY: number;
  /** How the threads open from the bar to the sky: a harp's curve, or straight lines (Lyra's loom). */
  straight: boolean;
}

/** @returns an empty {@link Warp} to fill frame after frame. */
export function createWarp(n = WARP_THREADS): Warp {
  return { n, footX: new Float32Array(n), topX: new Float32Array(n), footY: 0, topY: 0, straight: false };
}

/**
 * Strings the warp from a loom mark: the feet spread across the loom (0.6 of its size wide) at its
 * middle, where the cloth is woven, and the threads rise from there and fan out across the sky (to
 * about 1.25 wall heights wide, leaning toward the middle of the wall: the loom stands at the left
 * third and the dream opens over the wall), straight up at first and opening high in the sky, like a
 * harp's strings.
 * @param x loom centre, wall px; @param y loom centre, wall px; @param size loom height, px;
 * @param w wall width, px; @param h wall height, px.
 * @returns `out`, filled.
 */
export function warpFromLoom(x: number, y: number, size: number, w: number, h: number, out: Warp): Warp {
  const n = out.n;
  out.straight = false;
  const bar = Math.max(8, size * 0.6);
  const reach = Math.min(w, h * 1.25);
  out.footY = y;
  out.topY = Math.min(out.footY - 8, h * 0.02);
  const skyCentre = x + h * 0.25;
  for (let i = 0; i < n; i++) {
    const f = n > 1 ? i / (n - 1) - 0.5 : 0;
    out.footX[i] = x + f * bar;
    out.topX[i] = skyCentre + f * reach;
  }
  return out;
}

/** The warp as Lyra's loom strings it (`cast/loomWarp.ts`): its threads, where they leave the top beam and the sky. */
export interface LoomThreads {
  readonly n: number;
  readonly bx: ArrayLike<number>;
  readonly tx: ArrayLike<number>;
  readonly beamY: number;
  readonly ty: number;
}

/**
 * Takes the warp from the loom the wall draws, so the phones' weft crosses the very threads Lyra
 * strings: from its top beam, straight up and out to the top of the sky.
 * @returns `out`, filled (its thread count becomes the loom's, at most the room `out` has).
 */
export function warpFromLoomThreads(loom: LoomThreads, out: Warp): Warp {
  const n = Math.min(loom.n, out.footX.length);
  out.n = n;
  out.straight = true;
  out.footY = loom.beamY;
  out.topY = Math.min(loom.beamY - 8, loom.ty);
  for (let i = 0; i < n; i++) {
    out.footX[i] = loom.bx[i];
    out.topX[i] = loom.tx[i];
  }
  return out;
}

/**
 * How far the warp has opened at a height, 0 at the bar … 1 at the top: for a harp-like warp with
 * the square of the height, so the threads leave the bar upright and open out high in the sky; for
 * the loom's straight threads, in proportion.
 */
function spreadAt(warp: Warp, v: number): number {
  const t = 1 - v;
  return warp.straight ? t : t * t;
}

/** A point on the wall, px. */
export interface WallPoint {
  x: number;
  y: number;
}

/**
 * The wall position of warp thread `k` (may be fractional: between two threads) at weave height `v`.
 * @param k 0..n−1; @param v 0 (top of the sky) .. 1 (the loom's bar).
 */
export function warpX(warp: Warp, k: number, v: number): number {
  const n = warp.n;
  const kk = k < 0 ? 0 : k > n - 1 ? n - 1 : k;
  const i = Math.min(n - 2, Math.floor(kk));
  const f = kk - i;
  const s = spreadAt(warp, v);
  const a = warp.footX[i] + (warp.topX[i] - warp.footX[i]) * s;
  const b = warp.footX[i + 1] + (warp.topX[i + 1] - warp.footX[i + 1]) * s;
  return a + (b - a) * f;
}

/** The wall height of weave height `v` (0 top of the sky, 1 the bar). */
export function weaveY(warp: Warp, v: number): number {
  return warp.topY + (warp.footY - warp.topY) * v;
}

/**
 * The dreamers' hands. Each role's thread has its own line: Lyra's long and flowing, Remy's heavy
 * and low-slung, Tara's sparkling (stars where it passes over), Brian's taut and sharp (a zigzag, no
 * curve). Indexed by role 0..3 (Lyra, Remy, Tara, Brian).
 */
export interface Motif {
  /** How far one unit of a phone's stroke carries the thread across the warp. */
  readonly reach: number;
  /** Sag between two warp crossings, as a fraction of the bay's width; negative alternates up and down (a zigzag). */
  readonly sag: number;
  /** Core line width at 720 px of wall height. */
  readonly width: number;
  /** Glow width at 720 px of wall height (0: no glow). */
  readonly glow: number;
  /** Sparkles drawn where the thread passes over the warp. */
  readonly sparkle: boolean;
  /** Points per bay: 2 is straight from crossing to crossing through its lowest point (sharp). */
  readonly smooth: number;
}

/** The four motifs, in role order. */
export const MOTIFS: readonly Motif[] = [
  { reach: 2.6, sag: 0.14, width: 1.6, glow: 7, sparkle: false, smooth: 4 }, // Lyra: long, flowing
  { reach: 1.1, sag: 0.22, width: 3, glow: 10, sparkle: false, smooth: 4 }, // Remy: slow, heavy, warm
  { reach: 1.5, sag: 0.1, width: 1.2, glow: 5, sparkle: true, smooth: 3 }, // Tara: sparkles
  { reach: 2.2, sag: -0.12, width: 1.0, glow: 4, sparkle: false, smooth: 1 }, // Brian: fast, sharp
];

/** @returns the motif of a role index (any integer wraps to 0..3). */
export function motifOf(role: number): Motif {
  return MOTIFS[((Math.floor(role) % 4) + 4) % 4];
}

/** Widest bay (px) whose sag grows with its width. */
export const SAG_BAY = 48;

/** Rows of the woven cloth: the weft settles onto these as it ages. */
export const ROWS = 28;

/**
 * Over or under: plain weave. A weft thread in row `row` passes OVER warp thread `k` when
 * `k + row` is even and UNDER it when odd, so neighbouring rows alternate like cloth.
 */
export function passesOver(k: number, row: number): boolean {
  return ((k + row) & 1) === 0;
}

/** @returns the cloth row (0..ROWS−1) of a weave height v 0..1. */
export function rowOf(v: number): number {
  const r = Math.floor(v * ROWS);
  return r < 0 ? 0 : r >= ROWS ? ROWS - 1 : r;
}

/**
 * How far a thread has settled into the cloth at an age, 0 (just woven) .. 1 (beaten into the
 * cloth): eased, half way at 40 % of its life.
 * @param age seconds; @param life seconds the thread lasts.
 */
export function settleAt(age: number, life: number): number {
  const t = age <= 0 ? 0 : age >= life ? 1 : age / life;
  const e = Math.min(1, t / 0.8);
  return e * e * (3 - 2 * e);
}

/**
 * Where a weft thread lies at weave height `v` after settling: it drops toward its cloth row's
 * centre and down the warp toward the loom (the weaver beats the weft in), 30 % of the way at most, so the
 * older weft packs into cloth near the loom and the newest hangs loose high in the sky.
 */
export function settledV(v: number, settle: number): number {
  const row = rowOf(v);
  const centre = (row + 0.5) / ROWS;
  const toward = v + (centre - v) * settle;
  return toward + (1 - toward) * 0.3 * settle;
}

/**
 * The sag of a weft thread at a fraction `f` (0..1) of the way across a bay between warp threads
 * `k` and `k+1`, as a downward offset in px: a catenary-like curve, 0 at both crossings, deepest in
 * the middle; it tightens as the thread settles (tension). A negative motif sag alternates sign
 * from bay to bay: a taut zigzag.
 * @param bay the bay's width, px; @param k the bay's left warp thread; @param settle 0..1;
 * @param taut 0..1: the loom strained (Brian's upgrade pulls every thread tight).
 */
export function sagAt(m: Motif, f: number, bay: number, k: number, settle: number, taut = 0): number {
  // Wide bays high in the sky sag as if they were at most SAG_BAY px wide: threads, not bunting.
  const depth = Math.abs(m.sag) * Math.min(Math.abs(bay), SAG_BAY) * (1 - 0.65 * settle) * (1 - 0.8 * taut);
  const sign = m.sag < 0 && (k & 1) === 1 ? -1 : 1;
  if (m.smooth <= 1) {
    // Sharp: straight to the middle and back (a V), not a curve.
    return sign * depth * (1 - Math.abs(2 * f - 1));
  }
  // cosh-shaped: flatter at the crossings than a parabola, like a hanging thread.
  const c = Math.cosh(1.4);
  return sign * depth * ((c - Math.cosh(1.4 * (2 * f - 1))) / (c - 1));
}
