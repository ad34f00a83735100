/**
 * Playing without drawing: one large button does the phase's gesture. A press in a weave phase sends
 * a woven burst (a looping thread around a point, and a lantern at its heart); a held press shines
 * for as long as it is held (a keyboard or switch press toggles it, since a switch cannot hold); a
 * press on the heartbeat pulses; a press at dawn releases the echo. The hub and the wall see the same
 * gestures a drawing finger makes, so the crowd's signals move alike.
 */
import { assertNever } from '../../core/assertNever.ts';
import type { GestureCoalescer } from './GestureCoalescer.ts';
import type { TouchMeaning } from './phaseUi.ts';
import type { TrailCanvas } from './TrailCanvas.ts';

/** Points in one woven burst. */
export const BURST_POINTS = 40;

/**
 * The woven burst of the `n`-th press: a rose curve of three loops around a centre that moves from
 * press to press, so repeated presses weave a cloth rather than one knot. Normalised 0..1 coordinates.
 * @param n the press count (0, 1, 2…); @param out x,y pairs, at least 2 × {@link BURST_POINTS} long.
 * @returns the centre of the burst, [x, y].
 */
export function wovenBurst(n: number, out: Float32Array): [number, number] {
  // A golden-angle walk keeps successive centres apart and inside the middle of the canvas.
  const a = n * 2.399963;
  const r = 0.18 * Math.sqrt(((n % 7) + 1) / 7);
  const cx = 0.5 + r * Math.cos(a);
  const cy = 0.45 + r * Math.sin(a) * 1.2;
  const size = 0.16;
  const spin = a * 0.5;
  for (let i = 0; i < BURST_POINTS; i++) {
    const t = (i / (BURST_POINTS - 1)) * Math.PI * 2;
    const rr = size * Math.cos(3 * t);
    out[i * 2] = clamp01(cx + rr * Math.cos(t + spin));
    out[i * 2 + 1] = clamp01(cy + rr * Math.sin(t + spin) * 0.8);
  }
  return [cx, cy];
}

function clamp01(v: number): number {
  return v < 0 ? 0 : v > 1 ? 1 : v;
}

/** What the button needs from the page. */
export interface SimpleHost {
  coalescer: GestureCoalescer;
  trail: TrailCanvas;
  /** What a press means now, or null when presses do nothing (overlay up). */
  meaning(): TouchMeaning | null;
  /** Hub time (ms) for a page time (`performance.now()`). */
  hubTime(localMs: number): number;
  /** A press did something: a buzz where the phone can, a visual cue always. */
  felt(strong: boolean): void;
  /** The shine started or stopped (the label changes). */
  shineChanged(on: boolean): void;
}

/** Wires the big button; @returns a function that lets a held shine go (phase change, hub away). */
export function attachSimpleButton(button: HTMLButtonElement, host: SimpleHost): () => void {
  const points = new Float32Array(BURST_POINTS * 2);
  let presses = 0;
  let holding = false;

  const shineOn = (): void => {
    if (host.coalescer.shining) return;
    host.coalescer.shine(0.5, 0.5, performance.now());
    const { width, height } = host.trail.size;
    host.trail.shineAt(-1, width * 0.5, height * 0.5);
    host.shineChanged(true);
    host.felt(false);
  };
  const shineOff = (): void => {
    if (!host.coalescer.shining) return;
    host.coalescer.shineOff(performance.now());
    host.trail.shineOff(-1);
    host.shineChanged(false);
  };

  const press = (at: number): void => {
    const m = host.meaning();
    if (!m) return;
    const now = performance.now();
    const { width, height } = host.trail.size;
    switch (m) {
      case 'weave': {
        const [cx, cy] = wovenBurst(presses++, points);
        const stroke = host.coalescer.strokeStart(points[0], points[1], now);
        for (let i = 1; i < BURST_POINTS; i++) {
          host.coalescer.strokeMove(stroke, points[i * 2], points[i * 2 + 1], now);
          host.trail.segment(points[i * 2 - 2] * width, points[i * 2 - 1] * height, points[i * 2] * width, points[i * 2 + 1] * height);
        }
        host.coalescer.strokeEnd(stroke, now);
        host.coalescer.tap(cx, cy, now);
        host.trail.burst(cx * width, cy * height);
        host.felt(false);
        break;
      }
      case 'shine':
        // A click without a held pointer (keyboard, switch, screen reader) toggles.
        if (host.coalescer.shining) shineOff();
        else shineOn();
        break;
      case 'pulse':
        host.coalescer.pulse(host.hubTime(at), now);
        host.trail.ripple(width * 0.5, height * 0.5);
        host.felt(true);
        break;
      case 'release':
        host.coalescer.release(0.5, 0.6, now);
        host.trail.echo(width * 0.5, height * 0.6);
        host.felt(false);
        break;
      default:
        assertNever(m, 'touch meaning');
    }
  };

  // A finger or mouse: shine holds while pressed; other gestures fire on the press itself (the
  // heartbeat needs the moment of the press, not of the release).
  button.addEventListener('pointerdown', (e) => {
    if (host.meaning() === null) return;
    e.preventDefault();
    holding = true;
    try {
      button.setPointerCapture(e.pointerId);
    } catch {
      // A synthetic pointer cannot be captured; the press still counts.
    }
    if (host.meaning() === 'shine') shineOn();
    else press(Math.abs(e.timeStamp - performance.now()) < 1000 ? e.timeStamp : performance.now());
  });
  const lift = (): void => {
    if (!holding) return;
    holding = false;
    if (host.meaning() === 'shine') shineOff();
  };
  button.addEventListener('pointerup', lift);
  button.addEventListener('pointercancel', lift);
  button.addEventListener('lostpointercapture', lift);
  // Keyboard, switch access and screen readers "click" without a pointer: detail 0.
  button.addEventListener('click', (e) => {
    if (e.detail !== 0) return;
    press(performance.now());
  });
  return () => {
    holding = false;
    shineOff();
  };
}
