/**
 * The per-phase shape of the wall's echo: how the previous frames' glow is carried into this one
 * (a MilkDrop-style feedback, kept in the glow's low-resolution buffer so it costs nothing at wall
 * size and can only ever add soft light). Serene and dawn turn and zoom slowly, as if breathing out
 * of the loom and the sun; the upgrade stretches sideways like a time-lapse; the nightmare barely
 * remembers, and pulls inward. Pure: a table and a blend by the phases' weights.
 */
import { PHASES, type PhaseName } from '../../../core/arc/phases.ts';
import type { Scene } from '../Scene.ts';
import type { MarkName } from '../stage.ts';

/** One phase's echo. Per frame at 60 fps; the glow scales them by the frame's length. */
export interface EchoShape {
  /** Scale of the previous glow about the centre (>1 grows outward), ~0.99..1.02. */
  zoom: number;
  /** Turn of the previous glow, radians per frame. */
  turn: number;
  /** Extra horizontal scale (the upgrade's time-lapse smear), ≥ 1. */
  stretch: number;
  /** Vertical drift, fraction of the height per frame (negative: upward). */
  rise: number;
  /** Share of the previous glow kept, 0..0.9 (more: longer echoes). */
  keep: number;
  /** Bloom strength of the phase, 0..1 (before the flash guard's allowance). */
  bloom: number;
}

/** The echo's centre in each phase: a stage mark, or the wall's centre. */
export const ECHO_CENTRE: Readonly<Partial<Record<PhaseName, MarkName>>> = {
  serene: 'loom',
  upgrade: 'machine',
  confrontation: 'creature',
  dawn: 'sun',
};

/** The table. Subtle on purpose: an echo should be felt, not read. */
export const ECHO: Readonly<Record<PhaseName, EchoShape>> = {
  serene: { zoom: 1.006, turn: 0.0012, stretch: 1, rise: -0.0008, keep: 0.8, bloom: 0.55 },
  festival: { zoom: 1.003, turn: 0, stretch: 1, rise: -0.0025, keep: 0.72, bloom: 0.75 },
  upgrade: { zoom: 1, turn: 0, stretch: 1.03, rise: 0, keep: 0.7, bloom: 0.55 },
  glitch: { zoom: 1, turn: 0, stretch: 1.01, rise: 0, keep: 0.35, bloom: 0.45 },
  nightmare: { zoom: 0.995, turn: 0, stretch: 1, rise: 0, keep: 0.45, bloom: 0.4 },
  confrontation: { zoom: 1.007, turn: -0.0015, stretch: 1, rise: 0, keep: 0.7, bloom: 0.65 },
  dawn: { zoom: 1.01, turn: 0.0008, stretch: 1, rise: -0.0006, keep: 0.82, bloom: 0.8 },
};

/** @returns a fresh shape to reuse frame after frame. */
export function echoShape(): EchoShape {
  return { zoom: 1, turn: 0, stretch: 1, rise: 0, keep: 0, bloom: 0 };
}

/** Fills `out` with the phases' shapes blended by their weights now. @returns `out`. */
export function echoNow(s: Scene, out: EchoShape): EchoShape {
  out.zoom = out.turn = out.stretch = out.rise = out.keep = out.bloom = 0;
  let sum = 0;
  for (let i = 0; i < PHASES.length; i++) {
    const w = s.weights[i];
    if (w <= 0) continue;
    const e = ECHO[PHASES[i]];
    sum += w;
    out.zoom += w * e.zoom;
    out.turn += w * e.turn;
    out.stretch += w * e.stretch;
    out.rise += w * e.rise;
    out.keep += w * e.keep;
    out.bloom += w * e.bloom;
  }
  if (sum <= 0) {
    out.zoom = out.stretch = 1;
    return out;
  }
  out.zoom /= sum;
  out.turn /= sum;
  out.stretch /= sum;
  out.rise /= sum;
  out.keep /= sum;
  out.bloom /= sum;
  return out;
}
