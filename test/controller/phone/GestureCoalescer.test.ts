import { describe, it, expect } from 'vitest';
import { GestureCoalescer } from '../../../controller/phone/GestureCoalescer.ts';
import { audienceGestureSchema, MAX_WEAVE_POINTS, type AudienceGesture } from '../../../core/protocol.ts';
import { SeededRandom } from '../../../core/random.ts';

/** Polls like a 60 Hz animation frame loop from `from` to `to` ms, collecting what would be sent. */
function run(c: GestureCoalescer, from: number, to: number, out: { at: number; g: AudienceGesture }[], step = 1000 / 60): void {
  for (let t = from; t < to; t += step) {
    const g = c.next(t);
    if (g) out.push({ at: t, g });
  }
}

function maxInAnySecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('GestureCoalescer', () => {
  it('keeps a frantic two-finger scribble with taps under 30 messages a second, every message valid', () => {
    const rnd = new SeededRandom(7);
    const c = new GestureCoalescer({ maxRate: 30 });
    const sent: { at: number; g: AudienceGesture }[] = [];
    let a = c.strokeStart(0.1, 0.1, 0);
    let b = c.strokeStart(0.9, 0.9, 0);
    let taps = 0;
    // 3 s of 120 Hz touch events on two fingers, with a tap every 50 ms, polled at 60 Hz.
    for (let t = 0; t < 3000; t += 1000 / 120) {
      c.strokeMove(a, rnd.next(), rnd.next(), t);
      c.strokeMove(b, rnd.next(), rnd.next(), t);
      if (Math.floor(t / 50) !== Math.floor((t - 1000 / 120) / 50)) {
        c.tap(rnd.next(), rnd.next(), t);
        taps++;
      }
      if (Math.floor(t / 500) !== Math.floor((t - 1000 / 120) / 500)) {
        c.strokeEnd(a, t);
        c.strokeEnd(b, t);
        a = c.strokeStart(rnd.next(), rnd.next(), t);
        b = c.strokeStart(rnd.next(), rnd.next(), t);
      }
      const g = c.next(t);
      if (g) sent.push({ at: t, g });
    }
    c.strokeEnd(a, 3000);
    c.strokeEnd(b, 3000);
    run(c, 3000, 8000, sent);

    expect(maxInAnySecond(sent.map((s) => s.at))).toBeLessThanOrEqual(30);
    for (const { g } of sent) expect(audienceGestureSchema.safeParse(g).success).toBe(true);
    // No tap is ever lost.
    expect(sent.filter((s) => s.g.kind === 'tap')).toHaveLength(taps);
    // Every stroke ends exactly once, and drags ride in batches rather than one message per point.
    const weaves = sent.flatMap((s) => (s.g.kind === 'weave' ? [s.g] : []));
    const ended = weaves.filter((w) => w.end).map((w) => w.stroke);
    expect(new Set(ended).size).toBe(ended.length);
    expect(ended.length).toBe(new Set(weaves.map((w) => w.stroke)).size);
    const pointsSent = weaves.reduce((n, w) => n + w.points.length / 2, 0);
    expect(pointsSent / weaves.length).toBeGreaterThan(3);
    expect(c.pending).toBe(0);
  });

  it('sends a slow drag as one continuous stroke whose points arrive in order', () => {
    const c = new GestureCoalescer();
    const sent: { at: number; g: AudienceGesture }[] = [];
    const s = c.strokeStart(0, 0.5, 0);
    for (let i = 1; i <= 40; i++) {
      c.strokeMove(s, i / 40, 0.5, i * 10);
      run(c, i * 10, i * 10 + 10, sent, 10);
    }
    c.strokeEnd(s, 410);
    run(c, 410, 600, sent, 10);
    const xs = sent.flatMap(({ g }) => (g.kind === 'weave' ? g.points.filter((_, i) => i % 2 === 0) : []));
    expect(xs[0]).toBe(0);
    expect(xs[xs.length - 1]).toBe(1);
    for (let i = 1; i < xs.length; i++) expect(xs[i]).toBeGreaterThanOrEqual(xs[i - 1]);
    const last = sent[sent.length - 1].g;
    expect(last.kind === 'weave' && last.end).toBe(true);
  });

  it('thins a long wait into at most 32 pairs that keep both ends of the thread', () => {
    const c = new GestureCoalescer();
    const s = c.strokeStart(0, 0, 0);
    for (let i = 1; i <= 200; i++) c.strokeMove(s, i / 200, i / 200, 0);
    const g = c.next(0);
    expect(g?.kind).toBe('weave');
    if (g?.kind !== 'weave') return;
    expect(g.points.length / 2).toBeLessThanOrEqual(MAX_WEAVE_POINTS);
    expect(g.points.length / 2).toBeGreaterThan(8);
    expect(g.points.slice(0, 2)).toEqual([0, 0]);
    expect(g.points.slice(-2)).toEqual([1, 1]);
  });

  it('an ended stroke with nothing new still tells the hub it ended', () => {
    const c = new GestureCoalescer();
    const s = c.strokeStart(0.2, 0.3, 0);
    expect(c.next(0)).toEqual({ kind: 'weave', stroke: s, points: [0.2, 0.3] });
    c.strokeEnd(s, 10);
    expect(c.next(40)).toEqual({ kind: 'weave', stroke: s, points: [0.2, 0.3], end: true });
    expect(c.next(80)).toBeNull();
  });

  it('refreshes a held shine about once a second and always sends the lift', () => {
    const c = new GestureCoalescer();
    const sent: { at: number; g: AudienceGesture }[] = [];
    c.shine(0.4, 0.6, 0);
    run(c, 0, 5000, sent);
    const ons = sent.filter((s) => s.g.kind === 'shine' && s.g.on);
    expect(ons.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < ons.length; i++) expect(ons[i].at - ons[i - 1].at).toBeLessThan(1500);
    c.shineOff(5000);
    run(c, 5000, 5200, sent);
    expect(sent[sent.length - 1].g).toEqual({ kind: 'shine', x: 0.4, y: 0.6, on: false });
    expect(c.shining).toBe(false);
  });

  it('follows a moving shine at a modest rate', () => {
    const c = new GestureCoalescer();
    const sent: { at: number; g: AudienceGesture }[] = [];
    for (let t = 0; t < 1000; t += 1000 / 120) {
      c.shine(t / 1000, 0.5, t);
      const g = c.next(t);
      if (g) sent.push({ at: t, g });
    }
    expect(sent.length).toBeGreaterThanOrEqual(8);
    expect(sent.length).toBeLessThanOrEqual(11);
  });

  it('keeps pulse stamps as given and honours a lower hub rate', () => {
    const c = new GestureCoalescer({ maxRate: 30 });
    c.setRate(10);
    for (let i = 0; i < 20; i++) c.pulse(1_700_000_000_000 + i * 833, i);
    const sent: { at: number; g: AudienceGesture }[] = [];
    run(c, 0, 3000, sent);
    expect(sent).toHaveLength(20);
    expect(maxInAnySecond(sent.map((s) => s.at))).toBeLessThanOrEqual(10);
    expect(sent.map((s) => (s.g.kind === 'pulse' ? s.g.at : -1))).toEqual(Array.from({ length: 20 }, (_, i) => 1_700_000_000_000 + i * 833));
  });

  it('sends only the latest tilt and ignores tremor', () => {
    const c = new GestureCoalescer();
    c.tilt(0.5, -0.5, 0);
    c.tilt(0.6, -0.4, 5);
    expect(c.next(10)).toEqual({ kind: 'tilt', x: 0.6, y: -0.4 });
    c.tilt(0.605, -0.405, 20);
    expect(c.next(400)).toBeNull();
    c.tilt(2, -3, 500);
    expect(c.next(500)).toEqual({ kind: 'tilt', x: 1, y: -1 });
  });

  it('clears everything waiting when the hub goes away', () => {
    const c = new GestureCoalescer();
    c.tap(0.5, 0.5, 0);
    c.shine(0.5, 0.5, 0);
    c.strokeStart(0.1, 0.1, 0);
    expect(c.pending).toBe(3);
    c.clear();
    expect(c.pending).toBe(0);
    expect(c.next(1000)).toBeNull();
  });

  it('hands over everything waiting at once when the page goes away, whatever the rate', () => {
    const c = new GestureCoalescer({ maxRate: 10 });
    c.tap(0.9, 0.9, 0);
    expect(c.next(0)).toEqual({ kind: 'tap', x: 0.9, y: 0.9 });
    c.tap(0.2, 0.2, 1);
    c.tap(0.3, 0.3, 2);
    const stroke = c.strokeStart(0.1, 0.1, 3);
    c.strokeMove(stroke, 0.15, 0.12, 4);
    c.release(0.5, 0.5, 5);
    // The rate allows nothing for another 94 ms; leaving, all of it goes, oldest first.
    expect(c.next(6)).toBeNull();
    const out = c.drain(6, 8);
    expect(out.map((g) => g.kind)).toEqual(['tap', 'tap', 'weave', 'release']);
    for (const g of out) expect(audienceGestureSchema.safeParse(g).success).toBe(true);
    expect(c.pending).toBe(0);
    // A cap: what does not fit still waits, in order.
    for (let i = 0; i < 5; i++) c.tap(i / 10, 0.5, 10 + i);
    expect(c.drain(20, 3)).toHaveLength(3);
    expect(c.pending).toBe(2);
    expect(c.drain(21, 0)).toEqual([]);
  });
});
