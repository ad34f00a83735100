/**
 * The seven phases of the DreamScape arc, in story order. The show loops: after `dawn` comes
 * `serene` again (bedtime).
 */
export const PHASES = ['serene', 'festival', 'upgrade', 'glitch', 'nightmare', 'confrontation', 'dawn'] as const;

/** One phase of the arc. */
export type PhaseName = (typeof PHASES)[number];

/** @returns the index (0..6) of a phase. */
export function phaseIndex(phase: PhaseName): number {
  return PHASES.indexOf(phase);
}

/** @returns the phase at an index, wrapping (index 7 is `serene` of the next night). */
export function phaseAt(index: number): PhaseName {
  return PHASES[((Math.floor(index) % PHASES.length) + PHASES.length) % PHASES.length];
}

/** @returns true when `value` names a phase. */
export function isPhaseName(value: unknown): value is PhaseName {
  return typeof value === 'string' && (PHASES as readonly string[]).includes(value);
}

/** What the phone can offer: the controls of the phases. */
export const CONTROL_MODES = ['weave', 'flicker', 'shine', 'pulse', 'release'] as const;
/** What the phone offers in a phase. */
export type ControlMode = (typeof CONTROL_MODES)[number];

/** Phase → the phone's control (the lookbook's "phone prompt" column). */
export const PHASE_CONTROLS: Readonly<Record<PhaseName, ControlMode>> = {
  serene: 'weave',
  festival: 'weave',
  upgrade: 'weave',
  glitch: 'flicker',
  nightmare: 'shine',
  confrontation: 'pulse',
  dawn: 'release',
};
