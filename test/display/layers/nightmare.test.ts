import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PI, type Scene } from '../../../display/render/Scene.ts';
import type { Layer } from '../../../display/layers/Layer.ts';
import { wallScene } from '../helpers/wallScene.ts';
import { RecordingCanvas, asContext, installRecordingDocument, madeCanvases, type CanvasCall } from '../helpers/recordingCanvas.ts';

let uninstall: () => void = () => undefined;
let createNightmare: (seed: number) => Layer;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createNightmare } = await import('../../../display/layers/nightmare.ts'));
});
afterAll(() => uninstall());

/** A 1280×720 wall in the nightmare with the shadows pressing at `shadows`. */
function nightmare(shadows: number): Scene {
  const s = wallScene('nightmare', 20);
  s.params[PI.shadows] = shadows;
  s.params[PI.fracture] = 0.6;
  return s;
}

/** The shadows' blits in one frame: unscaled sprite blits under source-over, the wall-wide fog excepted. */
function shadows(calls: CanvasCall[]): { centre: number; alpha: number }[] {
  return calls
    .filter((c) => c.op === 'drawImage' && c.args.length === 3 && c.composite === 'source-over' && (c.args[0] as RecordingCanvas).width < 1280)
    .map((c) => ({ centre: (c.args[1] as number) + (c.args[0] as RecordingCanvas).width / 2, alpha: c.alpha }));
}

function frame(layer: Layer, s: Scene): CanvasCall[] {
  const c = new RecordingCanvas();
  layer.draw(asContext(c), s);
  return c.ctx.calls;
}

/** Mean distance of the shadows from Tara (the middle of the wall), px. */
function spread(list: { centre: number }[]): number {
  return list.reduce((sum, f) => sum + Math.abs(f.centre - 640), 0) / list.length;
}

describe('nightmare: the shadows around Tara', () => {
  it('draws nine baked shadows, on both sides of Tara, and makes no canvas after the first frame', () => {
    const layer = createNightmare(7);
    const s = nightmare(0.9);
    frame(layer, s);
    const made = madeCanvases.length;
    let list: { centre: number }[] = [];
    for (let f = 0; f < 30; f++) {
      s.time += 1 / 60;
      list = shadows(frame(layer, s));
    }
    expect(madeCanvases.length).toBe(made);
    expect(list.length).toBe(9);
    expect(list.filter((f) => f.centre < 640).length).toBeGreaterThanOrEqual(4);
    expect(list.filter((f) => f.centre > 640).length).toBeGreaterThanOrEqual(4);
  });

  it('closes in on Tara as the pressure grows', () => {
    expect(spread(shadows(frame(createNightmare(7), nightmare(1))))).toBeLessThan(spread(shadows(frame(createNightmare(7), nightmare(0.2)))) * 0.9);
  });

  it("is pushed back and thinned by the phones' light", () => {
    const dark = shadows(frame(createNightmare(7), nightmare(0.9)));
    const layer = createNightmare(7);
    const s = nightmare(0.9);
    // Phones shining all along the band where the shadows stand, held for two seconds (the light eases in).
    let n = 0;
    for (let u = 0.02; u < 1 && n < 128; u += 0.04) {
      for (const v of [0.4, 0.6]) {
        s.lights[n * 2] = u;
        s.lights[n * 2 + 1] = v;
        n++;
      }
    }
    s.lightCount = n;
    let lit = dark;
    for (let f = 0; f < 120; f++) lit = shadows(frame(layer, s));
    expect(spread(lit)).toBeGreaterThan(spread(dark) * 1.1);
    expect(Math.max(...lit.map((f) => f.alpha))).toBeLessThan(Math.max(...dark.map((f) => f.alpha)));
  });

  it('draws nothing in the calm phases', () => {
    expect(frame(createNightmare(7), wallScene('serene', 5))).toEqual([]);
  });
});

describe("nightmare: the phones' light stays low", () => {
  it('keeps 200 phones shining all over the wall as small points and flat pools on the ground, never in the sky', () => {
    const layer = createNightmare(7);
    const s = nightmare(0.9);
    for (let n = 0; n < 200; n++) {
      s.lights[n * 2] = ((n * 37) % 200) / 200;
      s.lights[n * 2 + 1] = ((n * 53) % 200) / 200;
    }
    s.lightCount = 200;
    let calls: CanvasCall[] = [];
    for (let f = 0; f < 60; f++) calls = frame(layer, s);
    const light = calls.filter((c) => c.op === 'drawImage' && c.composite === 'lighter');
    // The points (small unscaled sprite blits) are many, and all below the horizon.
    const points = light.filter((c) => c.args.length === 3 && (c.args[0] as RecordingCanvas).width <= 16);
    expect(points.length).toBeGreaterThan(100);
    for (const p of points) expect(p.args[2] as number).toBeGreaterThan(0.72 * 720);
    // Nothing else lit is drawn: the pools (one squashed field) and Tara's clearing.
    expect(light.length - points.length).toBeLessThanOrEqual(2);
    // Everything lit (pools and Tara's clearing) lies on the ground: nothing reaches into the upper half.
    for (const c of light) {
      const y = c.args.length === 9 ? (c.args[6] as number) : (c.args[2] as number);
      expect(y).toBeGreaterThan(0.5 * 720);
    }
  });
});
