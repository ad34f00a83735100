/**
 * How far the hub's clock is from a page's (a phone's or a wall's), from ping/pong round trips
 * (`clock` with a reply).
 * Wi-Fi round trips jitter by tens of ms and are lopsided; the quickest ones are the most symmetric,
 * so the estimate keeps the samples with the lowest round trip and takes the median of their offsets
 * (NTP's clock filter, simplified). Pure: times come in as numbers.
 */

/** One ping/pong. */
export interface ClockSample {
  /** Round trip, ms (≥ 0). */
  rtt: number;
  /** Hub time minus the phone's local time at the midpoint of the trip, ms. */
  offset: number;
}

/** The current estimate: hub time ≈ local time + `offset`. */
export interface ClockEstimate {
  /** ms to add to the phone's local clock to get hub time. */
  offset: number;
  /** Median round trip of the kept samples, ms: the estimate is good to about half of it. */
  rtt: number;
  /** Samples the estimate rests on. */
  samples: number;
}

/**
 * Makes a sample from one round trip.
 * @param sentAt local ms when `clock` was emitted; @param hubTime the hub's reply (its `Date.now()`);
 * @param receivedAt local ms when the reply arrived.
 */
export function clockSample(sentAt: number, hubTime: number, receivedAt: number): ClockSample {
  const rtt = Math.max(0, receivedAt - sentAt);
  return { rtt, offset: hubTime - (sentAt + rtt / 2) };
}

/**
 * Adds a sample, keeping only the latest `window` (oldest dropped first) so a clock that drifts, or
 * a phone that moves to a slower access point, is followed.
 */
export function rememberClockSample(samples: ClockSample[], sample: ClockSample, window = 16): void {
  samples.push(sample);
  while (samples.length > window) samples.shift();
}

/**
 * The median offset of the `keep` quickest samples.
 * @returns null with no samples yet.
 */
export function estimateClockOffset(samples: readonly ClockSample[], keep = 5): ClockEstimate | null {
  if (samples.length === 0) return null;
  const quickest = [...samples].sort((a, b) => a.rtt - b.rtt).slice(0, Math.max(1, keep));
  return {
    offset: median(quickest.map((s) => s.offset)),
    rtt: median(quickest.map((s) => s.rtt)),
    samples: quickest.length,
  };
}

/** Median of a non-empty list (mean of the middle two for even lengths). */
function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
}
