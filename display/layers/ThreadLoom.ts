/**
 * The loom that keeps the dreamers' threads: a fixed ring of segments and the way they are painted.
 * Stroking every thread every frame (thousands of segments, a wide glow and a fine core, per dreamer
 * colour and age) was the wall's largest cost in software rendering. Threads older than a fraction
 * of a second do not move, so they are woven onto a cached canvas ("the cloth") and only the newest
 * tips are stroked live. The cloth is re-woven continuously on a second canvas, two colour/age
 * buckets per frame, and the two swap when a weave completes: the cost of a full stroke is spread
 * over six frames and ageing still fades every thread, a tenth of a second late at most.
 */
import type { Scene } from '../render/Scene.ts';
import { rgbStyle } from '../render/styles.ts';

/** Segments kept (ring). */
export const SEGMENTS = 4096;
/** Seconds a thread stays visible. */
export const THREAD_LIFE = 9;
const ROLES = 4;
const AGES = 3;
/** One weave stage per colour/age bucket: a full re-weave takes this many frames. */
const STAGES = ROLES * AGES;
/**
 * Weave stages done per frame. Two: a weave completes every six frames, so the live tips stroked
 * every frame (all that is newer than the cloth) span 6–12 frames of threads instead of 12–24.
 */
const STAGES_PER_FRAME = 2;

/** The threads' pool and painter. */
export class ThreadLoom {
  private readonly sx0 = new Float32Array(SEGMENTS);
  private readonly sy0 = new Float32Array(SEGMENTS);
  private readonly sx1 = new Float32Array(SEGMENTS);
  private readonly sy1 = new Float32Array(SEGMENTS);
  private readonly sBorn = new Float32Array(SEGMENTS).fill(-1e9);
  private readonly sRole = new Uint8Array(SEGMENTS);
  private head = 0;
  /** The cloth shown (front) and the one being woven (back). */
  private front = document.createElement('canvas');
  private back = document.createElement('canvas');
  private frontCtx = this.front.getContext('2d');
  private backCtx = this.back.getContext('2d');
  /** Scene time up to which (exclusive) threads are on the front cloth; -Infinity: none. */
  private frontUpTo = -Infinity;
  /** Scene time the back cloth is woven at (ages are taken then). */
  private backAt = 0;
  private stage = 0;
  /** Whether the back cloth got any thread this weave, and whether the front one holds any. */
  private backWoven = false;
  private frontWoven = false;

  /** Adds one segment (world coordinates 0..1) in a dreamer role 0..3, born at scene time `born` (s). */
  add(x0: number, y0: number, x1: number, y1: number, role: number, born: number): void {
    const i = this.head;
    this.sx0[i] = x0;
    this.sy0[i] = y0;
    this.sx1[i] = x1;
    this.sy1[i] = y1;
    this.sBorn[i] = born;
    this.sRole[i] = role;
    this.head = (i + 1) % SEGMENTS;
  }

  /** Draws every thread: the cloth, then the live tips; weaves two buckets of the next cloth. */
  draw(g: CanvasRenderingContext2D, s: Scene, now: number): void {
    const w = Math.max(1, Math.round(s.w));
    const h = Math.max(1, Math.round(s.h));
    if (this.front.width !== w || this.front.height !== h) {
      this.front.width = this.back.width = w;
      this.front.height = this.back.height = h;
      this.frontUpTo = -Infinity;
      this.frontWoven = false;
      this.stage = 0;
    }
    const span = Math.floor(SEGMENTS * (0.25 + 0.75 * s.quality));
    const glowPass = s.quality >= 0.5;
    for (let k = 0; k < STAGES_PER_FRAME; k++) this.weaveStage(s, now, w, h, span, glowPass);
    // An empty cloth (no one weaving: the glitch, the nightmare) costs no full-wall blit.
    if (this.frontWoven) {
      g.globalAlpha = 1;
      g.drawImage(this.front, 0, 0);
    }
    g.lineCap = 'round';
    g.lineJoin = 'bevel';
    // The live tips are the newest segments of the ring (it fills in birth order): only those are scanned.
    let tips = 0;
    while (tips < span && this.sBorn[(this.head - tips - 1 + SEGMENTS) % SEGMENTS] >= this.frontUpTo) tips++;
    if (tips > 0) {
      for (let r = 0; r < ROLES; r++) {
        for (let age = 0; age < AGES; age++) this.strokeBucket(g, s, r, age, now, this.frontUpTo, Infinity, tips, glowPass);
      }
    }
    g.globalAlpha = 1;
  }

  /** Weaves one colour/age bucket onto the back cloth; swaps the cloths when a weave completes. */
  private weaveStage(s: Scene, now: number, w: number, h: number, span: number, glowPass: boolean): void {
    const b = this.backCtx;
    if (!b) return;
    if (this.stage === 0) {
      this.backAt = now;
      b.setTransform(1, 0, 0, 1, 0, 0);
      b.globalAlpha = 1;
      b.globalCompositeOperation = 'source-over';
      b.clearRect(0, 0, w, h);
      b.lineCap = 'round';
      b.lineJoin = 'bevel';
      this.backWoven = false;
    }
    const r = this.stage % ROLES;
    const age = (this.stage / ROLES) | 0;
    if (this.strokeBucket(b, s, r, age, this.backAt, -Infinity, this.backAt, span, glowPass)) this.backWoven = true;
    this.stage++;
    if (this.stage === STAGES) {
      this.stage = 0;
      const c = this.front;
      this.front = this.back;
      this.back = c;
      const x = this.frontCtx;
      this.frontCtx = this.backCtx;
      this.backCtx = x;
      this.frontUpTo = this.backAt;
      this.frontWoven = this.backWoven;
    }
  }

  /**
   * Strokes the segments of one role whose age at `at` (s) falls in age bucket `age`, born in
   * [`from`, `upTo`), among the newest `span` segments: a wide faint glow (skipped at low quality)
   * and a fine bright core. Consecutive segments of a stroke join into one polyline (bevel joins:
   * round joins on thousands of short segments multiply the stroker's geometry and do not show at
   * these widths).
   * @returns whether any segment was stroked.
   */
  private strokeBucket(g: CanvasRenderingContext2D, s: Scene, r: number, age: number, at: number, from: number, upTo: number, span: number, glowPass: boolean): boolean {
    const lo = (age * THREAD_LIFE) / AGES;
    const hi = ((age + 1) * THREAD_LIFE) / AGES;
    const ww = s.layout.worldWidth;
    const ox = s.layout.offsetX;
    const h = s.h;
    const { sx0, sy0, sx1, sy1, sBorn, sRole } = this;
    g.beginPath();
    let any = false;
    let ex = NaN;
    let ey = NaN;
    for (let k = span; k > 0; k--) {
      const i = (this.head - k + SEGMENTS) % SEGMENTS;
      if (sRole[i] !== r) continue;
      const born = sBorn[i];
      if (born < from || born >= upTo) continue;
      const a = at - born;
      if (a < lo || a >= hi) continue;
      const x0 = sx0[i] * ww - ox;
      const y0 = sy0[i] * h;
      if (x0 !== ex || y0 !== ey) g.moveTo(x0, y0);
      ex = sx1[i] * ww - ox;
      ey = sy1[i] * h;
      g.lineTo(ex, ey);
      any = true;
    }
    if (!any) return false;
    const d = s.dreamers;
    const alpha = (1 - age / AGES) * (s.p('brightness') * 0.5 + 0.5);
    g.strokeStyle = rgbStyle(d[r * 3], d[r * 3 + 1], d[r * 3 + 2]);
    if (glowPass) {
      g.globalAlpha = 0.12 * alpha;
      g.lineWidth = 8 * (h / 720);
      g.stroke();
    }
    g.globalAlpha = 0.75 * alpha;
    g.lineWidth = 1.8 * (h / 720);
    g.stroke();
    return true;
  }

  /** Forgets every thread and frees the cloths. */
  dispose(): void {
    this.sBorn.fill(-1e9);
    this.front.width = this.front.height = 0;
    this.back.width = this.back.height = 0;
    this.frontUpTo = -Infinity;
    this.frontWoven = false;
    this.stage = 0;
  }
}
