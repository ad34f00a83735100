import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DISPLAY, displaySnapshotSchema, gestureBatchSchema, showFrameSchema, toWireFrame, toWireSnapshot, type ShowFrame } from '../../../core/wire/wall.ts';
import { PARAMS } from '../../../core/params.ts';
import { BLANK_PRESET } from '../../../core/presetDefaults.ts';
import { expectPrototypesUntouched, hostileObjectJson, prototypeKeys } from '../../helpers/hostileJson.ts';

const frame: ShowFrame = {
  seq: 4, at: 1000, time: 12, score: 40, loop: 0, phase: 'festival', next: 'upgrade', phaseTime: 3, phaseLength: 90, blend: 0,
  params: PARAMS.map((p) => p.default),
  crowd: { dreamers: 2, active: 1, participation: 0.5, energy: 0.2, light: 0, unity: 0, resolve: 0, ghosts: 0.5 },
  beat: { bpm: 72, origin: 0 },
  lights: [0.5, 0.5],
  gestures: [{ d: 1, r: 2, k: 'tap', p: [0.25, 0.75] }],
  echoes: [{ d: 1, r: 2, x: 0.5, y: 0.5, w: 0.1 }],
  flags: { blackout: false, hold: false, caption: true, qr: 'auto', mute: false, safe: false },
};

describe('the /display contract', () => {
  it('names every event in one table, each with its schema', () => {
    expect(Object.keys(DISPLAY.toWall).sort()).toEqual(['frame', 'gestures', 'notice', 'snapshot']);
  });

  it('reads a frame as sent back into the frame it carries', () => {
    expect(showFrameSchema.parse(toWireFrame(frame))).toEqual(frame);
    expect(gestureBatchSchema.parse({ seq: 4, at: 1010, gestures: toWireFrame(frame).gestures }).gestures).toEqual(frame.gestures);
  });

  it('carries the operator’s speed and held parameters when the hub sends them, within their ranges', () => {
    const held = { ...frame, operator: { speed: 2, overrides: { [PARAMS[0].name]: PARAMS[0].min } } };
    expect(showFrameSchema.parse(toWireFrame(held)).operator).toEqual(held.operator);
    expect(showFrameSchema.parse(toWireFrame(frame)).operator).toBeUndefined();
    for (const operator of [{ speed: 9, overrides: {} }, { speed: 1, overrides: { notAParam: 1 } }, { speed: 1, overrides: { [PARAMS[0].name]: Infinity } }]) {
      expect(showFrameSchema.safeParse({ ...toWireFrame(frame), operator }).success).toBe(false);
    }
  });

  it('refuses a frame the wall could not draw', () => {
    const wire = toWireFrame(frame);
    for (const broken of [{ ...wire, params: [1, 2] }, { ...wire, phase: 'limbo' }, { ...wire, gestures: new Uint8Array([255, 1, 2]) }, { ...wire, gestures: frame.gestures }, { ...wire, beat: { bpm: 0, origin: 0 } }, { ...wire, flags: { ...frame.flags, qr: 'huge' } }]) {
      expect(showFrameSchema.safeParse(broken).success).toBe(false);
    }
  });

  it('reads a snapshot’s preset as a preset file is read, and refuses a broken one', () => {
    const snapshot = { preset: BLANK_PRESET, seed: 7, echoes: [], join: { url: 'https://x/', short: 'x' }, frame, protocol: 3 };
    const read = displaySnapshotSchema.parse(toWireSnapshot(snapshot));
    expect(read.preset).toEqual(BLANK_PRESET);
    expect(read.frame).toEqual(frame);
    expect(displaySnapshotSchema.safeParse({ ...toWireSnapshot(snapshot), preset: { version: 'nine' } }).success).toBe(false);
  });

  it('throws nothing on hostile JSON and pollutes no prototype', () => {
    const before = prototypeKeys();
    fc.assert(
      fc.property(hostileObjectJson, (json) => {
        const value: unknown = JSON.parse(json);
        for (const schema of [showFrameSchema, gestureBatchSchema, displaySnapshotSchema]) schema.safeParse(value);
        displaySnapshotSchema.safeParse({ preset: value, seed: 1, echoes: [], join: { url: '', short: '' }, frame: toWireFrame(frame), protocol: 3 });
      }),
      { numRuns: 200 },
    );
    expectPrototypesUntouched(before);
  });
});
