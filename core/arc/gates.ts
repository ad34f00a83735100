/**
 * Crowd-driven gates: how the audience changes the story. In the nightmare, light pushes the
 * shadows back; in the confrontation, unity × participation beats the creature — with ghost
 * dreamers carrying it when nobody takes part, so the show never hangs.
 */
import type { CrowdSignals } from '../protocol.ts';
import type { Preset } from '../preset.ts';
import { clamp } from '../easing.ts';

/** How far shining phones push the shadows back: 0 (none) .. this share at full light. */
export const LIGHT_PUSH = 0.75;

/** Shadow pressure left after the crowd's light, 0..1. */
export function shadowsAfterLight(shadows: number, light: number): number {
  return shadows * (1 - LIGHT_PUSH * clamp(light));
}

/**
 * The rate at which the creature is beaten, in resolve per second, in two shares: what the crowd
 * brings and what the ghost dreamers add (the engine lets only the crowd fight while the operator
 * holds the phase).
 *
 * The crowd's strength is unity × participation (active / connected), so two people in a quiet
 * gallery and a thousand at a festival weigh the same. The ghost dreamers make up what the crowd
 * does not bring, at the preset's `ghostUnity`: an empty room, or a full one tapping out of step,
 * wins in `resolveSeconds / ghostUnity` (the creature is slow to fall, but falls), and a perfectly
 * united, fully participating crowd wins in `resolveSeconds`. More unity or more participation is
 * never slower. The default preset paces the ghosts (35 s / 0.25 = 140 s) so that an empty room's
 * creature falls over the whole confrontation (its 150 s maximum less the 8 s crossfade): every
 * moment of the phase shows it standing, cracking a little more, rather than an early dawn.
 */
export function resolveRates(signals: Pick<CrowdSignals, 'participation' | 'unity'>, preset: Preset): { crowd: number; ghosts: number } {
  const { resolveSeconds, ghostUnity } = preset.crowd;
  const strength = clamp(signals.participation) * clamp(signals.unity);
  return {
    crowd: strength / resolveSeconds,
    ghosts: ((1 - strength) * clamp(ghostUnity)) / resolveSeconds,
  };
}
