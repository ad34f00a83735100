/**
 * Lets an AudioParam's wrapper forget its past automation. Tone.js 15 runs on
 * standardized-audio-context, which mirrors every automation call in a JS `AutomationEventList`
 * (automation-events 7.1.19). That list is flushed before each call, but `flush(currentTime)` only
 * drops past events when some event still lies in the future; a voice whose last note has ended
 * has none, so every note left its events behind for the whole show (about 70 per pitch param per
 * five show-minutes across 200+ params). Parking one event far ahead just before the cancel gives
 * the flush its future event, and the cancel removes it again at once, so the audio is untouched.
 */

/** Far beyond any show's audio clock, s: the parked event is never reached. */
const PARK_AHEAD_S = 1e6;

/** The two automation calls {@link restartAutomation} needs (a native or wrapped AudioParam, or a Tone Param). */
export interface RestartableParam {
  setValueAtTime(value: number, startTime: number): unknown;
  cancelScheduledValues(cancelTime: number): unknown;
}

/**
 * Cancels `param`'s automation from `time` on (as `cancelScheduledValues(time)` does) and lets the
 * wrapper drop every event that ended before the audio clock's present, keeping its list to a
 * handful of events however long the show runs.
 * @param param the param to restart. @param time cancel time, audio seconds (≥ 0).
 * @param parked any value within the param's range, in its own units (it is never heard).
 */
export function restartAutomation(param: RestartableParam, time: number, parked: number): void {
  param.setValueAtTime(parked, Math.max(0, time) + PARK_AHEAD_S);
  param.cancelScheduledValues(time);
}
