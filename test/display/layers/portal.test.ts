import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Scene } from '../../../display/render/Scene.ts';
import type { Layer } from '../../../display/layers/Layer.ts';
import { wallScene } from '../helpers/wallScene.ts';
import { STAGE } from '../../../display/render/stage.ts';
import { RecordingCanvas, asContext, installRecordingDocument, type CanvasCall } from '../helpers/recordingCanvas.ts';

let uninstall: () => void = () => undefined;
let createPortal: (seed: number) => Layer;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createPortal } = await import('../../../display/layers/portal.ts'));
});
afterAll(() => uninstall());

/** A 1280×720 wall in the glitch, `since` seconds in. */
function glitch(since: number): Scene {
  const s = wallScene('glitch', 10);
  s.phase = 'glitch';
  s.phaseTime = since;
  return s;
}

function frame(layer: Layer, s: Scene): CanvasCall[] {
  const c = new RecordingCanvas();
  layer.draw(asContext(c), s);
  return c.ctx.calls;
}

/** The x of every point the tear's outline passes through (its one filled path, after the veil). */
function tearXs(calls: CanvasCall[]): number[] {
  const fill = calls.findIndex((c, i) => c.op === 'fill' && i > 0 && String(c.fillStyle) === 'rgb(236,255,253)');
  let start = fill;
  while (start > 0 && calls[start].op !== 'beginPath') start--;
  return calls.slice(start, fill).filter((c) => c.op === 'moveTo' || c.op === 'lineTo').map((c) => c.args[0] as number);
}

describe('portal: the tear of the glitch', () => {
  it('draws nothing outside the glitch', () => {
    for (const phase of ['serene', 'upgrade', 'nightmare', 'confrontation'] as const) {
      const s = wallScene(phase, 10);
      expect(frame(createPortal(7), s)).toEqual([]);
    }
  });

  it('tears open over the first seconds at the stage mark (right of the middle), then keeps widening', () => {
    const markX = (STAGE.portal.glitch?.x ?? 0) * 1280;
    expect(markX).toBeGreaterThan(700);
    const width = (since: number): number => {
      const xs = tearXs(frame(createPortal(7), glitch(since)));
      expect(xs.length).toBeGreaterThan(20);
      // The rift leans and kinks about its mark, its right lip torn wider than its left.
      for (const x of xs) expect(Math.abs(x - markX)).toBeLessThan(720 * 0.25);
      return Math.max(...xs) - Math.min(...xs);
    };
    const early = width(0.5);
    const open = width(3.5);
    const late = width(14);
    expect(early).toBeLessThan(open * 0.5);
    expect(late).toBeGreaterThan(open);
  });

  it('draws the same frame for the same seed and time (frozen shots are deterministic)', () => {
    // Canvases passed to drawImage are each layer's own: compare everything else.
    // (Gradients are the recording canvas's stand-ins, new objects each run: compared by kind.)
    const style = (v: unknown): unknown => (typeof v === 'object' && v !== null ? 'gradient' : v);
    const plain = (calls: CanvasCall[]): unknown[] => calls.map((c) => [c.op, c.composite, c.alpha, style(c.strokeStyle), style(c.fillStyle), ...c.args.filter((a) => typeof a !== 'object')]);
    const a = plain(frame(createPortal(7), glitch(6)));
    expect(a.length).toBeGreaterThan(100);
    expect(a).toEqual(plain(frame(createPortal(7), glitch(6))));
  });

  it('re-tears its edges a few times a second, but never in safe mode', () => {
    const edges = (safe: boolean): number => {
      const layer = createPortal(7);
      const s = glitch(6);
      s.safe = safe;
      let changes = 0;
      let last = '';
      for (let f = 0; f < 120; f++) {
        s.time = 10 + f / 60;
        const xs = tearXs(frame(layer, s)).map((x) => x.toFixed(2)).join(',');
        if (f > 0 && xs !== last) changes++;
        last = xs;
      }
      return changes;
    };
    const live = edges(false);
    expect(live).toBeGreaterThan(2);
    expect(live).toBeLessThan(16);
    expect(edges(true)).toBe(0);
  });

  it("leaves the phones' threads to the threads layer (tearStitches.ts): a crowd changes nothing the tear draws", () => {
    const draw = (dreamers: number): string => {
      const s = glitch(6);
      s.crowd = { ...s.crowd, dreamers };
      return JSON.stringify(frame(createPortal(7), s).map((c) => [c.op, c.args]));
    };
    expect(draw(200)).toBe(draw(0));
  });
});
