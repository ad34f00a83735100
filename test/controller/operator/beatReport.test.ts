import { describe, expect, it } from 'vitest';
import { BEAT_EVERY_MS, BeatReport } from '../../../controller/operator/beatReport.ts';
import { operatorCommandSchema } from '../../../core/protocol.ts';

describe('beat report', () => {
  it('reports at once, then every half second, then once when the beat is gone', () => {
    const r = new BeatReport();
    expect(r.next('line', null, 0)).toBeNull();
    const first = r.next('line', { bpm: 120, beat: 0.5, bar: false, energy: 0.4 }, 100);
    expect(first).toEqual({ type: 'beat', source: 'line', bpm: 120, beat: 0.5, bar: false, energy: 0.4 });
    expect(operatorCommandSchema.safeParse(first).success).toBe(true);
    expect(r.next('line', { bpm: 120, beat: 0.6, bar: false }, 100 + BEAT_EVERY_MS - 1)).toBeNull();
    expect(r.next('line', { bpm: 120, beat: 0.7, bar: false }, 100 + BEAT_EVERY_MS)).not.toBeNull();
    // Each source keeps its own pace.
    expect(r.next('midi', { bpm: 128, beat: 3.9, bar: true }, 101)).not.toBeNull();
    expect(r.next('line', null, 2000)).toEqual({ type: 'beat', source: 'line', bpm: null });
    expect(r.live('line')).toBe(false);
    expect(r.live('midi')).toBe(true);
    expect(r.next('line', null, 2100)).toBeNull();
  });

  it('never sends a reading the hub would refuse', () => {
    const r = new BeatReport();
    for (const bad of [{ bpm: 39, beat: 0 }, { bpm: 181, beat: 0 }, { bpm: Number.NaN, beat: 0 }, { bpm: 120, beat: 4 }, { bpm: 120, beat: -0.1 }, { bpm: 120, beat: Number.NaN }]) {
      expect(r.next('midi', { ...bad, bar: true }, 0)).toBeNull();
    }
    const odd = r.next('line', { bpm: 100, beat: 0, bar: false, energy: 3 }, 0);
    expect(odd && 'energy' in odd).toBe(false);
  });
});
