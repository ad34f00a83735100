import { describe, expect, it } from 'vitest';
import { CrowdLean, FULL_LEAN_PHONES, MAX_TILTING, TILT_MEMORY_S } from '../../../display/render/CrowdLean.ts';

/** Steps the lean for `seconds` at 60 fps from `from`; returns the time reached. */
function run(lean: CrowdLean, from: number, seconds: number): number {
  let t = from;
  for (let i = 0; i < seconds * 60; i++) {
    t += 1 / 60;
    lean.step(t, 1 / 60);
  }
  return t;
}

describe('the crowd lean (phones tilting)', () => {
  it('a room tilting together bends the lean fully toward its average, eased over about a second', () => {
    const lean = new CrowdLean();
    // Hub mapping: 0.5 is level, 1 is tilted fully right / toward the wall's bottom.
    for (let d = 0; d < FULL_LEAN_PHONES; d++) lean.tilt(d, 0.9, 0.5, 0);
    lean.step(1 / 60, 1 / 60);
    expect(lean.lean.x).toBeGreaterThan(0);
    expect(lean.lean.x).toBeLessThan(0.1);
    run(lean, 1 / 60, 2.5);
    expect(lean.lean.x).toBeCloseTo(0.8, 1);
    expect(lean.lean.y).toBeCloseTo(0, 5);
  });

  it('one phone barely stirs it; opposite tilts cancel', () => {
    const one = new CrowdLean();
    one.tilt(1, 1, 1, 0);
    run(one, 0, 2.5);
    expect(one.lean.x).toBeCloseTo(1 / FULL_LEAN_PHONES, 1);
    const split = new CrowdLean();
    for (let d = 0; d < 20; d++) split.tilt(d, d % 2 ? 0 : 1, 0.5, 0);
    run(split, 0, 2.5);
    expect(Math.abs(split.lean.x)).toBeLessThan(1e-9);
  });

  it('counts each phone once, with its latest reading', () => {
    const lean = new CrowdLean();
    for (let i = 0; i < 100; i++) lean.tilt(7, 0, 0.5, i / 100);
    lean.tilt(7, 1, 0.5, 1);
    expect(lean.tilting).toBe(1);
    run(lean, 1, 2.5);
    expect(lean.lean.x).toBeGreaterThan(0);
  });

  it('forgets phones that stop tilting, and the lean settles back to level', () => {
    const lean = new CrowdLean();
    for (let d = 0; d < 30; d++) lean.tilt(d, 0.1, 0.1, 0);
    const t = run(lean, 0, 2);
    expect(lean.lean.x).toBeLessThan(-0.5);
    run(lean, t, TILT_MEMORY_S + 4);
    expect(lean.tilting).toBe(0);
    expect(Math.abs(lean.lean.x)).toBeLessThan(0.01);
    expect(Math.abs(lean.lean.y)).toBeLessThan(0.01);
  });

  it('stays bounded and finite whatever arrives', () => {
    const lean = new CrowdLean();
    lean.tilt(1, Number.NaN, 0.5, 0);
    lean.tilt(2, 50, -50, 0);
    for (let d = 0; d < MAX_TILTING + 500; d++) lean.tilt(100 + d, 0.7, 0.3, 0);
    expect(lean.tilting).toBe(MAX_TILTING);
    run(lean, 0, 1);
    expect(Number.isFinite(lean.lean.x) && Number.isFinite(lean.lean.y)).toBe(true);
    expect(Math.abs(lean.lean.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(lean.lean.y)).toBeLessThanOrEqual(1);
  });
});
