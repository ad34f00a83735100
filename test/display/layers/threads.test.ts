import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import type { Scene } from '../../../display/render/Scene.ts';
import { PI } from '../../../display/render/Scene.ts';
import { wallScene } from '../helpers/wallScene.ts';
import { HORIZON, placeMark } from '../../../display/render/stage.ts';
import type { ThreadsLayer } from '../../../display/layers/threads.ts';
import type { FrameGesture } from '../../../core/protocol.ts';
import { RecordingCanvas, asContext, installRecordingDocument, type CanvasCall } from '../helpers/recordingCanvas.ts';

let uninstall: () => void = () => undefined;
let createThreads: () => ThreadsLayer;
let shuttleStep: (uv: Float32Array, o: number, dx: number, dy: number, role: number) => void;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createThreads, shuttleStep } = await import('../../../display/layers/threads.ts'));
});
afterAll(() => uninstall());

const DREAMERS = [126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229];

function scene(phase: 'serene' | 'festival' | 'upgrade' = 'serene', time = 1): Scene {
  const s = wallScene(phase, time);
  s.dreamers.set(DREAMERS);
  s.params[PI.brightness] = 1;
  return s;
}

/** A slow left-to-right stroke across the phone, in one gesture. */
function stroke(d: number, r: 0 | 1 | 2 | 3, y: number, from = 0.05, steps = 40): FrameGesture {
  const p: number[] = [];
  for (let i = 0; i < steps; i++) p.push(from + i * 0.01, y);
  return { d, r, k: 'weave', p, s: 1 };
}

function frame(layer: ThreadsLayer, s: Scene): CanvasCall[] {
  const c = new RecordingCanvas();
  layer.draw(asContext(c), s);
  return c.ctx.calls;
}

/** The path calls of the stroke made in one role's colour (the core pass, the last stroke in it). */
function pathOf(calls: CanvasCall[], colour: string): CanvasCall[] {
  const strokes = calls.map((c, i) => [c, i] as const).filter(([c]) => c.op === 'stroke' && c.strokeStyle === colour);
  expect(strokes.length).toBeGreaterThan(0);
  const end = strokes[strokes.length - 1][1];
  let begin = end;
  while (begin > 0 && calls[begin].op !== 'beginPath') begin--;
  return calls.slice(begin, end);
}

describe('the phones weave into the loom', () => {
  it("draws a stroke as weft passing over and under Lyra's warp: breaks at alternate crossings", () => {
    const layer = createThreads();
    const s = scene();
    layer.ingest(stroke(1, 0, 0.5), s);
    const calls = frame(layer, s);
    const path = pathOf(calls, 'rgb(126,232,250)');
    const moves = path.filter((c) => c.op === 'moveTo').length;
    const lines = path.filter((c) => c.op === 'lineTo').length;
    // One continuous stroke, yet broken a few times where it passes under the warp.
    expect(moves).toBeGreaterThanOrEqual(3);
    expect(lines).toBeGreaterThan(moves * 2);
    for (const c of path) for (const a of c.args) expect(Number.isFinite(a)).toBe(true);
    layer.dispose();
  });

  it('sags between crossings: a horizontal stroke is not drawn as a straight line', () => {
    const layer = createThreads();
    const s = scene();
    layer.ingest(stroke(1, 1, 0.5), s);
    const path = pathOf(frame(layer, s), 'rgb(224,164,88)');
    const ys = path.filter((c) => c.op === 'lineTo').map((c) => c.args[1] as number);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(3);
    layer.dispose();
  });

  it("sparkles Tara's thread where it passes over, and only hers", () => {
    const count = (r: 0 | 2, colour: string) => {
      const layer = createThreads();
      const s = scene();
      layer.ingest(stroke(1, r, 0.5), s);
      const path = pathOf(frame(layer, s), colour);
      layer.dispose();
      return path.filter((c) => c.op === 'moveTo').length;
    };
    // Same stroke, same reach would give similar breaks; Tara adds two moves per sparkle.
    expect(count(2, 'rgb(255,143,171)')).toBeGreaterThan(count(0, 'rgb(126,232,250)') + 2);
  });

  it('shrugs off hostile gestures: empty, odd, NaN and out-of-range points draw nothing wrong', () => {
    const layer = createThreads();
    const s = scene();
    const bad: FrameGesture[] = [
      { d: 1, r: 0, k: 'weave', p: [], s: 1 },
      { d: 2, r: 1, k: 'weave', p: [0.5], s: 1 },
      { d: 3, r: 2, k: 'weave', p: [NaN, NaN, 0.2, 0.2, Infinity, 0.3], s: 1 },
      { d: 4, r: 3, k: 'weave', p: [-5, 7, 9, -3, 0.5, 0.5], s: 1 },
      { d: 2 ** 31, r: 0, k: 'weave', p: [0.1, 0.1, 0.12, 0.1], s: -1 },
      { d: 5, r: 0, k: 'tap', p: [] },
      { d: 6, r: 0, k: 'release', p: [] },
      { d: 7, r: 2, k: 'tap', p: [NaN, 2] },
    ];
    for (const g of bad) expect(() => layer.ingest(g, s)).not.toThrow();
    const calls = frame(layer, s);
    for (const c of calls) {
      if (c.op === 'drawImage' || c.op === 'moveTo' || c.op === 'lineTo') {
        for (const a of c.args) if (typeof a === 'number') expect(Number.isFinite(a)).toBe(true);
      }
    }
    layer.dispose();
  });
});

describe('the shuttle', () => {
  it('carries the weft across the warp by the stroke length and turns back at the edges', () => {
    const uv = new Float32Array([0.5, 0.5, 1]);
    for (let i = 0; i < 200; i++) {
      shuttleStep(uv, 0, 0.01, 0.002, 0);
      expect(uv[0]).toBeGreaterThanOrEqual(0);
      expect(uv[0]).toBeLessThanOrEqual(1);
      expect(uv[1]).toBeGreaterThanOrEqual(0.02);
      expect(uv[1]).toBeLessThanOrEqual(0.98);
    }
    // It has hit the right edge and turned back at least once.
    const turned = new Float32Array([0.99, 0.5, 1]);
    shuttleStep(turned, 0, 0.05, 0, 0);
    expect(turned[2]).toBe(-1);
    expect(turned[0]).toBeLessThan(1);
  });

  it("carries Lyra's thread farther than Remy's for the same stroke", () => {
    const a = new Float32Array([0.2, 0.5, 1]);
    const b = new Float32Array([0.2, 0.5, 1]);
    shuttleStep(a, 0, 0.05, 0, 0);
    shuttleStep(b, 0, 0.05, 0, 1);
    expect(a[0] - 0.2).toBeGreaterThan(b[0] - 0.2);
  });
});

describe('festival lanterns', () => {
  it('lights a paper lantern per tap (turned, with a glow), rate-limited, and the rest warms the crowd', () => {
    const layer = createThreads();
    const s = scene('festival');
    s.crowd = { ...s.crowd, dreamers: 0 };
    for (let i = 0; i < 100; i++) layer.ingest({ d: i + 1, r: (i % 4) as 0 | 1 | 2 | 3, k: 'tap', p: [i / 100, 0.5] }, s);
    s.time += 1.5;
    const calls = frame(layer, s);
    const turns = calls.filter((c) => c.op === 'rotate').length / 2;
    expect(turns).toBeGreaterThan(0);
    expect(turns).toBeLessThanOrEqual(8);
    // Each body is turned there and back: the wall's transform is left as it was.
    const angles = calls.filter((c) => c.op === 'rotate').reduce((a, c) => a + (c.args[0] as number), 0);
    expect(angles).toBeCloseTo(0);
    layer.dispose();
  });

  it('fills the sky with many small far lanterns in streams, none below the horizon, varied in size', () => {
    const layer = createThreads();
    const s = scene('festival', 40);
    s.showTime = 40;
    s.crowd = { ...s.crowd, dreamers: 0 };
    // Taps low on the phone (near the crowd) still let their lanterns go above the horizon.
    for (let i = 0; i < 8; i++) layer.ingest({ d: i + 1, r: (i % 4) as 0 | 1 | 2 | 3, k: 'tap', p: [i / 8, 1] }, s);
    s.time += 0.5;
    const bodies = frame(layer, s).filter((c) => c.op === 'drawImage' && c.composite !== 'lighter' && (c.args[0] as { height: number }).height <= 64);
    // The far ones are unscaled blits from each body's ladder of sizes (whole pixels), the near turned ones scaled.
    const far = bodies.filter((c) => c.args.length === 3);
    expect(far.length).toBeGreaterThan(30);
    const sizes = new Set<number>();
    for (const c of bodies) {
      const y = c.args[2] as number;
      const hh = c.args.length >= 5 ? (c.args[4] as number) : (c.args[0] as { height: number }).height;
      expect(y + hh / 2).toBeLessThan(HORIZON * s.h);
      sizes.add(Math.round(hh));
    }
    for (const c of far) expect(Number.isInteger(c.args[1]) && Number.isInteger(c.args[2])).toBe(true);
    expect(sizes.size).toBeGreaterThan(6);
    layer.dispose();
  });

  it("in serene, a tap's bloom lights on Lyra's warp (her one bright column), elsewhere where it was tapped", () => {
    const blooms = (phase: 'serene' | 'confrontation'): { x: number; y: number }[] => {
      const layer = createThreads();
      const s = wallScene(phase, 1);
      s.dreamers.set(DREAMERS);
      s.params[PI.brightness] = 1;
      for (let i = 0; i < 4; i++) layer.ingest({ d: i + 1, r: i as 0 | 1 | 2 | 3, k: 'tap', p: [0.9 + i * 0.02, 0.85] }, s);
      s.time += 0.5;
      const out = frame(layer, s)
        .filter((c) => c.op === 'drawImage' && (c.args[0] as { width: number }).width < 200)
        .map((c) => {
          const img = c.args[0] as { width: number; height: number };
          const n = c.args.length;
          const w = n >= 5 ? (c.args[n - 2] as number) : img.width;
          const h = n >= 5 ? (c.args[n - 1] as number) : img.height;
          return { x: (c.args[n >= 5 ? n - 4 : 1] as number) + w / 2, y: (c.args[n >= 5 ? n - 3 : 2] as number) + h / 2 };
        });
      layer.dispose();
      return out;
    };
    const serene = blooms('serene');
    expect(serene).toHaveLength(4);
    const loom = { x: 0, y: 0, size: 0, on: 0 };
    placeMark('loom', wallScene('serene', 1), loom);
    for (const b of serene) {
      // Tapped at the far right and low: lit up on the warp, over and above the loom.
      expect(Math.abs(b.x - loom.x)).toBeLessThan(0.45 * 720);
      expect(b.y).toBeLessThan(HORIZON * 720);
    }
    const elsewhere = blooms('confrontation');
    expect(elsewhere).toHaveLength(4);
    for (const b of elsewhere) expect(b.x).toBeGreaterThan(0.85 * 1280);
  });

  it('in the upgrade, taps become streaks toward the machine, not blooms', () => {
    const layer = createThreads();
    const s = scene('upgrade');
    for (let i = 0; i < 6; i++) layer.ingest({ d: i + 1, r: 3, k: 'tap', p: [0.1 + i * 0.05, 0.2] }, s);
    s.time += 1;
    const calls = frame(layer, s);
    const m = { x: 0, y: 0, size: 0, on: 0 };
    placeMark('machine', s, m);
    const ends = calls.filter((c) => c.op === 'lineTo');
    expect(ends.length).toBeGreaterThanOrEqual(6);
    // Each streak's head lies between its tap and the machine.
    for (const c of ends.slice(-6)) {
      const [x] = c.args as number[];
      expect(x).toBeGreaterThan(0.1 * s.w - 1);
      expect(x).toBeLessThan(m.x + 1);
    }
    layer.dispose();
  });

  it('dims the lanterns\' glow while the flash guard holds', () => {
    const halo = (allow: number) => {
      const layer = createThreads();
      const s = scene('festival');
      s.allow = allow;
      layer.ingest({ d: 1, r: 2, k: 'tap', p: [0.5, 0.5] }, s);
      s.time += 3;
      const calls = frame(layer, s);
      layer.dispose();
      return Math.max(0, ...calls.filter((c) => c.op === 'drawImage' && c.composite === 'lighter').map((c) => c.alpha));
    };
    expect(halo(0)).toBeGreaterThan(0);
    expect(halo(0)).toBeLessThan(halo(1) * 0.5);
  });
});

describe('an empty room', () => {
  const colours = ['rgb(126,232,250)', 'rgb(224,164,88)', 'rgb(255,143,171)', 'rgb(155,93,229)'];
  const woven = (calls: CanvasCall[]) => colours.filter((c) => calls.some((k) => k.op === 'stroke' && k.strokeStyle === c)).length;

  it("sees the four ghost dreamers' cloth on a wall just started", () => {
    const layer = createThreads();
    const s = scene('serene', 0.02);
    s.crowd = { ...s.crowd, ghosts: 1 };
    const first = frame(layer, s);
    expect(woven(first)).toBe(4);
    layer.dispose();
  });

  it('sees no ghost weaving once a crowd carries the show', () => {
    const layer = createThreads();
    const s = scene('serene', 0.02);
    s.crowd = { ...s.crowd, ghosts: 0 };
    expect(woven(frame(layer, s))).toBe(0);
    layer.dispose();
  });
});

describe('the room', () => {
  /** The crowd band's blit this frame: the wall-wide image drawn at the bottom edge. */
  const bandOf = (calls: CanvasCall[], s: Scene) =>
    calls.find((c) => c.op === 'drawImage' && (c.args[0] as RecordingCanvas).width === Math.round(s.w) && (c.args[2] as number) > s.h * 0.9);

  it('shows the crowd as light along the ground (added, never a dark strip), one light per dreamer in their colours', () => {
    const layer = createThreads();
    const s = scene('serene', 1);
    s.crowd = { ...s.crowd, dreamers: 60 };
    const band = bandOf(frame(layer, s), s);
    expect(band).toBeDefined();
    expect(band?.composite).toBe('lighter');
    const painted = (band?.args[0] as RecordingCanvas).ctx.calls;
    // Each light: a soft halo and a sharp core point; every one of the four characters' colours shows.
    const halos = painted.filter((c) => c.op === 'drawImage');
    expect(halos.length).toBeGreaterThan(40);
    expect(halos.length).toBeLessThanOrEqual(60);
    expect(new Set(painted.filter((c) => c.op === 'fillRect').map((c) => c.fillStyle)).size).toBe(4);
    for (const c of painted) for (const a of c.args) if (typeof a === 'number') expect(Number.isFinite(a)).toBe(true);
    layer.dispose();
  });

  it('grows with the crowd: more dreamers, more lights; an empty room, none', () => {
    const lights = (n: number) => {
      const layer = createThreads();
      const s = scene('serene', 1);
      s.crowd = { ...s.crowd, dreamers: n };
      const band = bandOf(frame(layer, s), s);
      layer.dispose();
      return band ? (band.args[0] as RecordingCanvas).ctx.calls.filter((c) => c.op === 'drawImage').length : 0;
    };
    expect(lights(0)).toBe(0);
    expect(lights(100)).toBeGreaterThan(lights(20));
    // A huge room shares a fixed number of lights.
    expect(lights(100_000)).toBeLessThanOrEqual(240);
  });
});
