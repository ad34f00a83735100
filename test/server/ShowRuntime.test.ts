import { describe, expect, it } from 'vitest';
import { ShowRuntime, MAX_FRAME_ECHOES, MAX_FRAME_GESTURES, MAX_GESTURE_BACKLOG } from '../../server/ShowRuntime.ts';
import { BLANK_PRESET } from '../../core/preset.ts';

describe('ShowRuntime', () => {
  it('spreads a crowd\'s echo updates over frames, oldest first, losing none', () => {
    const rt = new ShowRuntime(BLANK_PRESET, 1);
    for (let d = 1; d <= 500; d++) rt.addGesture({ kind: 'tap', x: 0.5, y: 0.5 }, d, 0);
    const sizes: number[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < 4; i++) {
      const { frame } = rt.tick(1 / 30, 1000 + i * 33, 500);
      sizes.push(frame.echoes.length);
      frame.echoes.forEach((e) => seen.add(e.d));
    }
    expect(sizes).toEqual([MAX_FRAME_ECHOES, MAX_FRAME_ECHOES, 100, 0]);
    expect(seen.size).toBe(500);
  });

  it('numbers frames by tick, and snapshots or status reads do not skip a number', () => {
    const rt = new ShowRuntime(BLANK_PRESET, 1);
    expect(rt.tick(1 / 30, 0, 0).frame.seq).toBe(1);
    rt.snapshot(0, { url: 'u', short: 's' });
    rt.frame(0);
    expect(rt.tick(1 / 30, 33, 0).frame.seq).toBe(2);
  });

  it('caps one frame\'s gestures and carries the rest over to the next frames, oldest first', () => {
    const rt = new ShowRuntime(BLANK_PRESET, 1);
    const n = MAX_FRAME_GESTURES * 2 + 10;
    for (let i = 0; i < n; i++) rt.addGesture({ kind: 'tap', x: 0.1, y: 0.1 }, 1 + i, 1);
    const first = rt.tick(1 / 30, 0, 50);
    expect(first.frame.gestures).toHaveLength(MAX_FRAME_GESTURES);
    expect(first.frame.gestures[0].d).toBe(1);
    expect(first.input.gestures).toHaveLength(MAX_FRAME_GESTURES);
    rt.addGesture({ kind: 'tap', x: 0.2, y: 0.2 }, 0, 1);
    const second = rt.tick(1 / 30, 33, 50).frame.gestures;
    expect(second).toHaveLength(MAX_FRAME_GESTURES);
    expect(second[0].d).toBe(MAX_FRAME_GESTURES + 1);
    const third = rt.tick(1 / 30, 66, 50).frame.gestures;
    expect(third.map((g) => g.d)).toEqual([...Array.from({ length: 10 }, (_, i) => 2 * MAX_FRAME_GESTURES + 1 + i), 0]);
    expect(rt.tick(1 / 30, 99, 50).frame.gestures).toHaveLength(0);
    expect(rt.droppedGestures).toBe(0);
  });

  it('bounds the backlog: past it the oldest gestures are dropped and counted', () => {
    const rt = new ShowRuntime(BLANK_PRESET, 1);
    const n = MAX_GESTURE_BACKLOG * 2 + 5;
    for (let i = 0; i < n; i++) rt.addGesture({ kind: 'tap', x: 0.1, y: 0.1 }, i, 1);
    expect(rt.droppedGestures).toBe(n - MAX_GESTURE_BACKLOG);
    expect(rt.backlog).toBe(MAX_GESTURE_BACKLOG);
    const seen: number[] = [];
    for (let t = 0; rt.backlog > 0; t++) seen.push(...rt.tick(1 / 30, t * 33, 50).frame.gestures.map((g) => g.d));
    expect(seen).toHaveLength(MAX_GESTURE_BACKLOG);
    expect(seen[0]).toBe(n - MAX_GESTURE_BACKLOG);
    expect(seen.at(-1)).toBe(n - 1);
  });

  it('sends a batch between ticks: the walls get each gesture once, the engine still gets them all', () => {
    const rt = new ShowRuntime(BLANK_PRESET, 1);
    expect(rt.batch(10)).toBeNull();
    rt.addGesture({ kind: 'tap', x: 0.1, y: 0.2 }, 1, 0);
    rt.addGesture({ kind: 'tap', x: 0.3, y: 0.4 }, 2, 1);
    const batch = rt.batch(17)!;
    expect(batch.at).toBe(17);
    expect(batch.seq).toBe(0);
    expect(batch.gestures.map((g) => g.d)).toEqual([1, 2]);
    expect(rt.batch(18)).toBeNull();
    rt.addGesture({ kind: 'tap', x: 0.5, y: 0.6 }, 3, 2);
    const tick = rt.tick(1 / 30, 33, 3);
    expect(tick.frame.gestures.map((g) => g.d)).toEqual([3]);
    expect(tick.input.gestures.map((g) => g.d)).toEqual([1, 2, 3]);
    expect(tick.frame.crowd.active).toBe(3);
    rt.addGesture({ kind: 'tap', x: 0.7, y: 0.8 }, 4, 3);
    expect(rt.batch(50)!.seq).toBe(1);
  });

  it('bakes live overrides into every phase when saving the look as a preset', () => {
    const rt = new ShowRuntime(BLANK_PRESET, 1);
    rt.command({ type: 'param', name: 'warmth', value: 0.9 });
    rt.command({ type: 'volume', value: 0.3 });
    const saved = rt.presetWithOverrides('my-look', 'My look');
    expect(saved.name).toBe('my-look');
    expect(saved.phases.nightmare.targets.warmth).toBe(0.9);
    expect(saved.phases.upgrade.end.warmth).toBe(0.9);
    expect(saved.sound.volume).toBe(0.3);
    expect(BLANK_PRESET.phases.nightmare.targets.warmth).not.toBe(0.9);
  });
});
