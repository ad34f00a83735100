import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_RELOAD_GAP_MS, startWatchdog } from '../../display/watchdog.ts';

/** A canvas stand-in: the watchdog only listens to its events. */
function fakeCanvas(): HTMLCanvasElement & EventTarget {
  return new EventTarget() as HTMLCanvasElement & EventTarget;
}

function memoryStorage(): { getItem(k: string): string | null; setItem(k: string, v: string): void } {
  const map = new Map<string, string>();
  return { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => void map.set(k, v) };
}

describe('display watchdog', () => {
  let clock = 0;
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
    clock = 0;
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  /** Advances both the fake timers and the page clock. */
  function advance(ms: number): void {
    for (let t = 0; t < ms; t += 100) {
      clock += 100;
      vi.advanceTimersByTime(100);
    }
  }

  it('leaves a page that keeps drawing alone', () => {
    const reload = vi.fn();
    let lastFrame = 0;
    const dog = startWatchdog({ canvas: fakeCanvas(), isDrawing: () => lastFrame, reload, now: () => clock, storage: memoryStorage() });
    for (let s = 0; s < 60; s++) {
      advance(1000);
      lastFrame = clock;
    }
    expect(reload).not.toHaveBeenCalled();
    dog.stop();
  });

  it('reloads a page that stopped drawing for 5 s, not before', () => {
    const reload = vi.fn();
    let lastFrame = 0;
    const dog = startWatchdog({ canvas: fakeCanvas(), isDrawing: () => lastFrame, reload, now: () => clock, storage: memoryStorage() });
    advance(2000);
    lastFrame = clock; // drew at 2 s, then froze
    advance(4500);
    expect(reload).not.toHaveBeenCalled();
    advance(2000);
    expect(reload).toHaveBeenCalledTimes(1);
    dog.stop();
  });

  it('gives a page that never drew its grace period, then reloads it', () => {
    const reload = vi.fn();
    const dog = startWatchdog({ canvas: fakeCanvas(), isDrawing: () => 0, reload, now: () => clock, storage: memoryStorage() });
    advance(4000);
    expect(reload).not.toHaveBeenCalled();
    advance(3000);
    expect(reload).toHaveBeenCalledTimes(1);
    dog.stop();
  });

  it('reloads at once when the WebGL or 2D context is lost', () => {
    for (const type of ['webglcontextlost', 'contextlost']) {
      const reload = vi.fn();
      const canvas = fakeCanvas();
      const dog = startWatchdog({ canvas, isDrawing: () => clock, reload, now: () => clock, storage: memoryStorage() });
      const event = new Event(type, { cancelable: true });
      canvas.dispatchEvent(event);
      vi.advanceTimersByTime(0);
      expect(reload).toHaveBeenCalledTimes(1);
      if (type === 'webglcontextlost') expect(event.defaultPrevented).toBe(true);
      dog.stop();
    }
  });

  it('spaces reloads across page loads so a page that cannot draw does not spin', () => {
    const storage = memoryStorage();
    const reload = vi.fn();
    const canvas = fakeCanvas();
    let dog = startWatchdog({ canvas, isDrawing: () => 0, reload, now: () => clock, storage });
    canvas.dispatchEvent(new Event('contextlost'));
    vi.advanceTimersByTime(0);
    expect(reload).toHaveBeenCalledTimes(1);
    dog.stop();
    // The "reloaded" page loses its context again straight away: it waits out the gap.
    dog = startWatchdog({ canvas, isDrawing: () => 0, reload, now: () => clock, storage });
    canvas.dispatchEvent(new Event('contextlost'));
    vi.advanceTimersByTime(MIN_RELOAD_GAP_MS - 1000);
    expect(reload).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(reload).toHaveBeenCalledTimes(2);
    dog.stop();
  });

  it('does nothing after stop()', () => {
    const reload = vi.fn();
    const canvas = fakeCanvas();
    const dog = startWatchdog({ canvas, isDrawing: () => 0, reload, now: () => clock, storage: memoryStorage() });
    dog.stop();
    canvas.dispatchEvent(new Event('webglcontextlost', { cancelable: true }));
    advance(20_000);
    expect(reload).not.toHaveBeenCalled();
  });
});
