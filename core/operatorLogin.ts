/**
 * The console's login, shared by hub and console: the hub sends each new `/operator` connection a
 * random nonce, and the console answers HMAC-SHA256(token, message(nonce)). The token itself never
 * crosses the wire, and an answer is worth nothing on any other connection (its nonce is gone).
 */
import { utf8Bytes } from './utf8.ts';
import { hmacSha256, toHex } from './hmacSha256.ts';

/** Random bytes in a nonce; sent as lower-case hex (twice as many characters). */
export const LOGIN_NONCE_BYTES = 32;

/** A nonce as sent: {@link LOGIN_NONCE_BYTES} bytes in lower-case hex. */
export const LOGIN_NONCE = /^[0-9a-f]{64}$/;

/** An answer as sent: a 32-byte HMAC-SHA256 tag in lower-case hex. */
export const LOGIN_ANSWER = /^[0-9a-f]{64}$/;

/** Seconds a connection has to answer its challenge before the hub closes it. */
export const LOGIN_ANSWER_SECONDS = 10;

/** What is signed: the nonce under a fixed label, so a tag made for anything else never fits. */
export function loginMessage(nonce: string): string {
  return `dreamscape operator login\n${nonce}`;
}

/**
 * The answer to a challenge, in plain TypeScript (the console's fallback where WebCrypto is not
 * available). @returns 64 lower-case hex characters.
 */
export function loginAnswer(token: string, nonce: string): string {
  return toHex(hmacSha256(utf8Bytes(token), utf8Bytes(loginMessage(nonce))));
}

/** Fewest characters a chosen token (`--token`) may have. */
export const MIN_TOKEN_LENGTH = 16;
/** Fewest different characters a chosen token may have. */
export const MIN_TOKEN_DISTINCT = 8;
/** Most characters a token may have. */
export const MAX_TOKEN_LENGTH = 256;

/**
 * Why a chosen token is too weak to guard the show, or `null` when it will do: at least
 * {@link MIN_TOKEN_LENGTH} characters, {@link MIN_TOKEN_DISTINCT} of them different, printable,
 * no spaces at either end.
 */
export function tokenWeakness(token: string): string | null {
  const need = `an operator token needs at least ${MIN_TOKEN_LENGTH} characters, ${MIN_TOKEN_DISTINCT} of them different (e.g. four random words joined by dashes), or leave --token out and the hub makes a strong one and keeps it`;
  if (token.length > MAX_TOKEN_LENGTH) return `the token is longer than ${MAX_TOKEN_LENGTH} characters`;
  if (token !== token.trim() || /[\u0000-\u001f\u007f]/.test(token)) return 'the token has spaces at an end or control characters';
  if (token.length < MIN_TOKEN_LENGTH) return `${token.length} characters is too short: ${need}`;
  if (new Set(token).size < MIN_TOKEN_DISTINCT) return `too few different characters: ${need}`;
  return null;
}
