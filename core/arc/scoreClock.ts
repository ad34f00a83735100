/**
 * The score's clock: where the music is, in sixteenth-note steps, as the integral of the tempo over
 * the show's clock. The hub keeps it in the show state and sends it in every frame, so every wall
 * plays the same step at the same moment — several projectors with their own speakers play one
 * score, not one each — and a wall that joins late or reloads falls into the room's grid. Pure.
 */

/** Steps per beat: the score's grid is sixteenth notes. */
export const STEPS_PER_BEAT = 4;

/** The position wraps here (about 8 years of steps at 120 BPM), keeping it an exact-enough double. */
export const SCORE_WRAP = 2 ** 30;

/**
 * The score position after `seconds` more at `bpm`.
 * @param score steps, 0..{@link SCORE_WRAP}; @param seconds ≥ 0 (anything else moves nothing);
 * @param bpm beats per minute, > 0 (anything else moves nothing).
 * @returns steps, 0..{@link SCORE_WRAP}.
 */
export function advanceScore(score: number, seconds: number, bpm: number): number {
  if (!(seconds > 0) || !(bpm > 0) || !Number.isFinite(seconds) || !Number.isFinite(bpm)) return score;
  const next = score + (seconds * bpm * STEPS_PER_BEAT) / 60;
  return next >= SCORE_WRAP ? next - SCORE_WRAP : next;
}

/**
 * The whole step nearest to `time` on the grid that passes through `anchorStep` at `anchorTime`,
 * and when it falls. Nearest, not next: a player that expects a step at `time` finds that same
 * step even when the grid has moved a little since (a tempo glide, a refined clock estimate).
 * @param anchorStep the score position (steps) at `anchorTime`; @param anchorTime seconds, any clock;
 * @param time seconds, same clock; @param stepSeconds length of a step, seconds (> 0).
 * @returns `step`: an integer, wrapped into 0..{@link SCORE_WRAP}; `at`: when it falls, seconds
 *   (within half a step of `time`).
 */
export function gridStepNear(anchorStep: number, anchorTime: number, time: number, stepSeconds: number): { step: number; at: number } {
  const whole = Math.round(anchorStep + (time - anchorTime) / stepSeconds);
  const at = anchorTime + (whole - anchorStep) * stepSeconds;
  return { step: ((whole % SCORE_WRAP) + SCORE_WRAP) % SCORE_WRAP, at };
}
