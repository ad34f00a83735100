import { describe, it, expect } from 'vitest';
import { hash01, nextRandom, SeededRandom, seedFrom } from '../../core/random.ts';
import { ghostPositions } from '../../core/arc/ghosts.ts';

describe('seeded randomness', () => {
  it('repeats for a seed and differs between neighbouring seeds', () => {
    const draw = (seed: number) => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => r.next());
    };
    expect(draw(1)).toEqual(draw(1));
    expect(draw(1)).not.toEqual(draw(2));
    expect(seedFrom(1)).not.toBe(seedFrom(2));
  });

  it('stays in [0, 1) and spreads evenly', () => {
    let state = seedFrom(7);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 20_000; i++) {
      const [v, next] = nextRandom(state);
      state = next;
      expect(v >= 0 && v < 1).toBe(true);
      bins[Math.floor(v * 10)]++;
    }
    for (const b of bins) expect(Math.abs(b - 2000)).toBeLessThan(200);
  });

  it('keeps the state a 32-bit unsigned integer (it is persisted)', () => {
    let state = seedFrom(-123.7);
    for (let i = 0; i < 1000; i++) state = nextRandom(state)[1];
    expect(Number.isInteger(state) && state >= 0 && state < 2 ** 32).toBe(true);
  });

  it('hashes statelessly, the same for the same inputs', () => {
    expect(hash01(3, 4, 5)).toBe(hash01(3, 4, 5));
    expect(hash01(3, 4, 5)).not.toBe(hash01(3, 4, 6));
    const r = new SeededRandom(1);
    expect(r.int(10)).toBeLessThan(10);
    const v = r.range(5, 6);
    expect(v >= 5 && v < 6).toBe(true);
  });
});

describe('ghost dreamers', () => {
  it('walk seeded paths inside the wall that every display agrees on', () => {
    const a = ghostPositions(7, 123.4, new Float32Array(8));
    const b = ghostPositions(7, 123.4, new Float32Array(8));
    expect(b).toEqual(a);
    expect(ghostPositions(8, 123.4, new Float32Array(8))).not.toEqual(a);
    for (let t = 0; t < 2000; t += 13.7) {
      for (const v of ghostPositions(7, t, new Float32Array(8))) expect(v >= 0.1 && v <= 0.9).toBe(true);
    }
  });
});
