/**
 * How fast phones may send, decided by how busy the hub is. Phones coalesce their touches into at
 * most `maxRate` messages a second (nothing is lost: a drag's points ride in fewer, fuller
 * messages, taps queue). When the hub's event loop stays nearly always busy, it asks every phone
 * for fewer messages; when it is calm again for a while, it lets them back up. A crowd too big for
 * one process then sees slightly coarser messages instead of seconds of lag.
 */
import { performance } from 'node:perf_hooks';

/** Rates the hub may ask for, messages per second, fastest first. */
export const PACE_STEPS = [30, 24, 20, 15, 12, 10] as const;
/** Event-loop utilisation (0..1) at or above which a second counts as overloaded. */
export const BUSY_ELU = 0.9;
/** Utilisation at or below which a second counts as calm. */
export const CALM_ELU = 0.6;
/** Overloaded seconds in a row before slowing phones down one step. */
export const BUSY_SECONDS = 2;
/** Calm seconds in a row before letting phones speed up one step. */
export const CALM_SECONDS = 5;

/** The governor's memory between samples. */
export interface PaceState {
  /** Index into {@link PACE_STEPS}. */
  step: number;
  busy: number;
  calm: number;
}

/** The starting state: full rate. */
export function initialPace(): PaceState {
  return { step: 0, busy: 0, calm: 0 };
}

/**
 * One second's decision. Pure.
 * @param state the previous state; @param elu the hub's event-loop utilisation over the last
 * second, 0..1 (NaN counts as calm); @returns the next state (a new object).
 */
export function nextPace(state: PaceState, elu: number): PaceState {
  const busy = elu >= BUSY_ELU ? state.busy + 1 : 0;
  const calm = !(elu > CALM_ELU) ? state.calm + 1 : 0;
  if (busy >= BUSY_SECONDS && state.step < PACE_STEPS.length - 1) return { step: state.step + 1, busy: 0, calm: 0 };
  if (calm >= CALM_SECONDS && state.step > 0) return { step: state.step - 1, busy: 0, calm: 0 };
  return { step: state.step, busy, calm };
}

/** Messages per second phones are asked for in a state. */
export function paceRate(state: PaceState): number {
  return PACE_STEPS[state.step];
}

/** Samples the hub's event loop once a second and reports rate changes. */
export class PhonePace {
  private state = initialPace();
  private timer: NodeJS.Timeout | undefined;
  private last = performance.eventLoopUtilization();
  private lastAt = 0;
  private running = false;
  /** Event-loop utilisation over the last second, 0..1. */
  elu = 0;

  /** @param onChange called with the new rate (messages/s) when it changes. */
  constructor(private readonly onChange: (maxRate: number) => void) {}

  /** Messages per second phones should send now. */
  get maxRate(): number {
    return paceRate(this.state);
  }

  /** Starts sampling. */
  start(): void {
    this.last = performance.eventLoopUtilization();
    this.lastAt = performance.now();
    this.running = true;
    this.timer = setInterval(() => this.poll(), 1000);
    this.timer.unref();
  }

  /**
   * Takes a sample if a second has passed since the last one. Called by its timer and from the
   * gesture path: an overloaded hub can spend seconds in runs of socket reads while timers wait, and
   * that is exactly when the phones must hear that they should slow down.
   * @param now `performance.now()`, ms.
   */
  poll(now = performance.now()): void {
    if (!this.running) return;
    // Timers fire with ms granularity and a little late or early: within 50 ms counts as a second.
    if (now - this.lastAt < 950) return;
    this.lastAt = now;
    this.sample();
  }

  /** Takes one second's sample of the event loop and applies the policy. */
  private sample(): void {
    const now = performance.eventLoopUtilization();
    this.elu = performance.eventLoopUtilization(now, this.last).utilization;
    this.last = now;
    const before = this.maxRate;
    this.state = nextPace(this.state, this.elu);
    if (this.maxRate !== before) this.onChange(this.maxRate);
  }

  /** Stops sampling. */
  stop(): void {
    this.running = false;
    clearInterval(this.timer);
  }
}
