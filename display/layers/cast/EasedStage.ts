/**
 * The phases' weights as the cast follows them: eased in display time, so a character walks and
 * cross-fades between its places smoothly even when the show's frames arrive unevenly (at the
 * operator's top speed a crossfade lasts a few frames, and a figure that jittered with them would
 * flicker its bright edges across the wall). Deterministic: it follows the frames drawn.
 */
import { PHASES, phaseIndex, type PhaseName } from '../../../core/arc/phases.ts';
import type { Scene } from '../../render/Scene.ts';
import { placeMarkIn, type MarkName, type MarkNow } from '../../render/stage.ts';

/** Seconds the eased weights take to close ~63 % of the way to the show's. */
export const EASE_SECONDS = 0.3;
/**
 * The slower ease of the marks that carry a fine pattern (the loom's warp, the machine's dial) as
 * they change their framing between phases: even when the operator jumps a phase they glide, a
 * pixel or so a frame, and never slide a fine pattern fast across the wall.
 */
export const GLIDE_SECONDS = 1.2;

/** Eased phase weights, one per layer that places characters. */
export class EasedStage {
  /** Eased presence of each phase, 0..1, in {@link PHASES} order. */
  readonly weights = new Float32Array(PHASES.length);
  private primed = false;

  /** @param seconds the time constant of the ease, s (see {@link EASE_SECONDS}, {@link GLIDE_SECONDS}). */
  constructor(private readonly seconds = EASE_SECONDS) {}

  /** Moves the eased weights toward the scene's by this frame's `s.dt` (the first frame takes them as they are). */
  step(s: Scene): void {
    const w = this.weights;
    if (!this.primed) {
      w.set(s.weights);
      this.primed = true;
      return;
    }
    const dt = s.dt > 0 ? s.dt : 0;
    const k = 1 - Math.exp(-dt / this.seconds);
    for (let i = 0; i < w.length; i++) w[i] += (s.weights[i] - w[i]) * k;
  }

  /** @returns a phase's eased weight, 0..1. */
  weight(phase: PhaseName): number {
    return this.weights[phaseIndex(phase)];
  }

  /**
   * Places a mark by the eased weights (see `placeMark`), snapped to whole pixels (size to quarter
   * pixels): blended weights carry rounding noise, and a figure sitting on a half pixel would hop
   * one pixel to and fro from frame to frame, shimmering its bright edges.
   * @returns `out`.
   */
  place(name: MarkName, s: Scene, out: MarkNow): MarkNow {
    placeMarkIn(name, s, this.weights, out);
    out.x = Math.round(out.x);
    out.y = Math.round(out.y);
    out.size = Math.round(out.size * 4) / 4;
    return out;
  }

  /** Forgets the easing: the next step takes the scene's weights as they are. */
  reset(): void {
    this.primed = false;
  }
}
