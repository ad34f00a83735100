/**
 * Mutated preset files for the preset fuzz: each one starts from a shipped preset and breaks it
 * the way a tired VJ, a bad editor save or a corrupted USB stick would: a wrong value at a real
 * path, an unknown key, truncated JSON, a wrong version or name, prototype keys, deep nesting,
 * binary garbage, a wrong root type, a file far too large.
 */
import fc from 'fast-check';
import { BLANK_PRESET } from '../../../core/preset.ts';

/** Every path to a leaf of the complete default preset, e.g. `["phases","nightmare","duration"]`. */
function leafPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => leafPaths(v, [...prefix, k]));
}
const LEAVES = leafPaths(BLANK_PRESET).filter((p) => p.length > 0);
const OBJECTS = LEAVES.map((p) => p.slice(0, -1));

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node: Record<string, unknown> = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

const KINDS = ['leaf', 'unknown-key', 'truncate', 'version', 'name', 'proto', 'deep', 'bytes', 'root', 'huge', 'wrong-type'] as const;
/** How a file was broken. */
export type MutationKind = (typeof KINDS)[number];

const mutation = fc.record({
  kind: fc.constantFrom(...KINDS),
  base: fc.nat(),
  pick: fc.nat(),
  junk: fc.anything({ maxDepth: 2, withBigInt: false, withBoxedValues: false }),
  text: fc.string({ maxLength: 20 }),
  bytes: fc.uint8Array({ maxLength: 300 }),
});

/**
 * `n` mutated preset file bodies (seeded), each meant for the file `<name>.json`.
 * @param bases the shipped presets' parsed JSON.
 */
export function mutatedPresets(bases: Record<string, unknown>[], names: string[], seed: number): { kind: MutationKind; text: string }[] {
  const samples = fc.sample(mutation, { numRuns: names.length, seed });
  return samples.map((m, i) => {
    const name = names[i];
    const doc: Record<string, unknown> = { ...structuredClone(bases[m.base % bases.length]), name };
    const json = (value: unknown) => JSON.stringify(value, null, 2);
    switch (m.kind) {
      case 'leaf':
        setPath(doc, LEAVES[m.pick % LEAVES.length], m.junk);
        return { kind: m.kind, text: json(doc) };
      case 'wrong-type': {
        const path = LEAVES[m.pick % LEAVES.length];
        setPath(doc, path, [null, 'eleven', -1e308, [1, 2], { value: 1 }, true, Number.MAX_SAFE_INTEGER][m.pick % 7]);
        return { kind: m.kind, text: json(doc) };
      }
      case 'unknown-key':
        setPath(doc, [...OBJECTS[m.pick % OBJECTS.length], `${m.text || 'typo'}_x`], m.junk ?? 1);
        return { kind: m.kind, text: json(doc) };
      case 'truncate': {
        const full = json(doc);
        return { kind: m.kind, text: full.slice(0, m.pick % Math.max(1, full.length - 1)) };
      }
      case 'version':
        doc.version = [0, 99, '2', -1, null, 1.5, 3][m.pick % 7];
        return { kind: m.kind, text: json(doc) };
      case 'name':
        doc.name = ['Default', 'other-name', '../etc/passwd', '', 'x'.repeat(65), 42][m.pick % 6];
        return { kind: m.kind, text: json(doc) };
      case 'proto':
        return { kind: m.kind, text: json(doc).replace(/^\{/, `{"__proto__":{"polluted":"yes","safe":false},"constructor":{"prototype":{"polluted":"yes"}},`) };
      case 'deep': {
        let nested: unknown = 1;
        for (let d = 0; d < 200 + (m.pick % 3000); d++) nested = { a: nested };
        setPath(doc, ['phases', 'serene', 'targets'], nested);
        return { kind: m.kind, text: JSON.stringify(doc) };
      }
      case 'bytes':
        return { kind: m.kind, text: ['', '\uFEFF', '\u0000'][m.pick % 3] + Buffer.from(m.bytes).toString('latin1') };
      case 'root':
        return { kind: m.kind, text: JSON.stringify([[doc], 42, 'preset', null, true][m.pick % 5]) };
      case 'huge':
        doc.description = 'z'.repeat(300 * 1024);
        return { kind: m.kind, text: json(doc) };
      default:
        throw new Error(`unknown mutation ${String(m.kind satisfies never)}`);
    }
  });
}
