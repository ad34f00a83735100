/**
 * The crowd as players: what note an audience gesture plays, and when. Pure. Pitches are
 * quantised to the phase's scale (or, in the confrontation and dawn, to the chord), times to the
 * score's rhythm grid within a latency budget, so a thousand random taps still sound like music.
 */
import type { FrameGesture } from '../../core/protocol.ts';
import type { PhaseName } from '../../core/arc/phases.ts';
import { assertNever } from '../../core/assertNever.ts';
import { DAWN_CHORD, UNITY_CHORD, degreeToMidi, phaseHarmony, unityChordSize } from './harmony.ts';
import { hash01 } from '../../core/random.ts';

/** A note one gesture asks for. The adapter reuses one object. */
export interface CrowdNote {
  /** Dreamer role = instrument index 0..3 (harp, cello, celesta, arp). */
  role: number;
  /** MIDI pitch, integer, in the phase's scale or chord. */
  midi: number;
  /** 0..1. */
  velocity: number;
  /** Seconds before release. */
  duration: number;
}

/** What the crowd's notes depend on. */
export interface CrowdMusic {
  phase: PhaseName;
  /** MIDI root (D4 = 62). */
  root: number;
  /** Crowd pulse unity 0..1 (chord size in the confrontation). */
  unity: number;
  /** Crowd gesture rate 0..1: the busier the crowd, the softer each note. */
  energy: number;
  /** Beat length, seconds. */
  beatSeconds: number;
}

/** Register of each dreamer's voice: lowest scale degree above the root and how many degrees it spans. */
const REGISTER = [
  { low: 0, span: 10 }, // Lyra's harp: D4 up two octaves
  { low: -15, span: 8 }, // Remy's cello: low, around D2..D3
  { low: 5, span: 10 }, // Tara's celesta: high and bright
  { low: -5, span: 10 }, // Brian's arp: the middle
] as const;
const SECONDS = [1.4, 2.4, 1.6, 0.22] as const;

/** @returns a fresh note holder. */
export function crowdNote(): CrowdNote {
  return { role: 0, midi: 62, velocity: 0, duration: 0 };
}

/**
 * Decides the note a gesture plays: height on the phone picks the pitch (higher is higher), the
 * dreamer picks the voice and register.
 * @returns false when the gesture makes no note (tilts, lights going out, malformed points).
 */
export function gestureNote(g: FrameGesture, music: CrowdMusic, out: CrowdNote): boolean {
  const role = g.r >= 0 && g.r <= 3 ? g.r : 0;
  const reg = REGISTER[role];
  const y = g.p.length >= 2 ? g.p[g.p.length - 1] : 0.5;
  if (!Number.isFinite(y)) return false;
  const height = 1 - Math.min(1, Math.max(0, y));
  const scale = phaseHarmony(music.phase).scale;
  const softer = 1 - 0.4 * Math.min(1, Math.max(0, music.energy));
  out.role = role;
  out.duration = SECONDS[role] * (role === 3 ? 1 : Math.min(1.5, music.beatSeconds));
  switch (g.k) {
    case 'tap':
      out.velocity = 0.5 * softer;
      break;
    case 'weave':
      out.velocity = 0.3 * softer;
      out.duration *= 0.7;
      break;
    case 'shine':
      if (g.s === 0) return false;
      // Light held against the shadows: a soft low tone under the drone, not a sparkle.
      out.velocity = 0.2 * softer;
      out.midi = degreeToMidi(reg.low - 7 + Math.floor(height * (reg.span / 2 - 0.001)), scale, music.root);
      return true;
    case 'release':
      out.velocity = 0.45 * softer;
      out.midi = music.root + 12 + DAWN_CHORD[1 + Math.floor(height * (DAWN_CHORD.length - 1.001))] + (role === 1 ? -24 : 0);
      return true;
    case 'pulse': {
      // Each dreamer keeps one chord tone; the chord grows with unity, and on-beat taps ring loudest.
      const tones = unityChordSize(music.unity);
      const tone = UNITY_CHORD[Math.floor(hash01(g.d, 3) * tones)];
      const off = Number.isFinite(g.o) ? Math.abs(g.o ?? 0) / 1000 : music.beatSeconds / 2;
      const onBeat = 1 - Math.min(1, off / (music.beatSeconds / 2));
      out.midi = music.root + tone + (role === 1 ? -24 : role === 2 ? 12 : 0);
      out.velocity = (0.25 + 0.3 * onBeat) * softer;
      out.duration = Math.min(0.9, music.beatSeconds * 0.8);
      return true;
    }
    case 'tilt':
      return false;
    default:
      return assertNever(g.k, 'gesture kind');
  }
  out.midi = degreeToMidi(reg.low + Math.floor(height * (reg.span - 0.001)), scale, music.root);
  return true;
}

/**
 * When a gesture seen at `seen` should sound: on the next line of the coarsest grid (the step,
 * then halves of it, …) that is no more than `maxDelay` away. Sparse taps answer at once; in a
 * busy crowd the first tap of each step lands on the step, so the crowd plays in time.
 * @param seen earliest time it can sound, s; @param lastLine time of a grid line at or before `seen`, s;
 * @param stepSeconds grid spacing, s (> 0); @param maxDelay latency budget, s (≥ 0).
 * @returns a time in [seen, seen + maxDelay].
 */
export function tapTime(seen: number, lastLine: number, stepSeconds: number, maxDelay: number): number {
  if (!(stepSeconds > 0) || !Number.isFinite(seen) || !Number.isFinite(lastLine)) return seen;
  let grid = stepSeconds;
  for (let i = 0; i < 8; i++) {
    const k = Math.ceil((seen - lastLine) / grid - 1e-9);
    const line = lastLine + k * grid;
    if (line - seen <= maxDelay) return Math.max(seen, line);
    grid /= 2;
  }
  return seen;
}
