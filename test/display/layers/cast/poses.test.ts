import { describe, expect, it } from 'vitest';
import { PHASES } from '../../../../core/arc/phases.ts';
import { STAGE } from '../../../../display/render/stage.ts';
import { FLICKER_DEPTH, FLICKER_PERIOD, LOOM_MOOD, REMY_POSE, TARA_POSE, remyFlicker, taraGlow, unit } from '../../../../display/layers/cast/poses.ts';
import { wallScene } from '../../helpers/wallScene.ts';

describe('cast poses', () => {
  it('gives each character a pose in exactly the phases the stage puts them on', () => {
    for (const phase of PHASES) {
      expect(TARA_POSE[phase] !== null, `tara in ${phase}`).toBe(STAGE.tara[phase] !== undefined);
      expect(REMY_POSE[phase] !== null, `remy in ${phase}`).toBe(STAGE.remy[phase] !== undefined);
      expect(LOOM_MOOD[phase] !== null, `loom in ${phase}`).toBe(STAGE.loom[phase] !== undefined);
    }
  });

  it("follows the lookbook's beats for Tara and Remy", () => {
    expect(TARA_POSE.serene).toBe('asleep');
    expect(TARA_POSE.festival).toBe('watching');
    expect(TARA_POSE.glitch).toBe('pulled');
    expect(TARA_POSE.nightmare).toBe('holding');
    expect(TARA_POSE.confrontation).toBe('kernel');
    expect(TARA_POSE.dawn).toBe('standing');
    expect(TARA_POSE.upgrade).toBeNull();
    expect(REMY_POSE.dawn).toBe('setDown');
    expect(REMY_POSE.nightmare).toBe('held');
    expect(REMY_POSE.glitch).toBeNull();
    expect(LOOM_MOOD.upgrade).toBe('strained');
    expect(LOOM_MOOD.glitch).toBe('snapping');
  });
});

describe("Remy's warning flicker", () => {
  it('is steady outside the upgrade', () => {
    for (const phase of PHASES) {
      if (phase === 'upgrade') continue;
      const s = wallScene(phase);
      for (let t = 0; t < 5; t += 0.1) {
        s.time = t;
        expect(remyFlicker(s)).toBe(1);
      }
    }
  });

  it('dips in the upgrade, no deeper than the flash allowance lets it, and slowly', () => {
    const s = wallScene('upgrade');
    let min = 1;
    let prev = remyFlicker(s);
    let steepest = 0;
    const dt = 1 / 60;
    for (let t = 0; t < 20; t += dt) {
      s.time = t;
      const v = remyFlicker(s);
      min = Math.min(min, v);
      steepest = Math.max(steepest, Math.abs(v - prev) / dt);
      prev = v;
    }
    expect(min).toBeLessThan(1 - FLICKER_DEPTH * 0.5);
    expect(min).toBeGreaterThanOrEqual(1 - FLICKER_DEPTH - 1e-9);
    // A smooth swell of depth D every P seconds changes at most πD/P per second (plus the waver).
    expect(steepest).toBeLessThan((Math.PI * FLICKER_DEPTH) / FLICKER_PERIOD + 0.2);
  });

  it('holds still when the flash guard allows nothing, and is half as deep in safe', () => {
    const s = wallScene('upgrade');
    s.allow = 0;
    for (let t = 0; t < 5; t += 0.05) {
      s.time = t;
      expect(remyFlicker(s)).toBe(1);
    }
    const full = wallScene('upgrade');
    const safe = wallScene('upgrade');
    safe.safe = true;
    let a = 1;
    let b = 1;
    for (let t = 0; t < 10; t += 0.05) {
      full.time = safe.time = t;
      a = Math.min(a, remyFlicker(full));
      b = Math.min(b, remyFlicker(safe));
    }
    expect(1 - b).toBeCloseTo((1 - a) / 2, 5);
  });

  it('reads a broken allowance as none', () => {
    const s = wallScene('upgrade');
    s.allow = Number.NaN;
    s.time = 0.8;
    expect(remyFlicker(s)).toBe(1);
  });
});

describe("Tara's glow at the creature's heart", () => {
  it('grows with the crowd\'s unity in the confrontation and is full elsewhere', () => {
    const s = wallScene('confrontation');
    const at = (unity: number): number => {
      s.crowd = { ...s.crowd, unity };
      return taraGlow(s);
    };
    expect(at(0)).toBeCloseTo(0.35);
    expect(at(0.5)).toBeGreaterThan(at(0.2));
    expect(at(1)).toBe(1);
    expect(at(Number.NaN)).toBeCloseTo(0.35);
    expect(at(50)).toBe(1);
    expect(taraGlow(wallScene('dawn'))).toBe(1);
  });

  it('clamps signals to 0..1', () => {
    expect(unit(-3)).toBe(0);
    expect(unit(Number.NaN)).toBe(0);
    expect(unit(Number.POSITIVE_INFINITY)).toBe(1);
    expect(unit(0.25)).toBe(0.25);
  });
});
