/**
 * The cast on the wall, recorded: each character draws in the phases the lookbook puts it on stage
 * and in no other, from cached figure canvases (no canvas made and no blur set once running).
 */
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { PHASES, type PhaseName } from '../../../../core/arc/phases.ts';
import type { Layer } from '../../../../display/layers/Layer.ts';
import { PI, type Scene } from '../../../../display/render/Scene.ts';
import { RecordingCanvas, asContext, installRecordingDocument, madeCanvases, type CanvasCall } from '../../helpers/recordingCanvas.ts';
import { wallScene } from '../../helpers/wallScene.ts';

let uninstall: () => void = () => undefined;
let makers: Record<'lyra' | 'remy' | 'tara' | 'machine', () => Layer>;
let createCast: () => Layer;
beforeAll(async () => {
  uninstall = installRecordingDocument();
  const { createLyra } = await import('../../../../display/layers/cast/lyra.ts');
  const { createRemy } = await import('../../../../display/layers/cast/remy.ts');
  const { createTara } = await import('../../../../display/layers/cast/tara.ts');
  const { createUpgrade } = await import('../../../../display/layers/upgrade.ts');
  ({ createCast } = await import('../../../../display/layers/cast/cast.ts'));
  makers = { lyra: createLyra, remy: createRemy, tara: createTara, machine: () => createUpgrade(7) };
});
afterAll(() => uninstall());

/** Lyra, Remy, Tara, Brian (the lookbook's colours). */
const DREAMERS = [126, 232, 250, 224, 164, 88, 255, 143, 171, 155, 93, 229];

function scene(phase: PhaseName, time = 4): Scene {
  const s = wallScene(phase, time);
  s.phase = phase;
  s.next = phase;
  s.phaseTime = 6;
  s.dreamers.set(DREAMERS);
  s.presetVersion = 1;
  return s;
}

function frame(layer: Layer, s: Scene): CanvasCall[] {
  const c = new RecordingCanvas();
  layer.draw(asContext(c), s);
  return c.ctx.calls;
}

const ON_STAGE: Record<'lyra' | 'remy' | 'tara' | 'machine', readonly PhaseName[]> = {
  lyra: ['serene', 'festival', 'upgrade', 'glitch', 'dawn'],
  remy: ['serene', 'festival', 'upgrade', 'nightmare', 'confrontation', 'dawn'],
  tara: ['serene', 'festival', 'glitch', 'nightmare', 'confrontation', 'dawn'],
  // The tear breaks it: after the glitch only one broken gear is left of it, inside the creature
  // (drawn by the creature), and no ghost of its dial hangs over the dawn.
  machine: ['upgrade', 'glitch'],
};

describe('the cast on the wall', () => {
  for (const who of ['lyra', 'remy', 'tara', 'machine'] as const) {
    it(`draws ${who} in its phases and nothing in the others`, () => {
      for (const phase of PHASES) {
        const layer = makers[who]();
        const calls = frame(layer, scene(phase));
        const blits = calls.filter((c) => c.op === 'drawImage' && c.alpha > 0.01).length;
        if (ON_STAGE[who].includes(phase)) {
          expect(blits, `${who} in ${phase}`).toBeGreaterThan(0);
        } else {
          expect(calls.length, `${who} in ${phase}`).toBe(0);
        }
        layer.dispose();
      }
    });
  }

  it('makes no canvas and sets no blur once warmed up (figures and their copies are cached, glows are sprites)', () => {
    const cast = createCast();
    const machine = makers.machine();
    // Warm-up: the arc twice, each phase long enough for the eased walk between places to settle and
    // for the gears (at full speed) to visit each of their pre-turned copies; the third time is as the second.
    const run = (from: number): void => {
      for (const phase of PHASES) {
        for (let f = 0; f < 120; f++) {
          const c = new RecordingCanvas();
          const g = asContext(c);
          const sc = scene(phase, from + f / 60);
          sc.params[PI.flowSpeed] = 4;
          cast.draw(g, sc);
          machine.draw(g, sc);
          // The recording context keeps only the properties set on it.
          expect('shadowBlur' in c.ctx).toBe(false);
          expect('filter' in c.ctx).toBe(false);
        }
      }
    };
    run(4);
    run(20);
    const made = madeCanvases.length;
    run(40);
    expect(madeCanvases.length - made).toBe(0);
    cast.dispose();
    machine.dispose();
  });

  it('rebuilds the figures when the preset changes their colours', () => {
    const tara = makers.tara();
    const s = scene('nightmare');
    frame(tara, s);
    const made = madeCanvases.length;
    frame(tara, s);
    expect(madeCanvases.length).toBe(made);
    s.presetVersion++;
    frame(tara, s);
    expect(madeCanvases.length).toBeGreaterThan(made);
    tara.dispose();
  });

  it("lets Tara's heart glow brighter as the crowd comes together", () => {
    const tara = makers.tara();
    const light = (unity: number): number => {
      const s = scene('confrontation');
      s.crowd = { ...s.crowd, unity };
      return frame(tara, s)
        .filter((c) => c.op === 'drawImage' && c.composite === 'lighter')
        .reduce((sum, c) => sum + c.alpha, 0);
    };
    expect(light(1)).toBeGreaterThan(light(0) * 1.5);
    expect(Number.isFinite(light(Number.NaN))).toBe(true);
    tara.dispose();
  });

  it("sets Remy's lantern down at dawn in a pool of light, with no fan of lines", () => {
    const remy = makers.remy();
    const calls = frame(remy, scene('dawn'));
    expect(calls.filter((c) => c.op === 'stroke').length).toBe(0);
    // The pool: a glow wider than tall, lying on the ground at the lantern's foot.
    const pool = calls.find((c) => c.op === 'drawImage' && c.composite === 'lighter');
    expect(pool).toBeDefined();
    remy.dispose();
  });

  it("keeps Remy's lamp steady when the flash guard allows nothing, and lets it gutter when it may", () => {
    const spread = (allow: number): number => {
      const remy = makers.remy();
      let lo = Infinity;
      let hi = -Infinity;
      for (let t = 0; t < 3; t += 0.1) {
        const s = scene('upgrade', t);
        s.allow = allow;
        const glow = frame(remy, s).filter((c) => c.op === 'drawImage' && c.composite === 'lighter');
        const a = glow[glow.length - 1].alpha;
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
      remy.dispose();
      return hi - lo;
    };
    expect(spread(0)).toBeLessThan(1e-6);
    expect(spread(1)).toBeGreaterThan(0.1);
  });

  it('draws the same frame for the same scene (deterministic)', () => {
    for (const phase of PHASES) {
      const a = frame(createCast(), scene(phase, 7.25));
      const b = frame(createCast(), scene(phase, 7.25));
      expect(a.map((c) => [c.op, c.alpha, c.args.filter((x) => typeof x === 'number')])).toEqual(b.map((c) => [c.op, c.alpha, c.args.filter((x) => typeof x === 'number')]));
    }
  });
});
