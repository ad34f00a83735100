/**
 * The stage: where the story's characters and each phase's focal subject stand on the wall, phase by
 * phase, so that every layer that draws one of them (or reacts to one: threads that run from the
 * loom, shadows that lean over Tara, the crowd's net that closes on the creature) agrees on the
 * composition. One table; the layers read it through {@link placeMark}, which blends the places of
 * the phases present now by their weights, so a character walks from one phase's place to the next
 * as the arc crosses over. Pure apart from the `out` object it fills; allocates nothing.
 */
import { PHASES, type PhaseName } from '../../core/arc/phases.ts';
import type { Scene } from './Scene.ts';

/** Where the land meets the sky, as a fraction of the wall's height from the top (0..1). */
export const HORIZON = 0.72;

/** The marks of the stage: the characters and the phases' focal subjects. */
export const MARKS = ['loom', 'lyra', 'tara', 'remy', 'machine', 'portal', 'creature', 'sun'] as const;
/** One mark of the stage. */
export type MarkName = (typeof MARKS)[number];

/** A mark's place in one phase. */
export interface MarkPlace {
  /** Panorama x, 0..1 (0: left edge of the leftmost wall). */
  readonly x: number;
  /** Wall y, 0..1 of the height from the top. For a figure: where its feet stand. */
  readonly y: number;
  /** Size, as a fraction of the wall's height (a figure's height, a ring's radius). */
  readonly size: number;
  /** How present it is in that phase, 0..1 (a lamp that only flickers: less than 1). */
  readonly on?: number;
}

/**
 * Who stands where, phase by phase (the lookbook's "Characters on stage"). A phase a mark is not
 * listed in is a phase it is absent from.
 */
export const STAGE: Readonly<Record<MarkName, Readonly<Partial<Record<PhaseName, MarkPlace>>>>> = {
  // Lyra's loom of light: a frame whose warp threads run up into the sky. The framing changes beat to
  // beat (a viewer should not find the loom, the child and the lamp in the same places five times):
  // the loom is the subject at serene (left third, tall), far and small behind the festival's crowd
  // (a wide shot), pushed to the left edge and strained in the upgrade (the machine is the subject),
  // seen close and cut by the wall's left edge in the glitch (the tear is the subject), and small and
  // low at dawn. It moves only while phases cross over, gliding (EasedStage's GLIDE_SECONDS: a
  // pixel or so a frame even when the operator jumps a phase), by modest steps between neighbours.
  loom: {
    serene: { x: 0.27, y: 0.47, size: 0.42 },
    festival: { x: 0.19, y: 0.51, size: 0.33, on: 0.6 },
    upgrade: { x: 0.16, y: 0.49, size: 0.36, on: 0.85 },
    glitch: { x: 0.13, y: 0.42, size: 0.5, on: 0.55 },
    dawn: { x: 0.15, y: 0.55, size: 0.3, on: 0.65 },
  },
  // Lyra: a tall figure of light standing at her loom, her size following its framing.
  lyra: {
    serene: { x: 0.2, y: HORIZON + 0.02, size: 0.25 },
    festival: { x: 0.13, y: HORIZON + 0.02, size: 0.2, on: 0.7 },
    upgrade: { x: 0.1, y: HORIZON + 0.03, size: 0.22 },
    glitch: { x: 0.05, y: HORIZON + 0.1, size: 0.32, on: 0.7 },
    dawn: { x: 0.09, y: HORIZON + 0.03, size: 0.18 },
  },
  // Tara: a small luminous child. Asleep under the woven sky, watching the lanterns from the middle
  // of a wide festival, taken through the tear (close), seen close and surrounded in the nightmare,
  // at the creature's heart, restored and standing near us at dawn, left of the sun.
  tara: {
    serene: { x: 0.68, y: HORIZON + 0.06, size: 0.14 },
    festival: { x: 0.44, y: HORIZON + 0.11, size: 0.12 },
    // Taken through the tear: her rose light against its white, dragged in, reaching back to Lyra.
    glitch: { x: 0.55, y: 0.68, size: 0.34 },
    nightmare: { x: 0.5, y: HORIZON + 0.13, size: 0.18 },
    confrontation: { x: 0.5, y: 0.5, size: 0.09 },
    dawn: { x: 0.4, y: HORIZON + 0.13, size: 0.18 },
  },
  // Remy's amber lamp of conscience: keeps watch, flickers a warning, holds in the dark, set down.
  remy: {
    serene: { x: 0.9, y: HORIZON + 0.02, size: 0.06, on: 0.7 },
    festival: { x: 0.76, y: HORIZON + 0.09, size: 0.05, on: 0.8 },
    // In the upgrade, closer and in frame right of the machine (a tiny lamp pushed to the edge let
    // no warning come across): its slow flicker is the warning, within the flash guard's allowance.
    upgrade: { x: 0.84, y: HORIZON + 0.08, size: 0.09, on: 0.85 },
    nightmare: { x: 0.61, y: HORIZON + 0.12, size: 0.065 },
    confrontation: { x: 0.66, y: HORIZON + 0.08, size: 0.05, on: 0.6 },
    dawn: { x: 0.5, y: HORIZON + 0.15, size: 0.07 },
  },
  // Brian's upgrade as a machine built of the loom's own threads: rings, hands, a spindle; the
  // tear opens through its dial in the glitch, and that breaks it: after the glitch it is gone (a
  // faint dial left over the city at dawn read as a ghost clock haunting the restored morning). All
  // that survives of it is the broken gear inside the creature (drawn by the creature).
  machine: {
    upgrade: { x: 0.58, y: 0.42, size: 0.34 },
    glitch: { x: 0.6, y: 0.44, size: 0.36, on: 0.6 },
  },
  // The portal that tears open in the glitch: a tall rift right of centre, through the machine's
  // dial (the machine is what breaks), Lyra and her loom close on the left.
  portal: {
    glitch: { x: 0.6, y: 0.46, size: 0.56 },
  },
  // The creature born of the glitch: vast (its tendrils break past the top edge), centred on Tara,
  // breathing with the heartbeat.
  creature: {
    confrontation: { x: 0.5, y: 0.45, size: 0.5 },
  },
  // The sun of the restored dawn, rising from below the horizon to sit low, half behind the hills,
  // a little off centre so Tara is not pinned under it.
  sun: {
    dawn: { x: 0.6, y: HORIZON + 0.06, size: 0.15 },
  },
};

/** Where a mark stands now, in this wall's pixels. Filled by {@link placeMark}. */
export interface MarkNow {
  /** Wall px (this wall's slice of the panorama already applied). */
  x: number;
  y: number;
  /** px (fraction × wall height). */
  size: number;
  /** Presence now, 0..1: the phases' weights times each place's `on`. 0 means: do not draw. */
  on: number;
}

/** @returns a fresh {@link MarkNow} to reuse frame after frame. */
export function markNow(): MarkNow {
  return { x: 0, y: 0, size: 0, on: 0 };
}

/**
 * Places a mark for this frame: the weighted blend of its places in the phases present now.
 * When no present phase lists it, `on` is 0 and the place is that of the first phase that does.
 * @returns `out`, filled.
 */
export function placeMark(name: MarkName, s: Scene, out: MarkNow): MarkNow {
  return placeMarkIn(name, s, s.weights, out);
}

/**
 * {@link placeMark} by phase weights of the caller's own (in {@link PHASES} order, e.g. eased ones),
 * the scene giving only the wall's size and place in the panorama.
 * @returns `out`, filled.
 */
export function placeMarkIn(name: MarkName, s: Scene, weights: ArrayLike<number>, out: MarkNow): MarkNow {
  const places = STAGE[name];
  let wSum = 0;
  let on = 0;
  let x = 0;
  let y = 0;
  let size = 0;
  let first: MarkPlace | undefined;
  for (let i = 0; i < PHASES.length; i++) {
    const place = places[PHASES[i]];
    if (!place) continue;
    if (!first) first = place;
    const w = weights[i];
    if (w <= 0) continue;
    wSum += w;
    on += w * (place.on ?? 1);
    x += w * place.x;
    y += w * place.y;
    size += w * place.size;
  }
  if (wSum <= 0) {
    const p = first ?? { x: 0.5, y: 0.5, size: 0.1 };
    out.x = s.x(p.x);
    out.y = p.y * s.h;
    out.size = p.size * s.h;
    out.on = 0;
    return out;
  }
  out.x = s.x(x / wSum);
  out.y = (y / wSum) * s.h;
  out.size = (size / wSum) * s.h;
  out.on = Math.min(1, on);
  return out;
}
