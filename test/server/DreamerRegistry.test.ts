/**
 * The registry stays bounded: fresh dreamer ids (a script reconnecting with a new one each time)
 * cannot grow it, or the state file it is saved in, without limit.
 */
import { describe, expect, it } from 'vitest';
import { DreamerRegistry, RETENTION_MS } from '../../server/DreamerRegistry.ts';

const id = (i: number) => `fresh-${String(i).padStart(8, '0')}`;

describe('DreamerRegistry bound', () => {
  it('forgets the dreamers who left longest ago once full, never a connected one', () => {
    const r = new DreamerRegistry(RETENTION_MS, 100);
    // 30 phones stay; 10,000 fresh ids come and go within the retention window.
    for (let i = 0; i < 30; i++) r.join(`stayer-${String(i).padStart(8, '0')}`, 0);
    for (let i = 0; i < 10_000; i++) {
      r.join(id(i), i);
      r.leave(id(i), i);
      expect(r.size).toBeLessThanOrEqual(100);
    }
    expect(r.connected).toBe(30);
    for (let i = 0; i < 30; i++) expect(r.get(`stayer-${String(i).padStart(8, '0')}`)?.sockets).toBe(1);
    // The newest departed are kept, the oldest gone.
    expect(r.get(id(9999))).toBeDefined();
    expect(r.get(id(9930))).toBeDefined();
    expect(r.get(id(9929))).toBeUndefined();
    expect(r.evicted).toBe(10_000 - 70);
    expect(r.toJSON().dreamers).toHaveLength(100);
    expect(JSON.stringify(r.toJSON()).length).toBeLessThan(100 * 120);
  });

  it('a returning dreamer moves to the back of the line', () => {
    const r = new DreamerRegistry(RETENTION_MS, 3);
    for (let i = 0; i < 3; i++) {
      r.join(id(i), i);
      r.leave(id(i), i);
    }
    r.join(id(0), 10);
    r.leave(id(0), 11);
    r.join(id(3), 12);
    expect(r.get(id(0))).toBeDefined();
    expect(r.get(id(1))).toBeUndefined();
    expect(r.size).toBe(3);
  });

  it('lets connected dreamers past the limit rather than refuse a place', () => {
    const r = new DreamerRegistry(RETENTION_MS, 5);
    for (let i = 0; i < 8; i++) r.join(id(i), i);
    expect(r.connected).toBe(8);
    expect(r.size).toBe(8);
  });

  it('keeps only the newest when a saved registry is over the limit, oldest first in line', () => {
    const dreamers = Array.from({ length: 500 }, (_, i) => ({ id: id(i), handle: i + 1, role: 'lyra' as const, lastSeen: 1000 + i }));
    const restored = DreamerRegistry.restore({ nextHandle: 501, dreamers: [...dreamers].reverse() }, 2000, RETENTION_MS, 50);
    if (!restored.ok) throw new Error(restored.error);
    const r = restored.registry;
    expect(r.size).toBe(50);
    expect(r.get(id(499))).toBeDefined();
    expect(r.get(id(449))).toBeUndefined();
    r.join(id(1000), 3000);
    expect(r.get(id(450))).toBeUndefined();
    expect(r.get(id(451))).toBeDefined();
    expect(r.join(id(2000), 3001).dreamer.handle).toBeGreaterThan(500);
  });
});
