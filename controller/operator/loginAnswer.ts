/**
 * The console's answer to the hub's login challenge: HMAC-SHA256(token, nonce). WebCrypto does it
 * where the page is a secure context (HTTPS, or localhost on the hub's machine); on plain HTTP over
 * the venue LAN the browser withholds `crypto.subtle`, and the plain-TypeScript HMAC of
 * `core/hmacSha256.ts` gives the same answer. Either way the token stays in this page.
 */
import { loginAnswer, loginMessage } from '../../core/operatorLogin.ts';
import { toHex } from '../../core/hmacSha256.ts';

/** The part of WebCrypto this needs. */
export type HmacSubtle = Pick<SubtleCrypto, 'importKey' | 'sign'>;

/**
 * @param token the operator token as typed.
 * @param nonce the hub's challenge for this connection.
 * @param subtle WebCrypto, when the page has it (default: the page's, if any).
 * @returns 64 lower-case hex characters.
 */
export async function answerChallenge(token: string, nonce: string, subtle: HmacSubtle | undefined = globalThis.crypto?.subtle): Promise<string> {
  if (subtle) {
    try {
      const encode = new TextEncoder();
      const key = await subtle.importKey('raw', encode.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
      return toHex(new Uint8Array(await subtle.sign('HMAC', key, encode.encode(loginMessage(nonce)))));
    } catch {
      // A browser that has `subtle` but refuses HMAC here: the fallback gives the same answer.
    }
  }
  return loginAnswer(token, nonce);
}
