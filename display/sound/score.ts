/**
 * The generative score: for one sixteenth-note step of one phase, which notes sound. Pure and
 * seeded: the same seed, step and context always give the same notes (stateless hashing via
 * `hash01`, so any step can be asked for in any order). The Tone adapter calls it once per step
 * per audible phase and only plays what it writes.
 */
import type { PhaseName } from '../../core/arc/phases.ts';
import { PHASES } from '../../core/arc/phases.ts';
import { hash01 } from '../../core/random.ts';
import { assertNever } from '../../core/assertNever.ts';
import { DAWN_CHORD, UNITY_CHORD, degreeToMidi, phaseHarmony, unityChordSize } from './harmony.ts';
import { INSTRUMENT, type NoteBuffer } from './NoteBuffer.ts';
import { STEPS_PER_BEAT } from '../../core/arc/scoreClock.ts';

/** Steps per bar of four beats. */
export const STEPS_PER_BAR = 16;
/** Notes quieter than this (after crossfade weighting) are not written. */
export const MIN_VELOCITY = 0.02;

/** What the score knows when it writes a step. The adapter reuses one object (no allocation). */
export interface StepContext {
  phase: PhaseName;
  /** Seed of tonight's score (any integer). */
  seed: number;
  /** Sixteenth-note index since the score clock began (any integer; beats fall on multiples of 4). */
  step: number;
  /** Share of the mix this phase has in a crossfade, 0..1. */
  weight: number;
  /** MIDI root (D4 = 62). */
  root: number;
  /** Tempo, BPM (40..180). */
  tempo: number;
  /** 0..1 from the `dissonance` parameter. */
  dissonance: number;
  /** Crowd gesture rate, 0..1. */
  energy: number;
  /** Crowd pulse unity, 0..1. */
  unity: number;
  /** 0..1 from the `stutter` parameter (engine-driven freeze events). */
  stutter: number;
  /** How far through the phase, 0..1. */
  progress: number;
  /** Safe preset: no tape stops, no stutters. */
  safe: boolean;
}

/** @returns a fresh context (tests and the adapter's one-off set-up). */
export function stepContext(phase: PhaseName = 'serene', seed = 1): StepContext {
  return { phase, seed, step: 0, weight: 1, root: 62, tempo: 60, dissonance: 0, energy: 0, unity: 0, stutter: 0, progress: 0, safe: false };
}

/** Distinct random streams per decision, so changing one never reshuffles another. */
const SALT = { melody: 1, chime: 2, arp: 3, drop: 4, cluster: 5, cello: 6, whisper: 7, chirp: 8, bell: 9, stutter: 10, contour: 11 } as const;

function rand(ctx: StepContext, salt: number): number {
  // Phase index in the seed keeps each phase's score its own even on a shared step clock.
  return hash01(ctx.seed * 8 + PHASES.indexOf(ctx.phase), ctx.step, salt);
}

function put(out: NoteBuffer, ctx: StepContext, instrument: number, midi: number, velocity: number, duration: number, offset = 0): void {
  const v = velocity * ctx.weight;
  if (v >= MIN_VELOCITY) out.push(instrument, midi, v, duration, offset);
}

/**
 * A melodic line that wanders rather than jumps: a slow seeded curve through the scale plus a
 * small random step, as a scale degree.
 */
function contour(ctx: StepContext, span: number): number {
  const phase = hash01(ctx.seed, 7, SALT.contour) * Math.PI * 2;
  const curve = Math.sin(ctx.step * 0.045 + phase) * 0.6 + Math.sin(ctx.step * 0.011 + phase * 2) * 0.4;
  return Math.round(((curve + 1) / 2) * span + (rand(ctx, SALT.contour) - 0.5) * 2);
}

function chordOf(ctx: StepContext): readonly number[] {
  const h = phaseHarmony(ctx.phase);
  const bar = Math.floor(ctx.step / STEPS_PER_BAR);
  const index = Math.floor(bar / h.barsPerChord);
  return h.chords[((index % h.chords.length) + h.chords.length) % h.chords.length];
}

/**
 * Writes the notes of one step into `out` (appending). Velocities are already scaled by
 * `ctx.weight`; offsets are seconds after the step's start.
 */
export function scoreStep(ctx: StepContext, out: NoteBuffer): void {
  if (ctx.weight <= 0) return;
  const beatSeconds = 60 / Math.min(180, Math.max(40, ctx.tempo));
  const stepSeconds = beatSeconds / STEPS_PER_BEAT;
  const s = ((ctx.step % STEPS_PER_BAR) + STEPS_PER_BAR) % STEPS_PER_BAR;
  const scale = phaseHarmony(ctx.phase).scale;
  const root = ctx.root;
  switch (ctx.phase) {
    case 'serene': {
      const barsPerChord = phaseHarmony('serene').barsPerChord;
      if (s === 0 && Math.floor(ctx.step / STEPS_PER_BAR) % barsPerChord === 0) padChord(out, ctx, chordOf(ctx), 0.32, beatSeconds * 4 * barsPerChord);
      if (s % 2 === 0 && rand(ctx, SALT.melody) < 0.2 + 0.15 * ctx.energy) {
        put(out, ctx, INSTRUMENT.harp, degreeToMidi(contour(ctx, 9), scale, root), 0.45 + 0.2 * rand(ctx, SALT.chime), beatSeconds * 1.5);
      }
      if (s % 4 === 2 && rand(ctx, SALT.bell) < 0.05) put(out, ctx, INSTRUMENT.celesta, degreeToMidi(10 + Math.floor(rand(ctx, SALT.cello) * 5), scale, root), 0.25, beatSeconds);
      return;
    }
    case 'festival': {
      const chord = chordOf(ctx);
      if (s === 0) padChord(out, ctx, chord, 0.26, beatSeconds * 4);
      if (s === 0 || s === 8) put(out, ctx, INSTRUMENT.cello, root - 24 + chord[0] + 12, 0.5, beatSeconds * 1.2);
      if (s % 2 === 0 && rand(ctx, SALT.melody) < 0.55 + 0.3 * ctx.energy) {
        const tone = chord[1 + (Math.floor(ctx.step / 2) % (chord.length - 1))];
        put(out, ctx, INSTRUMENT.harp, root + tone + 12, 0.42, beatSeconds);
      }
      if (s % 4 === 2 && rand(ctx, SALT.chime) < 0.3 + 0.3 * ctx.energy) {
        put(out, ctx, INSTRUMENT.celesta, degreeToMidi(7 + contour(ctx, 7), scale, root), 0.35, beatSeconds * 1.5);
      }
      return;
    }
    case 'upgrade': {
      const chord = chordOf(ctx);
      if (s === 0) padChord(out, ctx, chord, 0.22, beatSeconds * 4);
      if (s % 4 === 0) put(out, ctx, INSTRUMENT.cello, root - 24 + chord[0] + 12, 0.45, beatSeconds * 0.8);
      // Sixteenth arpeggios that fill in as the upgrade compresses time.
      if (rand(ctx, SALT.arp) < 0.55 + 0.45 * ctx.progress) {
        const up = [0, 1, 2, 3, 4, 5, 4, 3][ctx.step & 7];
        const tone = chord[1 + (up % (chord.length - 1))] + 12 * Math.floor(up / (chord.length - 1));
        put(out, ctx, INSTRUMENT.arp, root + tone, 0.34 + 0.14 * ctx.progress, stepSeconds * 0.9);
      }
      if (s === 6 && rand(ctx, SALT.chime) < 0.3) put(out, ctx, INSTRUMENT.celesta, degreeToMidi(9 + contour(ctx, 6), scale, root), 0.3, beatSeconds);
      return;
    }
    case 'glitch': {
      const chord = chordOf(ctx);
      if (s === 0 && rand(ctx, SALT.cluster) < 0.7) padChord(out, ctx, chord, 0.22, beatSeconds * 2);
      const stuttering = !ctx.safe && (ctx.stutter > 0.5 || rand(ctx, SALT.stutter) < 0.08);
      if (rand(ctx, SALT.arp) < 0.5) {
        const midi = degreeToMidi(contour(ctx, 8), scale, root);
        if (stuttering) {
          // A stutter: one note repeated on thirty-seconds, fading.
          for (let k = 0; k < 4; k++) put(out, ctx, INSTRUMENT.arp, midi, 0.36 * (1 - k * 0.18), stepSeconds * 0.4, (k * stepSeconds) / 2);
        } else {
          put(out, ctx, INSTRUMENT.arp, midi - (rand(ctx, SALT.drop) < 0.2 ? 12 : 0), 0.34, stepSeconds * 0.8);
        }
      }
      if (!ctx.safe && s === 12 && rand(ctx, SALT.drop) < 0.45) put(out, ctx, INSTRUMENT.tapestop, root, 1, beatSeconds * 0.9);
      if (s === 8 && rand(ctx, SALT.whisper) < 0.3) put(out, ctx, INSTRUMENT.whisper, root, 0.3, stepSeconds * 2);
      return;
    }
    case 'nightmare': {
      if (s % 4 === 0) heartbeat(out, ctx, 0.55, beatSeconds);
      if (s === 0 && Math.floor(ctx.step / STEPS_PER_BAR) % 2 === 0 && rand(ctx, SALT.cluster) < 0.5 + 0.5 * ctx.dissonance) {
        padChord(out, ctx, chordOf(ctx), 0.2 + 0.1 * ctx.dissonance, beatSeconds * 7);
      }
      if (s % 4 === 0 && rand(ctx, SALT.cello) < 0.18) put(out, ctx, INSTRUMENT.cello, degreeToMidi(-14 + Math.floor(rand(ctx, SALT.melody) * 6), scale, root), 0.45, beatSeconds * 3);
      if (s % 4 === 2 && rand(ctx, SALT.whisper) < 0.1) put(out, ctx, INSTRUMENT.whisper, root, 0.5, beatSeconds * 2);
      if (s === 10 && rand(ctx, SALT.bell) < 0.06) put(out, ctx, INSTRUMENT.celesta, degreeToMidi(9 + Math.floor(rand(ctx, SALT.chime) * 4), scale, root), 0.16, beatSeconds);
      return;
    }
    case 'confrontation': {
      if (s % 4 === 0) heartbeat(out, ctx, 0.7, beatSeconds);
      const tones = unityChordSize(ctx.unity);
      if (s === 0) {
        for (let i = 0; i < tones; i++) put(out, ctx, INSTRUMENT.pad, root - 12 + UNITY_CHORD[i], 0.22 + 0.14 * ctx.unity, beatSeconds * 4.5);
        put(out, ctx, INSTRUMENT.cello, root - 24, 0.5, beatSeconds * 3);
      }
      // Hope rising: eighth-note chord tones join once the crowd holds together.
      if (s % 2 === 0 && rand(ctx, SALT.arp) < ctx.unity - 0.35) {
        put(out, ctx, INSTRUMENT.arp, root + UNITY_CHORD[Math.floor(ctx.step / 2) % tones], 0.3, stepSeconds * 1.6);
      }
      return;
    }
    case 'dawn': {
      const calm = 1 - Math.min(1, Math.max(0, ctx.progress));
      if (s === 0 && Math.floor(ctx.step / STEPS_PER_BAR) % 4 === 0) padChord(out, ctx, chordOf(ctx), 0.24 + 0.14 * calm, beatSeconds * 16);
      if (s % 4 === 0 && rand(ctx, SALT.bell) < 0.25 + 0.35 * calm) {
        put(out, ctx, INSTRUMENT.celesta, root + 12 + DAWN_CHORD[1 + Math.floor(rand(ctx, SALT.chime) * 4)], 0.45, beatSeconds * 2);
      }
      if (s % 2 === 0 && rand(ctx, SALT.chirp) < 0.16 * calm + 0.03) {
        // A bird: two or three quick rising chirps.
        const n = 2 + Math.floor(rand(ctx, SALT.melody) * 2);
        const base = root + 31 + Math.floor(rand(ctx, SALT.cello) * 6);
        for (let k = 0; k < n; k++) put(out, ctx, INSTRUMENT.chirp, base + k * 2, 0.3, 0.07, k * 0.11);
      }
      if (s % 2 === 0 && rand(ctx, SALT.melody) < 0.18 * calm) put(out, ctx, INSTRUMENT.harp, degreeToMidi(5 + contour(ctx, 7), scale, root), 0.35, beatSeconds * 1.5);
      return;
    }
    default:
      return assertNever(ctx.phase, 'phase');
  }
}

function padChord(out: NoteBuffer, ctx: StepContext, chord: readonly number[], velocity: number, duration: number): void {
  for (let i = 0; i < chord.length; i++) put(out, ctx, INSTRUMENT.pad, ctx.root + chord[i], velocity, duration);
}

/** Lub-dub: the second beat softer and about a fifth of a beat later (up to 0.22 s). */
function heartbeat(out: NoteBuffer, ctx: StepContext, velocity: number, beatSeconds: number): void {
  const heartRoot = ctx.root - 24;
  put(out, ctx, INSTRUMENT.heart, heartRoot, velocity, 0.2);
  put(out, ctx, INSTRUMENT.heart, heartRoot, velocity * 0.6, 0.15, Math.min(0.22, beatSeconds * 0.22));
}
