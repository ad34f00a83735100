import { describe, it, expect } from 'vitest';
import { attributeGesture, beatOffset, q } from '../../core/gestures.ts';
import type { Beat } from '../../core/protocol.ts';

const beat: Beat = { bpm: 60, origin: 10_000 }; // a beat every 1000 ms, on the 10 000s

describe('beatOffset', () => {
  it('is 0 on the beat, negative when early, positive when late', () => {
    expect(beatOffset(10_000, beat)).toBe(0);
    expect(beatOffset(13_000, beat)).toBe(0);
    expect(beatOffset(12_980, beat)).toBe(-20);
    expect(beatOffset(13_020, beat)).toBe(20);
  });

  it('wraps to the nearest beat: just past halfway is early for the next one', () => {
    expect(beatOffset(13_499, beat)).toBe(499);
    expect(beatOffset(13_501, beat)).toBe(-499);
    expect(beatOffset(13_500, beat)).toBe(500);
  });

  it('works before the origin and far from it', () => {
    expect(beatOffset(9_990, beat)).toBe(-10);
    expect(beatOffset(0, beat)).toBe(0);
    expect(beatOffset(10_000 + 1e9 + 250, beat)).toBeCloseTo(250, 3);
  });

  it('stays within half a period either side for any tempo', () => {
    for (const bpm of [40, 72, 140]) {
      const period = 60_000 / bpm;
      for (let at = 0; at < 5000; at += 37) {
        const o = beatOffset(at, { bpm, origin: 123 });
        expect(Math.abs(o)).toBeLessThanOrEqual(period / 2);
      }
    }
  });

  it('is 0 when there is no usable heartbeat', () => {
    expect(beatOffset(1234, { bpm: 0, origin: 0 })).toBe(0);
    expect(beatOffset(1234, { bpm: NaN, origin: 0 })).toBe(0);
    expect(beatOffset(NaN, beat)).toBe(0);
  });
});

describe('quantisation', () => {
  it('snaps a coordinate to 1/4096 and keeps the ends exact', () => {
    expect(q(0)).toBe(0);
    expect(q(1)).toBe(1);
    expect(q(0.5)).toBe(0.5);
    expect(q(0.1) * 4096).toBe(Math.round(0.1 * 4096));
    expect(Math.abs(q(0.123456) - 0.123456)).toBeLessThanOrEqual(0.5 / 4096);
  });
});

describe('attributeGesture', () => {
  it('turns a weave into a drawn thread and counts the dreamer at its last point', () => {
    const { frame, crowd } = attributeGesture({ kind: 'weave', stroke: 4, points: [0.1, 0.2, 0.30001, 0.4] }, 9, 2, beat);
    expect(frame).toEqual({ d: 9, r: 2, k: 'weave', p: [q(0.1), q(0.2), q(0.30001), q(0.4)], s: 4 });
    expect(crowd).toEqual({ d: 9, r: 2, k: 'weave', x: q(0.30001), y: q(0.4) });
  });

  it('keeps taps, releases and shines at their point; shine carries on/off', () => {
    expect(attributeGesture({ kind: 'tap', x: 0.25, y: 0.75 }, 1, 0, beat).crowd).toEqual({ d: 1, r: 0, k: 'tap', x: 0.25, y: 0.75 });
    expect(attributeGesture({ kind: 'release', x: 0.5, y: 0.1 }, 1, 0, beat).frame).toEqual({ d: 1, r: 0, k: 'release', p: [0.5, q(0.1)] });
    const off = attributeGesture({ kind: 'shine', x: 0.5, y: 0.5, on: false }, 2, 1, beat);
    expect(off.frame.s).toBe(0);
    expect(off.crowd.on).toBe(false);
  });

  it('stamps a pulse with its whole-ms offset from the beat', () => {
    const { frame, crowd } = attributeGesture({ kind: 'pulse', at: 12_987.6 }, 3, 3, beat);
    expect(crowd.o).toBe(-12);
    expect(frame.o).toBe(-12);
    expect(frame.p).toEqual([]);
  });

  it('maps a tilt of -1..1 onto the wall’s 0..1', () => {
    expect(attributeGesture({ kind: 'tilt', x: -1, y: 1 }, 1, 0, beat).crowd).toMatchObject({ x: 0, y: 1 });
    expect(attributeGesture({ kind: 'tilt', x: 0, y: 0 }, 1, 0, beat).crowd).toMatchObject({ x: 0.5, y: 0.5 });
  });
});
