import { describe, it, expect } from 'vitest';
import { TRAIL_HAZE_MAX, trailFadeMode } from '../../../display/render/trailFade.ts';

/** The fade a frame applies at 60 fps for a `trails` parameter 0..1 (as the renderer computes it). */
function fadeAt60(trails: number): number {
  return 1 - (0.8 + 0.18 * trails);
}

/** The largest channel value destination-out at `a`/255 cannot lower (8-bit rounding). */
function haze(a: number): number {
  let stuck = 0;
  for (let c = 1; c <= 255; c++) if (Math.round((c * (255 - a)) / 255) === c) stuck = c;
  return stuck;
}

describe('trail fade', () => {
  it('fades exactly as always at full quality, whatever the trails', () => {
    for (let a = 1; a <= 255; a++) expect(trailFadeMode(a / 255, 1)).toBe('destination-out');
  });

  it('keeps the exact fade while cutting where the haze is more than TRAIL_HAZE_MAX levels: the calm phases', () => {
    // Serene 0.85, nightmare 0.75, festival and confrontation 0.6 (the default preset's trails).
    for (const trails of [0.85, 0.75, 0.6]) expect(trailFadeMode(fadeAt60(trails), 0.6)).toBe('destination-out');
  });

  it("uses the cheap fill while cutting where it lets go at most TRAIL_HAZE_MAX levels: the upgrade's and the glitch's short trails", () => {
    for (const trails of [0.35, 0.25, 0.2]) expect(trailFadeMode(fadeAt60(trails), 0.6)).toBe('source-over');
    for (let a = 1; a <= 255; a++) expect(trailFadeMode(a / 255, 0.6) === 'source-over').toBe(haze(a) <= TRAIL_HAZE_MAX);
  });
});
