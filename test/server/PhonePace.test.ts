import { afterEach, describe, expect, it } from 'vitest';
import { BUSY_SECONDS, CALM_SECONDS, PACE_STEPS, initialPace, nextPace, paceRate, type PaceState } from '../../server/PhonePace.ts';
import { connectPhone, nextEvent, startHub, takeGesturesWithoutTimers, teardown } from '../helpers/hub.ts';

afterEach(teardown);

function run(state: PaceState, elus: number[]): { state: PaceState; rates: number[] } {
  const rates: number[] = [];
  for (const e of elus) {
    state = nextPace(state, e);
    rates.push(paceRate(state));
  }
  return { state, rates };
}

describe('phone pace (pure policy)', () => {
  it('slows phones one step after sustained overload, never below the slowest step', () => {
    const { rates } = run(initialPace(), Array.from({ length: 40 }, () => 0.97));
    expect(rates[BUSY_SECONDS - 2]).toBe(30);
    expect(rates[BUSY_SECONDS - 1]).toBe(PACE_STEPS[1]);
    expect(new Set(rates)).toEqual(new Set(PACE_STEPS));
    expect(rates.at(-1)).toBe(PACE_STEPS.at(-1));
  });

  it('ignores a single busy second (a preset reload, a burst of joins)', () => {
    const { rates } = run(initialPace(), [0.99, 0.3, 0.99, 0.3, 0.99, 0.5]);
    expect(rates.every((r) => r === 30)).toBe(true);
  });

  it('lets phones speed up again only after calm seconds in a row', () => {
    let { state } = run(initialPace(), Array.from({ length: BUSY_SECONDS * 3 }, () => 0.95));
    const slowed = paceRate(state);
    expect(slowed).toBeLessThan(30);
    // In between (neither busy nor calm) holds the pace.
    ({ state } = run(state, Array.from({ length: 20 }, () => 0.75)));
    expect(paceRate(state)).toBe(slowed);
    const { rates } = run(state, Array.from({ length: CALM_SECONDS * 10 }, () => 0.2));
    expect(rates[CALM_SECONDS - 2]).toBe(slowed);
    expect(rates[CALM_SECONDS - 1]).toBeGreaterThan(slowed);
    expect(rates.at(-1)).toBe(30);
  });

  it('treats an unreadable sample as calm rather than slowing anyone', () => {
    const { rates } = run(initialPace(), [Number.NaN, Number.NaN, Number.NaN]);
    expect(rates).toEqual([30, 30, 30]);
  });
});

describe('phone pace (a real hub)', () => {
  it('asks connected phones for fewer messages when its event loop stays busy, and tells newcomers too', async () => {
    const hub = await startHub({ stateFile: null });
    const { socket: phone, welcome } = await connectPhone(hub);
    expect(welcome.maxRate).toBe(30);
    const paced = nextEvent<{ maxRate: number }>(phone, 'pace', () => true, 8000);
    // Keep the hub's (this process's) event loop ~90 % busy.
    const hog = setInterval(() => {
      const end = performance.now() + 190;
      while (performance.now() < end);
    }, 200);
    try {
      expect((await paced).maxRate).toBe(PACE_STEPS[1]);
    } finally {
      clearInterval(hog);
    }
    const late = await connectPhone(hub);
    expect(late.welcome.maxRate).toBeLessThan(30);
    const health = (await (await fetch(`${hub.url}/healthz`)).json()) as { phoneRate: number };
    expect(health.phoneRate).toBe(late.welcome.maxRate);
  });

  it('paces phones and keeps its heartbeat while a long run of gestures holds its timers back', async () => {
    let beats = 0;
    const hub = await startHub({ stateFile: null, heartbeat: () => beats++ });
    // 3.2 s in which no timer can fire: a gesture taken in every ~0.2 ms, as in an overloaded hub.
    takeGesturesWithoutTimers(hub, 3200, 0.2);
    expect(hub.context.phoneRate()).toBe(PACE_STEPS[1]);
    expect(beats).toBeGreaterThanOrEqual(2);
  });
});
