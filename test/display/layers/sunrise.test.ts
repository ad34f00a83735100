import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { wallScene } from '../helpers/wallScene.ts';
import type { Layer } from '../../../display/layers/Layer.ts';
import { RecordingCanvas, asContext, installRecordingDocument } from '../helpers/recordingCanvas.ts';
import { PI } from '../../../display/render/Scene.ts';
import { HORIZON } from '../../../display/render/stage.ts';

let uninstall: () => void = () => undefined;
let createSunrise: (seed: number) => Layer;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createSunrise } = await import('../../../display/layers/sunrise.ts'));
});
afterAll(() => uninstall());

function frame(phase: Parameters<typeof wallScene>[0], sunrise: number, allow = 1): RecordingCanvas {
  const s = wallScene(phase, 3);
  s.params[PI.sunrise] = sunrise;
  s.allow = allow;
  const c = new RecordingCanvas();
  createSunrise(7).draw(asContext(c), s);
  return c;
}

describe('the sunrise', () => {
  it('draws nothing before the sun rises, or outside dawn', () => {
    expect(frame('dawn', 0).ctx.calls.length).toBe(0);
    expect(frame('serene', 1).ctx.calls.length).toBe(0);
  });

  it('rises from below the horizon: the disc climbs as sunrise grows', () => {
    const discY = (c: RecordingCanvas): number => {
      const d = c.ctx.calls.filter((k) => k.op === 'drawImage').at(-1);
      const [, , y, , h] = d?.args as number[];
      return y + h / 2;
    };
    const low = discY(frame('dawn', 0.05));
    const high = discY(frame('dawn', 1));
    expect(low).toBeGreaterThan(HORIZON * 720);
    expect(high).toBeLessThan(HORIZON * 720);
  });

  it('draws its god rays as two batched fills (soft edge, then core), additively, dimmer when the flash guard holds back', () => {
    const rays = (c: RecordingCanvas) => c.ctx.calls.filter((k) => k.op === 'fill');
    const free = rays(frame('dawn', 1, 1));
    const held = rays(frame('dawn', 1, 0));
    expect(free.length).toBe(2);
    for (const f of free) expect(f.composite).toBe('lighter');
    expect(held[0].alpha).toBeLessThan(free[0].alpha);
  });

  it('stops low, half behind the hills, and draws its disc over the sky (warm, never added up to white)', () => {
    const disc = frame('dawn', 1)
      .ctx.calls.filter((k) => k.op === 'drawImage')
      .at(-1);
    const [, , y, , d] = disc?.args as number[];
    const centre = y + d / 2;
    // Its centre within a radius of the horizon's line at full sunrise: a rising sun, not a noon one.
    expect(Math.abs(centre - HORIZON * 720)).toBeLessThan(d);
    expect(disc?.composite).toBe('source-over');
  });
});
