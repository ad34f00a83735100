import { describe, expect, it } from 'vitest';
import { PHASES, phaseIndex } from '../../../../core/arc/phases.ts';
import { EASE_SECONDS, EasedStage, GLIDE_SECONDS } from '../../../../display/layers/cast/EasedStage.ts';
import { STAGE, markNow, placeMark } from '../../../../display/render/stage.ts';
import { wallScene } from '../../helpers/wallScene.ts';

describe('EasedStage', () => {
  it('takes the first frame as it is, then eases toward the show in display time', () => {
    const s = wallScene('dawn');
    const e = new EasedStage();
    e.step(s);
    expect(e.weight('dawn')).toBe(1);
    s.weights.fill(0);
    s.weights[phaseIndex('serene')] = 1;
    for (let i = 0; i < Math.round(EASE_SECONDS * 60); i++) e.step(s);
    // One time constant: about 63 % of the way.
    expect(e.weight('serene')).toBeGreaterThan(0.58);
    expect(e.weight('serene')).toBeLessThan(0.68);
    for (let i = 0; i < 300; i++) e.step(s);
    expect(e.weight('serene')).toBeGreaterThan(0.999);
    expect(placeMark('tara', s, markNow()).x).toBeCloseTo(e.place('tara', s, markNow()).x, 0);
  });

  it('places on whole pixels, so rounding noise in the weights never hops a figure to and fro', () => {
    const s = wallScene('serene', 0, 640, 360);
    const e = new EasedStage();
    e.step(s);
    const xs = new Set<number>();
    for (let f = 0; f < 50; f++) {
      // Noise far below a pixel in the weights.
      s.weights[phaseIndex('serene')] = 1 - (f % 2) * 1e-7;
      s.weights[phaseIndex('festival')] = (f % 2) * 1e-7;
      e.step(s);
      const m = e.place('lyra', s, markNow());
      expect(Number.isInteger(m.x)).toBe(true);
      expect(Number.isInteger(m.y)).toBe(true);
      xs.add(m.x);
    }
    expect(xs.size).toBe(1);
  });

  it('smooths a jittering crossfade into a steady walk', () => {
    // Tara walks up from the festival's place to the glitch's (y falls) while the show's blend jumps
    // about as uneven frames arrive.
    expect(STAGE.tara.glitch!.y).toBeLessThan(STAGE.tara.festival!.y);
    const s = wallScene('festival');
    const e = new EasedStage();
    const eased = markNow();
    const raw = markNow();
    e.step(s);
    let prevEased = e.place('tara', s, eased).y;
    let prevRaw = placeMark('tara', s, raw).y;
    let easedBack = 0;
    let rawBack = 0;
    for (let f = 0; f < 120; f++) {
      const b = Math.min(1, Math.max(0, f / 60 + (f % 2 ? 0.15 : -0.15)));
      s.weights.fill(0);
      s.weights[phaseIndex('festival')] = 1 - b;
      s.weights[phaseIndex('glitch')] = b;
      e.step(s);
      const y = e.place('tara', s, eased).y;
      const r = placeMark('tara', s, raw).y;
      // Backward travel, px: the to-and-fro that would flicker a figure's edges.
      easedBack += Math.max(0, y - prevEased);
      rawBack += Math.max(0, r - prevRaw);
      prevEased = y;
      prevRaw = r;
    }
    expect(rawBack).toBeGreaterThan(200);
    expect(easedBack).toBeLessThan(rawBack * 0.05);
  });

  it('glides the loom, Lyra and the machine between their framings, a pixel or two a frame even when a phase is jumped', () => {
    // They do change their place and size between phases (the framing varies beat to beat)…
    const loomPlaces = new Set(PHASES.map((p) => STAGE.loom[p]).filter((p) => p !== undefined).map((p) => `${p.x},${p.y},${p.size}`));
    expect(loomPlaces.size).toBeGreaterThan(3);
    // …but a fine pattern never slides fast: the operator jumps between every pair of phases.
    for (const name of ['loom', 'lyra', 'machine'] as const) {
      const listed = PHASES.filter((p) => STAGE[name][p] !== undefined);
      for (const from of listed) {
        for (const to of listed) {
          if (from === to) continue;
          const s = wallScene(from);
          const e = new EasedStage(GLIDE_SECONDS);
          e.step(s);
          let last = e.place(name, s, markNow());
          let most = 0;
          s.weights.fill(0);
          s.weights[phaseIndex(to)] = 1;
          for (let f = 0; f < 600; f++) {
            e.step(s);
            const m = e.place(name, s, markNow());
            most = Math.max(most, Math.abs(m.x - last.x), Math.abs(m.y - last.y), Math.abs(m.size - last.size));
            last = { ...m };
          }
          expect(most, `${name} ${from}→${to}`).toBeLessThanOrEqual(3);
        }
      }
    }
  });
});
