import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_PACKED_GESTURES, packGestures, unpackGestures } from '../../core/gesturePack.ts';
import { GESTURE_KINDS, type FrameGesture } from '../../core/protocol.ts';
import { attributeGesture } from '../../core/gestures.ts';

const onGrid = fc.integer({ min: 0, max: 4096 }).map((k) => k / 4096);
const anyFinite = fc.double({ noNaN: true, noDefaultInfinity: true });
const gesture: fc.Arbitrary<FrameGesture> = fc
  .record({
    d: fc.integer({ min: 0, max: 0xffffffff }),
    r: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
    k: fc.constantFrom(...GESTURE_KINDS),
    p: fc.oneof(fc.array(onGrid, { maxLength: 64 }), fc.array(anyFinite, { maxLength: 8 }), fc.constant<number[]>([-0, 0.5])),
    s: fc.option(anyFinite, { nil: undefined }),
    o: fc.option(anyFinite, { nil: undefined }),
  })
  .map((g) => {
    const out: FrameGesture = { d: g.d, r: g.r, k: g.k, p: g.p };
    if (g.s !== undefined) out.s = g.s;
    if (g.o !== undefined) out.o = g.o;
    return out;
  });

function unpacked(data: unknown): FrameGesture[] {
  const read = unpackGestures(data);
  if (!read.ok) throw new Error(read.error);
  return read.gestures;
}

describe('packed gestures (hub → wall)', () => {
  it('round-trips any list exactly, as a Buffer, a Uint8Array view or an ArrayBuffer', () => {
    fc.assert(
      fc.property(fc.array(gesture, { maxLength: 40 }), (list) => {
        const bytes = packGestures(list);
        const back = unpacked(bytes);
        expect(back).toEqual(list);
        back.forEach((g, i) => g.p.forEach((v, j) => expect(Object.is(v, list[i].p[j])).toBe(true)));
        expect(unpacked(Buffer.from(bytes))).toEqual(list);
        const inside = new Uint8Array(bytes.byteLength + 7);
        inside.set(bytes, 3);
        expect(unpacked(inside.subarray(3, 3 + bytes.byteLength))).toEqual(list);
        expect(unpacked(bytes.slice().buffer)).toEqual(list);
      }),
    );
  });

  it("carries what the hub makes of every phone gesture, at a few bytes each", () => {
    const beat = { bpm: 72, origin: 0 };
    const made = [
      attributeGesture({ kind: 'tap', x: 0.123456, y: 0.9 }, 7, 2, beat).frame,
      attributeGesture({ kind: 'weave', stroke: 41, points: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] }, 8, 0, beat).frame,
      attributeGesture({ kind: 'shine', x: 0.5, y: 0.25, on: true }, 9, 1, beat).frame,
      attributeGesture({ kind: 'pulse', at: 1234 }, 10, 3, beat).frame,
      attributeGesture({ kind: 'release', x: 0, y: 1 }, 11, 3, beat).frame,
      attributeGesture({ kind: 'tilt', x: -0.5, y: 0.75 }, 12, 1, beat).frame,
    ];
    const bytes = packGestures(made);
    expect(unpacked(bytes)).toEqual(made);
    // A tap is 12 bytes (it was ~50 characters of JSON).
    expect(packGestures([made[0]]).byteLength).toBe(4 + 12);
  });

  it('refuses anything cut short, padded, or out of range, without throwing', () => {
    const bytes = packGestures([
      { d: 1, r: 2, k: 'weave', p: [0.25, 0.5, 0.75, 1], s: 3 },
      { d: 2, r: 1, k: 'pulse', p: [], o: -20 },
    ]);
    for (let cut = 0; cut < bytes.byteLength; cut++) expect(unpackGestures(bytes.subarray(0, cut)).ok, `cut at ${cut}`).toBe(false);
    expect(unpackGestures(Uint8Array.from([...bytes, 0])).ok).toBe(false);
    const tamper = (at: number, value: number) => unpackGestures(bytes.map((b, i) => (i === at ? value : b)));
    expect(tamper(8, 4)).toEqual({ ok: false, error: 'gesture 0 has role 4' });
    expect(tamper(9, GESTURE_KINDS.length)).toMatchObject({ ok: false });
    expect(tamper(10, 8)).toMatchObject({ ok: false });
    // A point past the wall's edge (u16 above 4096).
    expect(tamper(21, 0x20)).toMatchObject({ ok: false, error: 'gesture 0 has a point off the wall' });
    expect(unpackGestures(Uint8Array.of(0x11, 0x27, 0, 0))).toMatchObject({ ok: false });
    expect(unpackGestures([{ d: 1, r: 0, k: 'tap', p: [0, 0] }])).toEqual({ ok: false, error: 'gestures are not binary' });
    expect(unpackGestures(null).ok).toBe(false);
    expect(unpackGestures(packGestures([{ d: 1, r: 0, k: 'tap', p: [Number.POSITIVE_INFINITY, 0] }])).ok).toBe(false);
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        const read = unpackGestures(junk);
        if (read.ok) expect(unpacked(packGestures(read.gestures))).toEqual(read.gestures);
      }),
    );
  });

  it('refuses to pack what no wall would read', () => {
    expect(() => packGestures(Array.from({ length: MAX_PACKED_GESTURES + 1 }, () => ({ d: 1, r: 0, k: 'tap', p: [0, 0] }) as FrameGesture))).toThrow(RangeError);
    expect(() => packGestures([{ d: 1, r: 0, k: 'weave', p: new Array<number>(256).fill(0) }])).toThrow(RangeError);
    expect(() => packGestures([{ d: -1, r: 0, k: 'tap', p: [0, 0] }])).toThrow(RangeError);
  });
});
