import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Scene, PI } from '../../../display/render/Scene.ts';
import { phaseIndex } from '../../../core/arc/phases.ts';
import { viewLayout } from '../../../display/viewLayout.ts';
import type { GlitchLayer } from '../../../display/layers/glitch.ts';
import { STAGE } from '../../../display/render/stage.ts';

/** One canvas call as the glitch made it. */
interface Call {
  op: 'drawImage' | 'fillRect';
  args: unknown[];
  composite: string;
  alpha: number;
}

/** A 2D context that records what is drawn (no pixels: the test is about what the glitch copies). */
class RecordingContext {
  readonly calls: Call[] = [];
  globalAlpha = 1;
  globalCompositeOperation = 'source-over';
  fillStyle = '#000';
  constructor(readonly canvas: FakeCanvas) {}
  beginPath(): void {}
  rect(): void {}
  fill(): void {}
  fillRect(...args: unknown[]): void {
    this.calls.push({ op: 'fillRect', args, composite: this.globalCompositeOperation, alpha: this.globalAlpha });
  }
  drawImage(...args: unknown[]): void {
    this.calls.push({ op: 'drawImage', args, composite: this.globalCompositeOperation, alpha: this.globalAlpha });
  }
}

class FakeCanvas {
  width = 0;
  height = 0;
  readonly ctx: RecordingContext = new RecordingContext(this);
  getContext(): RecordingContext {
    return this.ctx;
  }
}

const made: FakeCanvas[] = [];
const realDocument = (globalThis as { document?: unknown }).document;
let createGlitch: (seed: number) => GlitchLayer;

beforeAll(async () => {
  // The layer makes its scratch canvas with document.createElement: give it a recording one.
  (globalThis as { document?: unknown }).document = {
    createElement: () => {
      const c = new FakeCanvas();
      made.push(c);
      return c;
    },
  };
  ({ createGlitch } = await import('../../../display/layers/glitch.ts'));
});
afterAll(() => {
  (globalThis as { document?: unknown }).document = realDocument;
});

/** A 1920×1080 scene fully in one phase with the glitch parameter at `glitch`. */
function scene(phase: 'nightmare' | 'glitch' | 'upgrade', glitch: number): Scene {
  const s = new Scene();
  s.w = 1920;
  s.h = 1080;
  s.layout = viewLayout(null, 1920, 1080);
  s.time = 1;
  s.weights[phaseIndex(phase)] = 1;
  s.params[PI.glitch] = glitch;
  return s;
}

/** Runs the glitch once over a wall canvas; returns the wall's and the scratch canvas's calls. */
function run(s: Scene): { wall: Call[]; scratch: Call[]; scratchCanvas: FakeCanvas; wallCanvas: FakeCanvas } {
  made.length = 0;
  const glitch = createGlitch(7);
  const scratchCanvas = made[0];
  const wallCanvas = new FakeCanvas();
  wallCanvas.width = s.w;
  wallCanvas.height = s.h;
  glitch.apply(wallCanvas.ctx as unknown as CanvasRenderingContext2D, wallCanvas as unknown as HTMLCanvasElement, s);
  return { wall: wallCanvas.ctx.calls, scratch: scratchCanvas.ctx.calls, scratchCanvas, wallCanvas };
}

describe('glitch post effect: what it copies', () => {
  it("copies only the displaced slices' rows, and draws no colour-split ghost, when the glitch is faint (the nightmare's)", () => {
    // The nightmare's preset glitch (0.06, counted at 0.6): one slice moves, the ghost would add about one level.
    const { wall, scratch, scratchCanvas } = run(scene('nightmare', 0.06));
    const copies = scratch.filter((c) => c.op === 'drawImage');
    const slices = wall.filter((c) => c.op === 'drawImage' && c.args[0] === scratchCanvas);
    expect(slices.length).toBeGreaterThan(0);
    for (const c of copies) expect(c.args[4]).toBeLessThan(1080 / 10);
    // Every slice drawn back reads rows that were copied in this frame.
    for (const sl of slices) {
      const y = sl.args[2] as number;
      const hh = Math.min(1080 - y, sl.args[4] as number);
      const covered = copies.some((c) => (c.args[2] as number) <= y && (c.args[2] as number) + (c.args[4] as number) >= y + hh);
      expect(covered).toBe(true);
    }
    expect(wall.some((c) => c.composite === 'lighter')).toBe(false);
  });

  it('in the upgrade, slides slices toward the machine only, each from its own copied rows, with no coloured bar or colour split', () => {
    const { wall, scratch, scratchCanvas } = run(scene('upgrade', 0.85));
    const m = STAGE.machine.upgrade;
    if (!m) throw new Error('the machine stands in the upgrade');
    const machineX = m.x * 1920;
    const slices = wall.filter((c) => c.op === 'drawImage' && c.args[0] === scratchCanvas);
    expect(slices.length).toBeGreaterThan(4);
    for (const sl of slices) {
      const [, sx, , sw, , dx] = sl.args as number[];
      expect(Math.abs(sx + sw / 2 - machineX)).toBeLessThan(m.size * 1080 * 1.5);
      expect(Math.sign(dx - sx)).toBe(sx + sw / 2 < machineX ? 1 : -1);
    }
    // Only the slices' own rows are copied (never a region), and nothing is laid on top of them.
    for (const c of scratch.filter((c) => c.op === 'drawImage')) expect(c.args[4]).toBeLessThan(1080 / 10);
    expect(wall.some((c) => c.op === 'fillRect')).toBe(false);
    expect(wall.some((c) => c.composite === 'lighter')).toBe(false);
  });

  it('slides nothing in the glitch itself: there the woven dream tears (the portal), not the screen', () => {
    const { wall, scratch } = run(scene('glitch', 0.85));
    expect(wall).toHaveLength(0);
    expect(scratch).toHaveLength(0);
  });

  it('slides less when the flash guard allows less, and moves nothing in safe mode', () => {
    const reach = (s: Scene): number => {
      const { wall, scratchCanvas } = run(s);
      let most = 0;
      for (const c of wall) if (c.op === 'drawImage' && c.args[0] === scratchCanvas && c.composite !== 'lighter') most = Math.max(most, Math.abs((c.args[5] as number) - (c.args[1] as number)));
      return most;
    };
    const full = reach(scene('upgrade', 0.85));
    expect(full).toBeGreaterThan(0);
    const held = scene('upgrade', 0.85);
    held.allow = 0.3;
    expect(reach(held)).toBeLessThan(full * 0.5);
    const safe = scene('upgrade', 0.85);
    safe.safe = true;
    const { wall } = run(safe);
    expect(wall).toHaveLength(0);
  });
});
