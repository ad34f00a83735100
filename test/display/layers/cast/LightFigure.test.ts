/**
 * A figure of light on its cached canvas, recorded: its shapes filled once for the body and stroked
 * for the outline and inner lines, built once per size and colour (the halo's blur only then), blitted
 * at whole pixels each frame, freed on dispose.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { RecordingCanvas, asContext, installRecordingDocument, madeCanvases } from '../../helpers/recordingCanvas.ts';
import type { LightFigure as LightFigureType, Ink } from '../../../../display/layers/cast/LightFigure.ts';

let uninstall: () => void = () => undefined;
let LightFigure: typeof LightFigureType;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ LightFigure } = await import('../../../../display/layers/cast/LightFigure.ts'));
});
afterAll(() => uninstall());

const ROSE = new Float32Array([255, 143, 171]);
const BOX = { left: -0.3, right: 0.3, top: -1, bottom: 0.02 };

/** A two-shape figure that counts how its shapes are inked (filled or stroked). */
function counting(): { trace: (g: CanvasRenderingContext2D, h: number, ink: Ink) => void; fills: number; strokes: number } {
  const t = {
    fills: 0,
    strokes: 0,
    trace(g: CanvasRenderingContext2D, h: number, ink: Ink): void {
      for (const y of [-0.8, -0.4]) {
        g.beginPath();
        g.arc(0, y * h, 0.1 * h, 0, Math.PI * 2);
        ink(g);
      }
    },
  };
  const trace = t.trace;
  t.trace = (g, h, ink) => {
    const probe = { fill: () => t.fills++, stroke: () => t.strokes++ } as unknown as CanvasRenderingContext2D;
    ink(probe);
    trace(g, h, ink);
  };
  return t;
}

describe('a figure of light', () => {
  it('fills its shapes for the body and strokes them for the outline and inner lines', () => {
    const t = counting();
    const fig = new LightFigure(t.trace, BOX);
    fig.ensure(100, 1, ROSE, 0);
    // Once filled (the mask), twice stroked (inner lines, outline).
    expect(t.fills).toBe(1);
    expect(t.strokes).toBe(2);
    fig.dispose();
  });

  it('is built once per size and colours, and pays for its halo only then', () => {
    const t = counting();
    const first = madeCanvases.length;
    const fig = new LightFigure(t.trace, BOX);
    const own = madeCanvases[first];
    fig.ensure(100, 1, ROSE, 0);
    expect(own.ctx.calls.length).toBeGreaterThan(0);
    expect(own.ctx.shadowBlur).toBe(0);
    const built = own.ctx.calls.length;
    fig.ensure(100.2, 1, ROSE, 0);
    fig.ensure(100, 1, ROSE, 0);
    expect(own.ctx.calls.length).toBe(built);
    fig.ensure(120, 1, ROSE, 0);
    expect(own.ctx.calls.length).toBeGreaterThan(built);
    const resized = own.ctx.calls.length;
    fig.ensure(120, 2, ROSE, 0);
    expect(own.ctx.calls.length).toBeGreaterThan(resized);
    expect(fig.height).toBe(120);
    fig.dispose();
    expect(own.width).toBe(0);
  });

  it('blits at whole pixels when unscaled and unturned, turns about its feet otherwise, and draws nothing unseen', () => {
    const fig = new LightFigure(counting().trace, BOX);
    fig.ensure(100, 1, ROSE, 0);
    const wall = new RecordingCanvas();
    const g = asContext(wall);
    fig.draw(g, 300.4, 200.6, 1, 0, 0.5);
    const blit = wall.ctx.calls[0];
    expect(blit.op).toBe('drawImage');
    expect(blit.alpha).toBe(0.5);
    expect(Number.isInteger(blit.args[1]) && Number.isInteger(blit.args[2])).toBe(true);
    fig.draw(g, 300, 200, 1.2, 0.4, 3);
    const turned = wall.ctx.calls.filter((c) => c.op === 'setTransform');
    expect(turned.length).toBe(2);
    // The last transform resets to identity.
    expect(turned[1].args).toEqual([1, 0, 0, 1, 0, 0]);
    expect(wall.ctx.globalAlpha).toBe(1);
    const before = wall.ctx.calls.length;
    fig.draw(g, 300, 200, 1, 0, 0);
    expect(wall.ctx.calls.length).toBe(before);
    fig.dispose();
    fig.draw(g, 300, 200, 1, 0, 1);
    expect(wall.ctx.calls.length).toBe(before);
  });
});
