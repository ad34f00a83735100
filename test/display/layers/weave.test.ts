import { describe, expect, it } from 'vitest';
import { MOTIFS, ROWS, WARP_THREADS, createWarp, motifOf, passesOver, rowOf, sagAt, settleAt, settledV, warpFromLoom, warpX, weaveY } from '../../../display/layers/weave.ts';

/** The serene loom of the stage table on a 1280×720 wall: x 0.3, y 0.46, size 0.46. */
function sereneWarp() {
  return warpFromLoom(0.3 * 1280, 0.46 * 720, 0.46 * 720, 1280, 720, createWarp());
}

describe('the warp derived from the loom mark', () => {
  it('stands its feet across the loom, in order, at the loom', () => {
    const w = sereneWarp();
    expect(w.n).toBe(WARP_THREADS);
    expect(w.footY).toBeCloseTo(0.46 * 720);
    for (let k = 1; k < w.n; k++) expect(w.footX[k]).toBeGreaterThan(w.footX[k - 1]);
    const bar = w.footX[w.n - 1] - w.footX[0];
    expect(bar).toBeCloseTo(0.6 * 0.46 * 720);
    expect((w.footX[0] + w.footX[w.n - 1]) / 2).toBeCloseTo(0.3 * 1280);
  });

  it('runs up into the sky and spreads: wider at the top than at the loom, never crossing', () => {
    const w = sereneWarp();
    expect(w.topY).toBeLessThan(w.footY);
    expect(w.topY).toBeGreaterThanOrEqual(0);
    expect(w.topX[w.n - 1] - w.topX[0]).toBeGreaterThan(3 * (w.footX[w.n - 1] - w.footX[0]));
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      for (let k = 1; k < w.n; k++) expect(warpX(w, k, v)).toBeGreaterThan(warpX(w, k - 1, v));
    }
  });

  it('leaves the loom upright and opens out high up (the spread grows with height, faster near the top)', () => {
    const w = sereneWarp();
    const spread = (v: number) => warpX(w, w.n - 1, v) - warpX(w, 0, v);
    expect(spread(0.9) - spread(1)).toBeLessThan(spread(0) - spread(0.1));
    expect(weaveY(w, 1)).toBeCloseTo(w.footY);
    expect(weaveY(w, 0)).toBeCloseTo(w.topY);
  });

  it('interpolates between warp threads and clamps outside them', () => {
    const w = sereneWarp();
    expect(warpX(w, 2.5, 0.4)).toBeCloseTo((warpX(w, 2, 0.4) + warpX(w, 3, 0.4)) / 2);
    expect(warpX(w, -3, 0.4)).toBeCloseTo(warpX(w, 0, 0.4));
    expect(warpX(w, 99, 0.4)).toBeCloseTo(warpX(w, w.n - 1, 0.4));
  });

  it('follows the loom when it moves (the upgrade moves it left)', () => {
    const a = sereneWarp();
    const b = warpFromLoom(0.22 * 1280, 0.48 * 720, 0.36 * 720, 1280, 720, createWarp());
    expect(b.footX[0]).toBeLessThan(a.footX[0]);
    expect(b.footX[b.n - 1] - b.footX[0]).toBeLessThan(a.footX[a.n - 1] - a.footX[0]);
  });
});

describe('over and under', () => {
  it('alternates along a row and between neighbouring rows (plain weave)', () => {
    for (let row = 0; row < 6; row++) {
      for (let k = 0; k < 10; k++) {
        expect(passesOver(k, row)).not.toBe(passesOver(k + 1, row));
        expect(passesOver(k, row)).not.toBe(passesOver(k, row + 1));
      }
    }
  });

  it('puts every weave height in a row of the cloth', () => {
    expect(rowOf(0)).toBe(0);
    expect(rowOf(1)).toBe(ROWS - 1);
    expect(rowOf(-5)).toBe(0);
    expect(rowOf(7)).toBe(ROWS - 1);
    expect(rowOf(0.5)).toBe(Math.floor(ROWS / 2));
  });
});

describe('tension, sag and settling', () => {
  it('sags most in the middle of a bay and not at the crossings', () => {
    const m = motifOf(0);
    expect(sagAt(m, 0, 40, 0, 0)).toBeCloseTo(0);
    expect(sagAt(m, 1, 40, 0, 0)).toBeCloseTo(0);
    const mid = sagAt(m, 0.5, 40, 0, 0);
    expect(mid).toBeGreaterThan(0);
    expect(mid).toBeGreaterThan(sagAt(m, 0.25, 40, 0, 0));
    expect(sagAt(m, 0.25, 40, 0, 0)).toBeCloseTo(sagAt(m, 0.75, 40, 0, 0));
  });

  it('tightens as the thread settles and when the loom is strained', () => {
    const m = motifOf(1);
    const loose = sagAt(m, 0.5, 40, 0, 0);
    expect(sagAt(m, 0.5, 40, 0, 1)).toBeLessThan(loose);
    expect(sagAt(m, 0.5, 40, 0, 0, 1)).toBeLessThan(loose * 0.5);
  });

  it('does not hang a wide bay high in the sky like bunting', () => {
    const m = motifOf(1);
    expect(sagAt(m, 0.5, 400, 0, 0)).toBeCloseTo(sagAt(m, 0.5, 48, 0, 0));
  });

  it('settles over the thread\'s life: 0 when woven, 1 by the end, never backwards', () => {
    expect(settleAt(0, 12)).toBe(0);
    expect(settleAt(-3, 12)).toBe(0);
    expect(settleAt(12, 12)).toBe(1);
    let last = 0;
    for (let a = 0; a <= 12; a += 0.25) {
      const v = settleAt(a, 12);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });

  it('beats settled weft down toward the loom and onto its row', () => {
    const v = 0.31;
    expect(settledV(v, 0)).toBeCloseTo(v);
    const done = settledV(v, 1);
    expect(done).toBeGreaterThan(v);
    expect(done).toBeLessThanOrEqual(1);
    // Two threads of one row end up together.
    expect(settledV(0.3, 1)).toBeCloseTo(settledV(0.32, 1));
  });
});

describe('a motif per dreamer', () => {
  it('gives each of the four its own hand', () => {
    const [lyra, remy, tara, brian] = MOTIFS;
    expect(lyra.reach).toBeGreaterThan(remy.reach); // long flowing threads vs slow heavy strokes
    expect(remy.width).toBeGreaterThan(Math.max(lyra.width, tara.width, brian.width)); // heavy
    expect(tara.sparkle).toBe(true);
    expect(MOTIFS.filter((m) => m.sparkle)).toHaveLength(1);
    expect(brian.smooth).toBe(1); // sharp: straight lines, no curve
    expect(brian.sag).toBeLessThan(0);
    expect(new Set(MOTIFS.map((m) => JSON.stringify(m))).size).toBe(4);
  });

  it("draws Brian's thread as a taut zigzag (alternating bays) and the others hanging", () => {
    const brian = motifOf(3);
    expect(Math.sign(sagAt(brian, 0.5, 40, 0, 0))).toBe(-Math.sign(sagAt(brian, 0.5, 40, 1, 0)));
    // A V: halfway to the middle is half the depth (straight lines), unlike a curve.
    expect(sagAt(brian, 0.25, 40, 0, 0)).toBeCloseTo(sagAt(brian, 0.5, 40, 0, 0) / 2);
    const lyra = motifOf(0);
    expect(Math.sign(sagAt(lyra, 0.5, 40, 0, 0))).toBe(Math.sign(sagAt(lyra, 0.5, 40, 1, 0)));
  });

  it('wraps any role index', () => {
    expect(motifOf(4)).toBe(MOTIFS[0]);
    expect(motifOf(-1)).toBe(MOTIFS[3]);
    expect(motifOf(2.7)).toBe(MOTIFS[2]);
  });
});
