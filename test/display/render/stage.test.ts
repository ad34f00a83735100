import { describe, expect, it } from 'vitest';
import { HORIZON, MARKS, STAGE, markNow, placeMark } from '../../../display/render/stage.ts';
import { phaseIndex } from '../../../core/arc/phases.ts';
import { wallScene } from '../helpers/wallScene.ts';

describe('stage', () => {
  it('puts a mark at its place in a phase that lists it, in wall pixels', () => {
    const s = wallScene('nightmare');
    const m = placeMark('tara', s, markNow());
    expect(m.on).toBe(1);
    expect(m.x).toBeCloseTo(0.5 * 1280);
    expect(m.y).toBeCloseTo((HORIZON + 0.13) * 720);
    expect(m.size).toBeCloseTo(0.18 * 720);
  });

  it('is absent (on 0) in a phase that does not list it', () => {
    expect(placeMark('creature', wallScene('serene'), markNow()).on).toBe(0);
    expect(placeMark('tara', wallScene('upgrade'), markNow()).on).toBe(0);
  });

  it('walks a character between two phases by their weights', () => {
    const s = wallScene('nightmare');
    s.weights[phaseIndex('nightmare')] = 0.5;
    s.weights[phaseIndex('confrontation')] = 0.5;
    const m = placeMark('tara', s, markNow());
    const a = STAGE.tara.nightmare!;
    const b = STAGE.tara.confrontation!;
    expect(m.y).toBeCloseTo(((a.y + b.y) / 2) * 720);
    expect(m.on).toBe(1);
  });

  it('fades a mark out as the phase that holds it gives way to one that does not', () => {
    const s = wallScene('glitch');
    s.weights[phaseIndex('glitch')] = 0.25;
    s.weights[phaseIndex('nightmare')] = 0.75;
    expect(placeMark('portal', s, markNow()).on).toBeCloseTo(0.25);
  });

  it('places every mark of a panorama on its own slice', () => {
    const s = wallScene('dawn');
    s.layout = { index: 1, count: 2, worldWidth: 2560, worldHeight: 720, offsetX: 1280 };
    for (const name of MARKS) {
      const m = placeMark(name, s, markNow());
      const place = STAGE[name].dawn;
      if (place) expect(m.x).toBeCloseTo(place.x * 2560 - 1280);
    }
  });
});
