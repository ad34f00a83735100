/**
 * Unsafe keys: every pure parse path (presets and their v1 migration, recordings, MIDI mappings)
 * refuses `__proto__`, `constructor` and `prototype` wherever they hide, and no built-in prototype
 * changes, whatever the input.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { findUnsafeKey, parseJsonSafely, MAX_INPUT_DEPTH } from '../../core/safeKeys.ts';
import { MIGRATIONS, readPreset } from '../../core/preset.ts';
import { decodeLine, readReplayLog } from '../../core/replayLog.ts';
import { loadMappings } from '../../controller/operator/midiMapping.ts';
import { HOSTILE_KEYS, hostileObjectJson, expectPrototypesUntouched, prototypeKeys } from '../helpers/hostileJson.ts';

describe('findUnsafeKey', () => {
  it('finds a hostile key at any depth, with its path', () => {
    fc.assert(
      fc.property(hostileObjectJson, (text) => {
        const found = findUnsafeKey(JSON.parse(text));
        expect(found).toBeDefined();
        expect(HOSTILE_KEYS.some((k) => found!.split('.').includes(k))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('passes ordinary JSON untouched', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        // fast-check's JSON may itself produce the hostile keys; only clean values must pass.
        const text = JSON.stringify(value) ?? 'null';
        const clean = !HOSTILE_KEYS.some((k) => text.includes(JSON.stringify(k)));
        if (clean) expect(findUnsafeKey(JSON.parse(text))).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('refuses input nested deeper than it walks, without recursion', () => {
    const deep = '['.repeat(MAX_INPUT_DEPTH + 2) + ']'.repeat(MAX_INPUT_DEPTH + 2);
    expect(findUnsafeKey(JSON.parse(deep))).toMatch(/…$/);
    const huge = '['.repeat(50_000) + ']'.repeat(50_000);
    expect(parseJsonSafely(huge).ok).toBe(false);
  });
});

describe('presets refuse hostile keys before migrating', () => {
  it('the reported version 1 preset leaves Object.prototype alone and is refused', () => {
    const before = prototypeKeys();
    const result = readPreset(JSON.parse('{"version":1,"name":"evil","durations":{"__proto__":5}}'));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0].path).toBe('durations.__proto__');
    expectPrototypesUntouched(before);
  });

  it('the v1 migration itself never writes through __proto__, even called directly', () => {
    const before = prototypeKeys();
    const out = MIGRATIONS[1](JSON.parse('{"version":1,"name":"evil","durations":{"__proto__":5,"serene":30}}') as Record<string, unknown>);
    expect(out).toEqual({ problems: [{ path: 'durations.__proto__', message: 'key not allowed' }] });
    expectPrototypesUntouched(before);
  });

  it('any preset (v1 or v2) with a hostile key anywhere is refused and pollutes nothing', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(fc.constantFrom(1, 2), fc.constantFrom('durations', 'palettes', 'targets', 'prompts', 'phases', 'sound', 'crowd', 'dreamers'), hostileObjectJson, (version, field, hostile) => {
        const text = `{"version":${version},"name":"evil",${JSON.stringify(field)}:${hostile}}`;
        const result = readPreset(JSON.parse(text));
        expect(result.ok).toBe(false);
        expectPrototypesUntouched(before);
      }),
      { numRuns: 400 },
    );
  });

  it('a hostile key at the root is refused too', () => {
    for (const k of HOSTILE_KEYS) {
      const result = readPreset(JSON.parse(`{"version":2,"name":"evil",${JSON.stringify(k)}:{"polluted":1}}`));
      expect(result.ok).toBe(false);
    }
  });
});

describe('recordings and MIDI mappings refuse hostile keys', () => {
  it('a recording line with a hostile key is a problem, not a tick', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(hostileObjectJson, fc.boolean(), (hostile, header) => {
        const line = header ? `{"header":1,"seed":1,"preset":"default","startedAt":0,"x":${hostile}}` : `{"t":1,"dt":33,"dreamers":0,"gestures":[${hostile}]}`;
        expect(decodeLine(line).ok).toBe(false);
        const log = readReplayLog(`{"header":1,"seed":1,"preset":"default","startedAt":0}\n${line}\n`);
        expect(log.ticks).toHaveLength(0);
        expectPrototypesUntouched(before);
      }),
      { numRuns: 200 },
    );
  });

  it('stored MIDI mappings with a hostile key load as none', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(hostileObjectJson, (hostile) => {
        expect(loadMappings(`{"version":1,"map":${hostile}}`)).toEqual({});
        expectPrototypesUntouched(before);
      }),
      { numRuns: 100 },
    );
  });
});
