/**
 * Ghost dreamers: the story's four characters, drawn and heard when too few people take part.
 * Stateless: their positions are a function of seed and clock, so every wall agrees.
 */
import { hash01 } from '../random.ts';

/** Positions of the four ghost dreamers (Lyra, Remy, Tara, Brian). */
export interface GhostPositions {
  /** Flat x,y pairs, 0..1, in role order. */
  xy: Float32Array;
}

/**
 * Writes the four ghosts' positions at a moment: slow Lissajous paths, one per character, seeded.
 * @param seed the show seed; @param clock seconds; @param out 8 floats (x,y per role).
 */
export function ghostPositions(seed: number, clock: number, out: Float32Array): Float32Array {
  for (let r = 0; r < 4; r++) {
    const a = 0.05 + 0.06 * hash01(seed, r, 1);
    const b = 0.04 + 0.05 * hash01(seed, r, 2);
    const p = 6.283 * hash01(seed, r, 3);
    out[r * 2] = 0.5 + 0.32 * Math.sin(clock * a + p);
    out[r * 2 + 1] = 0.5 + 0.28 * Math.sin(clock * b + p * 1.7);
  }
  return out;
}
