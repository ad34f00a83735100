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
  // Iterative, so a hostile deeply nested input cannot blow the stack.
  const stack: { node: unknown; path: string; depth: number }[] = [{ node: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { node, path, depth } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_INPUT_DEPTH) return path === '' ? '…' : `${path}.…`;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) stack.push({ node: node[i], path: path === '' ? String(i) : `${path}.${i}`, depth: depth + 1 });
      continue;
    }
    for (const key of Object.keys(node)) {
      const at = path === '' ? key : `${path}.${key}`;
      if (isUnsafeKey(key)) return at;
      stack.push({ node: (node as Record<string, unknown>)[key], path: at, depth: depth + 1 });
    }
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
