import { describe, expect, it } from 'vitest';
import { Scene, PI } from '../../display/render/Scene.ts';
import { wallScene } from './helpers/wallScene.ts';
import { LEAN_PUSH, createFlow } from '../../display/layers/flow.ts';
import { RecordingCanvas, asContext } from './helpers/recordingCanvas.ts';

/** A 1280×720 serene wall with 400 particles pinned, leaning as given. */
function scene(lean: { x: number; y: number }): Scene {
  const s = wallScene('serene', 3);
  s.params[PI.density] = 0.5;
  s.params[PI.flowSpeed] = 0.5;
  s.params[PI.turbulence] = 0.5;
  s.particles = 400;
  s.lean = lean;
  return s;
}

/** Centres of the particle dabs of one frame, in drawing order. */
function firstFrame(lean: { x: number; y: number }): { x: number; y: number }[] {
  const flow = createFlow(11);
  const c = new RecordingCanvas();
  flow.draw(asContext(c), scene(lean));
  return c.ctx.calls.filter((k) => k.op === 'rect').map((k) => {
    const [x, y, w, h] = k.args as number[];
    return { x: x + w / 2, y: y + h / 2 };
  });
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

describe('the flow and the room’s lean', () => {
  it('a room leaning right and up carries every particle that way, by the flow speed times LEAN_PUSH', () => {
    const still = firstFrame({ x: 0, y: 0 });
    const leaning = firstFrame({ x: 1, y: -0.5 });
    expect(leaning.length).toBe(still.length);
    expect(still.length).toBeGreaterThan(300);
    const speed = 10 + 55 * 0.5;
    const dx = median(leaning.map((p, i) => p.x - still[i].x));
    const dy = median(leaning.map((p, i) => p.y - still[i].y));
    // The dab's centre sits half a step behind the particle: half the extra step shows.
    expect(dx).toBeCloseTo((LEAN_PUSH * speed) / 60 / 2, 2);
    expect(dy).toBeCloseTo((-0.5 * LEAN_PUSH * speed) / 60 / 2, 2);
  });
});
