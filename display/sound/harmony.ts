/**
 * The score's harmony, read from the lookbook: which scale and chords each phase of the arc plays.
 * Pure: no Tone, no DOM. Pitches are MIDI note numbers (60 = middle C), intervals are semitones.
 */
import type { PhaseName } from '../../core/arc/phases.ts';
import { assertNever } from '../../core/assertNever.ts';

/** Pitch classes a preset may name as its root. */
export const NOTE_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'] as const;

/** D major pentatonic: serene's consonant scale (and the crowd's in dawn). */
export const MAJOR_PENTATONIC = [0, 2, 4, 7, 9] as const;
/** Ionian: the festival's bright major. */
export const MAJOR = [0, 2, 4, 5, 7, 9, 11] as const;
/** Lydian: the upgrade's shimmering, restless major (the raised fourth). */
export const LYDIAN = [0, 2, 4, 6, 7, 9, 11] as const;
/** A broken pentatonic with a flat second and flat sixth: the glitch's unstable colour. */
export const GLITCH_SCALE = [0, 1, 5, 7, 8] as const;
/** Locrian: the nightmare's mode, a diminished fifth under everything. */
export const LOCRIAN = [0, 1, 3, 5, 6, 8, 10] as const;
/** Aeolian: the confrontation's minor, from which unity builds its chord. */
export const AEOLIAN = [0, 2, 3, 5, 7, 8, 10] as const;

/**
 * The confrontation's chord, built tone by tone as the crowd's unity grows: root, fifth, octave,
 * minor third, seventh, ninth, and the high fifth.
 */
export const UNITY_CHORD = [0, 7, 12, 3, 10, 14, 19] as const;
/** Dawn's swell: D major add9 voiced open. */
export const DAWN_CHORD = [-12, 0, 4, 7, 14] as const;

/**
 * The progression of each phase: chords as semitone offsets from the root, one per
 * {@link PhaseHarmony.barsPerChord} bars.
 */
export interface PhaseHarmony {
  /** Intervals of the scale within an octave, ascending from 0. */
  readonly scale: readonly number[];
  /** Pad chords in order; the progression loops. */
  readonly chords: readonly (readonly number[])[];
  /** Bars (of four beats) each chord lasts, ≥ 1. */
  readonly barsPerChord: number;
}

const SERENE: PhaseHarmony = {
  scale: MAJOR_PENTATONIC,
  // D6/9, Bm7, G add9, A6sus: pentatonic-friendly, no semitone rubs.
  chords: [[-12, 0, 4, 9, 14], [-15, -3, 2, 9, 14], [-19, -5, 2, 9, 11], [-17, -5, 2, 7, 11]],
  barsPerChord: 2,
};
const FESTIVAL: PhaseHarmony = {
  scale: MAJOR,
  // I – V – vi – IV.
  chords: [[-12, 0, 4, 7], [-17, -5, -1, 2], [-15, -3, 0, 4], [-19, -5, -1, 2]],
  barsPerChord: 1,
};
const UPGRADE: PhaseHarmony = {
  scale: LYDIAN,
  // I – II (the Lydian lift) – I – V.
  chords: [[-12, 0, 4, 7], [-10, 2, 6, 9], [-12, 0, 4, 7], [-17, -5, -1, 2]],
  barsPerChord: 1,
};
const GLITCH: PhaseHarmony = {
  scale: GLITCH_SCALE,
  chords: [[-12, 0, 7], [-11, 1, 8], [-12, 0, 7], [-16, -4, 1]],
  barsPerChord: 1,
};
const NIGHTMARE: PhaseHarmony = {
  scale: LOCRIAN,
  // Clusters over the tritone.
  chords: [[-24, -18, -11, -12], [-23, -18, -12, -10], [-24, -13, -12, -6], [-22, -18, -11, -12]],
  barsPerChord: 2,
};
const CONFRONTATION: PhaseHarmony = {
  scale: AEOLIAN,
  chords: [UNITY_CHORD.map((i) => i - 12)],
  barsPerChord: 1,
};
const DAWN: PhaseHarmony = {
  scale: MAJOR_PENTATONIC,
  chords: [DAWN_CHORD, [-19, -5, 2, 7, 11], DAWN_CHORD, [-17, -5, 2, 9, 14]],
  barsPerChord: 4,
};

/** @returns the harmony a phase plays. */
export function phaseHarmony(phase: PhaseName): PhaseHarmony {
  switch (phase) {
    case 'serene':
      return SERENE;
    case 'festival':
      return FESTIVAL;
    case 'upgrade':
      return UPGRADE;
    case 'glitch':
      return GLITCH;
    case 'nightmare':
      return NIGHTMARE;
    case 'confrontation':
      return CONFRONTATION;
    case 'dawn':
      return DAWN;
    default:
      return assertNever(phase, 'phase');
  }
}

/**
 * MIDI note of the root in the fourth octave (D → 62). Unknown names fall back to D, the story's key.
 * @param root a pitch-class name from {@link NOTE_NAMES}.
 */
export function rootMidi(root: string): number {
  const i = (NOTE_NAMES as readonly string[]).indexOf(root);
  return 60 + (i < 0 ? 2 : i);
}

/**
 * The note `degree` steps up a scale from `root` (negative degrees go down; octaves wrap).
 * @param degree any integer; @param scale intervals within an octave; @param root MIDI root.
 */
export function degreeToMidi(degree: number, scale: readonly number[], root: number): number {
  const n = scale.length;
  const d = Math.floor(degree);
  const octave = Math.floor(d / n);
  return root + octave * 12 + scale[d - octave * n];
}

/**
 * Snaps any pitch to the nearest note of a scale (ties go down, so nothing drifts sharp).
 * @param midi any real MIDI pitch; @returns an integer MIDI note in the scale.
 */
export function quantiseToScale(midi: number, scale: readonly number[], root: number): number {
  const m = Number.isFinite(midi) ? midi : root;
  const rel = m - root;
  const octave = Math.floor(rel / 12);
  let best = root;
  let bestDist = Infinity;
  // The nearest scale note is in this octave or at the edge of a neighbour.
  for (let o = octave - 1; o <= octave + 1; o++) {
    for (let i = 0; i < scale.length; i++) {
      const candidate = root + o * 12 + scale[i];
      const dist = Math.abs(candidate - m);
      if (dist < bestDist || (dist === bestDist && candidate < best)) {
        best = candidate;
        bestDist = dist;
      }
    }
  }
  return best;
}

/** @returns true when `midi` belongs to the scale on `root`. */
export function inScale(midi: number, scale: readonly number[], root: number): boolean {
  const pc = (((Math.round(midi) - root) % 12) + 12) % 12;
  return scale.includes(pc);
}

/**
 * How many tones of {@link UNITY_CHORD} sound at a given unity: one (the bare root) with none,
 * all seven with a fully united crowd; each step of unity adds a chord tone.
 * @param unity 0..1.
 */
export function unityChordSize(unity: number): number {
  const u = Number.isFinite(unity) ? Math.min(1, Math.max(0, unity)) : 0;
  return 1 + Math.min(UNITY_CHORD.length - 1, Math.floor(u * UNITY_CHORD.length));
}

/** @returns the frequency in Hz of a MIDI pitch (A4 = 69 = 440 Hz). */
export function midiToHz(midi: number): number {
  return 440 * Math.pow(2, (midi - 69) / 12);
}
