import { describe, it, expect } from 'vitest';
import { TRAIL_HAZE_MAX, WALL_HAZE_MAX, trailFadeMode, trailHaze } from '../../../display/render/trailFade.ts';
import { FLOW_ROLES } from '../../../display/layers/flow.ts';

/** The fade a frame applies at 60 fps for a `trails` parameter 0..1 (the cutting rule's test cases). */
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
  it('knows the haze destination-out leaves', () => {
    for (let a = 1; a <= 255; a++) expect(trailHaze(a / 255)).toBe(haze(a));
  });

  it('fades exactly as always at full quality wherever the wall would show more than WALL_HAZE_MAX level of haze', () => {
    for (let a = 1; a <= 255; a++) {
      for (const presence of [1, 0.5, 0.3]) {
        const cheap = trailFadeMode(a / 255, 1, presence) === 'source-over';
        expect(cheap).toBe(haze(a) * presence <= WALL_HAZE_MAX);
      }
    }
  });

  it("takes the cheap fill in the short-trailed phases (the haze there is a level or less on the wall) and keeps the confrontation's long haze", () => {
    const mode = (phase: keyof typeof FLOW_ROLES): string => {
      const r = FLOW_ROLES[phase];
      return trailFadeMode(1 - r.persist, 1, r.presence);
    };
    for (const phase of ['serene', 'festival', 'upgrade', 'nightmare', 'dawn'] as const) expect(mode(phase)).toBe('source-over');
    expect(mode('confrontation')).toBe('destination-out');
  });

  it('keeps the exact fade while cutting where the haze is more than TRAIL_HAZE_MAX levels: the calm phases', () => {
    for (const trails of [0.85, 0.75, 0.6]) expect(trailFadeMode(fadeAt60(trails), 0.6)).toBe('destination-out');
  });

  it("uses the cheap fill while cutting where it lets go at most TRAIL_HAZE_MAX levels: the upgrade's and the glitch's short trails", () => {
    for (const trails of [0.35, 0.25, 0.2]) expect(trailFadeMode(fadeAt60(trails), 0.6)).toBe('source-over');
    for (let a = 1; a <= 255; a++) expect(trailFadeMode(a / 255, 0.6) === 'source-over').toBe(haze(a) <= TRAIL_HAZE_MAX || haze(a) <= WALL_HAZE_MAX);
  });

  it('answers the exact fade for nonsense fades, and nothing to show for a nonsense presence', () => {
    for (const bad of [NaN, -1, 0, -Infinity]) expect(trailFadeMode(bad, 1, 1)).toBe('destination-out');
    for (const bad of [NaN, -1, 0]) expect(trailFadeMode(0.1, 1, bad)).toBe('source-over');
    expect(trailFadeMode(0.1, NaN, 1)).toBe('destination-out');
  });
});
