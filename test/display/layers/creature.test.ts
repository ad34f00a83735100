import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Scene, PI } from '../../../display/render/Scene.ts';
import { wallScene } from '../helpers/wallScene.ts';
import type { CreatureLayer } from '../../../display/layers/creature.ts';
import { RecordingCanvas, asContext, installRecordingDocument, type CanvasCall } from '../helpers/recordingCanvas.ts';

let uninstall: () => void = () => undefined;
let createCreature: (seed: number) => CreatureLayer;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  ({ createCreature } = await import('../../../display/layers/creature.ts'));
});
afterAll(() => uninstall());

/** Lyra, Remy, Tara, Brian (the lookbook's colours). */
const DREAMERS = [126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229];

/** A 1280×720 wall in the confrontation with the creature fully present. */
function confrontation(): Scene {
  const s = wallScene('confrontation', 5);
  s.params[PI.creature] = 1;
  s.dreamers.set(DREAMERS);
  return s;
}

/** Draws one frame of `layer` at scene time `time`; returns the calls. */
function frame(layer: CreatureLayer, s: Scene, time: number): CanvasCall[] {
  s.time = time;
  const c = new RecordingCanvas();
  layer.draw(asContext(c), s);
  return c.ctx.calls;
}

/**
 * Ripple circles and strokes: what a frame with pulses draws beyond the same frame without. Under
 * 'lighter' the creature strokes the ripples first, then its cracks of light, then the net's four threads.
 */
function ripples(withPulses: CanvasCall[], without: CanvasCall[]): { arcs: number; strokes: CanvasCall[] } {
  const arcs = (calls: CanvasCall[]) => calls.filter((c) => c.op === 'arc').length;
  const lit = (calls: CanvasCall[]) => calls.filter((c) => c.op === 'stroke' && c.composite === 'lighter');
  const extra = lit(withPulses).length - lit(without).length;
  return { arcs: arcs(withPulses) - arcs(without), strokes: lit(withPulses).slice(0, extra) };
}

function rgb(style: unknown): number[] {
  const m = /rgb\((\d+),(\d+),(\d+)\)/.exec(String(style));
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
}

describe('creature: ripples from pulse taps', () => {
  it("strokes the ripples of pulses that arrive together as one circle, adding up to the same light as one stroke per ripple", () => {
    const calm = createCreature(7);
    const pulsed = createCreature(7);
    const s = confrontation();
    frame(calm, s, 5);
    frame(pulsed, s, 5);
    for (const role of [0, 1, 2]) pulsed.pulse(role);
    const t = 5.1;
    const { arcs, strokes } = ripples(frame(pulsed, s, t), frame(calm, s, t));
    expect(arcs).toBe(1);
    // Each channel adds what the three ripples would: 1.5 px hairline alpha × rise (age/0.25) × (1 − age/1.6)² × 0.3 × colour.
    const alpha = 0.3 * ((t - 5) / 0.25) * (1 - (t - 5) / 1.6) ** 2 * 1.5;
    // As few strokes as the summed colour's brightest channel needs (one stroke adds at most white): fewer than three.
    const brightest = Math.max(...[0, 1, 2].map((ch) => DREAMERS[ch] + DREAMERS[3 + ch] + DREAMERS[6 + ch])) / 255;
    expect(strokes.length).toBe(Math.max(1, Math.ceil(alpha * brightest)));
    expect(strokes.length).toBeLessThan(3);
    for (let ch = 0; ch < 3; ch++) {
      const want = alpha * (DREAMERS[ch] + DREAMERS[3 + ch] + DREAMERS[6 + ch]);
      const got = strokes.reduce((sum, c) => sum + c.alpha * rgb(c.strokeStyle)[ch], 0);
      expect(Math.abs(got - want)).toBeLessThan(1.5);
    }
  });

  it('strokes ripples born in different frames as circles of their own, each in its dreamer colour', () => {
    const calm = createCreature(7);
    const pulsed = createCreature(7);
    const s = confrontation();
    for (let f = 0; f < 3; f++) {
      frame(calm, s, 5 + f * 0.05);
      frame(pulsed, s, 5 + f * 0.05);
      pulsed.pulse(f);
    }
    const { arcs, strokes } = ripples(frame(pulsed, s, 5.3), frame(calm, s, 5.3));
    expect(arcs).toBe(3);
    expect(strokes.map((c) => rgb(c.strokeStyle))).toEqual([DREAMERS.slice(0, 3), DREAMERS.slice(3, 6), DREAMERS.slice(6, 9)]);
  });
});

describe("creature: the crowd's light rising to its heart", () => {
  /** The beams' frame: the creature drawn first (it places the heart), then its beams. */
  function beamFrame(participation: number, unity: number): CanvasCall[] {
    const layer = createCreature(7);
    const s = confrontation();
    s.crowd = { dreamers: 200, active: 200, participation, energy: 0.5, light: 0.5, unity, resolve: 0.5, ghosts: 0 };
    frame(layer, s, 5);
    const c = new RecordingCanvas();
    layer.beams.draw(asContext(c), s);
    return c.ctx.calls;
  }
  const rising = (calls: CanvasCall[]) => calls.filter((c) => c.op === 'moveTo').length;

  it('sends no light from a room where no one takes part', () => {
    expect(beamFrame(0, 0.5).filter((c) => c.op === 'fill' || c.op === 'stroke')).toEqual([]);
  });

  it('lights more beams as more of the crowd takes part, each rising from the row of heads to the heart', () => {
    const few = beamFrame(0.2, 0.5);
    const all = beamFrame(1, 0.5);
    expect(rising(few)).toBeGreaterThan(0);
    expect(rising(all)).toBeGreaterThan(rising(few));
    // Every beam's middle thread starts at the bottom of the wall and rises (ribbons start at its sides).
    const starts = all.filter((c) => c.op === 'moveTo').map((c) => Number(c.args[1]));
    for (const y of starts) expect(y).toBeGreaterThan(720 * 0.95);
    const ends = all.filter((c) => c.op === 'lineTo').map((c) => Number(c.args[1]));
    expect(Math.min(...ends)).toBeLessThan(720 * 0.55);
  });

  it('brightens and thickens the beams as the crowd is one, within a modest alpha', () => {
    const fillAlpha = (calls: CanvasCall[]) => Math.max(...calls.filter((c) => c.op === 'fill').map((c) => c.alpha));
    const apart = beamFrame(1, 0.1);
    const one = beamFrame(1, 1);
    expect(fillAlpha(one)).toBeGreaterThan(fillAlpha(apart));
    expect(fillAlpha(one)).toBeLessThanOrEqual(0.4);
    for (const c of one) if (c.op === 'fill' || c.op === 'stroke') expect(c.composite).toBe('lighter');
  });
});

describe('creature: a body of fog, painted small and rarely', () => {
  it('never traces its tendrils on the wall: their smoke comes as one scaled-up image of a small painting', () => {
    const layer = createCreature(7);
    const s = confrontation();
    for (const t of [5, 5.02, 5.04]) {
      const calls = frame(layer, s, t);
      // Nothing is filled on the wall (the tendrils' ribbons are filled on the small canvases).
      expect(calls.filter((c) => c.op === 'fill')).toEqual([]);
      // The painting is laid over the body scaled up: far larger on the wall than its own pixels.
      const scaled = calls.filter((c) => c.op === 'drawImage' && c.args.length === 5 && Number(c.args[3]) > 600);
      expect(scaled.length).toBe(1);
    }
  });

});

describe('creature: its defeat is a spectacle at every moment', () => {
  /** The painting of a creature beaten `resolve` of the way, by an empty room (the ghost dreamers). */
  function painting(resolve: number, allow = 1): CanvasCall[] {
    const layer = createCreature(7);
    const s = confrontation();
    s.crowd = { dreamers: 0, active: 0, participation: 0, energy: 0, light: 0, unity: 0, resolve, ghosts: 1 };
    s.allow = allow;
    const calls = frame(layer, s, 5);
    const blit = calls.find((c) => c.op === 'drawImage' && c.args.length === 5 && Number(c.args[3]) > 600);
    const canvas = blit?.args[0];
    expect(canvas).toBeInstanceOf(RecordingCanvas);
    return (canvas as RecordingCanvas).ctx.calls;
  }
  /** The rays of Tara's light: the unit ray sprite laid, turned and stretched, additively. */
  const rays = (calls: CanvasCall[]) => calls.filter((c) => c.op === 'drawImage' && c.composite === 'lighter' && c.args[3] === 1 && c.args[4] === 1);
  /** The cracks' wide glow: the painting's additive strokes. */
  const glow = (calls: CanvasCall[]) => calls.filter((c) => c.op === 'stroke' && c.composite === 'lighter');

  it('breaks no light out of its heart while the fight is young', () => {
    expect(rays(painting(0))).toEqual([]);
    expect(rays(painting(0.25))).toEqual([]);
  });

  it('breaks rays of light out of its heart as it is beaten, stronger the further it falls, within a modest alpha', () => {
    const mid = rays(painting(0.6));
    const late = rays(painting(0.95));
    expect(mid.length).toBe(9);
    expect(late.length).toBe(9);
    expect(late[0].alpha).toBeGreaterThan(mid[0].alpha);
    for (const c of late) expect(c.alpha).toBeLessThanOrEqual(0.5);
  });

  it('dims the rays with the flash guard allowance', () => {
    expect(rays(painting(0.95, 0))[0].alpha).toBeLessThan(rays(painting(0.95, 1))[0].alpha);
  });

  it('widens its cracks into bands of light as it is beaten', () => {
    const young = glow(painting(0.1));
    const late = glow(painting(0.95));
    expect(young.length).toBe(1);
    expect(late.length).toBe(1);
    expect(late[0].alpha).toBeGreaterThan(young[0].alpha);
  });
});
