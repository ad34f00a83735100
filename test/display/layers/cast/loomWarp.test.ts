import { describe, expect, it } from 'vitest';
import { phaseIndex } from '../../../../core/arc/phases.ts';
import { LOOM_ASPECT, WARP_COUNT, loomWarp, warpNow, warpX } from '../../../../display/layers/cast/loomWarp.ts';
import { STAGE, markNow, placeMark } from '../../../../display/render/stage.ts';
import { wallScene } from '../../helpers/wallScene.ts';

function glitchAt(seconds: number, seed = 7) {
  const s = wallScene('glitch');
  s.phase = 'glitch';
  s.next = 'nightmare';
  s.phaseTime = seconds;
  s.seed = seed;
  return loomWarp(s, warpNow());
}

describe('loomWarp', () => {
  it("stands the warp in the loom's frame at its stage mark and runs it up out of the wall's top", () => {
    const s = wallScene('serene', 3);
    const w = loomWarp(s, warpNow());
    const m = placeMark('loom', s, markNow());
    const place = STAGE.loom.serene!;
    expect(w.on).toBe(1);
    expect(w.n).toBe(WARP_COUNT);
    // Within a pixel: the loom stands on whole pixels.
    expect(Math.abs(w.by - (place.y + place.size / 2) * 720)).toBeLessThanOrEqual(1);
    expect(Math.abs(w.beamY - (place.y - place.size / 2) * 720)).toBeLessThanOrEqual(1);
    expect(w.ty).toBeLessThan(0);
    expect(Math.abs(w.right - w.left - m.size * LOOM_ASPECT)).toBeLessThanOrEqual(1);
    for (let i = 0; i < w.n; i++) {
      expect(w.bx[i]).toBeGreaterThan(w.left);
      expect(w.bx[i]).toBeLessThan(w.right);
      if (i > 0) expect(w.bx[i]).toBeGreaterThan(w.bx[i - 1]);
    }
    // The sky ends fan out wider than the frame.
    expect(w.tx[w.n - 1] - w.tx[0]).toBeGreaterThan(1.5 * (w.right - w.left));
    expect(w.tension).toBe(0);
  });

  it('gives each thread a place at any height: straight up in the frame, on its line in the sky', () => {
    const w = loomWarp(wallScene('serene', 2), warpNow());
    for (let i = 0; i < w.n; i++) {
      expect(warpX(w, i, w.by)).toBe(w.bx[i]);
      expect(warpX(w, i, (w.by + w.beamY) / 2)).toBe(w.bx[i]);
      expect(warpX(w, i, w.ty)).toBeCloseTo(w.tx[i]);
      const mid = warpX(w, i, (w.beamY + w.ty) / 2);
      expect(mid).toBeCloseTo((w.bx[i] + w.tx[i]) / 2);
    }
  });

  it('is off stage where Lyra is not, and pulled taut in the upgrade', () => {
    expect(loomWarp(wallScene('nightmare'), warpNow()).on).toBe(0);
    expect(loomWarp(wallScene('confrontation'), warpNow()).on).toBe(0);
    const up = loomWarp(wallScene('upgrade', 4), warpNow());
    expect(up.tension).toBe(1);
    expect(up.on).toBeGreaterThan(0);
  });

  it('snaps no thread outside the glitch and none at its first instant', () => {
    for (const phase of ['serene', 'upgrade', 'dawn'] as const) {
      const w = loomWarp(wallScene(phase, 9), warpNow());
      expect(Array.from(w.snap).every((v) => v === 0)).toBe(true);
    }
    expect(Array.from(glitchAt(0).snap).every((v) => v === 0)).toBe(true);
  });

  it('snaps a share of the threads, one by one, through the glitch; breaks never mend', () => {
    let prev = glitchAt(0).snap.slice();
    for (let t = 0.25; t <= 8; t += 0.25) {
      const now = glitchAt(t).snap;
      for (let i = 0; i < WARP_COUNT; i++) expect(now[i]).toBeGreaterThanOrEqual(prev[i]);
      prev = now.slice();
    }
    const broken = Array.from(prev).filter((v) => v >= 1).length;
    expect(broken).toBeGreaterThan(0);
    expect(broken).toBeLessThan(WARP_COUNT);
  });

  it('is deterministic for a seed', () => {
    expect(Array.from(glitchAt(2.5, 11).snap)).toEqual(Array.from(glitchAt(2.5, 11).snap));
    const a = loomWarp(wallScene('serene', 5.5), warpNow());
    const b = loomWarp(wallScene('serene', 5.5), warpNow());
    expect(Array.from(a.tx)).toEqual(Array.from(b.tx));
  });

  it('walks with the loom between phases', () => {
    const s = wallScene('upgrade', 1);
    s.weights[phaseIndex('upgrade')] = 0.5;
    s.weights[phaseIndex('glitch')] = 0.5;
    const w = loomWarp(s, warpNow());
    expect(w.on).toBeCloseTo(0.5 * (STAGE.loom.upgrade?.on ?? 1) + 0.5 * (STAGE.loom.glitch?.on ?? 1));
  });

  it('keeps a broken allowance from blowing up the thrum', () => {
    const s = wallScene('upgrade', 1.3);
    s.allow = Number.NaN;
    const w = loomWarp(s, warpNow());
    for (let i = 0; i < w.n; i++) expect(Number.isFinite(w.tx[i])).toBe(true);
  });
});
