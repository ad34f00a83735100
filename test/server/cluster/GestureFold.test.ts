import { describe, expect, it } from 'vitest';
import { GestureFold } from '../../../server/cluster/GestureFold.ts';
import { foldMessageSchema } from '../../../server/cluster/clusterWire.ts';

describe('GestureFold', () => {
  it('folds a tick of gestures into one message the leader accepts, and nothing when the tick was quiet', () => {
    const fold = new GestureFold('edge-1');
    expect(fold.take()).toBeNull();
    for (let i = 0; i < 50; i++) fold.add({ kind: 'tap', x: i / 50, y: 0.5 }, i + 1, 2);
    const m = fold.take();
    expect(m?.g).toHaveLength(50);
    expect(m?.seq).toBe(0);
    expect(foldMessageSchema.safeParse(m).success).toBe(true);
    expect(fold.take()).toBeNull();
    fold.add({ kind: 'pulse', at: 1 }, 1, 0);
    expect(fold.take()?.seq).toBe(1);
    expect(fold.folds).toBe(2);
    expect(fold.gestures).toBe(51);
  });

  it('keeps the newest gestures past its bound and counts the dropped', () => {
    const fold = new GestureFold('edge-1', 10);
    for (let i = 0; i < 25; i++) fold.add({ kind: 'tap', x: 0.5, y: 0.5 }, i + 1, 0);
    const m = fold.take();
    expect(m?.g.map(([h]) => h)).toEqual(Array.from({ length: 10 }, (_, i) => 16 + i));
    expect(fold.dropped).toBe(15);
  });
});
