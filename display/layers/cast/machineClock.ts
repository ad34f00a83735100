/**
 * The time of Brian's machine: how fast its clock hands turn, phase by phase. The upgrade is a
 * time-lapse, so the hands accelerate with the dream's flow speed (×1 → ×4); in the glitch the
 * machine fails, its hands spinning backward and stuttering, its parts jolted out of true; at dawn
 * it winds back quietly to twelve. Pure (time from the Scene, seeded), no allocation.
 */
import { hash01 } from '../../../core/random.ts';
import type { Scene } from '../../render/Scene.ts';

/** The minute hand's fastest turn, revolutions per second (under 3 Hz: a sweep is motion, not flicker). */
export const MAX_REV = 1.6;
/** Seconds between the failing machine's jolts (slower than 3 a second). */
export const JOLT_EVERY = 0.4;

/** The machine's clock state, kept by its layer. */
export interface MachineClock {
  /** The minute hand's angle, revolutions (1 = one turn), accumulated. */
  turns: number;
}

/**
 * The minute hand's speed now, revolutions per second: slow before the upgrade, accelerating with
 * the flow speed through it (up to {@link MAX_REV}), backward in the glitch, still at dawn. Calm in
 * `safe` (a third).
 */
export function machineRate(s: Scene): number {
  const fs = s.p('flowSpeed');
  const speed = fs > 0 ? (fs < 4 ? fs : 4) : 0;
  const up = s.weight('upgrade');
  const glitch = s.weight('glitch');
  const conf = s.weight('confrontation');
  // Quadratic in the flow speed: ×1 walks (0.05 rev/s), ×4 blurs (1.6 rev/s).
  const lapse = Math.min(MAX_REV, 0.05 + 0.1 * speed * speed);
  let rate = up * lapse - glitch * 0.45 + conf * 0.02;
  if (s.safe) rate /= 3;
  return rate > MAX_REV ? MAX_REV : rate < -MAX_REV ? -MAX_REV : rate;
}

/**
 * Advances the clock one frame (`s.dt`). At dawn the hands wind back to the nearest twelve, easing.
 * @returns the angle to draw the minute hand at, revolutions; in the glitch it stutters: held, then
 * jumping, every {@link JOLT_EVERY} s.
 */
export function stepMachine(c: MachineClock, s: Scene): number {
  c.turns += machineRate(s) * s.dt;
  const dawn = s.weight('dawn');
  if (dawn > 0) {
    const twelve = Math.round(c.turns);
    c.turns += (twelve - c.turns) * dawn * (1 - Math.exp(-s.dt / 1.5));
  }
  const glitch = s.weight('glitch');
  if (glitch > 0 && !s.safe) {
    // Held for part of each beat of jolts, so the hands stick and then leap on.
    const k = Math.floor(s.time / JOLT_EVERY);
    if (hash01(s.seed ^ 0x61a7, k) < 0.5 * glitch) return c.turns - machineRate(s) * (s.time - k * JOLT_EVERY);
  }
  return c.turns;
}

/**
 * How far part `part` of the failing machine is knocked out of true now, −1..1 on each axis
 * (× glitch weight; 0 outside the glitch and in `safe`). Changes only every {@link JOLT_EVERY} s.
 * @returns the x offset; the y offset is `jolt(s, part + 100)`.
 */
export function jolt(s: Scene, part: number): number {
  const g = s.weight('glitch');
  if (g <= 0 || s.safe) return 0;
  const k = Math.floor(s.time / JOLT_EVERY);
  return g * (hash01(s.seed ^ 0x30a7, part, k) * 2 - 1);
}
