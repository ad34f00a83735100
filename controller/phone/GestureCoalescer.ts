/**
 * Folds a phone's raw touches into at most `maxRate` messages a second. Drags become weave point
 * lists (≤ {@link MAX_WEAVE_POINTS} pairs, thinned when a slot comes late); taps, pulses, releases and
 * the end of a shine wait in a queue and are never dropped; a held shine is refreshed well inside the
 * hub's 3 s lapse. Pure: time comes in as an argument, nothing here touches the DOM or the socket.
 */
import { MAX_WEAVE_POINTS } from '../../core/protocolConstants.ts';
import type { AudienceGesture } from '../../core/protocol.ts';
import { assertNever } from '../../core/assertNever.ts';

/** Discrete gestures that must all arrive (taps, pulses, releases, shine off). */
type Discrete = Extract<AudienceGesture, { kind: 'tap' | 'pulse' | 'release' | 'shine' }>;

interface PendingStroke {
  id: number;
  /** Flat x,y pairs drawn since the last message of this stroke. */
  points: number[];
  /** Last point sent or queued, so an `end` with no new points still carries a pair. */
  lastX: number;
  lastY: number;
  /** Time (ms) the oldest unsent point arrived; `Infinity` when nothing waits. */
  since: number;
  ended: boolean;
}

/** Tuning of a {@link GestureCoalescer}. */
export interface CoalescerOptions {
  /** Messages per second at most (the hub's `maxRate`), 1..30. */
  maxRate?: number;
  /** Ms between refreshes of a held shine (the hub lapses a shine after 3000 ms). */
  shineRefreshMs?: number;
  /** Ms between shine moves at most (moves in between only update the point). */
  shineMoveMs?: number;
  /** Ms between tilt messages at most. */
  tiltMs?: number;
  /** First stroke id; later strokes count up (wrapping below 2^31). */
  firstStroke?: number;
  /** Discrete gestures kept at most while the slots catch up; far beyond human tapping. */
  queueLimit?: number;
}

const MAX_STROKE_ID = 2 ** 31 - 1;

/** See the module comment. One instance per phone. */
export class GestureCoalescer {
  private interval: number;
  private readonly shineRefreshMs: number;
  private readonly shineMoveMs: number;
  private readonly tiltMs: number;
  private readonly queueLimit: number;
  private nextStroke: number;
  private lastSent = -Infinity;
  private readonly queue: { gesture: Discrete; since: number }[] = [];
  private readonly strokes = new Map<number, PendingStroke>();
  private shineOn = false;
  private shineX = 0;
  private shineY = 0;
  private shineDirtySince = Infinity;
  private shineSentAt = -Infinity;
  private tiltX = 0;
  private tiltY = 0;
  private tiltSince = Infinity;
  private tiltSentAt = -Infinity;

  constructor(options: CoalescerOptions = {}) {
    this.interval = 1000 / clampRate(options.maxRate ?? 30);
    this.shineRefreshMs = options.shineRefreshMs ?? 1000;
    this.shineMoveMs = options.shineMoveMs ?? 100;
    this.tiltMs = options.tiltMs ?? 200;
    this.queueLimit = options.queueLimit ?? 256;
    this.nextStroke = (options.firstStroke ?? 0) % MAX_STROKE_ID;
  }

  /** Follows the rate the hub asked for in `welcome`, messages/s (clamped to 1..30). */
  setRate(maxRate: number): void {
    this.interval = 1000 / clampRate(maxRate);
  }

  /** A lantern or spark at x,y (0..1). */
  tap(x: number, y: number, now: number): void {
    this.enqueue({ kind: 'tap', x: unit(x), y: unit(y) }, now);
  }

  /** The dreamer sends their echo from x,y (0..1). */
  release(x: number, y: number, now: number): void {
    this.enqueue({ kind: 'release', x: unit(x), y: unit(y) }, now);
  }

  /** A tap on the heartbeat, stamped `at` in hub time (ms) when the finger touched. */
  pulse(at: number, now: number): void {
    this.enqueue({ kind: 'pulse', at: Math.max(0, at) }, now);
  }

  /** Starts a thread at x,y (0..1). @returns the stroke id for later moves. */
  strokeStart(x: number, y: number, now: number): number {
    const id = this.nextStroke;
    this.nextStroke = (this.nextStroke + 1) % MAX_STROKE_ID;
    const cx = unit(x);
    const cy = unit(y);
    this.strokes.set(id, { id, points: [cx, cy], lastX: cx, lastY: cy, since: now, ended: false });
    return id;
  }

  /** Extends a thread to x,y (0..1). Unknown or ended strokes are ignored. */
  strokeMove(stroke: number, x: number, y: number, now: number): void {
    const s = this.strokes.get(stroke);
    if (!s || s.ended) return;
    const cx = unit(x);
    const cy = unit(y);
    if (cx === s.lastX && cy === s.lastY) return;
    if (s.points.length === 0) s.since = now;
    s.points.push(cx, cy);
    s.lastX = cx;
    s.lastY = cy;
    // A slot came late: keep the thread's shape with half the points rather than lose its tail.
    if (s.points.length > MAX_WEAVE_POINTS * 2) thin(s.points);
  }

  /** Ends a thread; its last message carries `end: true`. */
  strokeEnd(stroke: number, now: number): void {
    const s = this.strokes.get(stroke);
    if (!s || s.ended) return;
    s.ended = true;
    if (s.points.length === 0) {
      s.points.push(s.lastX, s.lastY);
      s.since = now;
    }
  }

  /** Light held at x,y (0..1): starts or moves the shine. */
  shine(x: number, y: number, now: number): void {
    const cx = unit(x);
    const cy = unit(y);
    if (this.shineOn && cx === this.shineX && cy === this.shineY) return;
    this.shineX = cx;
    this.shineY = cy;
    if (!this.shineOn) {
      this.shineOn = true;
      this.shineSentAt = -Infinity;
    }
    if (this.shineDirtySince === Infinity) this.shineDirtySince = now;
  }

  /** The finger lifted: the hub hears `on: false`, always. */
  shineOff(now: number): void {
    if (!this.shineOn) return;
    this.shineOn = false;
    this.shineDirtySince = Infinity;
    this.enqueue({ kind: 'shine', x: this.shineX, y: this.shineY, on: false }, now);
  }

  /** Device tilt, -1..1 each axis; only the latest value is ever sent. */
  tilt(x: number, y: number, now: number): void {
    const cx = signedUnit(x);
    const cy = signedUnit(y);
    // Hand tremor is not a gesture: ignore changes under 2 % of the range.
    if (Math.abs(cx - this.tiltX) < 0.02 && Math.abs(cy - this.tiltY) < 0.02 && this.tiltSentAt > -Infinity) return;
    this.tiltX = cx;
    this.tiltY = cy;
    if (this.tiltSince === Infinity) this.tiltSince = now;
  }

  /** Whether a shine is being held. */
  get shining(): boolean {
    return this.shineOn;
  }

  /**
   * The one message to send now, or null when the rate allows none or nothing waits. Call it often
   * (every animation frame); it picks the longest-waiting source, so taps and threads share slots fairly.
   */
  next(now: number): AudienceGesture | null {
    if (now - this.lastSent < this.interval) return null;
    const gesture = this.pick(now);
    if (gesture) this.lastSent = now;
    return gesture;
  }

  /**
   * Everything waiting, at once, whatever the rate: the page is going away (closed, or hidden,
   * which stops the frame loop), and the last touches go with it rather than being lost or sent
   * stale much later. The hub's burst allowance takes a handful of messages at once.
   * @param max messages at most (≥ 0); what is left still waits.
   */
  drain(now: number, max: number): AudienceGesture[] {
    const out: AudienceGesture[] = [];
    while (out.length < max) {
      const gesture = this.pick(now);
      if (!gesture) break;
      out.push(gesture);
    }
    if (out.length > 0) this.lastSent = now;
    return out;
  }

  /** Messages or sources waiting (for the test hook and to know when to stop polling). */
  get pending(): number {
    let n = this.queue.length;
    for (const s of this.strokes.values()) if (s.points.length > 0) n++;
    if (this.shineOn) n++;
    if (this.tiltSince !== Infinity) n++;
    return n;
  }

  /** Forgets everything waiting (the hub went away; old touches mean nothing to a new connection). */
  clear(): void {
    this.queue.length = 0;
    this.strokes.clear();
    this.shineOn = false;
    this.shineDirtySince = Infinity;
    this.tiltSince = Infinity;
  }

  private enqueue(gesture: Discrete, now: number): void {
    if (this.queue.length >= this.queueLimit) this.queue.shift();
    this.queue.push({ gesture, since: now });
  }

  private pick(now: number): AudienceGesture | null {
    let best: 'queue' | 'stroke' | 'shine' | 'tilt' | null = null;
    let bestSince = Infinity;
    let bestStroke: PendingStroke | null = null;
    if (this.queue.length > 0) {
      best = 'queue';
      bestSince = this.queue[0].since;
    }
    for (const s of this.strokes.values()) {
      if (s.points.length > 0 && s.since < bestSince) {
        best = 'stroke';
        bestSince = s.since;
        bestStroke = s;
      }
    }
    if (this.shineOn) {
      const moved = this.shineDirtySince !== Infinity && now - this.shineSentAt >= this.shineMoveMs;
      const refresh = now - this.shineSentAt >= this.shineRefreshMs;
      const since = moved ? this.shineDirtySince : refresh ? this.shineSentAt + this.shineRefreshMs : Infinity;
      if ((moved || refresh) && since < bestSince) {
        best = 'shine';
        bestSince = since;
      }
    }
    if (this.tiltSince !== Infinity && now - this.tiltSentAt >= this.tiltMs && this.tiltSince < bestSince) best = 'tilt';

    switch (best) {
      case null:
        return null;
      case 'queue':
        return this.queue.shift()?.gesture ?? null;
      case 'stroke':
        return bestStroke ? this.takeStroke(bestStroke) : null;
      case 'shine':
        this.shineSentAt = now;
        this.shineDirtySince = Infinity;
        return { kind: 'shine', x: this.shineX, y: this.shineY, on: true };
      case 'tilt':
        this.tiltSentAt = now;
        this.tiltSince = Infinity;
        return { kind: 'tilt', x: this.tiltX, y: this.tiltY };
      default:
        return assertNever(best, 'gesture source');
    }
  }

  private takeStroke(s: PendingStroke): AudienceGesture {
    const points = s.points;
    s.points = [];
    s.since = Infinity;
    if (s.ended) {
      this.strokes.delete(s.id);
      return { kind: 'weave', stroke: s.id, points, end: true };
    }
    return { kind: 'weave', stroke: s.id, points };
  }
}

/** Drops every second interior pair in place, keeping the first and the last. */
function thin(points: number[]): void {
  const pairs = points.length / 2;
  let w = 1;
  for (let r = 2; r < pairs - 1; r += 2, w++) {
    points[w * 2] = points[r * 2];
    points[w * 2 + 1] = points[r * 2 + 1];
  }
  points[w * 2] = points[(pairs - 1) * 2];
  points[w * 2 + 1] = points[(pairs - 1) * 2 + 1];
  points.length = (w + 1) * 2;
}

function clampRate(rate: number): number {
  return Number.isFinite(rate) ? Math.min(30, Math.max(1, rate)) : 30;
}

function unit(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5;
}

function signedUnit(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(-1, v)) : 0;
}
