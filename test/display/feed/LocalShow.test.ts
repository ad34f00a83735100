/**
 * A wall riding out a hub outage takes over from the last frame it got: it must play on the show
 * the hub was playing — its speed, the operator's overrides, and the crowd's memory — not a
 * different one.
 */
import { describe, expect, it } from 'vitest';
import { BLANK_PRESET } from '../../../core/preset.ts';
import { createShow, step, type ShowState } from '../../../core/arc/engine.ts';
import { applyCommand } from '../../../core/arc/commands.ts';
import { buildFrame } from '../../../core/arc/frame.ts';
import { paramIndex } from '../../../core/params.ts';
import { showFrameSchema, toWireFrame, type ShowFrame } from '../../../core/protocol.ts';
import type { CrowdGesture } from '../../../core/crowd.ts';
import { LocalShow, TICK_S } from '../../../display/feed/LocalShow.ts';

const preset = BLANK_PRESET;
const FLAGS = { blackout: false, hold: false, caption: false, qr: 'auto', mute: false, safe: false } as const;
const SEED = 11;

/** The hub's show: a busy festival at double speed with the glitch and warmth held by the operator. */
function hubShow(): ShowState {
  let s = createShow(preset, SEED);
  s = applyCommand(s, preset, { type: 'goto', phase: 'festival' });
  s = applyCommand(s, preset, { type: 'speed', value: 2 });
  s = applyCommand(s, preset, { type: 'param', name: 'warmth', value: 0.95 });
  s = applyCommand(s, preset, { type: 'param', name: 'saturation', value: 0.1 });
  for (let i = 0; i < 90; i++) {
    const gestures: CrowdGesture[] = [];
    for (let d = 1; d <= 40; d++) gestures.push({ d, r: 0, k: 'tap', x: (d % 7) / 7, y: (d % 5) / 5 });
    s = step(s, preset, TICK_S, { gestures, dreamers: 40 });
  }
  return s;
}

/** A frame as the wall receives it: through the wire schema. */
function overTheWire(state: ShowState, seq: number): ShowFrame {
  const frame = buildFrame(state, preset, { seq, at: state.clock * 1000, gestures: [], echoes: [], flags: FLAGS });
  const parsed = showFrameSchema.safeParse(structuredClone(toWireFrame(frame)));
  if (!parsed.success) throw new Error(parsed.error.message);
  return parsed.data;
}

describe('LocalShow.fromFrame: a wall taking over from the hub', () => {
  it('carries the speed, the overrides and the crowd memory, and plays on the same show', () => {
    const hub = hubShow();
    const local = LocalShow.fromFrame(overTheWire(hub, 90), preset, SEED);
    expect(local.current.speed).toBe(2);
    expect(local.current.overrides).toEqual({ warmth: 0.95, saturation: 0.1 });
    expect(local.current.crowd.energy).toBeCloseTo(hub.crowd.energy, 6);
    expect(local.current.crowd.light).toBeCloseTo(hub.crowd.light, 6);
    expect(hub.crowd.energy).toBeGreaterThan(0.1);

    // The hub loses its phones at the same moment the wall loses the hub: both play 4 s on.
    let h = hub;
    let frame: ShowFrame | undefined;
    for (let i = 0; i < 120; i++) {
      h = step(h, preset, TICK_S, { gestures: [], dreamers: 0 });
      frame = local.tick(TICK_S, h.clock * 1000);
    }
    if (!frame) throw new Error('no frame');
    expect(frame.phase).toBe(overTheWire(h, 0).phase);
    expect(frame.phaseTime).toBeCloseTo(h.phaseTime, 6);
    for (const name of ['warmth', 'saturation', 'brightness', 'density', 'turbulence'] as const) {
      expect(frame.params[paramIndex(name)], name).toBeCloseTo(h.params[paramIndex(name)], 4);
    }
    expect(frame.crowd.energy).toBeCloseTo(h.crowd.signals.energy, 4);
  });

  it('takes a frame from a hub that sends no operator settings as the plain show', () => {
    const frame = overTheWire(createShow(preset, SEED), 1);
    const { operator: _none, ...older } = frame;
    const local = LocalShow.fromFrame(older, preset, SEED);
    expect(local.current.speed).toBe(1);
    expect(local.current.overrides).toEqual({});
  });

  it('refuses operator settings the engine would not take', () => {
    const frame = toWireFrame(buildFrame(hubShow(), preset, { seq: 1, at: 0, gestures: [], echoes: [], flags: FLAGS }));
    expect(showFrameSchema.safeParse(frame).success).toBe(true);
    for (const operator of [{ speed: 99, overrides: {} }, { speed: 1, overrides: { nope: 1 } }, { speed: 1, overrides: { glitch: 'x' } }, { speed: 1 }, 'fast']) {
      expect(showFrameSchema.safeParse({ ...frame, operator }).success, JSON.stringify(operator)).toBe(false);
    }
    // A "__proto__" key is dropped by the schema: nothing reaches the overrides' prototype.
    const parsed = showFrameSchema.parse({ ...frame, operator: { speed: 1, overrides: JSON.parse('{"__proto__":{"glitch":1},"warmth":0.5}') } });
    const local = LocalShow.fromFrame(parsed, preset, SEED);
    expect(local.current.overrides).toEqual({ warmth: 0.5 });
    expect(Object.getPrototypeOf(local.current.overrides)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).glitch).toBeUndefined();
  });
});
