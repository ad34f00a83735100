import { describe, it, expect } from 'vitest';
import { SimCrowd } from '../../core/simCrowd.ts';
import { audienceGestureSchema, type Beat } from '../../core/protocol.ts';
import { PHASES, PHASE_CONTROLS, type PhaseName } from '../../core/arc/phases.ts';
import { beatOffset } from '../../core/gestures.ts';

const beat: Beat = { bpm: 72, origin: 0 };
const DT = 1 / 30;

function play(crowd: SimCrowd, phase: PhaseName, seconds: number) {
  const out = [];
  for (let i = 1; i <= seconds / DT; i++) out.push(...crowd.tick(phase, Math.round(i * DT * 1000), DT, beat));
  return out;
}

describe('SimCrowd', () => {
  it('is the same crowd for the same seed, and another for another seed', () => {
    const a = play(new SimCrowd({ size: 20, seed: 3 }), 'serene', 5);
    const b = play(new SimCrowd({ size: 20, seed: 3 }), 'serene', 5);
    const c = play(new SimCrowd({ size: 20, seed: 4 }), 'serene', 5);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('sends only messages a real phone could send, with the phase’s control', () => {
    const kinds: Record<string, string[]> = { weave: ['weave', 'tap'], flicker: [], shine: ['shine'], pulse: ['pulse'], release: ['release'] };
    for (const phase of PHASES) {
      const sent = play(new SimCrowd({ size: 30, seed: 9 }), phase, 6);
      for (const s of sent) {
        expect(audienceGestureSchema.safeParse(s.g).success).toBe(true);
        expect(kinds[PHASE_CONTROLS[phase]]).toContain(s.g.kind);
        expect(s.d).toBeGreaterThanOrEqual(1);
        expect(s.d).toBeLessThanOrEqual(30);
      }
    }
  });

  it('taps close to the beat when in sync and all over it when not', () => {
    const spread = (sync: number) => {
      const pulses = play(new SimCrowd({ size: 50, seed: 2, sync }), 'confrontation', 8).flatMap((s) => (s.g.kind === 'pulse' ? [Math.abs(beatOffset(s.g.at, beat))] : []));
      return pulses.reduce((a, b) => a + b, 0) / pulses.length;
    };
    expect(spread(0.95)).toBeLessThan(30);
    expect(spread(0)).toBeGreaterThan(150);
  });

  it('leaves the disengaged share of phones silent', () => {
    const sent = play(new SimCrowd({ size: 40, seed: 5, engagement: 0.25 }), 'festival', 10);
    const senders = new Set(sent.map((s) => s.d));
    expect(senders.size).toBeLessThanOrEqual(10);
    expect(senders.size).toBeGreaterThan(5);
  });

  it('with nobody, sends nothing', () => {
    expect(play(new SimCrowd({ size: 0, seed: 1 }), 'confrontation', 3)).toEqual([]);
  });
});
