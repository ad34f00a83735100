import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { wallScene } from '../helpers/wallScene.ts';
import type { Layer } from '../../../display/layers/Layer.ts';
import { RecordingCanvas, asContext, installRecordingDocument, madeCanvases } from '../helpers/recordingCanvas.ts';
import { PI } from '../../../display/render/Scene.ts';
import { STAGE } from '../../../display/render/stage.ts';

let uninstall: () => void = () => undefined;
let createSky: (seed: number) => Layer;
/** The bands the background is repainted in (one a frame). */
let BANDS = 0;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createSky, BANDS } = await import('../../../display/layers/sky.ts'));
});
afterAll(() => uninstall());

/** The atmosphere grid's rows (sky.ts AH). */
const AH = 27;

describe('sky: the background repainted a band a frame', () => {
  it('evaluates only the atmosphere rows a band samples, and every one of them', () => {
    madeCanvases.length = 0;
    const sky = createSky(7);
    const atmo = madeCanvases[0];
    const s = wallScene('serene');
    const wall = new RecordingCanvas();
    // The first frame paints the whole background (a new size).
    sky.draw(asContext(wall), s);
    const full = atmo.ctx.calls.filter((c) => c.op === 'putImageData');
    expect(full.at(-1)?.args.slice(3)).toEqual([0, 0, 48, AH]);
    for (let band = 0; band < BANDS; band++) {
      atmo.ctx.calls.length = 0;
      s.time += s.dt;
      sky.draw(asContext(wall), s);
      const put = atmo.ctx.calls.filter((c) => c.op === 'putImageData');
      expect(put).toHaveLength(1);
      const [, , , , from, , rows] = put[0].args as number[];
      // A smoothed stretch reads the two grid rows around each wall pixel's centre.
      const y0 = Math.floor((band * 720) / BANDS);
      const y1 = Math.floor(((band + 1) * 720) / BANDS);
      const first = Math.max(0, Math.floor(((y0 + 0.5) * AH) / 720 - 0.5));
      const last = Math.min(AH - 1, Math.floor(((y1 - 0.5) * AH) / 720 - 0.5) + 1);
      expect(from).toBeLessThanOrEqual(first);
      expect(from + rows).toBeGreaterThan(last);
      expect(rows).toBeLessThan(AH / 2);
    }
    // A band is a sixteenth of the wall or less: the stretch is the sky's main cost.
    expect(BANDS).toBeGreaterThanOrEqual(16);
  });

  it('repaints every row of the wall once per cycle of bands, one band a frame', () => {
    madeCanvases.length = 0;
    const sky = createSky(7);
    const s = wallScene('serene');
    const wall = new RecordingCanvas();
    sky.draw(asContext(wall), s);
    const bg = madeCanvases[1];
    const covered = new Uint8Array(720);
    for (let band = 0; band < BANDS; band++) {
      bg.ctx.calls.length = 0;
      s.time += s.dt;
      sky.draw(asContext(wall), s);
      const clips = bg.ctx.calls.filter((c) => c.op === 'rect');
      expect(clips).toHaveLength(1);
      const [, y, , h] = clips[0].args as number[];
      for (let r = y; r < y + h; r++) covered[r]++;
    }
    expect(Array.from(covered).every((n) => n === 1)).toBe(true);
  });

  it("keeps serene's sky dark and quiet: its aurora rises only over Lyra's loom, never a haze across the sky", () => {
    madeCanvases.length = 0;
    const sky = createSky(7);
    const atmo = madeCanvases[0];
    // No palette: what the grid holds beyond black is the atmosphere alone (the aurora, the nebulae).
    const s = wallScene('serene', 40);
    s.params[PI.brightness] = 1;
    sky.draw(asContext(new RecordingCanvas()), s);
    const put = atmo.ctx.calls.filter((c) => c.op === 'putImageData').at(-1);
    const data = (put?.args[0] as { data: Uint8ClampedArray }).data;
    const luma = (x: number, y: number): number => {
      const o = (y * 48 + x) * 4;
      return 0.3 * data[o] + 0.59 * data[o + 1] + 0.11 * data[o + 2];
    };
    const loomX = Math.floor((STAGE.loom.serene?.x ?? 0.27) * 48);
    let near = 0;
    let far = 0;
    for (let y = 0; y < AH; y++) {
      near = Math.max(near, luma(loomX, y));
      for (let x = 0; x < 48; x++) if (Math.abs(x - loomX) > 14) far = Math.max(far, luma(x, y));
    }
    expect(near).toBeGreaterThan(25);
    expect(far).toBeLessThan(3);
  });
});
