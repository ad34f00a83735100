/**
 * How the trail buffer (the flow's streaks) fades each frame. Fading toward transparent
 * (`destination-out`) leaves a faint haze where the flow has been: 8-bit rounding stops a channel
 * below 127.5 / (fade × 255) from fading any further. Fading toward black with a plain
 * `source-over` fill lays the same light on the wall (the trail is added with 'lighter', and black
 * adds nothing) at a third of the cost (0.7 ms a frame at 1920×1080), but lets that haze go.
 */

/** Faintest haze (levels of 255) the cheap fade may let go; see {@link trailFadeMode}. */
export const TRAIL_HAZE_MAX = 3;
/** Quality below which the wall is cutting (as `thinStroke` reads it). */
const CUTTING = 0.9;

/**
 * How the trails fade by `fade` (0..1) this frame at render `quality` (0.25..1): the cheap fill
 * only while the adaptive quality is cutting, and only where the haze it lets go is at most
 * {@link TRAIL_HAZE_MAX} levels (the short trails of the upgrade and the glitch); at full quality
 * the wall looks exactly as it always has.
 */
export function trailFadeMode(fade: number, quality: number): 'destination-out' | 'source-over' {
  if (quality >= CUTTING) return 'destination-out';
  const a = Math.round(fade * 255);
  const haze = a > 0 ? Math.ceil(127.5 / a) - 1 : 255;
  return haze <= TRAIL_HAZE_MAX ? 'source-over' : 'destination-out';
}
