/**
 * A token bucket: `capacity` tokens, refilled at `ratePerSecond`. Each message takes one; when the
 * bucket is empty the message is dropped. Time is passed in (ms) so tests control it.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /**
   * @param ratePerSecond sustained messages per second allowed (> 0).
   * @param capacity burst size, messages (≥ 1).
   * @param now current time, ms.
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.last = now;
  }

  /** Takes one token if there is one. @returns false when the message must be dropped. */
  take(now: number): boolean {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + elapsed * this.ratePerSecond);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
