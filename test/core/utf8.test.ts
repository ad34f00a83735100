import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8Bytes } from '../../core/utf8.ts';

describe('UTF-8 without TextEncoder', () => {
  it('encodes every string as TextEncoder does, lone surrogates included', () => {
    const enc = new TextEncoder();
    for (const s of ['', 'token', 'ünïcödé', '夢を織ろう', 'العربية', '🌙✨', '\ud800x', 'x\udc00']) expect(Array.from(utf8Bytes(s))).toEqual(Array.from(enc.encode(s)));
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        expect(Array.from(utf8Bytes(s))).toEqual(Array.from(enc.encode(s)));
      }), { numRuns: 300 });
  });
});
