import { describe, expect, it } from 'vitest';
import { beatFraction, foldBeat, ONSET_HOP, onsetStrength } from '../../../controller/operator/beatPhase.ts';
import { clickTrack, drumLoop, SIGNAL_RATE } from '../../helpers/beatSignals.ts';

/** Onset strength of an 8 s excerpt starting `start` s into a looping signal. */
function excerpt(samples: Float32Array, start: number): Float32Array {
  const n = 8 * SIGNAL_RATE;
  const x = new Float32Array(n);
  const from = Math.round(start * SIGNAL_RATE);
  for (let i = 0; i < n; i++) x[i] = samples[(from + i) % samples.length];
  const out = new Float32Array(Math.floor(n / ONSET_HOP));
  onsetStrength(x, out);
  return out;
}

describe('beat phase', () => {
  it('finds the beat of a click track and a drum loop within 5 ms, on the beat and not the off-beat', () => {
    for (const make of [clickTrack, drumLoop]) {
      for (const bpm of [96, 120, 128]) {
        for (const lead of [0.05, 0.27]) {
          const sig = make(bpm, 8, lead);
          const start = 1.3;
          const at = foldBeat(excerpt(sig.samples, start), ONSET_HOP / SIGNAL_RATE, bpm);
          const period = 60 / bpm;
          const truth = (((lead - start) % period) + period) % period;
          expect(at).not.toBeNull();
          let err = (at ?? 0) - truth;
          err -= period * Math.round(err / period);
          expect(Math.abs(err) * 1000, `${make.name} ${bpm} lead ${lead}`).toBeLessThan(5);
        }
      }
    }
  });

  it('says nothing for silence or a nonsense tempo', () => {
    const quiet = new Float32Array(1000);
    expect(foldBeat(quiet, 0.003, 120)).toBeNull();
    expect(foldBeat([1, 0, 1], 0.003, Number.NaN)).toBeNull();
    expect(foldBeat([1, 0, 1], 0, 120)).toBeNull();
    expect(foldBeat([Number.NaN, -1, Infinity], 0.003, 120)).not.toBeNaN();
  });

  it('reads the position within a beat', () => {
    expect(beatFraction(10.25, 10, 120)).toBeCloseTo(0.5, 9);
    expect(beatFraction(9.75, 10, 120)).toBeCloseTo(0.5, 9);
    expect(beatFraction(10, 10, 120)).toBe(0);
  });
});
