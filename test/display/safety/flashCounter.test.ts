import { describe, it, expect } from 'vitest';
import { FlashCounter, type FlashReading } from '../../../display/safety/flashCounter.ts';

const COLS = 30;
const ROWS = 18;

/** Plays a sequence of whole-grid (or partial) luminance states at 60 fps and returns the worst reading. */
function play(states: (frame: number) => { lum: number; red?: boolean; share?: number }, frames: number) {
  const counter = new FlashCounter(COLS, ROWS);
  const lum = new Float32Array(COLS * ROWS);
  const red = new Uint8Array(COLS * ROWS);
  const reading: FlashReading = { flashes: 0, redFlashes: 0, violation: false };
  let worst = 0;
  let worstRed = 0;
  let violated = false;
  for (let f = 0; f < frames; f++) {
    const s = states(f);
    const share = s.share ?? 1;
    for (let i = 0; i < lum.length; i++) {
      // The flashing part is the left `share` of the screen; the rest stays dark.
      const x = i % COLS;
      const inside = x < COLS * share;
      lum[i] = inside ? s.lum : 0.02;
      red[i] = inside && s.red ? 1 : 0;
    }
    counter.push((f * 1000) / 60, lum, red, reading);
    worst = Math.max(worst, reading.flashes);
    worstRed = Math.max(worstRed, reading.redFlashes);
    violated ||= reading.violation;
  }
  return { worst, worstRed, violated };
}

describe('FlashCounter (WCAG 2.3.1)', () => {
  it('reads a steady picture as no flashes', () => {
    expect(play(() => ({ lum: 0.4 }), 180)).toEqual({ worst: 0, worstRed: 0, violated: false });
  });

  it('flags a full-screen 10 Hz black/white strobe', () => {
    const r = play((f) => ({ lum: Math.floor(f / 3) % 2 ? 1 : 0 }), 120);
    expect(r.violated).toBe(true);
    expect(r.worst).toBeGreaterThan(3);
  });

  it('allows three flashes a second but not four', () => {
    // 2.5 Hz: one full cycle (two transitions) every 24 frames.
    const three = play((f) => ({ lum: Math.floor(f / 12) % 2 ? 0.6 : 0.1 }), 240);
    expect(three.violated).toBe(false);
    expect(three.worst).toBeLessThanOrEqual(3);
    // 5 Hz: one cycle every 12 frames.
    const five = play((f) => ({ lum: Math.floor(f / 6) % 2 ? 0.6 : 0.1 }), 240);
    expect(five.violated).toBe(true);
  });

  it('ignores changes smaller than 10% of white', () => {
    expect(play((f) => ({ lum: Math.floor(f / 3) % 2 ? 0.35 : 0.27 }), 180).violated).toBe(false);
  });

  it('ignores alternation between two states both brighter than 0.80', () => {
    expect(play((f) => ({ lum: Math.floor(f / 3) % 2 ? 0.98 : 0.82 }), 180).violated).toBe(false);
  });

  it('ignores a fast strobe over too small an area', () => {
    // One column of thirty: far below a quarter of a third of the screen.
    expect(play((f) => ({ lum: Math.floor(f / 3) % 2 ? 1 : 0, share: 1 / COLS }), 180).violated).toBe(false);
  });

  it('counts a strobe over a large enough area', () => {
    expect(play((f) => ({ lum: Math.floor(f / 3) % 2 ? 1 : 0, share: 0.34 }), 180).violated).toBe(true);
  });

  it('treats a single red flash as a violation', () => {
    const r = play((f) => ({ lum: f >= 30 && f < 45 ? 0.2126 : 0.01, red: f >= 30 && f < 45 }), 120);
    expect(r.worstRed).toBeGreaterThanOrEqual(1);
    expect(r.violated).toBe(true);
  });

  it('treats a slow fade as no flash at all', () => {
    // A sunrise: dark to bright over two seconds, then it stays.
    const r = play((f) => ({ lum: Math.min(0.9, f / 120) }), 240);
    expect(r.worst).toBeLessThanOrEqual(0.5);
    expect(r.violated).toBe(false);
  });
});
