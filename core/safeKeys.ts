/**
 * Keys that must never be taken from input. `JSON.parse` makes `"__proto__"` an ordinary own
 * property, but the moment code copies it with `target[key] = value` (a merge, a migration, a map
 * built from a record) it rewrites a prototype instead, and with `Object.prototype` every object
 * of the hub changes. Every parse path refuses these keys before anything is built from the input.
 */

/** Object keys refused in every input: presets, the state file, recordings, OSC, sockets. */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Deepest nesting {@link findUnsafeKey} walks; anything deeper is refused as too deep. */
export const MAX_INPUT_DEPTH = 64;

/** @returns true when `key` may not be used as a property name taken from input. */
export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}

/**
 * Looks through parsed input (objects and arrays, any depth) for a key that could reach a
 * prototype.
 * @returns the dotted path of the first unsafe key (e.g. `durations.__proto__`), a path ending in
 * `…` when the input nests deeper than {@link MAX_INPUT_DEPTH}, or `undefined` when the input is safe.
 */
export function findUnsafeKey(value: unknown): string | undefined {
  const found = walk(value, 0);
  return found === undefined ? undefined : found.join('.');
}

/**
 * Recursion is bounded by {@link MAX_INPUT_DEPTH}, so a hostile deeply nested input cannot blow the
 * stack; the path is only built on the way back from a find, so a clean input costs no strings.
 */
function walk(node: unknown, depth: number): string[] | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if (depth > MAX_INPUT_DEPTH) return ['…'];
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) {
      const found = walk(node[i], depth + 1);
      if (found) return [String(i), ...found];
    }
    return undefined;
  }
  for (const key of Object.keys(node)) {
    if (isUnsafeKey(key)) return [key];
    const found = walk((node as Record<string, unknown>)[key], depth + 1);
    if (found) return [key, ...found];
  }
  return undefined;
}

/**
 * `JSON.parse` that refuses unsafe keys (see {@link findUnsafeKey}).
 * @returns the parsed value, or an error sentence (never throws).
 */
export function parseJsonSafely(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  const unsafe = findUnsafeKey(value);
  if (unsafe !== undefined) return { ok: false, error: `${unsafe}: key not allowed` };
  return { ok: true, value };
}
