/**
 * Samples the hub's clock over the phone's socket on the pages' one schedule (`core/wire/hubLink.ts`:
 * a burst after each connect, then a trickle), so the heartbeat and pulse stamps are in hub time.
 * Until the first answer, the phone's wall clock is the best guess.
 */
import { CLOCK_TIMEOUT_MS, HubClock, PHONE_CLOCK } from '../../core/wire/hubLink.ts';

/** The part of the socket the sampler uses. */
export interface ClockLink {
  readonly connected: boolean;
  timeout(ms: number): { emit(event: 'clock', sentAt: number, reply: (err: Error | null, hubTime: number) => void): void };
}

/** See the module comment. One per page. */
export class ClockSampler {
  private readonly clock = new HubClock(PHONE_CLOCK);
  private timer = 0;
  /** Hub time ≈ `performance.now()` + offset, ms. */
  offset = Date.now() - performance.now();
  /** The best round trip seen, ms (NaN before the first answer). */
  rtt = Number.NaN;

  constructor(private readonly link: ClockLink) {}

  /** Samples seen in the current estimate. */
  get samples(): number {
    return this.clock.size;
  }

  /** A new connection: sample afresh with a burst. */
  start(): void {
    window.clearTimeout(this.timer);
    this.clock.restart();
    this.sample();
  }

  /** The connection is gone: no more samples until the next {@link start}. */
  stop(): void {
    window.clearTimeout(this.timer);
  }

  private sample(): void {
    if (!this.link.connected) return;
    const sentAt = performance.now();
    if (this.clock.due(sentAt)) {
      this.link.timeout(CLOCK_TIMEOUT_MS).emit('clock', sentAt, (err, hubTime) => {
        if (err) return;
        this.clock.answer(sentAt, hubTime, performance.now());
        if (this.clock.estimate) {
          this.offset = this.clock.estimate.offset;
          this.rtt = this.clock.estimate.rtt;
        }
      });
    }
    this.timer = window.setTimeout(() => this.sample(), this.clock.wait(performance.now()));
  }
}
