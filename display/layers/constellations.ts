/**
 * The dawn's constellations, pure: each dreamer's echoes gather into their character's own sign in
 * the morning sky — Lyra's loom (a frame strung with threads), Remy's lamp (handle, glass, flame),
 * Tara's star, Brian's bolt (fast and sharp) — scattered over the upper sky from a fixed seed, each
 * its own size, clear of the sun. A figure is
 * one path through the sign; the k-th of n echoes of a role sits at (k + ½)/n of the way along it,
 * so a few echoes sketch the sign and many draw it in full. No DOM; allocates only at load.
 */
import { SeededRandom } from '../../core/random.ts';

/** A figure: x,y pairs in figure units (−0.5..0.5, y down), walked in order; NaN,NaN lifts the pen. */
type Figure = readonly number[];

const LOOM: Figure = [
  // The frame, then three strings down through it, like a loom or a harp.
  -0.4, 0.5, -0.4, -0.5, 0.4, -0.5, 0.4, 0.5, NaN, NaN, -0.2, -0.5, -0.2, 0.35, NaN, NaN, 0, -0.5, 0, 0.4, NaN, NaN, 0.2, -0.5, 0.2, 0.35,
];
const LAMP: Figure = [
  // Handle arc, the glass, the base; then the flame inside.
  -0.12, -0.3, -0.12, -0.45, 0, -0.52, 0.12, -0.45, 0.12, -0.3, 0.28, -0.18, 0.3, 0.3, 0.2, 0.45, -0.2, 0.45, -0.3, 0.3, -0.28, -0.18, -0.12, -0.3, NaN, NaN, 0, 0.18, 0.07, 0.04, 0, -0.12, -0.07, 0.04, 0, 0.18,
];
const STAR: Figure = (() => {
  const out: number[] = [];
  for (let i = 0; i <= 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 === 0 ? 0.5 : 0.21;
    out.push(r * Math.cos(a), r * Math.sin(a));
  }
  return out;
})();
const BOLT: Figure = [-0.1, -0.5, 0.22, -0.5, 0.04, -0.1, 0.26, -0.1, -0.2, 0.5, -0.04, 0.04, -0.26, 0.04, -0.1, -0.5];

/** The four signs, in role order (Lyra, Remy, Tara, Brian). */
export const FIGURES: readonly Figure[] = [LOOM, LAMP, STAR, BOLT];

/** The seed of the signs' places: one sky, the same every show (frozen shots stay identical). */
const SKY_SEED = 12;
/** Where the dawn's sun stands (panorama x, wall y) and how wide a berth the signs give its glow. */
const SUN_X = 0.56;
const SUN_Y = 0.66;
const SUN_CLEAR = 0.3;
/** Where Lyra's loom frame stands (panorama x from, to; wall y of its top). */
const LOOM_X0 = 0.19;
const LOOM_X1 = 0.35;
const LOOM_TOP = 0.25;

/**
 * Scatters the four signs over the upper sky as a sky would, not a chart: seeded places and sizes
 * (0.11..0.23 of the height), each sign clear of the others by its own size, of the sun's glow and of
 * the loom's frame, inside the sky above the hills. Rejection sampling on a fixed seed; the sky's last resort
 * (never reached with this seed, kept so a changed seed cannot fail) is a hand-set scatter.
 */
function scatterSigns(): readonly (readonly [number, number, number])[] {
  const rng = new SeededRandom(SKY_SEED);
  const out: [number, number, number][] = [];
  for (let tries = 0; tries < 4000 && out.length < 4; tries++) {
    const size = 0.11 + 0.12 * rng.next();
    const x = 0.07 + 0.86 * rng.next();
    const y = size * 0.75 + 0.03 + (0.52 - size * 1.5 - 0.03) * rng.next();
    const sdx = (x - SUN_X) * (16 / 9);
    const sdy = y - SUN_Y;
    if (Math.sqrt(sdx * sdx + sdy * sdy) < SUN_CLEAR + size * 0.6) continue;
    // Nor over the loom's frame (its warp threads above it are sky enough to share).
    const half = size * 0.5 * (9 / 16);
    if (x + half > LOOM_X0 && x - half < LOOM_X1 && y + size * 0.5 > LOOM_TOP) continue;
    let ok = true;
    for (const [ox, oy, os] of out) {
      const dx = Math.abs(x - ox) * (16 / 9);
      const dy = Math.abs(y - oy);
      if (Math.max(dx, dy) < 0.22 + (size + os) * 0.4) ok = false;
    }
    if (ok) out.push([x, y, size]);
  }
  if (out.length < 4) {
    return [
      [0.16, 0.3, 0.19],
      [0.85, 0.19, 0.14],
      [0.41, 0.12, 0.12],
      [0.7, 0.36, 0.2],
    ];
  }
  return out;
}

/** Where each sign stands in the sky (role order): panorama x 0..1, wall y 0..1, and its base size (fraction of the wall's height). */
export const SIGN_PLACES: readonly (readonly [number, number, number])[] = scatterSigns();

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
 * growing by up to half with the crowd that made it (the square root of its echoes, full from 60).
 */
export function signSize(role: number, n: number): number {
  const base = SIGN_PLACES[((Math.floor(role) % 4) + 4) % 4][2];
  return base * (1 + 0.5 * Math.min(1, Math.sqrt(Math.max(0, n) / 60)));
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
