/**
 * The console's login answer: WebCrypto where the page has it, the plain-TypeScript HMAC where it
 * does not (plain HTTP on the LAN), and both equal to what the hub checks with Node's crypto.
 */
import { describe, it, expect } from 'vitest';
import { webcrypto } from 'node:crypto';
import fc from 'fast-check';
import { answerChallenge, type HmacSubtle } from '../../../controller/operator/loginAnswer.ts';
import { answerMatches, expectedAnswer, newNonce } from '../../../server/operatorAuth.ts';

describe('answerChallenge', () => {
  it('WebCrypto and the fallback both give the answer the hub accepts', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 64 }), async (token) => {
        const nonce = newNonce();
        const viaSubtle = await answerChallenge(token, nonce, webcrypto.subtle as HmacSubtle);
        const viaFallback = await answerChallenge(token, nonce, undefined);
        expect(viaSubtle).toBe(expectedAnswer(token, nonce));
        expect(viaFallback).toBe(viaSubtle);
        expect(answerMatches(viaFallback, token, nonce)).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('falls back when WebCrypto refuses', async () => {
    const refusing: HmacSubtle = {
      importKey: () => Promise.reject(new Error('not here')),
      sign: () => Promise.reject(new Error('not here')),
    };
    const nonce = newNonce();
    expect(await answerChallenge('moon-tide-lantern-47', nonce, refusing)).toBe(expectedAnswer('moon-tide-lantern-47', nonce));
  });

  it('an answer fits only its own nonce and token', async () => {
    const nonce = newNonce();
    const answer = await answerChallenge('moon-tide-lantern-47', nonce, undefined);
    expect(answerMatches(answer, 'moon-tide-lantern-47', newNonce())).toBe(false);
    expect(answerMatches(answer, 'moon-tide-lantern-48', nonce)).toBe(false);
    expect(answerMatches(answer.toUpperCase(), 'moon-tide-lantern-47', nonce)).toBe(false);
    expect(answerMatches('', 'moon-tide-lantern-47', nonce)).toBe(false);
  });
});
