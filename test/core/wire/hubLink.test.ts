import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HubClock, OUTDATED_RELOAD_EVERY_MS, OUTDATED_RELOAD_KEY, PHONE_CLOCK, WALL_CLOCK, handshake, lazyMemory, linkUp, readRefusal, reloadWhenOutdated, type ReloadMemory } from '../../../core/wire/hubLink.ts';
import { PROTOCOL_VERSION, REFUSALS } from '../../../core/protocolConstants.ts';
import { expectPrototypesUntouched, hostileObjectJson, prototypeKeys } from '../../helpers/hostileJson.ts';

/** A session storage in memory. */
function memory(): ReloadMemory & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return { items, getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v), removeItem: (k) => void items.delete(k) };
}
const outdated = { code: REFUSALS.versionMismatch, message: 'reload the page' } as const;

describe('the link every page keeps with the hub', () => {
  it('presents this build’s protocol version', () => {
    expect(handshake()).toEqual({ v: PROTOCOL_VERSION });
  });

  it('reads a refusal from a connect_error, and a plain network failure as none', () => {
    const err = Object.assign(new Error('refused'), { data: { code: 'version-mismatch', message: 'Reload.', serverVersion: PROTOCOL_VERSION + 1 } });
    expect(readRefusal(err)).toEqual({ code: 'version-mismatch', message: 'Reload.', serverVersion: PROTOCOL_VERSION + 1 });
    expect(readRefusal(new Error('xhr poll error'))).toBeNull();
    expect(readRefusal(Object.assign(new Error('x'), { data: { code: 'nope', message: 'x' } }))).toBeNull();
    expect(readRefusal(null)).toBeNull();
    expect(readRefusal('version-mismatch')).toBeNull();
  });

  it('reloads an outdated page at most once a minute, and again at once after it connected', () => {
    const m = memory();
    const t = 1_800_000_000_000;
    expect(reloadWhenOutdated(outdated, m, t)).toBe(true);
    // The reload did not cure it: the page shows the reason rather than reloading in a loop.
    expect(reloadWhenOutdated(outdated, m, t + 2000)).toBe(false);
    expect(reloadWhenOutdated(outdated, m, t + OUTDATED_RELOAD_EVERY_MS - 1)).toBe(false);
    expect(reloadWhenOutdated(outdated, m, t + OUTDATED_RELOAD_EVERY_MS)).toBe(true);
    linkUp(m);
    expect(m.items.has(OUTDATED_RELOAD_KEY)).toBe(false);
    expect(reloadWhenOutdated(outdated, m, t + OUTDATED_RELOAD_EVERY_MS + 10)).toBe(true);
  });

  it('reloads for nothing but an outdated page', () => {
    const m = memory();
    for (const code of Object.values(REFUSALS)) {
      if (code !== REFUSALS.versionMismatch) expect(reloadWhenOutdated({ code, message: '' }, m, 1)).toBe(false);
    }
    expect(m.items.size).toBe(0);
  });

  it('follows the policy when the storage is unusable or holds junk', () => {
    const broken = lazyMemory(() => {
      throw new Error('SecurityError: storage is disabled');
    });
    expect(reloadWhenOutdated(outdated, broken, 5)).toBe(true);
    expect(() => linkUp(broken)).not.toThrow();
    const junk = memory();
    junk.items.set(OUTDATED_RELOAD_KEY, 'yesterday');
    expect(reloadWhenOutdated(outdated, junk, 5)).toBe(true);
    // A clock set back does not lock the page out for good.
    const future = memory();
    future.items.set(OUTDATED_RELOAD_KEY, String(10 * OUTDATED_RELOAD_EVERY_MS));
    expect(reloadWhenOutdated(outdated, future, 1000)).toBe(true);
  });

  it('samples the hub’s clock in a burst after each connect, then on a trickle', () => {
    for (const schedule of [PHONE_CLOCK, WALL_CLOCK]) {
      const clock = new HubClock(schedule);
      let now = 0;
      const asked: number[] = [];
      for (let i = 0; i < schedule.burst + 3; i++) {
        expect(clock.due(now)).toBe(true);
        asked.push(now);
        expect(clock.due(now)).toBe(false);
        now += clock.wait(now);
      }
      const gaps = asked.slice(1).map((t, i) => t - asked[i]);
      expect(gaps.slice(0, schedule.burst - 1).every((g) => g === schedule.burstGapMs)).toBe(true);
      expect(gaps.slice(schedule.burst).every((g) => g === schedule.everyMs)).toBe(true);
      clock.restart();
      expect(clock.due(now)).toBe(true);
      expect(clock.wait(now)).toBe(schedule.burstGapMs);
    }
  });

  it('estimates the offset from the quickest answers and ignores answers that are not times', () => {
    const clock = new HubClock(WALL_CLOCK);
    expect(clock.estimate).toBeNull();
    for (const bad of ['5000', Number.NaN, Infinity, null, { hubTime: 1 }]) clock.answer(0, bad, 10);
    expect(clock.estimate).toBeNull();
    clock.answer(0, 5005, 10);
    clock.answer(100, 5200, 300);
    expect(clock.estimate?.offset).toBe(5000);
    expect(clock.size).toBe(2);
    // A new connection keeps the old estimate until the first answer.
    clock.restart();
    expect(clock.size).toBe(0);
    expect(clock.estimate?.offset).toBe(5000);
  });

  it('throws nothing on hostile refusals and clock answers', () => {
    const before = prototypeKeys();
    const clock = new HubClock(PHONE_CLOCK);
    fc.assert(
      fc.property(hostileObjectJson, (json) => {
        const value: unknown = JSON.parse(json);
        readRefusal({ data: value });
        clock.answer(0, value, 1);
      }),
      { numRuns: 200 },
    );
    expect(clock.estimate).toBeNull();
    expectPrototypesUntouched(before);
  });
});
