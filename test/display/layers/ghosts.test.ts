import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { Scene } from '../../../display/render/Scene.ts';
import { wallScene } from '../helpers/wallScene.ts';
import type { Layer } from '../../../display/layers/Layer.ts';
import { RecordingCanvas, asContext, installRecordingDocument, type CanvasCall } from '../helpers/recordingCanvas.ts';

let uninstall: () => void = () => undefined;
let createGhosts: () => Layer;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createGhosts } = await import('../../../display/layers/ghosts.ts'));
});
afterAll(() => uninstall());

const DREAMERS = [126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229];

function idle(phase: 'festival' | 'serene', showTime: number): Scene {
  const s = wallScene(phase, 1);
  s.dreamers.set(DREAMERS);
  s.showTime = showTime;
  s.crowd = { dreamers: 0, active: 0, participation: 0, energy: 0, light: 0, unity: 0, resolve: 0, ghosts: 1 };
  return s;
}

function frames(layer: Layer, s: Scene, n: number): CanvasCall[] {
  let calls: CanvasCall[] = [];
  for (let i = 0; i < n; i++) {
    s.time += 1 / 60;
    const c = new RecordingCanvas();
    layer.draw(asContext(c), s);
    calls = c.ctx.calls;
  }
  return calls;
}

describe('ghost dreamers', () => {
  it('keep an empty festival sky alive with a few paper lanterns', () => {
    const layer = createGhosts();
    const calls = frames(layer, idle('festival', 120), 3);
    const lanterns = calls.filter((c) => c.op === 'rotate').length / 2;
    expect(lanterns).toBeGreaterThanOrEqual(8);
    expect(lanterns).toBeLessThanOrEqual(40);
    layer.dispose();
  });

  it('let no lanterns go outside the festival, nor when a crowd carries the show', () => {
    const layer = createGhosts();
    expect(frames(layer, idle('serene', 120), 3).filter((c) => c.op === 'rotate')).toHaveLength(0);
    const busy = idle('festival', 120);
    busy.crowd = { ...busy.crowd, ghosts: 0 };
    expect(frames(layer, busy, 3).filter((c) => c.op === 'rotate')).toHaveLength(0);
    layer.dispose();
  });

  it('agree on every wall: the same show time draws the same lanterns', () => {
    const pick = (calls: CanvasCall[]) => calls.filter((c) => c.op === 'translate').map((c) => c.args.join(','));
    const a = createGhosts();
    const b = createGhosts();
    const first = pick(frames(a, idle('festival', 200), 2));
    expect(first.length).toBeGreaterThan(4);
    expect(first).toEqual(pick(frames(b, idle('festival', 200), 2)));
    expect(first).not.toEqual(pick(frames(b, idle('festival', 203), 2)));
    a.dispose();
    b.dispose();
  });
});
