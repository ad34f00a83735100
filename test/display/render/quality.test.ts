import { describe, it, expect } from 'vitest';
import { QualityGovernor, MIN_QUALITY } from '../../../display/render/quality.ts';

describe('QualityGovernor', () => {
  it('lowers quality while frames run over budget, never below the floor', () => {
    const q = new QualityGovernor(1000 / 60, 1);
    for (let i = 0; i < 2000; i++) q.sample(40);
    expect(q.quality).toBe(MIN_QUALITY);
  });

  it('recovers when frames come back under budget', () => {
    const q = new QualityGovernor(1000 / 60, 0.5);
    for (let i = 0; i < 3000; i++) q.sample(1000 / 60);
    expect(q.quality).toBeGreaterThan(0.5);
  });

  it('holds steady at a frame rate just inside the budget band', () => {
    const q = new QualityGovernor(1000 / 60, 0.7);
    for (let i = 0; i < 600; i++) q.sample(1000 / 60 * 1.12);
    expect(q.quality).toBeCloseTo(0.7);
  });

  it('does not collapse on one long frame', () => {
    const q = new QualityGovernor(1000 / 60, 0.8);
    for (let i = 0; i < 60; i++) q.sample(16);
    q.sample(5000);
    for (let i = 0; i < 60; i++) q.sample(16);
    expect(q.quality).toBeGreaterThanOrEqual(0.75);
  });
});

describe('QualityGovernor on a wall with a fixed capacity', () => {
  /** Frames overrun (two vsyncs) whenever the quality is above what the machine can draw. */
  /** Counts overrunning frames after the first `warmupS` seconds (the descent from full quality). */
  function run(capacity: number, seconds: number, warmupS = 0): { q: QualityGovernor; above: number; frames: number } {
    const q = new QualityGovernor(1000 / 60, 1);
    let above = 0;
    let frames = 0;
    let t = 0;
    while (t < seconds * 1000) {
      const over = q.quality > capacity + 1e-6;
      const interval = over ? 1000 / 30 : 1000 / 60;
      if (t >= warmupS * 1000) {
        if (over) above++;
        frames++;
      }
      t += interval;
      q.sample(interval);
    }
    return { q, above, frames };
  }

  it('stays at full quality when every frame fits', () => {
    expect(run(1, 30).q.quality).toBe(1);
  });

  it('finds the level the machine can hold and rarely tries the one above it again', () => {
    const { q, above, frames } = run(0.6, 120, 20);
    expect(q.quality).toBeGreaterThanOrEqual(0.5);
    expect(q.quality).toBeLessThanOrEqual(0.6 + 1e-6);
    // Each retry of the level above costs a few overrunning frames, at most once per ceiling period: under 1 % keeps the p99 frame inside the budget.
    expect(above / frames).toBeLessThan(0.01);
  });
});

describe('QualityGovernor and missed refreshes', () => {
  it('steps down when a few frames a second miss the refresh, though the average looks fine', () => {
    const q = new QualityGovernor(1000 / 60, 1);
    // One frame in twelve takes two refreshes: the mean interval is only 1.08 budgets.
    for (let i = 0; i < 600; i++) q.sample(i % 12 === 0 ? 1000 / 30 : 1000 / 60);
    expect(q.quality).toBeLessThan(1);
  });

  it('keeps full quality on a display that refreshes at 50 Hz', () => {
    const q = new QualityGovernor(1000 / 60, 1);
    for (let i = 0; i < 600; i++) q.sample(20);
    expect(q.quality).toBe(1);
  });
});
