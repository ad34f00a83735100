/**
 * The cluster bus encodes with MessagePack, which keeps an `undefined` field as `null`; socket.io's
 * JSON leaves such a field out. Messages for walls and consoles go through this first, so a wall on
 * an edge receives exactly what a wall on a single hub would.
 */

/** A copy of `value` without `undefined` object fields (byte arrays are kept as they are). */
export function withoutUndefined(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map(withoutUndefined);
  return recordWithoutUndefined(value);
}

/** {@link withoutUndefined} of an object, as a record. */
export function recordWithoutUndefined(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = withoutUndefined(v);
  return out;
}
