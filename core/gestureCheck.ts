/**
 * A hand-written check of a phone's gesture that accepts exactly what `audienceGestureSchema`
 * accepts (a property test holds the two together). The hub runs it on every gesture, 60,000 a
 * second with a full house, where zod's general machinery costs several times more; the schema
 * stays the declared contract and explains a refusal.
 */
import { MAX_WEAVE_POINTS } from './protocolConstants.ts';
import type { AudienceGesture } from './protocol.ts';

const MAX_STROKE = 2 ** 31 - 1;

/** A plain object as zod sees one: not null, not an array. */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A finite number in [lo, hi] (zod's numbers refuse NaN and ±Infinity). */
function inRange(v: unknown, lo: number, hi: number): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v >= lo && v <= hi;
}

/** True when every own or inherited enumerable key of `o` is one of the allowed ones (strict objects). */
function onlyKeys(o: Record<string, unknown>, a: string, b?: string, c?: string, d?: string): boolean {
  for (const key in o) if (key !== a && key !== b && key !== c && key !== d) return false;
  return true;
}

function isPoints(v: unknown): boolean {
  if (!Array.isArray(v)) return false;
  const n = v.length;
  if (n < 2 || n > MAX_WEAVE_POINTS * 2 || n % 2 !== 0) return false;
  for (let i = 0; i < n; i++) if (!inRange(v[i], 0, 1)) return false;
  return true;
}

/**
 * Whether a message from a phone is a valid {@link AudienceGesture}: the same verdict as
 * `audienceGestureSchema.safeParse(raw).success`, for any input.
 */
export function isAudienceGesture(raw: unknown): raw is AudienceGesture {
  if (!isRecord(raw)) return false;
  switch (raw.kind) {
    case 'weave':
      return (
        onlyKeys(raw, 'kind', 'stroke', 'points', 'end') &&
        Number.isInteger(raw.stroke) &&
        inRange(raw.stroke, 0, MAX_STROKE) &&
        isPoints(raw.points) &&
        (raw.end === undefined || typeof raw.end === 'boolean')
      );
    case 'tap':
    case 'release':
      return onlyKeys(raw, 'kind', 'x', 'y') && inRange(raw.x, 0, 1) && inRange(raw.y, 0, 1);
    case 'shine':
      return onlyKeys(raw, 'kind', 'x', 'y', 'on') && inRange(raw.x, 0, 1) && inRange(raw.y, 0, 1) && typeof raw.on === 'boolean';
    case 'pulse':
      return onlyKeys(raw, 'kind', 'at') && inRange(raw.at, 0, Number.MAX_VALUE);
    case 'tilt':
      return onlyKeys(raw, 'kind', 'x', 'y') && inRange(raw.x, -1, 1) && inRange(raw.y, -1, 1);
    default:
      return false;
  }
}
