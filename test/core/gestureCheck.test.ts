import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isAudienceGesture } from '../../core/gestureCheck.ts';
import { audienceGestureSchema, MAX_WEAVE_POINTS } from '../../core/protocol.ts';

const zodSays = (v: unknown) => audienceGestureSchema.safeParse(v).success;

/** Numbers on and around every bound the schema draws, plus the values JSON cannot carry. */
const edgeNumber = fc.constantFrom(0, -0, 1, -1, 0.5, 1 + Number.EPSILON, -1 - Number.EPSILON, -Number.MIN_VALUE, Number.MIN_VALUE, 2 ** 31 - 1, 2 ** 31, 2 ** 53, 1.5, NaN, Infinity, -Infinity, Number.MAX_VALUE);
const edgeValue = fc.oneof(edgeNumber, fc.double(), fc.constantFrom(null, undefined, true, false, '', '0.5', 'tap', [], {}, [0.5, 0.5]));
const unitish = fc.oneof(fc.double({ min: -0.1, max: 1.1 }), edgeNumber);
const points = fc.oneof(
  fc.array(unitish, { minLength: 0, maxLength: MAX_WEAVE_POINTS * 2 + 3 }),
  fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: MAX_WEAVE_POINTS * 2 - 2, maxLength: MAX_WEAVE_POINTS * 2 + 2 }),
);

/** Gestures shaped like the real ones, most valid, some a field away from valid. */
const nearGesture = fc.oneof(
  fc.record({ kind: fc.constant('weave'), stroke: fc.oneof(fc.nat(), edgeNumber), points, end: fc.oneof(fc.boolean(), edgeValue) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constantFrom('tap', 'release', 'tilt', 'shine'), x: unitish, y: unitish, on: fc.oneof(fc.boolean(), edgeValue) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.constant('pulse'), at: fc.oneof(fc.double(), fc.nat(), edgeNumber) }, { requiredKeys: ['kind'] }),
  fc.record({ kind: fc.oneof(fc.constantFrom('weave', 'tap', 'shine', 'pulse', 'release', 'tilt', 'Tap', 'constructor', 'toString'), edgeValue), x: unitish, y: unitish }),
);
/** A near gesture with one key set to anything (an extra key, a wrong type, an explicit undefined). */
const mutated = fc.tuple(nearGesture, fc.constantFrom('kind', 'x', 'y', 'on', 'at', 'stroke', 'points', 'end', 'extra', '__proto__', 'toString', 'constructor'), edgeValue).map(([g, key, value]) => {
  const o: Record<string, unknown> = { ...g };
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  return o;
});

describe('isAudienceGesture', () => {
  it('agrees with the schema on arbitrary values', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withObjectString: true, withBoxedValues: true, withSparseArray: true }), (v) => isAudienceGesture(v) === zodSays(v)), { numRuns: 3000 });
    fc.assert(fc.property(fc.jsonValue(), (v) => isAudienceGesture(v) === zodSays(v)), { numRuns: 2000 });
  });

  it('agrees with the schema on gestures at and around every bound', () => {
    let accepted = 0;
    fc.assert(fc.property(nearGesture, (v) => {
      if (zodSays(v)) accepted++;
      return isAudienceGesture(v) === zodSays(v);
    }), { numRuns: 5000 });
    // Both verdicts are well represented, or the agreement would prove little.
    expect(accepted).toBeGreaterThan(500);
    expect(accepted).toBeLessThan(4500);
    fc.assert(fc.property(mutated, (v) => isAudienceGesture(v) === zodSays(v)), { numRuns: 5000 });
  });

  it('agrees after a trip through JSON, as gestures arrive from phones', () => {
    fc.assert(fc.property(fc.oneof(nearGesture, mutated), (g) => {
      const v: unknown = JSON.parse(JSON.stringify(g));
      return isAudienceGesture(v) === zodSays(v);
    }), { numRuns: 3000 });
  });

  it('accepts the gestures a real phone sends and refuses the usual mistakes', () => {
    const good = [
      { kind: 'weave', stroke: 3, points: [0, 0, 1, 1], end: true },
      { kind: 'tap', x: 0.2, y: 0.9 },
      { kind: 'shine', x: 0.5, y: 0.5, on: false },
      { kind: 'pulse', at: 1_700_000_000_000 },
      { kind: 'release', x: 1, y: 0 },
      { kind: 'tilt', x: -1, y: 0.3 },
    ];
    for (const g of good) expect([g.kind, isAudienceGesture(g)]).toEqual([g.kind, true]);
    const bad = [
      { kind: 'tap', x: 0.2 },
      { kind: 'tap', x: 0.2, y: 0.2, extra: 1 },
      { kind: 'weave', stroke: 1, points: [0.1, 0.2, 0.3] },
      { kind: 'weave', stroke: 1.5, points: [0.1, 0.2] },
      { kind: 'tilt', x: 2, y: 0 },
      { kind: 'pulse', at: -1 },
      null,
      [{ kind: 'tap', x: 0, y: 0 }],
    ];
    for (const g of bad) expect([g, isAudienceGesture(g)]).toEqual([g, false]);
  });
});
