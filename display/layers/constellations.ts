/**
 * The dawn's constellations, pure: each dreamer's echoes gather into a small asterism of their
 * character in the morning sky, sparse and irregular like the real sky's figures (not icons):
 * Lyra's lyre (a bright star over a small leaning parallelogram, as the real Lyra), Remy's hanging
 * lamp (a lopsided kite from its hook, a close double star for its flame), Tara's sparkle (a small
 * uneven cross) and Brian's zigzag (sharp and fast, climbing). Placed in the upper sky by hand, each small (a tenth of the wall's height or so), clear of the sun and the loom. A figure is
 * one path through the sign; the k-th of n echoes of a role sits at (k + ½)/n of the way along it.
 * No DOM; allocates only at load.
 */
/** A figure: x,y pairs in figure units (−0.5..0.5, y down), walked in order; NaN,NaN lifts the pen. */
type Figure = readonly number[];

const LOOM: Figure = [
  // Lyra as the sky draws her: ε, Vega (the bright one), ζ, then the parallelogram δ γ β back to ζ.
  0.14, -0.4, -0.08, -0.48, 0.04, -0.16, 0.3, 0.1, 0.14, 0.47, -0.14, 0.3, 0.04, -0.16,
];
const LAMP: Figure = [
  // The hook, the glass's shoulders and base (a lopsided kite); then the flame, a close double star.
  0.02, -0.5, -0.24, -0.08, -0.16, 0.4, 0.2, 0.34, 0.26, -0.12, 0.02, -0.5, NaN, NaN, 0.03, 0.02, -0.01, 0.13,
];
const STAR: Figure = [
  // An uneven cross, its long arm down (a sparkle, a small Crux).
  0.04, -0.5, -0.05, 0.48, NaN, NaN, -0.34, 0.02, 0.3, -0.1,
];
// A sharp, uneven zigzag climbing steeply to the right (fast, like Brian: an accelerating rise).
const BOLT: Figure = [-0.5, 0.3, -0.22, 0.06, -0.06, 0.34, 0.2, -0.1, 0.5, -0.5];

/** The four signs, in role order (Lyra, Remy, Tara, Brian). */
export const FIGURES: readonly Figure[] = [LOOM, LAMP, STAR, BOLT];

/**
 * Where each sign stands in the sky (role order): panorama x 0..1, wall y 0..1, and its base size
 * (fraction of the wall's height). Placed by hand, as a sky is composed rather than charted: uneven
 * gaps, heights and sizes, all in the upper sky right of Lyra's loom and the warp fanning up from it
 * (the sky's own night there, where they belong), clear of the sunrise's glow (the sun stands at
 * x 0.56, y 0.66): Lyra's lyre nearest her loom, Tara's small sparkle high over the sun, Remy's
 * lamp up on the right, Brian's zigzag lower and largest, already in the dawn's light.
 */
export const SIGN_PLACES: readonly (readonly [number, number, number])[] = [
  [0.4, 0.24, 0.1],
  [0.86, 0.13, 0.085],
  [0.62, 0.1, 0.07],
  [0.76, 0.35, 0.115],
];

/** Lengths of each figure's drawn parts, and the total, computed once. */
const LENGTHS: readonly Float64Array[] = FIGURES.map((f) => {
  const n = f.length / 2;
  const len = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const dx = f[i * 2] - f[i * 2 - 2];
    const dy = f[i * 2 + 1] - f[i * 2 - 1];
    len[i] = Number.isFinite(dx) && Number.isFinite(dy) ? Math.sqrt(dx * dx + dy * dy) : 0;
  }
  return len;
});
const TOTALS: readonly number[] = LENGTHS.map((l) => l.reduce((a, b) => a + b, 0));

/** @returns the figure (path) of a role 0..3 (any integer wraps). */
export function figureOf(role: number): Figure {
  return FIGURES[((Math.floor(role) % 4) + 4) % 4];
}

/**
 * The point `t` (0..1, clamped) of the way along a role's sign, in figure units (−0.5..0.5).
 * @returns `out` ([x, y]), filled.
 */
export function signPoint(role: number, t: number, out: Float32Array | number[]): Float32Array | number[] {
  const r = ((Math.floor(role) % 4) + 4) % 4;
  const f = FIGURES[r];
  const len = LENGTHS[r];
  let want = (t <= 0 ? 0 : t >= 1 ? 1 : t) * TOTALS[r];
  const n = f.length / 2;
  for (let i = 1; i < n; i++) {
    const l = len[i];
    if (l <= 0) continue;
    if (want <= l || i === n - 1) {
      const k = Math.min(1, want / l);
      out[0] = f[i * 2 - 2] + (f[i * 2] - f[i * 2 - 2]) * k;
      out[1] = f[i * 2 - 1] + (f[i * 2 + 1] - f[i * 2 - 1]) * k;
      return out;
    }
    want -= l;
  }
  out[0] = f[0];
  out[1] = f[1];
  return out;
}

/**
 * Which drawn part of a role's sign the point `t` (0..1, clamped) of the way along it lies on (a sign
 * of several strokes — the loom's frame and strings, the lamp and its flame — has one part per
 * stroke, counted from 0): stars of two parts are never joined.
 */
export function signPart(role: number, t: number): number {
  const r = ((Math.floor(role) % 4) + 4) % 4;
  const f = FIGURES[r];
  const len = LENGTHS[r];
  let want = (t <= 0 ? 0 : t >= 1 ? 1 : t) * TOTALS[r];
  const n = f.length / 2;
  let part = 0;
  for (let i = 1; i < n; i++) {
    const l = len[i];
    if (l <= 0) {
      if (Number.isNaN(f[i * 2]) && i > 1 && !Number.isNaN(f[i * 2 - 2])) part++;
      continue;
    }
    if (want <= l || i === n - 1) return part;
    want -= l;
  }
  return part;
}

/**
 * How big a sign is drawn with `n` echoes in it, as a fraction of the wall's height: its base size,
 * growing by up to a quarter with the crowd that made it (the square root of its echoes, full from
 * 60): a big crowd brightens its stars more than it enlarges them.
 */
export function signSize(role: number, n: number): number {
  const base = SIGN_PLACES[((Math.floor(role) % 4) + 4) % 4][2];
  return base * (1 + 0.25 * Math.min(1, Math.sqrt(Math.max(0, n) / 60)));
}

/**
 * A sign as a constellation: its stars (the figure's corners, each once; a stroke that closes on
 * itself reuses its first star) in the order the pen meets them, and its lines, each joining two
 * of those stars (indices), in drawing order. A handful of sharp stars traced by lines, like the
 * real sky's figures, not a dust of points along the path.
 */
export interface SignStars {
  /** x,y pairs in figure units (−0.5..0.5, y down), one per star. */
  readonly stars: Float32Array;
  /** a,b pairs of star indices, one per line. */
  readonly lines: Uint8Array;
}

function starsOf(f: Figure): SignStars {
  const xs: number[] = [];
  const lines: number[] = [];
  let prev = -1;
  for (let i = 0; i < f.length; i += 2) {
    const x = f[i];
    const y = f[i + 1];
    if (!(Number.isFinite(x) && Number.isFinite(y))) {
      prev = -1;
      continue;
    }
    let at = -1;
    for (let k = 0; k < xs.length; k += 2) if (Math.abs(xs[k] - x) < 1e-6 && Math.abs(xs[k + 1] - y) < 1e-6) at = k / 2;
    if (at < 0) {
      at = xs.length / 2;
      xs.push(x, y);
    }
    if (prev >= 0 && prev !== at) lines.push(prev, at);
    prev = at;
  }
  return { stars: Float32Array.from(xs), lines: Uint8Array.from(lines) };
}

/** Each role's constellation (role order), computed once. */
export const SIGN_STARS: readonly SignStars[] = FIGURES.map(starsOf);

/** The most stars any sign has. */
export const MAX_SIGN_STARS: number = Math.max(...SIGN_STARS.map((s) => s.stars.length / 2));
