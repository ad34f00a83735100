/**
 * Tara on the wall, recorded: a figure of light in each of her poses, handed from pose to pose
 * without a ghost double (the old pose gone before the new one comes, her light drifting between as
 * motes), her torn light in the glitch calmer when the flash guard asks, and steady under bad input.
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { PHASES, phaseIndex, type PhaseName } from '../../../../core/arc/phases.ts';
import type { Layer } from '../../../../display/layers/Layer.ts';
import type { Scene } from '../../../../display/render/Scene.ts';
import { RecordingCanvas, asContext, installRecordingDocument, type CanvasCall } from '../../helpers/recordingCanvas.ts';
import { wallScene } from '../../helpers/wallScene.ts';

let uninstall: () => void = () => undefined;
let createTara: () => Layer;
let poseAlpha: (w: number) => number;
let transitAmount: (w: ArrayLike<number>) => number;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createTara, poseAlpha, transitAmount } = await import('../../../../display/layers/cast/tara.ts'));
});
afterAll(() => uninstall());

const DREAMERS = [126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229];

/** A wall crossfading from `from` to `to`, `b` of the way (0..1). */
function between(from: PhaseName, to: PhaseName, b: number, time = 5): Scene {
  const s = wallScene(from, time);
  s.weights.fill(0);
  s.weights[phaseIndex(from)] = 1 - b;
  s.weights[phaseIndex(to)] += b;
  s.dreamers.set(DREAMERS);
  s.presetVersion = 1;
  return s;
}

/** One frame of a fresh Tara (her eased stage takes the scene's weights as they are). */
function frame(s: Scene): CanvasCall[] {
  const tara = createTara();
  const c = new RecordingCanvas();
  tara.draw(asContext(c), s);
  tara.dispose();
  return c.ctx.calls;
}

/** Her figure's blits (drawn over, not added: the glows and motes are added). */
const figures = (calls: CanvasCall[]): CanvasCall[] => calls.filter((c) => c.op === 'drawImage' && c.composite === 'source-over' && c.alpha > 0.01);
const added = (calls: CanvasCall[]): number => calls.filter((c) => c.op === 'drawImage' && c.composite === 'lighter').reduce((sum, c) => sum + c.alpha, 0);

describe('Tara, a figure of light', () => {
  it('draws one figure of her in each phase she is on stage', () => {
    for (const phase of PHASES) {
      const calls = frame(between(phase, phase, 0));
      expect(figures(calls).length, phase).toBe(phase === 'upgrade' ? 0 : 1);
    }
  });

  it('never shows two poses at once through a crossfade: the old is gone before the new comes, her light in passage between', () => {
    const pairs: [PhaseName, PhaseName][] = [
      ['serene', 'festival'],
      ['glitch', 'nightmare'],
      ['nightmare', 'confrontation'],
      ['confrontation', 'dawn'],
    ];
    for (const [from, to] of pairs) {
      let gap = 0;
      for (let b = 0; b <= 1.0001; b += 0.05) {
        const calls = frame(between(from, to, b));
        const shown = figures(calls).length;
        expect(shown, `${from}→${to} at ${b.toFixed(2)}`).toBeLessThanOrEqual(1);
        if (shown === 0) {
          gap++;
          // Where no pose is drawn, her light is still there, as motes.
          expect(added(calls), `${from}→${to} at ${b.toFixed(2)}`).toBeGreaterThan(0.3);
        }
      }
      expect(gap, `${from}→${to}`).toBeGreaterThan(0);
    }
  });

  it('fades a pose in only once its phase holds more than half the stage', () => {
    let last = 0;
    for (let w = 0; w <= 1.0001; w += 0.01) {
      const a = poseAlpha(w);
      expect(a).toBeGreaterThanOrEqual(last);
      expect(a + poseAlpha(1 - w) <= 1 && Math.min(a, poseAlpha(1 - w)) === 0).toBe(true);
      last = a;
    }
    expect(poseAlpha(1)).toBe(1);
    expect(poseAlpha(0.5)).toBe(0);
  });

  it('keeps her light in passage within 0..1 whatever the weights', () => {
    for (const bad of [[Number.NaN, 0.5, 0, 0, 0, 0, 0], [-3, 7, 0, 0, 0, 0, 0], [Infinity, -Infinity, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]]) {
      const v = transitAmount(bad);
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(transitAmount([0.5, 0.5, 0, 0, 0, 0, 0])).toBeCloseTo(1, 5);
    expect(transitAmount([1, 0, 0, 0, 0, 0, 0])).toBe(0);
  });

  it('tears her light into the rift more calmly when the flash guard allows nothing, and in the safe preset', () => {
    const light = (allow: number, safe: boolean): number => {
      let sum = 0;
      for (let t = 0; t < 3; t += 0.25) {
        const s = between('glitch', 'glitch', 0, t);
        s.allow = allow;
        s.safe = safe;
        sum += added(frame(s));
      }
      return sum;
    };
    expect(light(0, false)).toBeLessThan(light(1, false));
    expect(light(1, true)).toBeLessThan(light(1, false));
  });

  it('draws finite numbers under broken signals', () => {
    for (const phase of PHASES) {
      const s = between(phase, phase, 0);
      s.allow = Number.NaN;
      s.crowd = { ...s.crowd, unity: Number.NaN };
      for (const c of frame(s)) {
        expect(Number.isFinite(c.alpha), `${phase} ${c.op}`).toBe(true);
        for (const x of c.args) if (typeof x === 'number') expect(Number.isFinite(x), `${phase} ${c.op}`).toBe(true);
      }
    }
  });
});
