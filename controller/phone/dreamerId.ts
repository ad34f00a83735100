/**
 * The phone's dreamer id, kept in localStorage so a reload or a hub restart gives back the same
 * dreamer (colour, role). Private browsing may refuse storage: the id then lives for the page only.
 */
import { DREAMER_ID } from '../../core/protocolConstants.ts';

const KEY = 'dreamscape.dreamer';

/** @returns the stored id, or a fresh random one (stored when possible). */
export function loadDreamerId(): string {
  try {
    const stored = localStorage.getItem(KEY);
    if (stored && DREAMER_ID.test(stored)) return stored;
  } catch {
    // Storage blocked: fall through to a page-lifetime id.
  }
  const id = randomId();
  storeDreamerId(id);
  return id;
}

/** Keeps the id the hub confirmed in `welcome`. */
export function storeDreamerId(id: string): void {
  if (!DREAMER_ID.test(id)) return;
  try {
    localStorage.setItem(KEY, id);
  } catch {
    // Storage blocked: the id still holds for this page.
  }
}

/** 22 URL-safe characters (~131 bits). */
function randomId(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const bytes = new Uint8Array(22);
  crypto.getRandomValues(bytes);
  let id = '';
  for (const b of bytes) id += alphabet[b & 63];
  return id;
}
