import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { wallScene } from '../helpers/wallScene.ts';
import type { Layer } from '../../../display/layers/Layer.ts';
import { RecordingCanvas, asContext, installRecordingDocument, madeCanvases } from '../helpers/recordingCanvas.ts';
import { PI } from '../../../display/render/Scene.ts';
import { HORIZON } from '../../../display/render/stage.ts';

let uninstall: () => void = () => undefined;
let createSunrise: (seed: number) => Layer;
let RAYS_EVERY = 0;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createSunrise, RAYS_EVERY } = await import('../../../display/layers/sunrise.ts'));
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

  it('paints its god rays as two batched fills (soft edge, then core adding on) on a cache laid on additively, dimmer when the flash guard holds back', () => {
    const lay = (allow: number) => {
      madeCanvases.length = 0;
      const wall = frame('dawn', 1, allow);
      const cache = madeCanvases.find((c) => c.ctx.calls.some((k) => k.op === 'clearRect'));
      expect(cache).toBeDefined();
      const fills = cache?.ctx.calls.filter((k) => k.op === 'fill') ?? [];
      const copy = wall.ctx.calls.filter((k) => k.op === 'drawImage' && k.args[0] === cache);
      return { fills, copy };
    };
    const free = lay(1);
    const held = lay(0);
    expect(free.fills.map((f) => f.composite)).toEqual(['source-over', 'lighter']);
    expect(free.copy).toHaveLength(1);
    expect(free.copy[0].composite).toBe('lighter');
    // Unscaled: the source rectangle is the destination's size.
    const [, , , sw, sh, , , dw, dh] = free.copy[0].args as number[];
    expect([dw, dh]).toEqual([sw, sh]);
    expect(sw).toBeGreaterThan(100);
    expect(sh).toBeGreaterThan(100);
    // As bright on the wall as the rays drawn there: the cache's gain is taken back when laid on.
    expect(free.fills[0].alpha * free.copy[0].alpha).toBeCloseTo(0.045, 3);
    expect(held.copy[0].alpha).toBeLessThan(free.copy[0].alpha);
  });

  it('repaints the rays\' cache only when its slot of time has passed (they drift over minutes)', () => {
    madeCanvases.length = 0;
    const sun = createSunrise(7);
    const s = wallScene('dawn', 3);
    s.params[PI.sunrise] = 1;
    const wall = new RecordingCanvas();
    sun.draw(asContext(wall), s);
    const cache = madeCanvases.find((c) => c.ctx.calls.some((k) => k.op === 'clearRect'));
    const fills = (): number => cache?.ctx.calls.filter((k) => k.op === 'fill').length ?? 0;
    expect(fills()).toBe(2);
    const frames = Math.round((RAYS_EVERY * 3) / s.dt);
    for (let i = 0; i < frames; i++) {
      s.time += s.dt;
      sun.draw(asContext(wall), s);
    }
    // Three slots passed: three repaints of two fills, and a copy on the wall every frame.
    expect(fills()).toBeGreaterThanOrEqual(2 + 2 * 2);
    expect(fills()).toBeLessThanOrEqual(2 + 2 * 4);
    expect(wall.ctx.calls.filter((k) => k.op === 'drawImage' && k.args[0] === cache)).toHaveLength(frames + 1);
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
