/**
 * Seeded pseudo-random numbers for the engine (mulberry32). Nothing in core/ uses the unseeded global generator:
 * the same seed always gives the same show.
 */

/** A PRNG state: an unsigned 32-bit integer. */
export type RandomState = number;

/** Mixes any number into a well-spread 32-bit seed (so seeds 1, 2, 3 give unrelated streams). */
export function seedFrom(seed: number): RandomState {
  let h = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Advances the generator once.
 * @returns `[value, nextState]` with value in [0, 1).
 */
export function nextRandom(state: RandomState): [number, RandomState] {
  const next = (state + 0x6d2b79f5) >>> 0;
  let t = next;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  const value = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  return [value, next];
}

/** Stateless hash of (seed, a, b) to [0, 1): for per-item randomness that must not consume state. */
export function hash01(seed: number, a: number, b = 0): number {
  let h = seedFrom(seed) ^ Math.imul(Math.floor(a) | 0, 0x27d4eb2d) ^ Math.imul(Math.floor(b) | 0, 0x165667b1);
  h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
  h = Math.imul(h ^ (h >>> 12), 0x297a2d39);
  return ((h ^ (h >>> 15)) >>> 0) / 4294967296;
}

/** A small mutable generator for places that draw many numbers in a row (tests, simulations, renderers). */
export class SeededRandom {
  private state: RandomState;
  constructor(seed: number) {
    this.state = seedFrom(seed);
  }
  /** @returns a number in [0, 1). */
  next(): number {
    const [v, s] = nextRandom(this.state);
    this.state = s;
    return v;
  }
  /** @returns a number in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  /** @returns an integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
