import { describe, it, expect } from 'vitest';
import { BLANK_PRESET } from '../../../core/preset.ts';
import { arcTargets, blendAt, P } from '../../../core/arc/timeline.ts';
import { createShow, position, step, type ShowState } from '../../../core/arc/engine.ts';
import { applyCommand } from '../../../core/arc/commands.ts';
import { phaseIndex, phaseAt, PHASES } from '../../../core/arc/phases.ts';
import { approach, clamp, easeInOut, lerp } from '../../../core/easing.ts';
import { PARAMS } from '../../../core/params.ts';
import { param, phaseOf, runShow, TICK } from './showHarness.ts';

const preset = BLANK_PRESET;

describe('easing', () => {
  it('eases in and out: flat at both ends, half way at the middle, clamped outside', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBe(0.5);
    expect(easeInOut(-3)).toBe(0);
    expect(easeInOut(7)).toBe(1);
    expect(easeInOut(0.01)).toBeLessThan(0.01); // slow start
    expect(easeInOut(0.99)).toBeGreaterThan(0.99); // slow finish
    for (let t = 0; t < 1; t += 0.01) expect(easeInOut(t + 0.01)).toBeGreaterThanOrEqual(easeInOut(t));
  });

  it('clamps NaN to the low end and approaches exponentially', () => {
    expect(clamp(NaN)).toBe(0);
    expect(clamp(NaN, 2, 5)).toBe(2);
    expect(lerp(2, 4, 0.25)).toBe(2.5);
    expect(approach(0, 1)).toBe(0);
    expect(approach(1, 0)).toBe(1);
    expect(approach(1, 1)).toBeCloseTo(1 - Math.exp(-1));
  });
});

describe('the crossfade between phases', () => {
  it('is 0 before the fade, eased through it, 1 at the end', () => {
    expect(blendAt(50, 100, 10)).toBe(0);
    expect(blendAt(90, 100, 10)).toBe(0);
    expect(blendAt(95, 100, 10)).toBe(0.5);
    expect(blendAt(92.5, 100, 10)).toBe(easeInOut(0.25));
    expect(blendAt(100, 100, 10)).toBe(1);
    expect(blendAt(99, 100, 0)).toBe(0);
  });

  it('crossfades each parameter into the next phase’s start', () => {
    const serene = preset.phases.serene;
    const out = new Array<number>(PARAMS.length);
    const pos = arcTargets(preset, phaseIndex('serene'), serene.duration - serene.transition / 2, serene.duration, out);
    expect(pos).toMatchObject({ phase: 'serene', next: 'festival', blend: 0.5 });
    expect(out[P.tempo]).toBeCloseTo((serene.targets.tempo! + preset.phases.festival.targets.tempo!) / 2);
  });

  it('wraps from dawn into the serene of the next night', () => {
    const out = new Array<number>(PARAMS.length);
    const dawn = preset.phases.dawn;
    const pos = arcTargets(preset, phaseIndex('dawn'), dawn.duration, dawn.duration, out);
    expect(pos.next).toBe('serene');
    expect(out[P.sunrise]).toBeCloseTo(preset.phases.serene.targets.sunrise!);
    expect(phaseAt(PHASES.length)).toBe('serene');
    expect(phaseAt(-1)).toBe('dawn');
  });
});

describe('ramps within a phase', () => {
  const upgrade = preset.phases.upgrade; // flowSpeed 1 → 4, tempo 84 → 132 over the body
  const idx = phaseIndex('upgrade');
  const body = upgrade.duration - upgrade.transition;
  const at = (t: number) => {
    const out = new Array<number>(PARAMS.length);
    arcTargets(preset, idx, t, upgrade.duration, out);
    return out;
  };

  it('starts at the phase’s targets and reaches its end targets as the crossfade begins', () => {
    expect(at(0)[P.flowSpeed]).toBe(upgrade.targets.flowSpeed);
    expect(at(body)[P.flowSpeed]).toBeCloseTo(upgrade.end.flowSpeed!);
    expect(at(body)[P.tempo]).toBeCloseTo(upgrade.end.tempo!);
  });

  it('eases along the way (half way at the middle of the body, slower at the ends)', () => {
    expect(at(body / 2)[P.tempo]).toBeCloseTo((upgrade.targets.tempo! + upgrade.end.tempo!) / 2);
    const early = at(body * 0.1)[P.tempo] - upgrade.targets.tempo!;
    expect(early).toBeLessThan((upgrade.end.tempo! - upgrade.targets.tempo!) * 0.1);
  });

  it('holds unset end targets at the start value', () => {
    expect(at(body)[P.brightness]).toBe(upgrade.targets.brightness);
  });
});

describe('smoothness', () => {
  it('no parameter jumps across a whole night, except on entering the glitch (a cut) and stutter events', () => {
    let prev: ShowState | null = null;
    let cuts = 0;
    runShow({
      seconds: 730,
      onTick: (s) => {
        if (prev) {
          const entering = s.phaseIndex !== prev.phaseIndex && preset.phases[phaseOf(s)].cut;
          if (entering) cuts++;
          else {
            for (let i = 0; i < PARAMS.length; i++) {
              const spec = PARAMS[i];
              if (spec.name === 'stutter') continue;
              const bound = (spec.max - spec.min) * approach(TICK, spec.smoothing) + 1e-9;
              const delta = Math.abs(s.params[i] - prev.params[i]);
              if (delta > bound) throw new Error(`${spec.name} jumped by ${delta} at ${s.clock}s in ${phaseOf(s)}`);
            }
          }
        }
        prev = s;
      },
    });
    expect(cuts).toBe(1);
  });

  it('cuts into the glitch: parameters land on the glitch’s look in the tick that enters it', () => {
    let s = applyCommand(createShow(preset, 1), preset, { type: 'goto', phase: 'upgrade' });
    while (phaseOf(s) === 'upgrade') s = step(s, preset, TICK);
    expect(phaseOf(s)).toBe('glitch');
    const out = new Array<number>(PARAMS.length);
    arcTargets(preset, phaseIndex('glitch'), s.phaseTime, s.phaseLength, out);
    expect(param(s, 'brightness')).toBeCloseTo(out[P.brightness], 6);
    expect(param(s, 'glitch')).toBeCloseTo(out[P.glitch], 6);
    expect(param(s, 'tempo')).toBeCloseTo(out[P.tempo], 6);
    // …and the next tick smooths again.
    const next = step(s, preset, TICK);
    expect(next.cut).toBe(false);
  });

  it('enters other phases smoothly (the nightmare’s shadows rise over seconds)', () => {
    let s = applyCommand(createShow(preset, 1), preset, { type: 'goto', phase: 'glitch' });
    while (phaseOf(s) === 'glitch') s = step(s, preset, TICK);
    const entered = param(s, 'saturation');
    expect(Math.abs(entered - preset.phases.nightmare.targets.saturation!)).toBeGreaterThan(0.05);
  });
});

describe('position', () => {
  it('reports the phase, the next one and the eased crossfade', () => {
    let s = createShow(preset, 1);
    expect(position(s, preset)).toEqual({ phase: 'serene', next: 'festival', phaseTime: 0, phaseLength: 120, blend: 0 });
    s = runShow({ from: s, seconds: 114 });
    expect(position(s, preset).blend).toBeCloseTo(0.5, 2);
  });
});
