import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Scene } from '../../../display/render/Scene.ts';
import { wallScene } from '../helpers/wallScene.ts';
import { placeMark, markNow } from '../../../display/render/stage.ts';
import type { TearStitches } from '../../../display/layers/tearStitches.ts';
import { RecordingCanvas, asContext, installRecordingDocument, type CanvasCall } from '../helpers/recordingCanvas.ts';

let uninstall: () => void = () => undefined;
let createTearStitches: () => TearStitches;
let stitchCycle: (k: number, t: number, hold: boolean) => number;
let STITCHES = 0;
let TARA_GAP: readonly [number, number] = [0, 0];
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createTearStitches, stitchCycle, STITCHES, TARA_GAP } = await import('../../../display/layers/tearStitches.ts'));
});
afterAll(() => uninstall());

const DREAMERS = [126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229];

/** A 1280×720 wall `since` s into the glitch, with `dreamers` in the room. */
function glitch(since: number, dreamers: number, phase: 'glitch' | 'serene' = 'glitch'): Scene {
  const s = wallScene(phase, 10);
  s.phase = phase;
  s.phaseTime = since;
  s.showTime = 100 + since;
  s.dreamers.set(DREAMERS);
  s.crowd = { ...s.crowd, dreamers };
  s.allow = 1;
  return s;
}

function frame(layer: TearStitches, s: Scene): CanvasCall[] {
  const c = new RecordingCanvas();
  layer.draw(asContext(c), s);
  return c.ctx.calls;
}

/** The stitches drawn: the quadratic curves of the dark thread pass (the first path stroked dark). */
function stitchCurves(calls: CanvasCall[]): CanvasCall[] {
  const dark = calls.findIndex((c) => c.op === 'stroke' && String(c.strokeStyle) === 'rgb(3,10,14)');
  if (dark < 0) return [];
  let start = dark;
  while (start > 0 && calls[start].op !== 'beginPath') start--;
  return calls.slice(start, dark).filter((c) => c.op === 'quadraticCurveTo');
}

/** Every colour any path was stroked or filled in. */
function colours(calls: CanvasCall[]): Set<string> {
  const out = new Set<string>();
  for (const c of calls) {
    if (c.op === 'stroke') out.add(String(c.strokeStyle));
    if (c.op === 'fill') out.add(String(c.fillStyle));
  }
  return out;
}

describe("the crowd's stitches across the glitch's tear", () => {
  it('draws nothing with nobody in the room, nor outside the glitch', () => {
    expect(frame(createTearStitches(), glitch(8, 0))).toHaveLength(0);
    expect(frame(createTearStitches(), glitch(8, 200, 'serene'))).toHaveLength(0);
  });

  it('laces more stitches across the tear with more dreamers, up to a fixed number, tied either side of the rift', () => {
    const few = stitchCurves(frame(createTearStitches(), glitch(8, 15)));
    const many = stitchCurves(frame(createTearStitches(), glitch(8, 200)));
    const huge = stitchCurves(frame(createTearStitches(), glitch(8, 5000)));
    expect(few.length).toBeGreaterThan(0);
    expect(many.length).toBeGreaterThan(few.length * 3);
    expect(huge.length).toBeLessThanOrEqual(STITCHES * 2);
    // A holding stitch ends on the far side of the rift from where it began: it crosses the tear.
    const s = glitch(8, 200);
    const mark = placeMark('portal', s, markNow());
    const calls = frame(createTearStitches(), s);
    let crossing = 0;
    for (let i = 1; i < calls.length; i++) {
      const c = calls[i];
      if (c.op !== 'quadraticCurveTo' || calls[i - 1].op !== 'moveTo') continue;
      const x0 = calls[i - 1].args[0] as number;
      const x1 = c.args[2] as number;
      if ((x0 - mark.x) * (x1 - mark.x) < 0 && Math.abs(x1 - x0) > 0.1 * 720) crossing++;
    }
    expect(crossing).toBeGreaterThan(STITCHES / 4);
  });

  it("is drawn in the tear's light: dark threads with cyan-white cores, the dreamers' colours only in the strands and knots", () => {
    const all = colours(frame(createTearStitches(), glitch(8, 200)));
    expect(all.has('rgb(3,10,14)')).toBe(true);
    expect(all.has('rgb(170,255,246)')).toBe(true);
    // No more than the stitch's two colours (thread and core), four strand colours and four knot colours.
    expect(all.size).toBeLessThanOrEqual(10);
  });

  it('laces the tear above and below Tara, never across the passage she is pulled through', () => {
    const s = glitch(8, 200);
    s.safe = true;
    const mark = placeMark('portal', s, markNow());
    const tara = placeMark('tara', s, markNow());
    const top = mark.y - mark.size * 0.8;
    const gapTop = top + TARA_GAP[0] * mark.size * 1.6;
    const gapBottom = top + TARA_GAP[1] * mark.size * 1.6;
    // The gap holds her figure (feet at her mark, her height above).
    expect(gapTop).toBeLessThan(tara.y - tara.size * 0.9);
    expect(gapBottom).toBeGreaterThan(tara.y);
    const calls = frame(createTearStitches(), s);
    let above = 0;
    let below = 0;
    for (let i = 1; i < calls.length; i++) {
      const c = calls[i];
      if (c.op !== 'quadraticCurveTo' || calls[i - 1].op !== 'moveTo') continue;
      const y0 = calls[i - 1].args[1] as number;
      const y1 = c.args[3] as number;
      for (const y of [y0, y1]) expect(y < gapTop || y > gapBottom).toBe(true);
      if (y0 < gapTop) above++;
      else below++;
    }
    expect(above).toBeGreaterThan(0);
    expect(below).toBeGreaterThan(0);
  });

  it('snaps and re-throws each stitch on its own seeded schedule; safe mode holds them all steady', () => {
    const phases = new Set<string>();
    for (let t = 0; t < 20; t += 0.25) phases.add(stitchCycle(3, t, false) < 0.82 ? 'holds' : 'snapped');
    expect(phases.size).toBe(2);
    for (let k = 0; k < STITCHES; k++) expect(stitchCycle(k, 123.4, true)).toBe(0.5);
    // Safe: every stitch held, none snapped, frame after frame.
    const layer = createTearStitches();
    const s = glitch(8, 200);
    s.safe = true;
    const a = stitchCurves(frame(layer, s)).length;
    s.showTime += 3;
    expect(stitchCurves(frame(layer, s)).length).toBe(a);
    expect(a).toBe(STITCHES);
  });

  it('is the same picture for the same moment (frozen shots stay identical)', () => {
    const a = JSON.stringify(frame(createTearStitches(), glitch(11, 200)).map((c) => [c.op, c.args]));
    const b = JSON.stringify(frame(createTearStitches(), glitch(11, 200)).map((c) => [c.op, c.args]));
    expect(a).toBe(b);
  });

  it('shrugs off a hostile crowd count and time', () => {
    for (const dreamers of [NaN, -5, Infinity]) {
      const s = glitch(8, dreamers);
      const calls = frame(createTearStitches(), s);
      for (const c of calls) for (const v of c.args) if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
    }
    expect(stitchCycle(2, NaN, false)).toBe(0.5);
    const c = stitchCycle(2, -50, false);
    expect(c).toBeGreaterThanOrEqual(0);
    expect(c).toBeLessThan(1);
  });
});
