/** The one show runner the hub and a wall share: commands by the table, frames, and taking over from a frame. */
import { describe, expect, it } from 'vitest';
import { BLANK_PRESET } from '../../../core/preset.ts';
import { DEFAULT_SWITCHES, ShowRunner } from '../../../core/arc/ShowRunner.ts';
import type { ShowFrame } from '../../../core/protocol.ts';

const preset = BLANK_PRESET;

describe('ShowRunner', () => {
  it('routes each command to the show or the switches, and frames carry both', () => {
    const runner = new ShowRunner(preset, 5);
    expect(runner.switches).toEqual(DEFAULT_SWITCHES);
    expect(runner.command({ type: 'speed', value: 3 })).toEqual({ ok: true });
    expect(runner.command({ type: 'qr', mode: 'hidden' })).toEqual({ ok: true });
    expect(runner.command({ type: 'blackout', on: true })).toEqual({ ok: true });
    expect(runner.step(1 / 30, { gestures: [], dreamers: 0 })).toBe(false);
    const frame = runner.frame(1000);
    expect(frame.seq).toBe(1);
    expect(frame.flags).toMatchObject({ qr: 'hidden', blackout: true, hold: false, safe: preset.safe });
    expect(frame.operator).toEqual({ speed: 3, overrides: {} });
    expect(DEFAULT_SWITCHES).toEqual({ caption: false, qr: 'auto', mute: false });
  });

  it('continues a frame with the next seq and the same place, switches and operator settings', () => {
    const hub = new ShowRunner(preset, 9);
    hub.command({ type: 'goto', phase: 'nightmare' });
    hub.command({ type: 'param', name: 'glitch', value: 0.4 });
    hub.command({ type: 'caption', on: true });
    for (let i = 0; i < 30; i++) hub.step(1 / 30, { gestures: [], dreamers: 0 });
    const wall = ShowRunner.fromFrame(hub.frame(5000), preset, 9);
    expect(wall.seq).toBe(hub.seq);
    expect(wall.switches).toEqual(hub.switches);
    expect(wall.phase).toBe('nightmare');
    hub.step(1 / 30, { gestures: [], dreamers: 0 });
    wall.step(1 / 30, { gestures: [], dreamers: 0 });
    const [h, w] = [hub.frame(5033), wall.frame(5033)];
    expect(w.seq).toBe(h.seq);
    expect(w.phaseTime).toBeCloseTo(h.phaseTime, 9);
    expect(w.operator).toEqual(h.operator);
  });

  it('keeps a claimed crowd within bounds and reads odd lights safely', () => {
    const frame: ShowFrame = new ShowRunner(preset, 1).frame(0);
    const claimed: ShowFrame = {
      ...frame,
      crowd: { ...frame.crowd, active: 10_000_000, dreamers: 10_000_000 },
      lights: [0.5, 0.5, 2, -1, 0.3],
      params: frame.params.map(() => 1e9),
      operator: { speed: 100, overrides: { glitch: 50 } },
    };
    const wall = ShowRunner.fromFrame(claimed, preset, 1);
    expect(wall.state.crowd.table.count).toBeLessThanOrEqual(100_000);
    expect(wall.state.speed).toBe(8);
    expect(wall.state.overrides.glitch).toBe(1);
    for (const v of wall.state.params) expect(Number.isFinite(v)).toBe(true);
    const next = (wall.step(1 / 30, { gestures: [], dreamers: 0 }), wall.frame(33));
    for (const v of next.lights) expect(v >= 0 && v <= 1).toBe(true);
  });
});
