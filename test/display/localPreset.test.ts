import { describe, it, expect } from 'vitest';
import { compressPreset } from '../../display/localPreset.ts';
import { BLANK_PRESET, loopLength, readPreset } from '../../core/preset.ts';

describe('compressPreset', () => {
  it('shortens the whole night by the factor and stays a valid preset', () => {
    const fast = compressPreset(BLANK_PRESET, 4);
    expect(loopLength(fast)).toBeLessThan(loopLength(BLANK_PRESET) / 3);
    expect(readPreset(fast).ok).toBe(true);
    expect(BLANK_PRESET.phases.serene.duration).toBe(120);
  });

  it('never makes a phase shorter than five seconds or its crossfade longer than the phase', () => {
    const fast = compressPreset(BLANK_PRESET, 20);
    for (const spec of Object.values(fast.phases)) {
      expect(spec.duration).toBeGreaterThanOrEqual(5);
      expect(spec.transition).toBeLessThanOrEqual(spec.duration);
    }
  });
});
