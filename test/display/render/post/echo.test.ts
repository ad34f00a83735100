import { describe, expect, it } from 'vitest';
import { ECHO, echoNow, echoShape } from '../../../../display/render/post/echo.ts';
import { PHASES, phaseIndex } from '../../../../core/arc/phases.ts';
import { wallScene } from '../../helpers/wallScene.ts';

describe('the echo of the previous frames, per phase', () => {
  it('stays subtle in every phase: bounded zoom, turn, smear and memory, bloom at most 1', () => {
    for (const p of PHASES) {
      const e = ECHO[p];
      expect(e.zoom).toBeGreaterThan(0.98);
      expect(e.zoom).toBeLessThan(1.02);
      expect(Math.abs(e.turn)).toBeLessThan(0.005);
      expect(e.stretch).toBeGreaterThanOrEqual(1);
      expect(e.stretch).toBeLessThan(1.06);
      expect(e.keep).toBeGreaterThanOrEqual(0);
      expect(e.keep).toBeLessThanOrEqual(0.9);
      expect(e.bloom).toBeGreaterThan(0);
      expect(e.bloom).toBeLessThanOrEqual(1);
    }
  });

  it('gives each phase its own character: the upgrade smears sideways, dawn and serene zoom out, the nightmare remembers least', () => {
    expect(ECHO.upgrade.stretch).toBeGreaterThan(ECHO.serene.stretch);
    expect(ECHO.dawn.zoom).toBeGreaterThan(1);
    expect(ECHO.serene.zoom).toBeGreaterThan(1);
    for (const p of PHASES) if (p !== 'nightmare' && p !== 'glitch') expect(ECHO.nightmare.keep).toBeLessThan(ECHO[p].keep);
  });

  it('blends two phases by their weights', () => {
    const s = wallScene('serene');
    s.weights[phaseIndex('serene')] = 0.25;
    s.weights[phaseIndex('festival')] = 0.75;
    const e = echoNow(s, echoShape());
    expect(e.keep).toBeCloseTo(0.25 * ECHO.serene.keep + 0.75 * ECHO.festival.keep, 6);
    expect(e.rise).toBeCloseTo(0.25 * ECHO.serene.rise + 0.75 * ECHO.festival.rise, 6);
  });

  it('with no phase present (or hostile weights) leaves the picture unmoved and unbloomed', () => {
    const s = wallScene('serene');
    s.weights.fill(0);
    const e = echoNow(s, echoShape());
    expect(e).toMatchObject({ zoom: 1, stretch: 1, turn: 0, keep: 0, bloom: 0 });
    s.weights.fill(-3);
    expect(echoNow(s, echoShape())).toMatchObject({ zoom: 1, keep: 0, bloom: 0 });
  });
});
