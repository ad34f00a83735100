import { describe, expect, it } from 'vitest';
import { FenceGate } from '../../../server/cluster/FenceGate.ts';

describe('FenceGate', () => {
  it('passes the newest leader, refuses an older one and a fence Redis never gave out', async () => {
    let issued: number | null = 1;
    const gate = new FenceGate(async () => issued);
    expect(await gate.pass(1)).toBe(true);
    expect(gate.pass(1)).toBe(true);
    // A fence above what Redis gave out is a forgery.
    expect(await gate.pass(5)).toBe(false);
    expect(gate.current).toBe(1);
    issued = 2;
    expect(await gate.pass(2)).toBe(true);
    // The old leader, woken up, is refused from now on.
    expect(gate.pass(1)).toBe(false);
    expect(gate.refused).toBe(2);
  });

  it('takes a newer fence on trust while Redis cannot be read (it is restarting)', async () => {
    const gate = new FenceGate(async () => null);
    expect(await gate.pass(3)).toBe(true);
    const failing = new FenceGate(() => Promise.reject(new Error('down')));
    expect(await failing.pass(4)).toBe(true);
    expect(failing.pass(3)).toBe(false);
  });
});
