import { describe, expect, it } from 'vitest';
import { packGestures } from '../../core/gesturePack.ts';
import {
  audienceAuthSchema,
  audienceGestureSchema,
  displayAuthSchema,
  displayReportSchema,
  gestureBatchSchema,
  operatorAuthSchema,
  operatorLoginSchema,
  operatorCommandSchema,
  clockRequestSchema,
  PROTOCOL_VERSION,
} from '../../core/protocol.ts';

const v = PROTOCOL_VERSION;
const huge = 'x'.repeat(70_000);

/** [schema name, schema, valid fixtures, invalid fixtures] */
const cases: [string, { safeParse(x: unknown): { success: boolean } }, unknown[], unknown[]][] = [
  ['audience auth', audienceAuthSchema, [{ v }, { v, dreamer: 'abcdefgh' }, { v, dreamer: 'A_b-1234567890' }], [{}, { v: '1' }, { v, dreamer: 'short' }, { v, dreamer: '../../../etc/passwd' }, { v, dreamer: huge }, { v, extra: 1 }, null, 'v=1']],
  ['display auth', displayAuthSchema, [{ v }, { v, view: '1/3' }], [{ v, view: '0/3' }, { v, view: '1/30' }, { v, view: 3 }, { v: 1.5 }]],
  // The token never travels: a handshake carrying one is refused; the login is an HMAC answer.
  ['operator auth', operatorAuthSchema, [{ v }], [{}, { v, token: 'abc' }, { v, token: '' }, { v, token: huge }, { v, token: 42 }]],
  ['operator login', operatorLoginSchema, [{ answer: 'a'.repeat(64) }, { answer: '0123456789abcdef'.repeat(4) }], [{}, { answer: 'A'.repeat(64) }, { answer: 'a'.repeat(63) }, { answer: 'g'.repeat(64) }, { answer: 'a'.repeat(64), token: 'x' }, { answer: 42 }]],
  [
    'gesture',
    audienceGestureSchema,
    [
      { kind: 'tap', x: 0, y: 1 },
      { kind: 'weave', stroke: 3, points: [0.1, 0.2, 0.3, 0.4] },
      { kind: 'weave', stroke: 3, points: [0.1, 0.2], end: true },
      { kind: 'shine', x: 0.5, y: 0.5, on: true },
      { kind: 'pulse', at: 1_700_000_000_000 },
      { kind: 'release', x: 0.2, y: 0.3 },
      { kind: 'tilt', x: -1, y: 1 },
    ],
    [
      { kind: 'tap', x: 1.5, y: 0 },
      { kind: 'tap', x: '0.5', y: 0 },
      { kind: 'tap', x: NaN, y: 0 },
      { kind: 'weave', stroke: 1, points: [0.1, 0.2, 0.3] },
      { kind: 'weave', stroke: 1, points: new Array(200).fill(0.5) },
      { kind: 'weave', stroke: -1, points: [0.1, 0.2] },
      { kind: 'pulse', at: Infinity },
      { kind: 'shine', x: 0.5, y: 0.5 },
      { kind: 'tilt', x: 2, y: 0 },
      { kind: 'explode' },
      { kind: 'tap', x: 0.5, y: 0.5, __proto__: { polluted: true }, extra: 1 },
      JSON.parse('{"kind":"tap","x":0.5,"y":0.5,"__proto__":{"polluted":true}}'),
      [],
      huge,
    ],
  ],
  ['clock', clockRequestSchema, [0, 123.5], ['1', null, Infinity]],
  [
    'gesture batch (hub → wall)',
    gestureBatchSchema,
    [
      { seq: 0, at: 1, gestures: packGestures([]) },
      { seq: 12, at: 1_700_000_000_000, gestures: packGestures([{ d: 1, r: 0, k: 'tap', p: [0.1, 0.2] }, { d: 2, r: 3, k: 'pulse', p: [], o: -12 }, { d: 3, r: 1, k: 'shine', p: [0.5, 0.5], s: 0 }]) },
    ],
    [
      { seq: -1, at: 1, gestures: packGestures([]) },
      { seq: 1, at: 1 },
      // Gestures as JSON objects (protocol 2) are not what a wall reads any more.
      { seq: 1, at: 1, gestures: [{ d: 1, r: 0, k: 'tap', p: [0.1, 0.2] }] },
      { seq: 1, at: 1, gestures: packGestures([{ d: 1, r: 3, k: 'tap', p: [0.1, 0.2] }]).map((b, i) => (i === 8 ? 4 : b)) },
      { seq: 1, at: 1, gestures: packGestures([{ d: 1, r: 0, k: 'tap', p: [Number.NaN, 0] }]) },
      { seq: 1, at: 1, gestures: Uint8Array.of(0x11, 0x27, 0, 0) },
      null,
    ],
  ],
  ['display report', displayReportSchema, [{ fps: 60, frameMs: 16, quality: 1, particles: 2000 }, { fps: 0, frameMs: 0, quality: 0, particles: 0, flashGuarded: 2 }], [{ fps: -1, frameMs: 1, quality: 1, particles: 1 }, { fps: 60 }, { fps: 60, frameMs: 16, quality: 2, particles: 1 }]],
  [
    'operator command',
    operatorCommandSchema,
    [
      { type: 'goto', phase: 'nightmare' },
      { type: 'hold', on: true },
      { type: 'skip' },
      { type: 'speed', value: 2 },
      { type: 'intensity', value: 0.5 },
      { type: 'volume', value: 0 },
      { type: 'mute', on: false },
      { type: 'blackout', on: true },
      { type: 'panic' },
      { type: 'tempo', bpm: 90 },
      { type: 'tempo', bpm: null },
      { type: 'param', name: 'glitch', value: 0.2 },
      { type: 'param', name: 'glitch', value: null },
      { type: 'loadPreset', name: 'festival', blend: 4 },
      { type: 'savePreset', name: 'my-night', title: 'Mine' },
      { type: 'caption', on: true },
      { type: 'qr', mode: 'hidden' },
    ],
    [
      { type: 'goto', phase: 'nowhere' },
      { type: 'speed', value: 100 },
      { type: 'param', name: 'nope', value: 1 },
      { type: 'param', name: 'glitch', value: Infinity },
      { type: 'loadPreset', name: '../etc/passwd', blend: 1 },
      { type: 'loadPreset', name: 'ok', blend: -1 },
      { type: 'savePreset', name: 'UPPER' },
      { type: 'qr', mode: 'giant' },
      { type: 'panic', now: true },
      { type: 'eval', code: 'process.exit()' },
    ],
  ],
];

describe('protocol schemas', () => {
  for (const [name, schema, valid, invalid] of cases) {
    it(`${name}: accepts every valid fixture`, () => {
      for (const x of valid) expect(schema.safeParse(x).success, JSON.stringify(x)).toBe(true);
    });
    it(`${name}: refuses every invalid fixture`, () => {
      for (const x of invalid) expect(schema.safeParse(x).success, JSON.stringify(x)?.slice(0, 80)).toBe(false);
    });
  }

  it('never lets a __proto__ key reach the object prototype', () => {
    audienceGestureSchema.safeParse(JSON.parse('{"kind":"tap","x":0.5,"y":0.5,"__proto__":{"polluted":true}}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
