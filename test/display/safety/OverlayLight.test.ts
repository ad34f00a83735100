import { describe, it, expect } from 'vitest';
import { OverlayLight, OVERLAY_FADE_PER_SECOND } from '../../../display/safety/OverlayLight.ts';
import { overlayFlashes, type OpacitySample } from '../helpers/wcagAnalyser.ts';

/** Steps an overlay at 60 fps with blackout given per frame; @returns the opacity samples. */
function play(blackout: (f: number) => unknown, frames: number): OpacitySample[] {
  const light = new OverlayLight();
  const out: OpacitySample[] = [];
  for (let f = 0; f < frames; f++) {
    const t = (f * 1000) / 60;
    const b = blackout(f);
    out.push({ tMs: t, opacity: light.step(b === true ? 0 : b === false ? 1 : (b as number), t, 1 / 60) });
  }
  return out;
}

describe('OverlayLight: the QR, captions and prompts under blackout', () => {
  it('fades out under blackout within a quarter second and stays out', () => {
    const s = play((f) => f >= 10, 60);
    const outAt = s.findIndex((x) => x.opacity === 0);
    expect(outAt).toBeGreaterThan(10);
    expect(s[outAt].tMs - s[10].tMs).toBeLessThanOrEqual(1000 / OVERLAY_FADE_PER_SECOND + 20);
    expect(s.slice(outAt).every((x) => x.opacity === 0)).toBe(true);
  });

  it('never flashes when blackout is hammered every 50, 100 or 150 ms, read as white light', () => {
    for (const frames of [3, 6, 9]) {
      const s = play((f) => Math.floor(f / frames) % 2 === 1, 600);
      expect(overlayFlashes(s)).toBeLessThanOrEqual(2);
    }
  });

  it('reads junk as dark and never yields a bad opacity', () => {
    const junk = [Number.NaN, -1, 7, Infinity, -Infinity, undefined, 'x'];
    const s = play((f) => junk[f % junk.length], 120);
    for (const x of s) {
      expect(x.opacity).toBeGreaterThanOrEqual(0);
      expect(x.opacity).toBeLessThanOrEqual(1);
    }
    expect(new OverlayLight().step(1, Number.NaN, 0.016)).toBe(1);
  });
});
