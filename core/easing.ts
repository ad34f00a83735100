/** Easing and mixing helpers shared by the engine and the renderers. All pure. */

/** Clamps `v` into [lo, hi]; NaN becomes `lo`. */
export function clamp(v: number, lo = 0, hi = 1): number {
  return v > lo ? (v < hi ? v : hi) : lo;
}

/** Linear mix from `a` (t=0) to `b` (t=1). */
export function lerp(a: number, b: number, t: number): number {
  return a + (b - a) * t;
}

/** Smooth ease in and out (cubic smoothstep), t in 0..1 → 0..1 with zero slope at both ends. */
export function easeInOut(t: number): number {
  const x = clamp(t);
  return x * x * (3 - 2 * x);
}

/**
 * Fraction of the way an exponential approach covers in `dt` seconds with time constant `tau`
 * seconds (0 when dt is 0, 1 when tau is 0).
 */
export function approach(dt: number, tau: number): number {
  if (tau <= 0) return 1;
  return 1 - Math.exp(-dt / tau);
}
