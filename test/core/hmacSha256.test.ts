/**
 * The plain-TypeScript SHA-256 and HMAC-SHA256 the console falls back to on plain-HTTP pages: equal
 * to Node's crypto for any key and message (lengths across the 64-byte block edges), and to the
 * RFC 4231 test vectors.
 */
import { describe, it, expect } from 'vitest';
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import { hmacSha256, sha256, toHex } from '../../core/hmacSha256.ts';
import { loginAnswer, loginMessage } from '../../core/operatorLogin.ts';

describe('sha256', () => {
  it('equals Node for every length around the block edges', () => {
    for (let n = 0; n <= 200; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      expect(toHex(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
  });

  it('equals Node for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (data) => toHex(sha256(data)) === createHash('sha256').update(data).digest('hex')), { numRuns: 300 });
  });
});

describe('hmacSha256', () => {
  it('matches RFC 4231 test cases 1, 2 and 6 (long key)', () => {
    const enc = new TextEncoder();
    expect(toHex(hmacSha256(new Uint8Array(20).fill(0x0b), enc.encode('Hi There')))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(toHex(hmacSha256(enc.encode('Jefe'), enc.encode('what do ya want for nothing?')))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
    expect(toHex(hmacSha256(new Uint8Array(131).fill(0xaa), enc.encode('Test Using Larger Than Block-Size Key - Hash Key First')))).toBe('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54');
  });

  it('equals Node for any key and message', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (key, message) => toHex(hmacSha256(key, message)) === createHmac('sha256', key).update(message).digest('hex')),
      { numRuns: 300 },
    );
  });

  it('gives the login answer the hub expects, for any token (any Unicode) and nonce', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80, unit: 'grapheme' }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (token, bytes) => {
        const nonce = Buffer.from(bytes).toString('hex');
        return loginAnswer(token, nonce) === createHmac('sha256', token).update(loginMessage(nonce)).digest('hex');
      }),
      { numRuns: 200 },
    );
  });
});
