/**
 * Gestures on their way to the walls, packed into bytes. At a thousand phones a wall receives
 * ~30,000 gestures a second; as JSON objects they cost the hub a string encoding and the wall a
 * parse and a schema check each. Packed, socket.io sends them as one binary attachment untouched,
 * and the wall reads them with a bounds-checked loop.
 *
 * Layout, little-endian: `u32 count`, then per gesture an 8-byte head
 * `u32 d · u8 r · u8 kind index · u8 flags · u8 n` followed by `f64 s` (flag 1), `f64 o` (flag 2) and
 * `n` point values: `u16` counts of 1/4096 (the hub quantises every coordinate to 1/4096, so these
 * are exact) or, for a value that is not on that grid, all `n` as `f64` (flag 4).
 */
import { GESTURE_KINDS } from './protocolConstants.ts';
import type { FrameGesture } from './wire/wall.ts';
import type { RoleIndex } from './dreamers.ts';

/** Most gestures one packed list may carry (a frame's bound). */
export const MAX_PACKED_GESTURES = 10_000;
/** Most point values one packed gesture may carry (x,y pairs × 2). */
export const MAX_PACKED_POINTS = 255;

const HAS_S = 1;
const HAS_O = 2;
const WIDE_POINTS = 4;
/** Coordinates are multiples of 1/4096 (`core/gestures.ts` `q`). */
const GRID = 4096;
const KIND_INDEX = new Map<string, number>(GESTURE_KINDS.map((k, i) => [k, i]));
const ROLE_INDEXES: readonly RoleIndex[] = [0, 1, 2, 3];
/** Per-gesture "points as f64" marks of the list being packed; grows, never shrinks. */
let wideScratch = new Uint8Array(1024);

function onGrid(p: readonly number[]): boolean {
  for (let i = 0; i < p.length; i++) {
    const v = p[i] * GRID;
    if (!(v >= 0 && v <= GRID && Number.isInteger(v)) || Object.is(v, -0)) return false;
  }
  return true;
}

function packedSize(g: FrameGesture, wide: boolean): number {
  return 8 + (g.s !== undefined ? 8 : 0) + (g.o !== undefined ? 8 : 0) + g.p.length * (wide ? 8 : 2);
}

/**
 * Packs gestures for the wire. Throws on a gesture the wall could never accept (more than
 * {@link MAX_PACKED_POINTS} values, an unknown kind, more than {@link MAX_PACKED_GESTURES}): the hub
 * builds them, so that is a bug, not input.
 * @returns the bytes (a fresh buffer the caller owns).
 */
export function packGestures(gestures: readonly FrameGesture[]): Uint8Array {
  const count = gestures.length;
  if (count > MAX_PACKED_GESTURES) throw new RangeError(`${count} gestures in one packet (most ${MAX_PACKED_GESTURES})`);
  let size = 4;
  // One pass to size the buffer; the grid test is remembered per gesture (scratch reused across calls).
  if (wideScratch.length < count) wideScratch = new Uint8Array(Math.max(count, wideScratch.length * 2));
  const wide = wideScratch;
  for (let i = 0; i < count; i++) {
    const g = gestures[i];
    if (g.p.length > MAX_PACKED_POINTS) throw new RangeError(`gesture with ${g.p.length} point values (most ${MAX_PACKED_POINTS})`);
    wide[i] = onGrid(g.p) ? 0 : 1;
    size += packedSize(g, wide[i] === 1);
  }
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, count, true);
  let at = 4;
  for (let i = 0; i < count; i++) {
    const g = gestures[i];
    const kind = KIND_INDEX.get(g.k);
    if (kind === undefined) throw new RangeError(`unknown gesture kind ${g.k}`);
    if (!(Number.isInteger(g.d) && g.d >= 0 && g.d <= 0xffffffff)) throw new RangeError(`dreamer handle ${g.d} is not a u32`);
    const flags = (g.s !== undefined ? HAS_S : 0) | (g.o !== undefined ? HAS_O : 0) | (wide[i] ? WIDE_POINTS : 0);
    view.setUint32(at, g.d, true);
    bytes[at + 4] = g.r;
    bytes[at + 5] = kind;
    bytes[at + 6] = flags;
    bytes[at + 7] = g.p.length;
    at += 8;
    if (g.s !== undefined) {
      view.setFloat64(at, g.s, true);
      at += 8;
    }
    if (g.o !== undefined) {
      view.setFloat64(at, g.o, true);
      at += 8;
    }
    const p = g.p;
    if (wide[i]) {
      for (let j = 0; j < p.length; j++, at += 8) view.setFloat64(at, p[j], true);
    } else {
      for (let j = 0; j < p.length; j++, at += 2) view.setUint16(at, p[j] * GRID, true);
    }
  }
  return bytes;
}

/** What {@link unpackGestures} returns: the gestures, or why the bytes are not a packed list. */
export type Unpacked = { ok: true; gestures: FrameGesture[] } | { ok: false; error: string };

/**
 * Reads a packed gesture list. Never throws and never reads past the bytes: anything malformed
 * (truncated, trailing bytes, an unknown kind or role, a point off the 0..1 grid, a non-finite value,
 * a non-integer dreamer) is refused whole.
 * @param data the attachment as it arrived (an ArrayBuffer in the browser, a Buffer in Node).
 */
export function unpackGestures(data: unknown): Unpacked {
  let bytes: Uint8Array;
  if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
  else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  else return { ok: false, error: 'gestures are not binary' };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength;
  if (end < 4) return { ok: false, error: 'gesture list shorter than its count' };
  const count = view.getUint32(0, true);
  if (count > MAX_PACKED_GESTURES) return { ok: false, error: `${count} gestures (most ${MAX_PACKED_GESTURES})` };
  const gestures = new Array<FrameGesture>(count);
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (at + 8 > end) return { ok: false, error: `gesture ${i} is cut short` };
    const d = view.getUint32(at, true);
    const r = bytes[at + 4];
    const kind = bytes[at + 5];
    const flags = bytes[at + 6];
    const n = bytes[at + 7];
    at += 8;
    const role = ROLE_INDEXES[r];
    if (role === undefined) return { ok: false, error: `gesture ${i} has role ${r}` };
    if (kind >= GESTURE_KINDS.length) return { ok: false, error: `gesture ${i} has kind ${kind}` };
    if (flags > 7) return { ok: false, error: `gesture ${i} has flags ${flags}` };
    const wide = (flags & WIDE_POINTS) !== 0;
    const need = ((flags & HAS_S) !== 0 ? 8 : 0) + ((flags & HAS_O) !== 0 ? 8 : 0) + n * (wide ? 8 : 2);
    if (at + need > end) return { ok: false, error: `gesture ${i} is cut short` };
    const g: FrameGesture = { d, r: role, k: GESTURE_KINDS[kind], p: new Array<number>(n) };
    if ((flags & HAS_S) !== 0) {
      const s = view.getFloat64(at, true);
      at += 8;
      if (!Number.isFinite(s)) return { ok: false, error: `gesture ${i} has a non-finite stroke` };
      g.s = s;
    }
    if ((flags & HAS_O) !== 0) {
      const o = view.getFloat64(at, true);
      at += 8;
      if (!Number.isFinite(o)) return { ok: false, error: `gesture ${i} has a non-finite beat offset` };
      g.o = o;
    }
    const p = g.p;
    if (wide) {
      for (let j = 0; j < n; j++, at += 8) {
        const v = view.getFloat64(at, true);
        if (!Number.isFinite(v)) return { ok: false, error: `gesture ${i} has a non-finite point` };
        p[j] = v;
      }
    } else {
      for (let j = 0; j < n; j++, at += 2) {
        const v = view.getUint16(at, true);
        if (v > GRID) return { ok: false, error: `gesture ${i} has a point off the wall` };
        p[j] = v / GRID;
      }
    }
    gestures[i] = g;
  }
  if (at !== end) return { ok: false, error: `${end - at} bytes after the last gesture` };
  return { ok: true, gestures };
}
