import { describe, expect, it } from 'vitest';
import { Scene, PI } from '../../../display/render/Scene.ts';
import { wallScene } from '../helpers/wallScene.ts';
import { LEAN_PUSH, createFlow } from '../../../display/layers/flow.ts';
import { RecordingCanvas, asContext } from '../helpers/recordingCanvas.ts';

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

describe('the flow’s role in each phase', () => {
  /** Particles drawn in one frame of a phase, density and quality full, nothing pinned. */
  function drawn(phase: Parameters<typeof wallScene>[0]): number {
    const flow = createFlow(3);
    const s = wallScene(phase, 5);
    s.params[PI.density] = 1;
    s.params[PI.flowSpeed] = 0.5;
    s.params[PI.brightness] = 1;
    flow.draw(asContext(new RecordingCanvas()), s);
    return flow.active;
  }

  it('is no longer the base of every frame: the nightmare has almost none, serene and dawn a few motes, the upgrade the most', () => {
    const n = { serene: drawn('serene'), nightmare: drawn('nightmare'), upgrade: drawn('upgrade'), dawn: drawn('dawn') };
    expect(n.nightmare).toBeLessThan(n.serene / 4);
    expect(n.serene).toBeLessThan(n.upgrade);
    expect(n.dawn).toBeLessThan(n.upgrade);
    expect(n.serene).toBeLessThan(0.5 * 2600);
  });

  it('rises in serene and at dawn: motes drift up', () => {
    for (const phase of ['serene', 'dawn'] as const) {
      const flow = createFlow(5);
      const s = wallScene(phase, 2);
      s.params[PI.flowSpeed] = 0.5;
      s.params[PI.turbulence] = 0.5;
      s.particles = 400;
      const a = new RecordingCanvas();
      flow.draw(asContext(a), s);
      const b = new RecordingCanvas();
      flow.draw(asContext(b), s);
      const ya = a.ctx.calls.filter((k) => k.op === 'rect').map((k) => (k.args as number[])[1]);
      const yb = b.ctx.calls.filter((k) => k.op === 'rect').map((k) => (k.args as number[])[1]);
      const n = Math.min(ya.length, yb.length);
      const dy = median(Array.from({ length: n }, (_, i) => yb[i] - ya[i]));
      expect(dy).toBeLessThan(0);
    }
  });

  it('in the upgrade the streaks rush sideways, faster late in the phase than early', () => {
    function rush(progress: number): number {
      const flow = createFlow(9);
      const s = wallScene('upgrade', 2);
      s.phase = 'upgrade';
      s.phaseLength = 100;
      s.phaseTime = 100 * progress;
      s.params[PI.flowSpeed] = 0.5;
      s.particles = 300;
      const c = new RecordingCanvas();
      flow.draw(asContext(c), s);
      // Lines from (x0, y0) to (x1, y1): their horizontal reach.
      const moves = c.ctx.calls.filter((k) => k.op === 'moveTo').map((k) => (k.args as number[])[0]);
      const lines = c.ctx.calls.filter((k) => k.op === 'lineTo').map((k) => (k.args as number[])[0]);
      const rects = c.ctx.calls.filter((k) => k.op === 'rect').map((k) => (k.args as number[])[2]);
      return lines.length ? median(lines.map((x, i) => x - moves[i])) : median(rects);
    }
    expect(rush(0.9)).toBeGreaterThan(rush(0.1) * 1.5);
    expect(rush(0.1)).toBeGreaterThan(0);
  });
});

describe('the upgrade’s streaks', () => {
  /** Width and alpha in force at each stroke of one upgrade frame at full speed, at a render quality. */
  function strokes(quality: number): { width: number; alpha: number }[] {
    const s = wallScene('upgrade', 60);
    s.params[PI.flowSpeed] = 3;
    s.params[PI.brightness] = 1;
    s.quality = quality;
    s.particles = 400;
    const c = new RecordingCanvas();
    const out: { width: number; alpha: number }[] = [];
    const ctx = new Proxy(c.ctx, {
      get(target, prop: string) {
        if (prop === 'stroke') return () => out.push({ width: Number(target.lineWidth), alpha: Number(target.globalAlpha) });
        return target[prop];
      },
      set(target, prop: string, value: unknown) {
        target[prop] = value;
        return true;
      },
    });
    createFlow(3).draw(ctx as unknown as CanvasRenderingContext2D, s);
    return out;
  }

  it('strokes its fine streaks as hairlines with the alpha raised by their width, and the wide faint ones wide', () => {
    const full = strokes(1);
    expect(full).toHaveLength(4);
    // Buckets 0.9, 1.4, 1.9 and 3.2 px at 720 lines: 1.4 becomes a hairline, 1.9 and 3.2 stay.
    expect(full.map((k) => k.width)).toEqual([0.9, 1, 1.9, 3.2].map((w) => expect.closeTo(w, 5)));
    expect(full[1].alpha).toBeCloseTo(full[0].alpha * 1.4, 5);
    // Cutting: the 1.9 px ones go too, never the wide faint bucket.
    const cut = strokes(0.6);
    expect(cut.map((k) => k.width)).toEqual([0.9, 1, 1, 3.2].map((w) => expect.closeTo(w, 5)));
    expect(cut[3].alpha).toBeCloseTo(full[3].alpha, 5);
  });
});
