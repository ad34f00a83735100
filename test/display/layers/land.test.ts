import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { wallScene } from '../helpers/wallScene.ts';
import type { Layer } from '../../../display/layers/Layer.ts';
import { RecordingCanvas, asContext, installRecordingDocument } from '../helpers/recordingCanvas.ts';
import { HORIZON, STAGE } from '../../../display/render/stage.ts';
import { PI } from '../../../display/render/Scene.ts';
import { phaseIndex } from '../../../core/arc/phases.ts';

let uninstall: () => void = () => undefined;
let land: typeof import('../../../display/layers/land.ts');
let ridge: typeof import('../../../display/layers/ridge.ts');
beforeAll(async () => {
  uninstall = installRecordingDocument();
  land = await import('../../../display/layers/land.ts');
  ridge = await import('../../../display/layers/ridge.ts');
});
afterAll(() => uninstall());

const K = new Float32Array([0.3, 1.7, 4.2, 2.9, 5.5, 0.8]);

/** Highest point (smallest y) of the path fills a layer made in one frame, as a fraction of h. */
function fills(layer: Layer, phase: Parameters<typeof wallScene>[0], tweak?: (s: ReturnType<typeof wallScene>) => void): RecordingCanvas {
  const s = wallScene(phase, 4);
  s.params[PI.brightness] = 1;
  tweak?.(s);
  const c = new RecordingCanvas();
  layer.draw(asContext(c), s);
  return c;
}

describe('the land: three planes back to front', () => {
  it('stacks the planes: the back range above the near hills above the ridge, everywhere on the panorama', () => {
    for (let u = 0; u <= 1; u += 0.01) {
      const back = land.backRange(u, K);
      const front = land.frontHills(u, K);
      const near = ridge.ridgeLine(u, K);
      expect(back).toBeLessThan(front);
      expect(front).toBeLessThan(near);
      expect(back).toBeGreaterThan(0.5);
      expect(near).toBeLessThan(0.98);
    }
  });

  it('gives every character standing on the land ground to stand on, clear of the ridge', () => {
    for (const mark of ['lyra', 'tara', 'remy'] as const) {
      for (const place of Object.values(STAGE[mark])) {
        if (!place || place.y < HORIZON) continue;
        // The hills' edge is at or above the feet (a few px of sinking at most), the ridge below them.
        expect(land.frontHills(place.x, K)).toBeLessThan(place.y + 0.015);
        expect(ridge.ridgeLine(place.x, K)).toBeGreaterThan(place.y + 0.02);
      }
    }
  });

  it('steps back as the nightmare draws its own horizon', () => {
    const l = land.createLand(7);
    const calm = fills(l, 'serene').ctx.calls.filter((k) => k.op === 'fill');
    const dark = fills(l, 'nightmare').ctx.calls.filter((k) => k.op === 'fill');
    expect(calm.length).toBeGreaterThan(2);
    expect(Math.max(0, ...dark.map((k) => k.alpha))).toBeLessThan(0.1);
  });

  it('lights Neo-Elysium in grid lines in the upgrade, and not in serene', () => {
    const l = land.createLand(7);
    const rects = (c: RecordingCanvas): number => c.ctx.calls.filter((k) => k.op === 'rect').length;
    expect(rects(fills(l, 'upgrade'))).toBeGreaterThan(rects(fills(l, 'serene')) + 200);
  });

  it('rims the land with warm light only when the sun is up at dawn', () => {
    const l = land.createLand(7);
    const strokes = (c: RecordingCanvas): number => c.ctx.calls.filter((k) => k.op === 'stroke').length;
    expect(strokes(fills(l, 'dawn', (s) => (s.params[PI.sunrise] = 0)))).toBe(0);
    expect(strokes(fills(l, 'dawn', (s) => (s.params[PI.sunrise] = 1)))).toBeGreaterThan(0);
  });

  it('moves the land and the near ridge with the room\'s lean (parallax)', () => {
    const firstX = (layer: Layer, lean: number, op: string): number => {
      const c = fills(layer, 'serene', (s) => (s.lean = { x: lean, y: 0 }));
      const moves = c.ctx.calls.filter((k) => k.op === op);
      return (moves[1].args as number[])[1];
    };
    const r = ridge.createRidge(7);
    expect(firstX(r, 1, 'lineTo')).not.toBeCloseTo(firstX(r, 0, 'lineTo'), 3);
    const l = land.createLand(7);
    expect(firstX(l, 1, 'lineTo')).not.toBeCloseTo(firstX(l, 0, 'lineTo'), 3);
  });

  it('survives hostile scene values without throwing', () => {
    const l = land.createLand(1);
    const r = ridge.createRidge(1);
    for (const v of [NaN, Infinity, -Infinity, 1e9]) {
      const s = wallScene('festival', v);
      s.lean = { x: v, y: v };
      s.weights[phaseIndex('dawn')] = v;
      s.params[PI.sunrise] = v;
      expect(() => l.draw(asContext(new RecordingCanvas()), s)).not.toThrow();
      expect(() => r.draw(asContext(new RecordingCanvas()), s)).not.toThrow();
    }
  });
});
