/**
 * How the trail buffer (the flow's streaks) fades each frame. Fading toward transparent
 * (`destination-out`) leaves a faint haze where the flow has been: 8-bit rounding stops a channel
 * below 127.5 / (fade × 255) from fading any further. Fading toward black with a plain
 * `source-over` fill lays the same light on the wall (the trail is added with 'lighter', and black
 * adds nothing) at a third of the cost (CPU time at 1280×720: 0.85 against 0.33 ms a frame), but
 * lets that haze go.
 */

/** Faintest haze (levels of 255) the cheap fade may let go while cutting; see {@link trailFadeMode}. */
export const TRAIL_HAZE_MAX = 3;
/**
 * Haze the cheap fade may let go at any quality, in levels of 255 as the wall shows it (the trail's
 * haze times the flow's presence): one level, which no eye or shot can tell from none.
 */
export const WALL_HAZE_MAX = 1;
/** Quality below which the wall is cutting (as `thinStroke` reads it). */
const CUTTING = 0.9;

/** The haze (levels of 255) `destination-out` at `a`/255 leaves: 127.5 / a rounded, less one. */
export function trailHaze(fade: number): number {
  const a = Math.round(fade * 255);
  return a > 0 ? Math.ceil(127.5 / a) - 1 : 255;
}

/**
 * How the trails fade by `fade` (0..1) this frame at render `quality` (0.25..1), laid on the wall at
 * `presence` (0..1, `flowPresence`): the cheap fill wherever the haze it lets go would show on the
 * wall as {@link WALL_HAZE_MAX} level or less (the short trails of serene, the festival, the
 * upgrade, the nightmare and dawn), and while the adaptive quality is cutting wherever the trail's
 * own haze is at most {@link TRAIL_HAZE_MAX} levels; elsewhere (the confrontation's long trails)
 * the wall looks exactly as it always has.
 */
export function trailFadeMode(fade: number, quality: number, presence = 1): 'destination-out' | 'source-over' {
  const haze = trailHaze(fade);
  const shown = haze * (presence > 0 ? Math.min(1, presence) : 0);
  if (shown <= WALL_HAZE_MAX) return 'source-over';
  if (quality >= CUTTING) return 'destination-out';
  return haze <= TRAIL_HAZE_MAX ? 'source-over' : 'destination-out';
}
