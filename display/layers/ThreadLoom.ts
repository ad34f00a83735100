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
import { motifOf, passesOver, rowOf, sagAt, settleAt, settledV, warpX, weaveY, type Warp } from './weave.ts';

/** Segments kept (ring). */
export const SEGMENTS = 4096;
/** Seconds a thread stays visible. */
export const THREAD_LIFE = 12;
/** Gap (px at 720 of height) left either side of a warp thread the weft passes under. */
const UNDER_GAP = 2.6;
/** Sample points per bay between two warp threads (the sag's curve), in bays 40 px wide or more. */
const BAY_STEPS = 4;
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

  /** Live segments seen by the last complete weave (the crowd's density). */
  private liveLast = 0;
  private liveNow = 0;
  /** The warp the weft is woven through this frame (set by {@link draw}). */
  private warp: Warp | null = null;
  private unit = 1;
  /** How strained the loom is now (the upgrade), 0..1. */
  private taut = 0;

  /** Segments alive at the last complete weave: how dense the crowd's cloth is. */
  get live(): number {
    return this.liveLast;
  }

  /**
   * Adds one segment of weft in weave space (u across the warp 0..1, v up it: 1 at the loom's bar,
   * 0 at the top of the sky) in a dreamer role 0..3, born at scene time `born` (s).
   */
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

  /**
   * Draws every thread through `warp` (the loom's warp now): the cloth, then the live tips; weaves
   * two buckets of the next cloth.
   */
  draw(g: CanvasRenderingContext2D, s: Scene, now: number, warp: Warp): void {
    this.warp = warp;
    this.unit = s.h / 720;
    this.taut = s.weight('upgrade');
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
    if (this.strokeBucket(b, s, r, age, this.backAt, -Infinity, this.backAt, span, glowPass, true)) this.backWoven = true;
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
      this.liveLast = this.liveNow;
      this.liveNow = 0;
    }
  }

  /**
   * Strokes the weft of one role whose age at `at` (s) falls in age bucket `age`, born in
   * [`from`, `upTo`), among the newest `span` segments, through the warp: each segment sags between
   * the warp threads it spans (its dreamer's motif), breaks where it passes under a warp thread and
   * (Tara) sparkles where it passes over; a wide faint glow (skipped at low quality) under a fine
   * core. Consecutive segments of a stroke join into one polyline (bevel joins: round joins on
   * thousands of short segments multiply the stroker's geometry and do not show at these widths).
   * A dense crowd's threads are each fainter (by the square root of the density), so two hundred
   * phones weave a cloth rather than a white-out.
   * @returns whether any segment was stroked.
   */
  private strokeBucket(g: CanvasRenderingContext2D, s: Scene, r: number, age: number, at: number, from: number, upTo: number, span: number, glowPass: boolean, count = false): boolean {
    const warp = this.warp;
    if (!warp) return false;
    const lo = (age * THREAD_LIFE) / AGES;
    const hi = ((age + 1) * THREAD_LIFE) / AGES;
    const { sx0, sy0, sx1, sy1, sBorn, sRole } = this;
    const m = motifOf(r);
    const kMax = warp.n - 1;
    const gap = UNDER_GAP * this.unit;
    g.beginPath();
    let any = false;
    let eu = NaN;
    let ev = NaN;
    for (let k = span; k > 0; k--) {
      const i = (this.head - k + SEGMENTS) % SEGMENTS;
      if (sRole[i] !== r) continue;
      const born = sBorn[i];
      if (born < from || born >= upTo) continue;
      const a = at - born;
      if (a < lo || a >= hi) continue;
      if (count) this.liveNow++;
      const settle = settleAt(a, THREAD_LIFE);
      const u0 = sx0[i];
      const v0 = sy0[i];
      const u1 = sx1[i];
      const v1 = sy1[i];
      const joined = u0 === eu && v0 === ev;
      eu = u1;
      ev = v1;
      const row = rowOf((v0 + v1) * 0.5);
      const vs0 = settledV(v0, settle);
      const vs1 = settledV(v1, settle);
      // Walk the segment in warp units, stopping at every quarter bay (the sag's curve) and at every
      // crossing (over: straight through; under: a break either side of the warp thread).
      const k0 = u0 * kMax;
      const k1 = u1 * kMax;
      const dir = k1 >= k0 ? 1 : -1;
      const span01 = Math.abs(k1 - k0);
      let kk = k0;
      let pen = joined;
      // Narrow bays (near the loom) need fewer stops for their curve: a quarter bay of 4 px is no curve.
      const bay0 = Math.abs(warpX(warp, Math.min(kMax, Math.floor(k0) + 1), vs0) - warpX(warp, Math.floor(k0), vs0));
      const steps = bay0 < 16 * this.unit ? 1 : bay0 < 40 * this.unit ? 2 : BAY_STEPS;
      for (let guard = 0; guard < 64; guard++) {
        const f = span01 > 0 ? Math.abs(kk - k0) / span01 : 1;
        const v = vs0 + (vs1 - vs0) * f;
        const bayK = Math.min(kMax - 1, Math.max(0, Math.floor(kk)));
        const bay = warpX(warp, bayK + 1, v) - warpX(warp, bayK, v);
        const fx = kk - bayK;
        const x = warpX(warp, kk, v);
        const y = weaveY(warp, v) + sagAt(m, fx, bay, bayK, settle, this.taut);
        const onWarp = Math.abs(kk - Math.round(kk)) < 1e-6;
        if (onWarp && kk !== k0 && !passesOver(Math.round(kk), row)) {
          // Under: stop short of the warp thread, pick up past it.
          const dk = Math.min(0.45, gap / Math.max(1, Math.abs(bay)));
          const xb = warpX(warp, kk - dir * dk, v);
          if (pen) g.lineTo(xb, y);
          const xa = warpX(warp, kk + dir * dk, v);
          if (kk !== k1) g.moveTo(xa, y);
          pen = kk !== k1;
        } else {
          if (pen) g.lineTo(x, y);
          else g.moveTo(x, y);
          pen = true;
          if (onWarp && m.sparkle && kk !== k0) {
            // Tara's thread catches the light where it passes over: a small four-pointed star.
            const sp = 3.2 * this.unit;
            g.moveTo(x - sp, y);
            g.lineTo(x + sp, y);
            g.moveTo(x, y - sp);
            g.lineTo(x, y + sp);
            g.moveTo(x, y);
          }
        }
        if (kk === k1) break;
        // The next stop: the next quarter-bay mark in the direction of travel, or the segment's end.
        const q = dir > 0 ? Math.floor(kk * steps + 1e-6) + 1 : Math.ceil(kk * steps - 1e-6) - 1;
        const next = q / steps;
        kk = dir > 0 ? Math.min(k1, next) : Math.max(k1, next);
      }
      any = true;
    }
    if (!any) return false;
    const d = s.dreamers;
    const thin = Math.min(1, Math.sqrt(900 / Math.max(1, this.liveLast)));
    // Settled weft is cloth: it dims only a little with age (the ring's end takes it away).
    const alpha = (1 - 0.2 * age) * (s.p('brightness') * 0.5 + 0.5) * (0.35 + 0.65 * thin);
    g.strokeStyle = rgbStyle(d[r * 3], d[r * 3 + 1], d[r * 3 + 2]);
    if (glowPass && m.glow > 0) {
      g.globalAlpha = 0.1 * alpha;
      g.lineWidth = m.glow * this.unit;
      g.stroke();
    }
    g.globalAlpha = 0.8 * alpha;
    g.lineWidth = m.width * this.unit;
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
