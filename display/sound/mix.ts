/**
 * The mixing desk: from a frame's parameters, crowd and crossfade to the levels and colours of the
 * continuous layers (drone, whisper noise, reverb, filter, grit, master). Pure; the adapter ramps
 * Tone params to these targets. Levels are linear gains 0..1.
 */
import type { PhaseName } from '../../core/arc/phases.ts';
import { PHASES } from '../../core/arc/phases.ts';
import type { ShowFrame } from '../../core/protocol.ts';
import { PARAMS, paramIndex } from '../../core/params.ts';

const TEMPO = paramIndex('tempo');
const DISSONANCE = paramIndex('dissonance');
const FILTER = paramIndex('filter');
const REVERB = paramIndex('reverb');
const DISTORTION = paramIndex('distortion');
const INTENSITY = paramIndex('intensity');
const VOLUME = paramIndex('volume');
const STUTTER = paramIndex('stutter');

/** Drone level of each phase (phase order): a bed in calm phases, the floor of the nightmare. */
const DRONE = [0.1, 0.05, 0.06, 0.22, 0.5, 0.38, 0.12] as const;
/** Pad (held chords) level of each phase. */
const PAD = [0.8, 0.7, 0.6, 0.5, 0.55, 0.75, 0.9] as const;

/** Targets for the continuous layers, mutated in place each frame. */
export interface MixTargets {
  /** Master gain 0..1 (volume² so the operator's fader feels even; 0 when muted). */
  master: number;
  /** Low-pass cutoff of the music bus, Hz (200..16 000). */
  filterHz: number;
  /** Send into the shared reverb, 0..1. */
  reverbSend: number;
  /** Bit-crush mix, 0..1 (0 in safe presets). */
  crush: number;
  /** Drone level, 0..1. */
  drone: number;
  /** Second drone voice above the root, semitones: a fifth (7) when calm, the tritone (6) when dissonant. */
  droneInterval: number;
  /** Pad bus level, 0..1. */
  pad: number;
  /** Whisper-noise bus level, 0..1. */
  whisper: number;
  /** Tempo of the score, BPM (40..180). */
  tempo: number;
  /** Dissonance 0..1. */
  dissonance: number;
  /** Stutter 0..1. */
  stutter: number;
}

/** @returns targets at rest (silent master). */
export function mixTargets(): MixTargets {
  return { master: 0, filterHz: 2000, reverbSend: 0.5, crush: 0, drone: 0, droneInterval: 7, pad: 0.7, whisper: 0, tempo: 60, dissonance: 0, stutter: 0 };
}

function param(frame: ShowFrame, i: number): number {
  const v = frame.params[i];
  const spec = PARAMS[i];
  if (typeof v !== 'number' || !Number.isFinite(v)) return spec.default;
  return Math.min(spec.max, Math.max(spec.min, v));
}

function unit(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0;
}

/**
 * Share of the mix a phase holds in this frame: `1 - blend` for the current phase, `blend` for the
 * next, 0 for the rest.
 */
export function phaseWeight(frame: Pick<ShowFrame, 'phase' | 'next' | 'blend'>, phase: PhaseName): number {
  const b = unit(frame.blend);
  let w = 0;
  if (frame.phase === phase) w += 1 - b;
  if (frame.next === phase) w += b;
  return w;
}

function blended(frame: ShowFrame, table: readonly number[]): number {
  const b = unit(frame.blend);
  return table[PHASES.indexOf(frame.phase)] * (1 - b) + table[PHASES.indexOf(frame.next)] * b;
}

/**
 * Writes this frame's mix into `out`.
 * @param presetSafe the preset's own safe flag (the frame's `flags.safe` also counts).
 */
export function mixFrame(frame: ShowFrame, out: MixTargets): MixTargets {
  const intensity = param(frame, INTENSITY);
  const volume = param(frame, VOLUME);
  const safe = frame.flags.safe;
  const energy = unit(frame.crowd.energy);
  const light = unit(frame.crowd.light);
  out.master = frame.flags.mute ? 0 : volume * volume;
  // Crowd energy and the nightmare's phone light both open the filter a little.
  const open = unit(param(frame, FILTER) + 0.1 * energy + 0.15 * light * phaseWeight(frame, 'nightmare'));
  out.filterHz = 200 * Math.pow(2, open * 6.3);
  out.reverbSend = param(frame, REVERB) * 0.9;
  const grit = param(frame, DISTORTION) * intensity;
  out.crush = safe ? 0 : Math.min(0.6, grit * grit);
  out.dissonance = param(frame, DISSONANCE);
  out.droneInterval = out.dissonance > 0.5 ? 6 : 7;
  out.drone = blended(frame, DRONE) * (1 - 0.4 * light);
  out.pad = blended(frame, PAD);
  out.whisper = (0.35 * phaseWeight(frame, 'nightmare') * (1 - 0.6 * light) + 0.1 * phaseWeight(frame, 'glitch')) * intensity;
  out.tempo = param(frame, TEMPO);
  out.stutter = safe ? 0 : param(frame, STUTTER);
  return out;
}
