/**
 * The hub's heartbeat to the supervisor: about once a second while the event loop makes progress,
 * from a timer and from the gesture path (a hub busy reading a big crowd, whose timers wait, still
 * counts as alive). The supervisor's hang detection listens for it.
 */

/** Ms between two beats at most once. */
const BEAT_MS = 1000;

/** A heartbeat; does nothing without a supervisor to tell. */
export class Heartbeat {
  private last = performance.now();
  private readonly timer: ReturnType<typeof setInterval> | undefined;

  /** @param beat tells the supervisor "alive" (undefined: no supervisor). */
  constructor(private readonly beat: (() => void) | undefined) {
    this.timer = beat ? setInterval(() => this.poll(), BEAT_MS) : undefined;
    this.timer?.unref();
  }

  /** Beats when a second has passed since the last beat. @param now `performance.now()`, ms. */
  poll(now = performance.now()): void {
    if (!this.beat || !(now - this.last >= BEAT_MS)) return;
    this.last = now;
    this.beat();
  }

  /** Stops the timer. */
  stop(): void {
    clearInterval(this.timer);
  }
}
