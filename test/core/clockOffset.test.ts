import { describe, it, expect } from 'vitest';
import { clockSample, estimateClockOffset, rememberClockSample, type ClockSample } from '../../core/clockOffset.ts';
import { beatProgress, nextBeatLocal, toHubTime } from '../../controller/phone/beatTiming.ts';
import { SeededRandom } from '../../core/random.ts';

/**
 * Simulates round trips over a jittery, lopsided Wi-Fi link: each leg takes a base delay plus an
 * exponential-ish tail, and now and then a leg stalls (a retransmission).
 */
function simulate(trueOffset: number, n: number, seed: number): ClockSample[] {
  const rnd = new SeededRandom(seed);
  const leg = (): number => 4 + -Math.log(1 - rnd.next()) * 12 + (rnd.next() < 0.1 ? 150 * rnd.next() : 0);
  const samples: ClockSample[] = [];
  let local = 10_000;
  for (let i = 0; i < n; i++) {
    const sentAt = local;
    const up = leg();
    const hubTime = sentAt + up + trueOffset;
    const receivedAt = sentAt + up + leg();
    rememberClockSample(samples, clockSample(sentAt, hubTime, receivedAt), 16);
    local = receivedAt + 500;
  }
  return samples;
}

describe('clock offset estimation', () => {
  it('finds the hub clock within a few ms through heavy jitter', () => {
    const errors: number[] = [];
    for (let seed = 1; seed <= 50; seed++) {
      const trueOffset = (seed - 25) * 3_600_017;
      const est = estimateClockOffset(simulate(trueOffset, 16, seed));
      if (!est) throw new Error('no estimate');
      errors.push(Math.abs(est.offset - trueOffset));
    }
    errors.sort((a, b) => a - b);
    // Mean of a single raw sample would be off by tens of ms; the filter keeps the worst case small.
    expect(errors[Math.floor(errors.length / 2)]).toBeLessThan(8);
    expect(errors[errors.length - 1]).toBeLessThan(25);
  });

  it('beats the naive mean of all samples', () => {
    let filtered = 0;
    let naive = 0;
    for (let seed = 100; seed < 140; seed++) {
      const samples = simulate(0, 16, seed);
      filtered += Math.abs(estimateClockOffset(samples)?.offset ?? Infinity);
      naive += Math.abs(samples.reduce((s, x) => s + x.offset, 0) / samples.length);
    }
    expect(filtered).toBeLessThan(naive);
  });

  it('is exact on a symmetric link and needs a sample to say anything', () => {
    expect(estimateClockOffset([])).toBeNull();
    const s = clockSample(1000, 5_000_020, 1040);
    expect(s).toEqual({ rtt: 40, offset: 5_000_020 - 1020 });
    expect(estimateClockOffset([s])).toEqual({ offset: s.offset, rtt: 40, samples: 1 });
  });

  it('keeps only the latest window of samples', () => {
    const samples: ClockSample[] = [];
    for (let i = 0; i < 30; i++) rememberClockSample(samples, { rtt: i, offset: i }, 16);
    expect(samples).toHaveLength(16);
    expect(samples[0].offset).toBe(14);
  });
});

describe('beat timing', () => {
  const beat = { bpm: 72, origin: 1_000_000 };
  const period = 60_000 / 72;

  it('finds the next beat in local time from the hub grid and the offset', () => {
    const offset = 123_456;
    const localNow = 1_000_000 - offset + 10 * period + 100;
    const next = nextBeatLocal(beat, offset, localNow);
    expect(next).toBeCloseTo(1_000_000 - offset + 11 * period, 6);
    expect(nextBeatLocal(beat, offset, next)).toBeCloseTo(next, 6);
    expect(toHubTime(next, offset)).toBeCloseTo(1_000_000 + 11 * period, 6);
  });

  it('works before the origin and reports progress through the beat', () => {
    const next = nextBeatLocal(beat, 0, 1_000_000 - 2.5 * period);
    expect(next).toBeCloseTo(1_000_000 - 2 * period, 6);
    expect(beatProgress(beat, 0, 1_000_000 + period / 4)).toBeCloseTo(0.25, 6);
    expect(beatProgress(beat, 0, 1_000_000 - period / 4)).toBeCloseTo(0.75, 6);
  });
});
