/**
 * Where the arc is and what each parameter is heading for: phase targets, their ramps within a
 * phase, and the eased crossfade into the next phase. Pure.
 */
import { PARAMS, paramIndex } from '../params.ts';
import type { Preset } from '../preset.ts';
import { PHASES, phaseAt, type PhaseName } from './phases.ts';
import { easeInOut, lerp } from '../easing.ts';

/** The arc's position as the renderers and the score read it. */
export interface ArcPosition {
  phase: PhaseName;
  next: PhaseName;
  /** Seconds into the phase. */
  phaseTime: number;
  /** Effective length of this phase, seconds. */
  phaseLength: number;
  /** Eased crossfade into `next`, 0..1. */
  blend: number;
}

/**
 * Start-or-end target of one parameter in one phase: the phase's own value, else the start value,
 * else the parameter default.
 */
function targetOf(preset: Preset, phase: PhaseName, i: number, atEnd: boolean): number {
  const spec = preset.phases[phase];
  const name = PARAMS[i].name;
  const start = spec.targets[name] ?? PARAMS[i].default;
  return atEnd ? (spec.end[name] ?? start) : start;
}

/**
 * Eased crossfade amount into the next phase.
 * @param phaseTime seconds into the phase; @param length effective phase length; @param transition seconds.
 */
export function blendAt(phaseTime: number, length: number, transition: number): number {
  if (transition <= 0) return 0;
  return easeInOut((phaseTime - (length - transition)) / transition);
}

/**
 * Writes the arc's target for every parameter into `out` (frame order).
 * @param phaseIdx index into {@link PHASES}; @param phaseTime seconds in; @param length effective length.
 */
export function arcTargets(preset: Preset, phaseIdx: number, phaseTime: number, length: number, out: number[]): ArcPosition {
  const phase = phaseAt(phaseIdx);
  const next = phaseAt(phaseIdx + 1);
  const spec = preset.phases[phase];
  const transition = Math.min(spec.transition, length);
  const blend = blendAt(phaseTime, length, transition);
  // The ramp runs over the phase body (before its crossfade) so `end` is reached as the fade begins.
  const body = Math.max(1e-6, length - transition);
  const ramp = easeInOut(phaseTime / body);
  for (let i = 0; i < PARAMS.length; i++) {
    const within = lerp(targetOf(preset, phase, i, false), targetOf(preset, phase, i, true), ramp);
    out[i] = blend > 0 ? lerp(within, targetOf(preset, next, i, false), blend) : within;
  }
  return { phase, next, phaseTime, phaseLength: length, blend };
}

/** Index of a parameter, re-exported for modulation code. */
export const P = {
  flowSpeed: paramIndex('flowSpeed'),
  turbulence: paramIndex('turbulence'),
  density: paramIndex('density'),
  brightness: paramIndex('brightness'),
  saturation: paramIndex('saturation'),
  glitch: paramIndex('glitch'),
  stutter: paramIndex('stutter'),
  shadows: paramIndex('shadows'),
  creature: paramIndex('creature'),
  fracture: paramIndex('fracture'),
  tempo: paramIndex('tempo'),
  dissonance: paramIndex('dissonance'),
  distortion: paramIndex('distortion'),
  intensity: paramIndex('intensity'),
  volume: paramIndex('volume'),
  sunrise: paramIndex('sunrise'),
  echoes: paramIndex('echoes'),
  warmth: paramIndex('warmth'),
} as const;

