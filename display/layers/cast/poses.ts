/**
 * How each character stands in each phase (the lookbook's "Characters on stage"), and the few
 * numbers that move them: Remy's warning flicker, Tara's glow at the creature's heart. Pure: no DOM,
 * no allocation, time from the Scene only.
 */
import type { PhaseName } from '../../../core/arc/phases.ts';
import type { Scene } from '../../render/Scene.ts';

/** Tara's silhouettes, one per beat of her story. */
export const TARA_POSES = ['asleep', 'watching', 'pulled', 'holding', 'kernel', 'standing'] as const;
/** One of Tara's silhouettes. */
export type TaraPose = (typeof TARA_POSES)[number];

/** Remy's lamp: on its post, held low, gathering light, set down on the ground. */
export const REMY_POSES = ['post', 'held', 'gathering', 'setDown'] as const;
/** One of Remy's lamp's poses. */
export type RemyPose = (typeof REMY_POSES)[number];

/** Lyra's loom's mood: weaving, strained (pulled taut), snapping, weaving anew (gently). */
export const LOOM_MOODS = ['weaving', 'strained', 'snapping', 'anew'] as const;
/** One of the loom's moods. */
export type LoomMood = (typeof LOOM_MOODS)[number];

/** Tara's pose per phase; null where she is off stage (the upgrade is Brian's). */
export const TARA_POSE: Readonly<Record<PhaseName, TaraPose | null>> = {
  serene: 'asleep',
  festival: 'watching',
  upgrade: null,
  glitch: 'pulled',
  nightmare: 'holding',
  confrontation: 'kernel',
  dawn: 'standing',
};

/** Remy's lamp per phase; null where it is dark (the glitch has no conscience). */
export const REMY_POSE: Readonly<Record<PhaseName, RemyPose | null>> = {
  serene: 'post',
  festival: 'post',
  upgrade: 'post',
  glitch: null,
  nightmare: 'held',
  confrontation: 'gathering',
  dawn: 'setDown',
};

/** The loom's mood per phase; null where Lyra and her loom are off stage. */
export const LOOM_MOOD: Readonly<Record<PhaseName, LoomMood | null>> = {
  serene: 'weaving',
  festival: 'weaving',
  upgrade: 'strained',
  glitch: 'snapping',
  nightmare: null,
  confrontation: null,
  dawn: 'anew',
};

/** Remy's warning: one slow swell of the lamp every this many seconds (well under 3 Hz). */
export const FLICKER_PERIOD = 1.7;
/** Deepest dip of the warning, as a fraction of the lamp's light, at full flash allowance. */
export const FLICKER_DEPTH = 0.45;

/**
 * How bright Remy's lamp is now, 0..1 of its steady light. In the upgrade it gutters a warning: a
 * slow, smooth dip (one every {@link FLICKER_PERIOD} s, with a small seeded waver) whose depth is
 * scaled by the flash guard's allowance `s.allow` and halved again in `safe`; elsewhere it is steady.
 */
export function remyFlicker(s: Scene): number {
  const w = s.weight('upgrade');
  if (w <= 0) return 1;
  const t = s.time;
  // Two slow sines (0.59 Hz and 0.23 Hz) so the warning never ticks like a metronome.
  const a = 0.5 - 0.5 * Math.cos((2 * Math.PI * t) / FLICKER_PERIOD);
  const b = 0.5 + 0.5 * Math.sin(2 * Math.PI * 0.23 * t + (s.seed % 7));
  const depth = FLICKER_DEPTH * unit(s.allow) * (s.safe ? 0.5 : 1);
  return 1 - w * depth * a * (0.6 + 0.4 * b);
}

/**
 * Tara's glow at the creature's heart, 0.35..1: a small kernel when the crowd is divided, full as
 * the crowd's unity (`s.crowd.unity`, 0..1) rises. 1 outside the confrontation.
 */
export function taraGlow(s: Scene): number {
  const w = s.weight('confrontation');
  return 1 - w * 0.65 * (1 - unit(s.crowd.unity));
}

/**
 * Breath of a sleeping or waiting figure, −1..1: about six breaths a minute (the lookbook's serene
 * breath), eased in its own phase, from scene time.
 * @param rate breaths per second.
 */
export function breath(s: Scene, rate = 0.1, offset = 0): number {
  return Math.sin(2 * Math.PI * (s.time * rate + offset));
}

/** @returns `v` clamped to 0..1, 0 for anything not a number (a hostile or broken crowd signal). */
export function unit(v: number): number {
  return v > 0 ? (v < 1 ? v : 1) : 0;
}

