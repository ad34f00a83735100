import { describe, expect, it } from 'vitest';
import { LANTERN_LIFE, LANTERN_SHAPES, SWAY_MAX, TURN_MAX, lanternPose, lanternPoseNow } from '../../../display/layers/lanternMotion.ts';

describe('a paper lantern in flight', () => {
  it('stays within its bounds for any seed, all its life', () => {
    const p = lanternPoseNow();
    for (let seed = 0; seed < 80; seed++) {
      for (let a = 0; a <= LANTERN_LIFE; a += 0.5) {
        lanternPose(seed * 1.37 - 40, a, p);
        expect(Math.abs(p.dx)).toBeLessThanOrEqual(SWAY_MAX + 1e-9);
        expect(Math.abs(p.turn)).toBeLessThanOrEqual(TURN_MAX + 1e-9);
        expect(p.rise).toBeGreaterThanOrEqual(0);
        expect(p.rise).toBeLessThan(1.2);
        expect(p.alpha).toBeGreaterThanOrEqual(0);
        expect(p.alpha).toBeLessThanOrEqual(1);
        expect(p.scale).toBeGreaterThan(0.2);
        expect(p.scale).toBeLessThanOrEqual(1);
        expect(p.depth).toBeGreaterThanOrEqual(0.45);
        expect(p.depth).toBeLessThanOrEqual(1);
        expect(p.flame).toBeGreaterThanOrEqual(0.9);
        expect(p.size).toBeGreaterThanOrEqual(0.75);
        expect(p.size).toBeLessThanOrEqual(1.3);
        expect(p.bright).toBeGreaterThanOrEqual(0.7);
        expect(p.bright).toBeLessThanOrEqual(1.1);
        expect(Number.isInteger(p.shape) && p.shape >= 0 && p.shape < LANTERN_SHAPES).toBe(true);
      }
    }
  });

  it('gives lanterns their own look: every shape, a spread of sizes', () => {
    const p = lanternPoseNow();
    const shapes = new Set<number>();
    let lo = 2;
    let hi = 0;
    for (let seed = 0; seed < 60; seed++) {
      lanternPose(seed, 3, p);
      shapes.add(p.shape);
      lo = Math.min(lo, p.size);
      hi = Math.max(hi, p.size);
    }
    expect(shapes.size).toBe(LANTERN_SHAPES);
    expect(hi - lo).toBeGreaterThan(0.35);
  });

  it('rises steadily (never sinks), lifting off slowly', () => {
    const p = lanternPoseNow();
    let last = -1;
    for (let a = 0; a <= LANTERN_LIFE; a += 0.1) {
      const r = lanternPose(3, a, p).rise;
      expect(r).toBeGreaterThanOrEqual(last);
      last = r;
    }
    const early = lanternPose(3, 0.5, p).rise;
    const later = lanternPose(3, 10.5, p).rise - lanternPose(3, 10, p).rise;
    expect(early).toBeLessThan(later);
    // It goes high enough to fill the sky from among the crowd.
    expect(lanternPose(3, LANTERN_LIFE - 1, p).rise).toBeGreaterThan(0.35);
  });

  it('sways both ways and turns with the sway', () => {
    const p = lanternPoseNow();
    let left = 0;
    let right = 0;
    let turnL = 0;
    let turnR = 0;
    for (let a = 0; a < 20; a += 0.2) {
      lanternPose(11, a, p);
      if (p.dx < 0) left++;
      else right++;
      if (p.turn < 0) turnL++;
      else turnR++;
    }
    expect(left).toBeGreaterThan(10);
    expect(right).toBeGreaterThan(10);
    expect(turnL).toBeGreaterThan(10);
    expect(turnR).toBeGreaterThan(10);
  });

  it('grows smaller and fainter as it rises farther away, and fades in and out', () => {
    const p = lanternPoseNow();
    const near = { ...lanternPose(5, 2, p) };
    const far = { ...lanternPose(5, 15, p) };
    expect(far.scale).toBeLessThan(near.scale);
    expect(far.alpha).toBeLessThan(near.alpha);
    expect(lanternPose(5, 0, p).alpha).toBe(0);
    expect(lanternPose(5, -1, p).alpha).toBe(0);
    expect(lanternPose(5, LANTERN_LIFE, p).alpha).toBe(0);
  });

  it('breathes its flame slower than once a second (no flicker)', () => {
    const p = lanternPoseNow();
    let crossings = 0;
    let prev = lanternPose(9, 0, p).flame - 0.95;
    for (let a = 0.01; a <= 10; a += 0.01) {
      const f = lanternPose(9, a, p).flame - 0.95;
      if (Math.sign(f) !== Math.sign(prev)) crossings++;
      prev = f;
    }
    expect(crossings / 2 / 10).toBeLessThan(1);
  });

  it('moves the same way for the same seed, differently for another', () => {
    const a = { ...lanternPose(42, 7, lanternPoseNow()) };
    const b = { ...lanternPose(42, 7, lanternPoseNow()) };
    const c = { ...lanternPose(43, 7, lanternPoseNow()) };
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
