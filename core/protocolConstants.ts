/**
 * The protocol's constants, free of any validation library, so the phone page can import them
 * without shipping zod. `core/protocol.ts` re-exports everything here.
 */

/**
 * Bumped whenever a message changes shape. Both sides present it at handshake; a page of another
 * version is refused and reloads itself from the hub. 2: walls also get gesture batches between
 * frames (a version-1 wall would miss those gestures). 3: the gestures in frames and batches are
 * packed bytes (`core/gesturePack.ts`), no longer JSON objects.
 */
export const PROTOCOL_VERSION = 3;

/** Socket.io namespaces, one per kind of client. */
export const NAMESPACES = { display: '/display', audience: '/audience', operator: '/operator' } as const;

/** Why the hub refused a connection or a message. Sent as `connect_error` data or `notice`. */
export const REFUSALS = {
  versionMismatch: 'version-mismatch',
  badHandshake: 'bad-handshake',
  badToken: 'bad-token',
  tooManyAttempts: 'too-many-attempts',
  originDenied: 'origin-denied',
  full: 'full',
  /** One network address holds as many sockets or phones as it may (`--max-per-address`). */
  addressFull: 'address-full',
  /** A wall without the venue's wall token (`--wall-token`). */
  badWallToken: 'bad-wall-token',
  malformed: 'malformed-message',
  rateLimited: 'rate-limited',
  notAllowed: 'not-allowed',
} as const;
/** One refusal reason. */
export type RefusalCode = (typeof REFUSALS)[keyof typeof REFUSALS];

/** Dreamer ids are chosen by the phone (kept in localStorage): 8..64 URL-safe characters. */
export const DREAMER_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** Most x,y pairs one weave message may carry (a phone coalesces ≤ 33 ms of drag into one). */
export const MAX_WEAVE_POINTS = 32;

/** Kinds of audience gesture. */
export const GESTURE_KINDS = ['weave', 'tap', 'shine', 'pulse', 'release', 'tilt'] as const;
export type GestureKind = (typeof GESTURE_KINDS)[number];

/** How the join QR code shows on the wall. `auto`: large with no phones, discreet otherwise. */
export const QR_MODES = ['auto', 'large', 'small', 'hidden'] as const;
export type QrMode = (typeof QR_MODES)[number];

/** A language code phones and presets use: "es", "fr", "pt-BR", "zh-Hant" (BCP 47, simple form). */
export const LANGUAGE_CODE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/;
/** Most languages one preset may give phone lines for. */
export const MAX_PRESET_LANGUAGES = 24;
