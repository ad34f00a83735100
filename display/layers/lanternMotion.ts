/**
 * How a festival paper lantern moves, pure: it lifts off slowly, rises at a steady pace, sways on
 * the air and turns a little with the sway (a pendulum a beat behind), and shrinks and dims as it
 * rises farther away. Every figure comes from the lantern's own seed and its age, so a frozen shot
 * draws the same sky every time. No DOM; allocates nothing.
 */

/** Seconds a lantern lives, from lift-off to fading out high in the sky. */
export const LANTERN_LIFE = 22;
/** Largest sway either side, as a fraction of the wall's height. */
export const SWAY_MAX = 0.022;
/** Largest turn either side, radians. */
export const TURN_MAX = 0.16;

/** A lantern's pose now. Filled by {@link lanternPose}. */
export interface LanternPose {
  /** Sideways drift from where it was lit, fraction of the wall's height. */
  dx: number;
  /** How far it has risen, fraction of the wall's height (≥ 0). */
  rise: number;
  /** Turn, radians (|turn| ≤ {@link TURN_MAX}). */
  turn: number;
  /** Size factor (near and just lit: 1; far and high: down to about 0.4). */
  scale: number;
  /** Opacity 0..1: fades in over a second, out over its last four. */
  alpha: number;
  /** Depth 0.45 (far) .. 1 (near): far lanterns are smaller, fainter and rise slower. */
  depth: number;
  /** The flame's slow breathing 0.9..1 (slower than 1 Hz: never a flicker). */
  flame: number;
  /** This lantern's own size, 0.75..1.3 (no two quite alike). */
  size: number;
  /** This lantern's own brightness, 0.7..1.1. */
  bright: number;
  /** Which body it is, 0..{@link LANTERN_SHAPES}-1 (slim, round, squat; tint varies with it). */
  shape: number;
}

/** Body variants a lantern can take (see paperLantern.ts). */
export const LANTERN_SHAPES = 3;

/** @returns a fresh {@link LanternPose} to reuse. */
export function lanternPoseNow(): LanternPose {
  return { dx: 0, rise: 0, turn: 0, scale: 1, alpha: 0, depth: 1, flame: 1, size: 1, bright: 1, shape: 0 };
}

/** A well-spread fraction 0..1 from a seed and a salt. */
function frac(seed: number, salt: number): number {
  const x = Math.sin(seed * 12.9898 + salt * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/**
 * Poses a lantern.
 * @param seed the lantern's own number (any finite number; the same seed moves the same way);
 * @param age seconds since it was lit (negative: not yet: alpha 0); @param out filled and returned.
 */
export function lanternPose(seed: number, age: number, out: LanternPose): LanternPose {
  const depth = 0.45 + 0.55 * frac(seed, 1);
  const a = age < 0 ? 0 : age;
  // Lift-off: it leaves the hand slowly, then rises steadily (near ones faster: parallax).
  const speed = (0.03 + 0.016 * frac(seed, 2)) * (0.6 + 0.4 * depth);
  const lift = Math.min(a, 2.5);
  out.rise = speed * ((lift * lift) / 5 + Math.max(0, a - 2.5));
  const w = 0.45 + 0.35 * frac(seed, 3);
  const phase = frac(seed, 4) * Math.PI * 2;
  const sway = (0.6 + 0.4 * frac(seed, 5)) * SWAY_MAX * depth;
  out.dx = sway * Math.sin(w * a + phase);
  out.turn = TURN_MAX * (0.5 + 0.5 * frac(seed, 6)) * Math.sin(w * a + phase - 0.9);
  const far = Math.min(1, out.rise / 0.6);
  out.scale = depth * (1 - 0.4 * far);
  const fadeIn = Math.min(1, a / 1);
  const fadeOut = Math.max(0, Math.min(1, (LANTERN_LIFE - a) / 4));
  out.alpha = age < 0 ? 0 : fadeIn * fadeOut * (0.55 + 0.45 * depth) * (1 - 0.45 * far);
  out.depth = depth;
  out.flame = 0.95 + 0.05 * Math.sin(a * 2.1 + phase);
  out.size = 0.75 + 0.55 * frac(seed, 7);
  out.bright = 0.7 + 0.4 * frac(seed, 8);
  out.shape = Math.min(LANTERN_SHAPES - 1, Math.floor(frac(seed, 9) * LANTERN_SHAPES));
  return out;
}
