/**
 * Remy's lantern through a crossfade, recorded: one lantern, drawn once, its height eased between
 * its poses, never two half-lit lanterns at two heights.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { phaseIndex, type PhaseName } from '../../../../core/arc/phases.ts';
import type { Layer } from '../../../../display/layers/Layer.ts';
import { RecordingCanvas, asContext, installRecordingDocument, type CanvasCall } from '../../helpers/recordingCanvas.ts';
import { wallScene } from '../../helpers/wallScene.ts';

let uninstall: () => void = () => undefined;
let createRemy: () => Layer;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createRemy } = await import('../../../../display/layers/cast/remy.ts'));
});
afterAll(() => uninstall());

const DREAMERS = [126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229];

function frame(from: PhaseName, to: PhaseName, b: number, unity = 0.5): CanvasCall[] {
  const s = wallScene(from, 5);
  s.weights.fill(0);
  s.weights[phaseIndex(from)] = 1 - b;
  s.weights[phaseIndex(to)] += b;
  s.dreamers.set(DREAMERS);
  s.presetVersion = 1;
  s.crowd = { ...s.crowd, unity };
  const remy = createRemy();
  const c = new RecordingCanvas();
  remy.draw(asContext(c), s);
  remy.dispose();
  return c.ctx.calls;
}

const blits = (calls: CanvasCall[]): CanvasCall[] => calls.filter((c) => c.op === 'drawImage' && c.composite === 'source-over' && c.alpha > 0.01);

describe("Remy's lantern", () => {
  it('is one lantern through every crossfade, easing from one height to the next', () => {
    const pairs: [PhaseName, PhaseName][] = [
      ['serene', 'festival'],
      ['nightmare', 'confrontation'],
      ['confrontation', 'dawn'],
    ];
    for (const [from, to] of pairs) {
      const heights: number[] = [];
      for (let b = 0; b <= 1.0001; b += 0.1) {
        const shown = blits(frame(from, to, b));
        expect(shown.length, `${from}→${to} at ${b.toFixed(1)}`).toBe(1);
        const y = shown[0].args.find((x, i) => i === 2 && typeof x === 'number');
        if (typeof y === 'number') heights.push(y);
      }
      // Its place stays between where it was and where it goes (a pixel of rounding aside).
      const lo = Math.min(heights[0], heights[heights.length - 1]) - 1.5;
      const hi = Math.max(heights[0], heights[heights.length - 1]) + 1.5;
      for (const y of heights) expect(y >= lo && y <= hi, `${from}→${to} ${heights.join(',')}`).toBe(true);
    }
  });

  it('never shows on its post and off it at once: from dawn back to serene one lantern fades before the other comes', () => {
    let dimmest = 1;
    for (let b = 0; b <= 1.0001; b += 0.02) {
      const shown = blits(frame('dawn', 'serene', b));
      expect(shown.length, `dawn→serene at ${b.toFixed(2)}`).toBeLessThanOrEqual(1);
      dimmest = Math.min(dimmest, shown.length ? shown[0].alpha : 0);
    }
    // The ends show their own lantern; where the two poses cross, the lantern is all but out.
    expect(blits(frame('dawn', 'serene', 0)).length).toBe(1);
    expect(blits(frame('dawn', 'serene', 1)).length).toBe(1);
    expect(dimmest).toBeLessThan(0.1);
  });

  it('stays finite under a broken unity signal', () => {
    for (const c of frame('nightmare', 'confrontation', 0.5, Number.NaN)) {
      expect(Number.isFinite(c.alpha)).toBe(true);
      for (const x of c.args) if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
    }
  });
});
