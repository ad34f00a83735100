/**
 * Brian's upgrade as a machine built from Lyra's loom overdriven: her warp threads are pulled out of
 * the loom's top beam, taut, across the sky and wound onto a spindle at the stage's `machine` mark;
 * around the spindle three rings are woven of the same thread (two hairline rims with a braid of
 * over-and-under stitches between), turning at their gear ratios; the clock hands are bundles of
 * threads that sweep a fading wake as they speed; and round the whole machine the sky's lights are
 * drawn into circular trails, the time-lapse of a night compressed into minutes, longer as the hands
 * accelerate (machineClock.ts). In the glitch it fails: it stutters, its rings are knocked out of
 * true and lose stitches, the threads feeding it snap where the loom's warp snaps, and its hands run
 * backward (the tear that opens through its dial is the portal's). After the glitch it is gone: broken.
 *
 * Cost: one cached glow blit and a handful of batched hairline paths (source-over: in software
 * rendering a stroke under 'lighter' costs about twice as much); no gradients made per frame.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { markNow } from '../render/stage.ts';
import { EasedStage, GLIDE_SECONDS } from './cast/EasedStage.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';
import { jolt, stepMachine, type MachineClock } from './cast/machineClock.ts';
import { loomWarp, warpNow } from './cast/loomWarp.ts';

/** Brian's colour in `Scene.dreamers` (role order: lyra, remy, tara, brian). */
const BRIAN = 9;
/** Lyra's colour: the threads are hers. */
const LYRA = 0;
/** Circular light trails round the machine (the compressed night). */
const TRAILS = 36;
/** The woven rings: inner and outer radius (× the mark's size), stitches, turn (× the minute hand). */
const RINGS = [
  { r0: 0.9, r1: 1.0, n: 72, turn: 1 / 60 },
  { r0: 0.63, r1: 0.72, n: 48, turn: -1 / 8 },
  { r0: 0.36, r1: 0.42, n: 28, turn: 1 / 3 },
] as const;
/** The spindle's radius, × the mark's size. */
const SPINDLE = 0.16;
/** Turns of thread wound on the spindle. */
const WOUND = 5;

/** Creates the machine (the upgrade layer). */
export function createUpgrade(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x09a0);
  // Each trail: radius (× size), start angle, length share, brightness.
  const tR = new Float32Array(TRAILS);
  const tA = new Float32Array(TRAILS);
  const tL = new Float32Array(TRAILS);
  const tB = new Float32Array(TRAILS);
  for (let i = 0; i < TRAILS; i++) {
    const u = rng.next();
    tR[i] = 1.12 + 1.5 * u * u + 0.05 * rng.next();
    tA[i] = rng.next() * Math.PI * 2;
    tL[i] = 0.4 + 0.6 * rng.next();
    tB[i] = rng.next();
  }
  const clock: MachineClock = { turns: 0.1 };
  const m = markNow();
  // The dial and the loom it pulls from glide between their framings (fine patterns never slide fast).
  const stage = new EasedStage(GLIDE_SECONDS);
  const warp = warpNow();
  const glowCache = new ScaledSprite();
  let glow: HTMLCanvasElement | null = null;
  let version = -1;

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      stage.step(s);
      stage.place('machine', s, m);
      const glitch = stage.weight('glitch');
      const turns = stepMachine(clock, s);
      const on = m.on;
      if (on < 0.01) return;
      if (version !== s.presetVersion) {
        version = s.presetVersion;
        const d = s.dreamers;
        glow = glowSprite(128, d[BRIAN] * 0.6 + 40, d[BRIAN + 1] * 0.6 + 30, d[BRIAN + 2] * 0.6 + 60, 0.08);
      }
      // A flow speed that is not a number (a broken frame) reads as standing still.
      const fs = s.p('flowSpeed');
      const speed = fs > 0 ? (fs < 4 ? fs : 4) : 0;
      const lapse = Math.max(0, Math.min(1, (speed - 1) / 3)) * (1 - glitch);
      const pal = s.pal;
      const d = s.dreamers;
      const R = m.size;
      const k = s.h / 720;
      const cx = m.x + jolt(s, 13) * R * 0.05;
      const cy = m.y + jolt(s, 113) * R * 0.05;
      const a = turns * Math.PI * 2;

      // Its presence: a soft violet light behind the dial (one cached, pre-scaled blit).
      if (glow) {
        const gs = R * 2.1;
        g.globalCompositeOperation = 'lighter';
        g.globalAlpha = 0.5 * on;
        glowCache.draw(g, glow, cx - gs / 2, cy - gs / 2, gs, gs);
        g.globalCompositeOperation = 'source-over';
      }

      // The compressed night: the sky's lights dragged into circles round the machine, each trail
      // as long as the arc the night turns through in one exposure; they lengthen as time speeds.
      const sweep = 0.06 + 1.3 * lapse;
      const spin = a / 12;
      g.beginPath();
      for (let i = 0; i < TRAILS; i++) {
        const r = tR[i] * R;
        const a1 = tA[i] + spin;
        const a0 = a1 - sweep * tL[i];
        g.moveTo(cx + Math.cos(a0) * r, cy + Math.sin(a0) * r);
        g.arc(cx, cy, r, a0, a1);
      }
      g.strokeStyle = rgbStyle(pal[3] * 0.4 + 140, pal[4] * 0.4 + 140, pal[5] * 0.4 + 150);
      g.lineWidth = 1;
      g.globalAlpha = (0.22 + 0.25 * lapse) * on;
      g.stroke();

      // Lyra's warp pulled out of her loom, taut, wound onto the spindle: each thread leaves the
      // loom's top beam and meets the spindle on a tangent, so the bundle reads as one pull.
      loomWarp(s, warp, stage.weights);
      if (warp.on > 0.01) {
        const rs = SPINDLE * R;
        g.beginPath();
        for (let i = 0; i < warp.n; i++) {
          // Pulled out of the cloth itself: each thread leaves the loom's far upright at its own
          // height (top beam down to the fell), so the bundle is a fan narrowing into the machine.
          const u = i / (warp.n - 1);
          const x0 = warp.right;
          const y0 = warp.beamY + (warp.by - warp.beamY) * 0.62 * u;
          const dx = cx - x0;
          const dy = cy - y0;
          const dist = Math.hypot(dx, dy);
          // Wound at its own depth on the spindle; the fan meets it on both sides, over and under.
          const rr = rs * (0.55 + 0.9 * u);
          if (dist <= rr) continue;
          const base = Math.atan2(-dy, -dx);
          const off = Math.acos(Math.min(1, rr / dist));
          const ta = (i & 1) === 0 ? base + off : base - off;
          const ex = cx + Math.cos(ta) * rr;
          const ey = cy + Math.sin(ta) * rr;
          const sn = warp.snap[i];
          if (sn <= 0) {
            g.moveTo(x0, y0);
            g.lineTo(ex, ey);
          } else {
            // Snapped at the machine: the loose end springs back toward the loom and droops.
            const back = 0.35 + 0.5 * sn;
            g.moveTo(x0, y0);
            g.quadraticCurveTo(x0 + (ex - x0) * (1 - back) * 0.5, y0 + (ey - y0) * (1 - back) * 0.5 + 0.08 * s.h * sn, x0 + (ex - x0) * (1 - back), y0 + (ey - y0) * (1 - back) + 0.12 * s.h * sn);
          }
        }
        g.strokeStyle = rgbStyle(d[LYRA] * 0.6 + 90, d[LYRA + 1] * 0.6 + 90, d[LYRA + 2] * 0.6 + 90);
        g.lineWidth = 1;
        g.globalAlpha = Math.min(1, (0.55 + 0.3 * warp.tension) * on * warp.on * 1.4);
        g.stroke();
      }

      // The woven rings: two rims and a braid of stitches crossing between them, over and under.
      for (let ri = 0; ri < RINGS.length; ri++) {
        const ring = RINGS[ri];
        const ox = cx + jolt(s, 10 + ri) * R * 0.09;
        const oy = cy + jolt(s, 110 + ri) * R * 0.09;
        const r0 = ring.r0 * R;
        const r1 = ring.r1 * R;
        const rot = a * ring.turn;
        const step = (Math.PI * 2) / ring.n;
        g.beginPath();
        g.moveTo(ox + r0, oy);
        g.arc(ox, oy, r0, 0, Math.PI * 2);
        g.moveTo(ox + r1, oy);
        g.arc(ox, oy, r1, 0, Math.PI * 2);
        for (let t = 0; t < ring.n; t++) {
          // In the glitch, stitches come undone in runs.
          if (glitch > 0 && jolt(s, (20 + ri * 8 + (t * 8) / ring.n) | 0) > 0.45) continue;
          const s0 = rot + t * step;
          // Two strands crossing in each stitch, one leaning each way: a braid.
          g.moveTo(ox + Math.cos(s0) * r0, oy + Math.sin(s0) * r0);
          g.lineTo(ox + Math.cos(s0 + step * 1.5) * r1, oy + Math.sin(s0 + step * 1.5) * r1);
          if ((t & 1) === 0) {
            g.moveTo(ox + Math.cos(s0) * r1, oy + Math.sin(s0) * r1);
            g.lineTo(ox + Math.cos(s0 + step * 1.5) * r0, oy + Math.sin(s0 + step * 1.5) * r0);
          }
        }
        g.strokeStyle = ri === 1 ? rgbStyle(d[BRIAN] * 0.5 + 110, d[BRIAN + 1] * 0.5 + 100, d[BRIAN + 2] * 0.5 + 120) : rgbStyle(d[LYRA] * 0.45 + 130, d[LYRA + 1] * 0.45 + 130, d[LYRA + 2] * 0.45 + 135);
        g.lineWidth = 1;
        g.globalAlpha = (ri === 0 ? 0.75 : 0.85) * on;
        g.stroke();
      }

      // The outer rim's hour marks: twelve spokes of thread from the middle ring out to the outer.
      const ox = cx + jolt(s, 10) * R * 0.09;
      const oy = cy + jolt(s, 110) * R * 0.09;
      const hourRot = a * RINGS[0].turn;
      g.beginPath();
      for (let t = 0; t < 12; t++) {
        const ang = hourRot + (t / 12) * Math.PI * 2;
        const c = Math.cos(ang);
        const sn = Math.sin(ang);
        g.moveTo(ox + c * R * 0.74, oy + sn * R * 0.74);
        g.lineTo(ox + c * R * 0.9, oy + sn * R * 0.9);
        g.moveTo(ox + c * R * 0.42, oy + sn * R * 0.42);
        g.lineTo(ox + c * R * 0.63, oy + sn * R * 0.63);
      }
      g.strokeStyle = rgbStyle(d[BRIAN] * 0.6 + 80, d[BRIAN + 1] * 0.6 + 70, d[BRIAN + 2] * 0.6 + 90);
      g.lineWidth = 1;
      g.globalAlpha = 0.6 * on;
      g.stroke();

      // The spindle, thread wound on it in a spiral that turns with the minute hand.
      const rs = SPINDLE * R;
      g.beginPath();
      const turnsWound = WOUND * 24;
      for (let j = 0; j <= turnsWound; j++) {
        const u = j / turnsWound;
        const ang = a + u * WOUND * Math.PI * 2;
        const r = rs * (0.25 + 0.75 * u);
        if (j === 0) g.moveTo(cx + Math.cos(ang) * r, cy + Math.sin(ang) * r);
        else g.lineTo(cx + Math.cos(ang) * r, cy + Math.sin(ang) * r);
      }
      g.strokeStyle = rgbStyle(pal[9] * 0.5 + 120, pal[10] * 0.5 + 120, pal[11] * 0.5 + 110);
      g.lineWidth = 1;
      g.globalAlpha = 0.85 * on;
      g.stroke();

      // The hands: bundles of threads, splayed at the hub and gathered at the tip. The minute hand
      // sweeps a fading wake of single threads behind it as it speeds (the time-lapse blur).
      const minute = a - Math.PI / 2;
      const hour = a / 12 - Math.PI / 2;
      g.strokeStyle = rgbStyle(pal[9], pal[10], pal[11]);
      g.lineWidth = 1;
      const wake = 7;
      const spread = Math.min(1.1, 0.04 + 1.1 * lapse);
      if (spread > 0.05) {
        g.beginPath();
        for (let i = 1; i <= wake; i++) {
          const ang = minute - (i / wake) * spread;
          g.moveTo(cx + Math.cos(ang) * rs, cy + Math.sin(ang) * rs);
          g.lineTo(cx + Math.cos(ang) * R * 0.86, cy + Math.sin(ang) * R * 0.86);
        }
        g.globalAlpha = 0.22 * on;
        g.stroke();
      }
      g.beginPath();
      for (let hand = 0; hand < 2; hand++) {
        const ang = hand === 0 ? minute : hour;
        const len = (hand === 0 ? 0.88 : 0.56) * R;
        const splay = (hand === 0 ? 0.018 : 0.03) * R;
        const c = Math.cos(ang);
        const sn = Math.sin(ang);
        const tipX = cx + c * len;
        const tipY = cy + sn * len;
        for (let f = -2; f <= 2; f++) {
          g.moveTo(cx - sn * splay * f, cy + c * splay * f);
          g.lineTo(tipX, tipY);
        }
      }
      g.globalAlpha = 0.95 * on;
      g.stroke();
      g.beginPath();
      g.arc(cx, cy, 5 * k, 0, Math.PI * 2);
      g.fillStyle = rgbStyle(pal[9] * 0.5 + 128, pal[10] * 0.5 + 128, pal[11] * 0.5 + 128);
      g.fill();
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      glowCache.dispose();
      glow = null;
      version = -1;
      clock.turns = 0.1;
      stage.reset();
    },
  };
}
