import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { clockBeat, clockMessage, CLOCK_LOST_MS, IDLE_CLOCK, PPQN, type MidiClock } from '../../../controller/operator/midiClock.ts';

/** Plays start and `pulses` clock pulses at `bpm` from `t0` ms, with ±`jitter` ms of seeded wobble. */
function play(bpm: number, pulses: number, t0 = 1000, jitter = 0, clock: MidiClock = clockMessage(IDLE_CLOCK, [0xfa], 999)): { clock: MidiClock; last: number } {
  const ms = 60_000 / (bpm * PPQN);
  let c = clock;
  let last = t0;
  let seed = 7;
  for (let i = 0; i < pulses; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    last = t0 + i * ms + jitter * ((seed / 2147483648) * 2 - 1);
    c = clockMessage(c, [0xf8], last);
  }
  return { clock: c, last };
}

describe('MIDI clock', () => {
  it('reads the tempo within 0.1 BPM through a jittery USB link, and the bar from the start', () => {
    for (const bpm of [96, 120, 128, 174]) {
      const { clock } = play(bpm, PPQN * 6 + 1, 1000, 1.5);
      const ms = 60_000 / (bpm * PPQN);
      // Half a beat after the 6th beat (a bar and a half from the start): beat 2.5 of the bar.
      const now = 1000 + PPQN * 6.5 * ms;
      const r = clockBeat(clock, now);
      expect(r?.bpm).toBeCloseTo(bpm, 0);
      expect(Math.abs((r?.bpm ?? 0) - bpm)).toBeLessThan(0.1 * (bpm / 96));
      expect(Math.abs((r?.beat ?? 0) - 2.5)).toBeLessThan(0.02);
    }
  });

  it('stops, continues, follows the song position, and is lost when pulses stop coming', () => {
    const { clock, last } = play(120, 60);
    expect(clockBeat(clock, last + 10)).not.toBeNull();
    expect(clockBeat(clock, last + CLOCK_LOST_MS + 1)).toBeNull();
    const stopped = clockMessage(clock, [0xfc], last + 5);
    expect(clockBeat(stopped, last + 6)).toBeNull();
    // Pulses while stopped do not move it.
    expect(clockMessage(stopped, [0xf8], last + 10).pulses).toBe(stopped.pulses);
    const resumed = play(120, 30, last + 100, 0, clockMessage(stopped, [0xfb], last + 99)).clock;
    expect(resumed.pulses).toBe(stopped.pulses + 30);
    // Song position 5 sixteenths = 30 pulses: the next pulse is pulse 30 (beat 1.25).
    const placed = play(120, 1, 5000, 0, clockMessage(clockMessage(clockMessage(IDLE_CLOCK, [0xfa], 4000), [0xf2, 5, 0], 4001), [0xfa], 4002));
    expect(placed.clock.pulses).toBe(0);
    const spp = play(120, 7, 5000, 0, clockMessage(resumed, [0xf2, 5, 0], last + 200)).clock;
    expect(spp.pulses).toBe(30 + 6);
  });

  it('takes any bytes without breaking (hostile or broken gear)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.array(fc.integer({ min: -5, max: 300 }), { maxLength: 4 }), fc.double({ noNaN: false })), { maxLength: 200 }), (messages) => {
        let c = IDLE_CLOCK;
        for (const [bytes, at] of messages) c = clockMessage(c, bytes, at);
        const r = clockBeat(c, 1e6);
        return r === null || (Number.isFinite(r.bpm) && r.bpm > 0 && r.beat >= 0 && r.beat < 4);
      }),
    );
  });
});
