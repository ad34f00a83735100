/**
 * Hostile JSON for property tests: trees whose keys include `__proto__`, `constructor` and
 * `prototype` at any depth, written as JSON text (so `__proto__` is a real key, as a file or a
 * socket frame would carry it), and a check that no prototype was touched.
 */
import fc from 'fast-check';

/** The keys every parse path must refuse. */
export const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

type Tree = { kind: 'leaf'; json: string } | { kind: 'object'; entries: [string, Tree][] } | { kind: 'array'; items: Tree[] };

const leaf = fc.oneof(
  fc.integer({ min: -5, max: 3600 }).map((n) => JSON.stringify(n)),
  fc.constantFrom('"#7ee8fa"', '"polluted"', 'true', 'null', '1', '{"polluted":1}', '[]'),
).map((json): Tree => ({ kind: 'leaf', json }));

const key = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...HOSTILE_KEYS) }, { weight: 1, arbitrary: fc.constantFrom('serene', 'duration', 'polluted', 'x', 'sound') });

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(fc.tuple(key, tie('tree')), { maxLength: 4 }).map((entries): Tree => ({ kind: 'object', entries })),
    fc.array(tie('tree'), { maxLength: 3 }).map((items): Tree => ({ kind: 'array', items })),
  ),
}));

function write(t: Tree): string {
  if (t.kind === 'leaf') return t.json;
  if (t.kind === 'array') return `[${t.items.map(write).join(',')}]`;
  return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(',')}}`;
}

/**
 * JSON text of an object that holds at least one hostile key: `{"<hostile>": <tree>, …}` nested
 * under a random path of ordinary keys.
 */
export const hostileObjectJson: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.constantFrom('serene', 'sound', 'a'), { maxLength: 3 }), fc.constantFrom(...HOSTILE_KEYS), tree, fc.array(fc.tuple(key, tree), { maxLength: 2 }))
  .map(([path, bad, value, more]) => {
    let inner = `{${[[bad, value] as [string, Tree], ...more].map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(',')}}`;
    for (const p of [...path].reverse()) inner = `{${JSON.stringify(p)}:${inner}}`;
    return inner;
  });

const BUILT_INS = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype, Boolean.prototype];

/** Own property names of the built-in prototypes, to compare before and after. */
export function prototypeKeys(): string[][] {
  return BUILT_INS.map((p) => Object.getOwnPropertyNames(p).sort());
}

/**
 * Throws when any built-in prototype gained or lost a property since `before`, or a fresh object
 * shows a property it should not have.
 */
export function expectPrototypesUntouched(before: string[][]): void {
  const fresh: Record<string, unknown> = {};
  for (const k of ['polluted', 'duration', 'palette', 'targets', 'prompt', 'x', 'serene']) {
    if (fresh[k] !== undefined) throw new Error(`Object.prototype.${k} was polluted`);
  }
  const after = prototypeKeys();
  after.forEach((keys, i) => {
    if (keys.join(',') !== before[i].join(',')) throw new Error(`a built-in prototype changed: ${keys.filter((k) => !before[i].includes(k)).join(', ')}`);
  });
}
