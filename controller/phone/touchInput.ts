/**
 * Fingers on the dream canvas → gestures and local light. Multi-touch through Pointer Events: each
 * finger draws its own thread; a finger that barely moves is a tap. What a touch means follows the
 * phase (weave, shine, pulse, release).
 */
import { assertNever } from '../../core/assertNever.ts';
import type { GestureCoalescer } from './GestureCoalescer.ts';
import type { TouchMeaning } from './phaseUi.ts';
import type { TrailCanvas } from './TrailCanvas.ts';

/** Movement (CSS px) that turns a tap into a drag. */
const DRAG_SLOP = 10;

interface Finger {
  x: number;
  y: number;
  /** Stroke id once the finger has dragged; -1 while it may still be a tap. */
  stroke: number;
  startX: number;
  startY: number;
}

/** What the touch layer needs from the page. */
export interface TouchHost {
  coalescer: GestureCoalescer;
  trail: TrailCanvas;
  /** What a touch means right now, or null when touches do nothing (overlay up). */
  meaning(): TouchMeaning | null;
  /** Hub time (ms) for an event timestamp in the page's `performance.now()` clock. */
  hubTime(localMs: number): number;
  /** A heartbeat tap landed (for a small buzz). */
  onPulse?(): void;
}

/** Wires the canvas; @returns a function that lets every finger go (phase change, hub away). */
export function attachTouch(canvas: HTMLCanvasElement, host: TouchHost): () => void {
  const fingers = new Map<number, Finger>();
  let meaning: TouchMeaning | null = null;

  const norm = (x: number, y: number): [number, number] => {
    const { width, height } = host.trail.size;
    return [x / width, y / height];
  };

  const down = (e: PointerEvent): void => {
    e.preventDefault();
    const m = host.meaning();
    if (!m) return;
    if (fingers.size === 0) meaning = m;
    if (m !== meaning) return;
    try {
      canvas.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic or already-gone pointers cannot be captured; the finger still counts.
    }
    const now = performance.now();
    const f: Finger = { x: e.offsetX, y: e.offsetY, stroke: -1, startX: e.offsetX, startY: e.offsetY };
    fingers.set(e.pointerId, f);
    const [nx, ny] = norm(f.x, f.y);
    switch (m) {
      case 'weave':
        host.trail.segment(f.x, f.y, f.x, f.y);
        break;
      case 'shine':
        host.coalescer.shine(nx, ny, now);
        host.trail.shineAt(e.pointerId, f.x, f.y);
        break;
      case 'pulse': {
        // The touch's own timestamp is the moment of the tap, before any handler delay.
        const at = Math.abs(e.timeStamp - now) < 1000 ? e.timeStamp : now;
        host.coalescer.pulse(host.hubTime(at), now);
        host.trail.ripple(f.x, f.y);
        host.onPulse?.();
        break;
      }
      case 'release':
        host.coalescer.release(nx, ny, now);
        host.trail.echo(f.x, f.y);
        break;
      default:
        assertNever(m, 'touch meaning');
    }
  };

  const move = (e: PointerEvent): void => {
    const f = fingers.get(e.pointerId);
    if (!f) return;
    e.preventDefault();
    const now = performance.now();
    if (meaning === 'weave') {
      const points = typeof e.getCoalescedEvents === 'function' ? e.getCoalescedEvents() : [];
      if (points.length === 0) weaveTo(f, e.offsetX, e.offsetY, now);
      else for (const p of points) weaveTo(f, p.offsetX, p.offsetY, now);
    } else if (meaning === 'shine') {
      f.x = e.offsetX;
      f.y = e.offsetY;
      const [nx, ny] = norm(f.x, f.y);
      host.coalescer.shine(nx, ny, now);
      host.trail.shineAt(e.pointerId, f.x, f.y);
    }
  };

  const weaveTo = (f: Finger, x: number, y: number, now: number): void => {
    if (f.stroke < 0) {
      if (Math.hypot(x - f.startX, y - f.startY) < DRAG_SLOP) return;
      const [sx, sy] = norm(f.startX, f.startY);
      f.stroke = host.coalescer.strokeStart(sx, sy, now);
    }
    host.trail.segment(f.x, f.y, x, y);
    f.x = x;
    f.y = y;
    const [nx, ny] = norm(x, y);
    host.coalescer.strokeMove(f.stroke, nx, ny, now);
  };

  const up = (e: PointerEvent, cancelled: boolean): void => {
    const f = fingers.get(e.pointerId);
    if (!f) return;
    fingers.delete(e.pointerId);
    letGo(e.pointerId, f, cancelled);
  };

  const letGo = (id: number, f: Finger, cancelled: boolean): void => {
    const now = performance.now();
    if (meaning === 'weave') {
      if (f.stroke >= 0) host.coalescer.strokeEnd(f.stroke, now);
      else if (!cancelled) {
        const [nx, ny] = norm(f.x, f.y);
        host.coalescer.tap(nx, ny, now);
        host.trail.burst(f.x, f.y);
      }
    } else if (meaning === 'shine') {
      host.trail.shineOff(id);
      // With fingers still down the light stays, under the newest one.
      let other: Finger | undefined;
      for (const g of fingers.values()) other = g;
      if (other) {
        const [nx, ny] = norm(other.x, other.y);
        host.coalescer.shine(nx, ny, now);
      } else host.coalescer.shineOff(now);
    }
  };

  const releaseAll = (): void => {
    for (const [id, f] of fingers) letGo(id, f, true);
    fingers.clear();
  };

  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', (e) => up(e, false));
  canvas.addEventListener('pointercancel', (e) => up(e, true));
  canvas.addEventListener('lostpointercapture', (e) => up(e, true));
  return releaseAll;
}
