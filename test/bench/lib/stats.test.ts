import { describe, expect, it } from 'vitest';
import { Sample } from '../../../bench/lib/stats.ts';

describe('bench Sample', () => {
  it('keeps every value up to its limit, then a bounded reservoir whose percentiles still hold', () => {
    const small = new Sample(4, 1000);
    for (let i = 1; i <= 1000; i++) small.push(i);
    expect(small.summary()).toMatchObject({ n: 1000, max: 1000 });
    expect(small.summary().p50).toBeCloseTo(500, -1);

    const bounded = new Sample(16, 2000);
    // 200,000 values uniform on 0..999 (a long soak's worth for a 2,000-value reservoir).
    for (let i = 0; i < 200_000; i++) bounded.push((i * 7919) % 1000);
    const s = bounded.summary();
    expect(s.n).toBe(200_000);
    expect(s.max).toBe(999);
    expect(s.p50).toBeGreaterThan(450);
    expect(s.p50).toBeLessThan(550);
    expect(s.p99).toBeGreaterThan(970);
    bounded.clear();
    expect(bounded.summary().n).toBe(0);
  });
});
