import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { Scene } from '../../../display/render/Scene.ts';
import { PI } from '../../../display/render/Scene.ts';
import { wallScene } from '../helpers/wallScene.ts';
import type { DawnLayer } from '../../../display/layers/dawn.ts';
import { MAX_SIGN_STARS, SIGN_PLACES, SIGN_STARS, signSize } from '../../../display/layers/constellations.ts';
import { RecordingCanvas, asContext, installRecordingDocument, type CanvasCall } from '../helpers/recordingCanvas.ts';

let uninstall: () => void = () => undefined;
let createDawn: (seed: number) => DawnLayer;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createDawn } = await import('../../../display/layers/dawn.ts'));
});
afterAll(() => uninstall());

const DREAMERS = [126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229];

function dawnScene(): Scene {
  const s = wallScene('dawn', 0);
  s.dreamers.set(DREAMERS);
  s.params[PI.echoes] = 1;
  s.params[PI.sunrise] = 1;
  return s;
}

/** Runs the layer for `seconds` of 60 Hz frames; returns the last frame's calls. */
function run(layer: DawnLayer, s: Scene, seconds: number): CanvasCall[] {
  let calls: CanvasCall[] = [];
  for (let i = 0; i < seconds * 60; i++) {
    s.time += 1 / 60;
    const c = new RecordingCanvas();
    layer.draw(asContext(c), s);
    calls = c.ctx.calls;
  }
  return calls;
}

describe('dawn', () => {
  it('no longer draws its own sunrise (the sunrise layer does): with no echoes and no motes it draws nothing', () => {
    const layer = createDawn(7);
    const s = dawnScene();
    s.phaseTime = 60;
    const calls = run(layer, s, 0.1);
    expect(calls.filter((c) => c.op === 'drawImage')).toHaveLength(0);
    layer.dispose();
  });

  it("gathers each dreamer's echoes into that dreamer's own sign, wherever they dreamed", () => {
    const layer = createDawn(7);
    const s = dawnScene();
    s.phaseTime = 60;
    for (let d = 1; d <= 40; d++) layer.echo({ d, r: 2, x: (d * 0.37) % 1, y: 0.9, w: 0.5 });
    const calls = run(layer, s, 8);
    const stars = calls.filter((c) => c.op === 'drawImage');
    // Tara's sign is a handful of stars, not forty points: the crowd brightens them.
    expect(stars.length).toBe(SIGN_STARS[2].stars.length / 2);
    const [px, py] = SIGN_PLACES[2];
    const half = signSize(2, 40) * 720 * 0.6;
    for (const c of stars) {
      const img = c.args[0] as { width: number };
      const x = (c.args[1] as number) + img.width / 2;
      const y = (c.args[2] as number) + img.width / 2;
      expect(Math.abs(x - px * 1280)).toBeLessThan(half * (720 / 1280) * (1280 / 720) + 2);
      expect(Math.abs(y - py * 720)).toBeLessThan(half + 2);
    }
    // Traced by a line between each two lit stars of the sign.
    expect(calls.filter((c) => c.op === 'lineTo').length).toBe(SIGN_STARS[2].lines.length / 2);
    layer.dispose();
  });

  it('draws a sign in star by star: a few echoes light its first stars and the lines between them only', () => {
    const layer = createDawn(7);
    const s = dawnScene();
    s.phaseTime = 60;
    for (let d = 1; d <= 3; d++) layer.echo({ d, r: 3, x: 0.5, y: 0.5, w: 1 });
    const calls = run(layer, s, 8);
    expect(calls.filter((c) => c.op === 'drawImage')).toHaveLength(3);
    // Brian's zigzag: stars 0, 1, 2 lit; lines 0–1 and 1–2 drawn, none to the unlit stars.
    expect(calls.filter((c) => c.op === 'lineTo')).toHaveLength(2);
    layer.dispose();
  });

  it('thins a huge crowd to a fixed number of stars per sign', () => {
    const layer = createDawn(7);
    const s = dawnScene();
    s.phaseTime = 60;
    for (let d = 1; d <= 2000; d++) layer.echo({ d, r: (d % 4) as 0 | 1 | 2 | 3, x: 0.5, y: 0.5, w: 1 });
    const calls = run(layer, s, 1);
    expect(calls.filter((c) => c.op === 'drawImage').length).toBeLessThanOrEqual(4 * (24 + MAX_SIGN_STARS));
    layer.dispose();
  });

  it('shrugs off hostile echoes', () => {
    const layer = createDawn(7);
    const s = dawnScene();
    s.phaseTime = 60;
    layer.echo({ d: 1, r: 0, x: NaN, y: Infinity, w: NaN });
    layer.echo({ d: 2, r: 3, x: -4, y: 9, w: 5 });
    const calls = run(layer, s, 2);
    for (const c of calls) if (c.op === 'lineTo' || c.op === 'moveTo') for (const a of c.args) expect(Number.isFinite(a)).toBe(true);
    layer.dispose();
  });
});
