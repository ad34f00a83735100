import { describe, expect, it } from 'vitest';
import { BURST_POINTS, wovenBurst } from '../../../controller/phone/simplePlay.ts';
import { nearestTextScale, TEXT_SCALES } from '../../../controller/phone/preferences.ts';

describe('a woven burst (playing without drawing)', () => {
  it('is a looping thread inside the canvas, around a centre that moves press by press', () => {
    const pts = new Float32Array(BURST_POINTS * 2);
    const centres: [number, number][] = [];
    for (let n = 0; n < 20; n++) {
      const [cx, cy] = wovenBurst(n, pts);
      centres.push([cx, cy]);
      for (const v of pts) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
      }
      // It loops: the thread passes through its centre more than once.
      let near = 0;
      for (let i = 0; i < BURST_POINTS; i++) if (Math.hypot(pts[i * 2] - cx, pts[i * 2 + 1] - cy) < 0.02) near++;
      expect(near).toBeGreaterThanOrEqual(2);
      // And it has reach: some point is well away from the centre.
      let far = 0;
      for (let i = 0; i < BURST_POINTS; i++) far = Math.max(far, Math.hypot(pts[i * 2] - cx, pts[i * 2 + 1] - cy));
      expect(far).toBeGreaterThan(0.1);
    }
    for (let n = 1; n < centres.length; n++) {
      const d = Math.hypot(centres[n][0] - centres[n - 1][0], centres[n][1] - centres[n - 1][1]);
      expect(d, `press ${n}`).toBeGreaterThan(0.02);
    }
  });
});

describe('text size', () => {
  it('snaps to an offered size, and to the phone’s own size for nonsense', () => {
    expect(nearestTextScale(1.29)).toBe(1.3);
    expect(nearestTextScale(9)).toBe(TEXT_SCALES[TEXT_SCALES.length - 1]);
    expect(nearestTextScale(Number.NaN)).toBe(1);
  });
});
