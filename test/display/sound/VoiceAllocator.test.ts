import { describe, it, expect } from 'vitest';
import { SeededRandom } from '../../../core/random.ts';
import { VoiceAllocator, NO_VOICE } from '../../../display/sound/VoiceAllocator.ts';

describe('the polyphony cap', () => {
  it('never sounds more voices than the cap under a flood of taps, stealing the oldest', () => {
    const alloc = new VoiceAllocator([8, 8, 8, 8]);
    expect(alloc.size).toBe(32);
    const rng = new SeededRandom(42);
    const starts = new Float64Array(alloc.size);
    let t = 0;
    for (let i = 0; i < 10_000; i++) {
      t += rng.range(0, 0.004); // ~500 taps a second
      const pool = rng.int(4);
      const v = alloc.allocate(pool, t, t + rng.range(0.2, 3));
      if (v === NO_VOICE) continue;
      expect(v).toBeGreaterThanOrEqual(alloc.poolStart(pool));
      expect(v).toBeLessThan(alloc.poolStart(pool) + alloc.poolSize(pool));
      expect(starts[v]).toBeLessThan(t); // a voice only moves forward in time
      starts[v] = t;
      expect(alloc.inUse(t)).toBeLessThanOrEqual(32);
    }
    expect(alloc.stolen).toBeGreaterThan(1000);
  });

  it('uses free voices before stealing, and steals the oldest note', () => {
    const alloc = new VoiceAllocator([3]);
    expect(alloc.allocate(0, 0, 10)).toBe(0);
    expect(alloc.allocate(0, 1, 10)).toBe(1);
    expect(alloc.allocate(0, 2, 10)).toBe(2);
    expect(alloc.stolen).toBe(0);
    expect(alloc.allocate(0, 3, 10)).toBe(0);
    expect(alloc.stolen).toBe(1);
    expect(alloc.allocate(0, 4, 10)).toBe(1);
    expect(alloc.inUse(4)).toBe(3);
    expect(alloc.allocate(0, 20, 21)).not.toBe(NO_VOICE);
    expect(alloc.inUse(20.5)).toBe(1);
  });

  it('refuses a note when every voice already starts at that instant (no synth restarts in its past)', () => {
    const alloc = new VoiceAllocator([2]);
    alloc.allocate(0, 1, 5);
    alloc.allocate(0, 1, 5);
    expect(alloc.allocate(0, 1, 5)).toBe(NO_VOICE);
    expect(alloc.refused).toBe(1);
  });
});
