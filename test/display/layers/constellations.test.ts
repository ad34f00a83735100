import { describe, expect, it } from 'vitest';
import { FIGURES, SIGN_PLACES, SIGN_STARS, figureOf, signPart, signPoint, signSize } from '../../../display/layers/constellations.ts';

describe("the dreamers' signs at dawn", () => {
  it('gives each dreamer a different sign at a different place in the upper sky', () => {
    expect(new Set(FIGURES).size).toBe(4);
    for (const [x, y, size] of SIGN_PLACES) {
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(1);
      expect(y - size * 0.75).toBeGreaterThanOrEqual(0);
      expect(y + size * 0.75).toBeLessThan(0.55);
    }
    for (let a = 0; a < 4; a++) {
      for (let b = a + 1; b < 4; b++) {
        const dx = Math.abs(SIGN_PLACES[a][0] - SIGN_PLACES[b][0]) * (16 / 9);
        const dy = Math.abs(SIGN_PLACES[a][1] - SIGN_PLACES[b][1]);
        expect(Math.max(dx, dy)).toBeGreaterThan(0.2);
      }
    }
  });

  it('places the signs like a sky, not a chart: sizes, heights and gaps vary, and all stay clear of the rising sun', () => {
    const sizes = SIGN_PLACES.map((p) => p[2]);
    const ys = SIGN_PLACES.map((p) => p[1]);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeGreaterThan(0.04);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(0.1);
    const xs = SIGN_PLACES.map((p) => p[0]).sort((a, b) => a - b);
    const gaps = [xs[1] - xs[0], xs[2] - xs[1], xs[3] - xs[2]];
    expect(Math.max(...gaps) - Math.min(...gaps)).toBeGreaterThan(0.05);
    for (const [x, y, size] of SIGN_PLACES) {
      const dx = (x - 0.56) * (16 / 9);
      const dy = y - 0.66;
      expect(Math.sqrt(dx * dx + dy * dy)).toBeGreaterThan(0.3 + size * 0.5);
    }
  });

  it('walks each sign from its start to its end, inside the figure box', () => {
    const p = [0, 0];
    for (let r = 0; r < 4; r++) {
      const f = figureOf(r);
      signPoint(r, 0, p);
      expect(p[0]).toBeCloseTo(f[0]);
      expect(p[1]).toBeCloseTo(f[1]);
      signPoint(r, 1, p);
      expect(p[0]).toBeCloseTo(f[f.length - 2]);
      expect(p[1]).toBeCloseTo(f[f.length - 1]);
      for (let t = 0; t <= 1; t += 0.01) {
        signPoint(r, t, p);
        expect(Number.isFinite(p[0]) && Number.isFinite(p[1])).toBe(true);
        expect(Math.abs(p[0])).toBeLessThanOrEqual(0.5 + 1e-9);
        expect(Math.abs(p[1])).toBeLessThanOrEqual(0.55);
      }
    }
  });

  it('spaces a few echoes along the whole sign, not bunched at its start', () => {
    const p = [0, 0];
    const q = [0, 0];
    for (let r = 0; r < 4; r++) {
      signPoint(r, 0.25, p);
      signPoint(r, 0.75, q);
      expect(Math.hypot(p[0] - q[0], p[1] - q[1])).toBeGreaterThan(0.1);
    }
  });

  it('clamps and wraps hostile inputs', () => {
    const p = [0, 0];
    signPoint(7, -3, p);
    expect(p[0]).toBeCloseTo(figureOf(3)[0]);
    signPoint(-1, 99, p);
    expect(Number.isFinite(p[0])).toBe(true);
    expect(signSize(0, -5)).toBeCloseTo(SIGN_PLACES[0][2]);
  });

  it('grows with the crowd that made it, by a quarter at most (a crowd brightens its stars more than it enlarges them)', () => {
    expect(signSize(2, 60)).toBeGreaterThan(signSize(2, 4));
    expect(signSize(2, 10_000)).toBeCloseTo(SIGN_PLACES[2][2] * 1.25);
  });

  it('keeps the signs small and sparse, a part of the sky: a tenth of the height or so, a handful of stars each, high above the sunrise', () => {
    for (let r = 0; r < 4; r++) {
      expect(signSize(r, 10_000)).toBeLessThan(0.16);
      const stars = SIGN_STARS[r].stars.length / 2;
      expect(stars).toBeGreaterThanOrEqual(4);
      expect(stars).toBeLessThanOrEqual(7);
      expect(SIGN_PLACES[r][1]).toBeLessThan(0.4);
      // Clear of Lyra's loom and the warp fanning up from it.
      const half = (signSize(r, 10_000) * 0.5 * 9) / 16;
      expect(SIGN_PLACES[r][0] - half > 0.33 || SIGN_PLACES[r][0] + half < 0.04).toBe(true);
    }
  });

  it("splits a sign of several strokes into parts, in order (the lamp's body, then its flame)", () => {
    expect(signPart(1, 0)).toBe(0);
    expect(signPart(1, 1)).toBe(1);
    let last = 0;
    for (let t = 0; t <= 1; t += 0.01) {
      const p = signPart(1, t);
      expect(p).toBeGreaterThanOrEqual(last);
      last = p;
    }
    // The lyre and the zigzag are one stroke each; the sparkle is two (its long arm, then its short one).
    for (let t = 0; t <= 1; t += 0.05) {
      expect(signPart(0, t)).toBe(0);
      expect(signPart(3, t)).toBe(0);
    }
    expect(signPart(2, 1)).toBe(1);
  });
});
