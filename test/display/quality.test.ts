import { describe, it, expect } from 'vitest';
import { QualityGovernor, MIN_QUALITY } from '../../display/render/quality.ts';

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
