import { describe, expect, it } from 'vitest';
import { PI } from '../../../../display/render/Scene.ts';
import { JOLT_EVERY, MAX_REV, jolt, machineRate, stepMachine } from '../../../../display/layers/cast/machineClock.ts';
import { wallScene } from '../../helpers/wallScene.ts';

describe("Brian's machine clock", () => {
  it('accelerates with the flow speed through the upgrade (the time-lapse), never past its limit', () => {
    const s = wallScene('upgrade');
    let prev = -1;
    for (const speed of [1, 1.5, 2, 3, 4]) {
      s.params[PI.flowSpeed] = speed;
      const r = machineRate(s);
      expect(r).toBeGreaterThan(prev);
      expect(r).toBeLessThanOrEqual(MAX_REV);
      prev = r;
    }
    s.params[PI.flowSpeed] = 4;
    expect(machineRate(s)).toBeGreaterThan(10 * 0.15);
  });

  it('runs backward in the glitch and stands still where the machine is not', () => {
    expect(machineRate(wallScene('glitch'))).toBeLessThan(0);
    expect(machineRate(wallScene('serene'))).toBe(0);
    expect(machineRate(wallScene('nightmare'))).toBe(0);
  });

  it('runs at a third in safe, and reads a broken flow speed as still', () => {
    const s = wallScene('upgrade');
    s.params[PI.flowSpeed] = 3;
    const r = machineRate(s);
    s.safe = true;
    expect(machineRate(s)).toBeCloseTo(r / 3);
    s.safe = false;
    s.params[PI.flowSpeed] = Number.NaN;
    expect(machineRate(s)).toBeCloseTo(0.05);
  });

  it('winds its hands back to twelve at dawn', () => {
    const s = wallScene('dawn');
    const c = { turns: 7.3 };
    for (let i = 0; i < 60 * 12; i++) stepMachine(c, s);
    expect(Math.abs(c.turns - 7)).toBeLessThan(0.01);
  });

  it('stutters in the glitch: the hands hold still for a while, then leap', () => {
    const s = wallScene('glitch');
    const c = { turns: 0 };
    let held = 0;
    let prev = stepMachine(c, s);
    for (let i = 1; i < 600; i++) {
      s.time = i / 60;
      const shown = stepMachine(c, s);
      if (Math.abs(shown - prev) < 1e-9) held++;
      prev = shown;
    }
    expect(held).toBeGreaterThan(50);
    expect(held).toBeLessThan(590);
  });

  it('knocks parts out of true only in the glitch, within bounds, changing at most every jolt', () => {
    expect(jolt(wallScene('upgrade', 3), 1)).toBe(0);
    const s = wallScene('glitch', 2 * JOLT_EVERY + 0.01);
    const a = jolt(s, 4);
    s.time += JOLT_EVERY * 0.9;
    expect(jolt(s, 4)).toBe(a);
    let moved = false;
    for (let k = 0; k < 20; k++) {
      s.time = k * JOLT_EVERY + 0.01;
      const v = jolt(s, 4);
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
      if (v !== a) moved = true;
    }
    expect(moved).toBe(true);
    s.safe = true;
    expect(jolt(s, 4)).toBe(0);
  });
});
