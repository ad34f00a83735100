/**
 * Brian's upgrade as a machine: a great dial of concentric rings, meshing gears and clock hands at
 * the stage's `machine` mark, turning faster and faster through the upgrade (a time-lapse: see
 * machineClock.ts), over a perspective floor grid whose rows crowd toward the horizon as time is
 * compressed, with streaks of time-lapse light. In the glitch it fails: it stutters, its parts are
 * knocked out of true and its hands spin backward (the portal that tears is another layer). Its
 * ghost lingers faintly behind the creature in the confrontation and rests, reset, at dawn.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { HORIZON, markNow } from '../render/stage.ts';
import { EasedStage } from './cast/EasedStage.ts';
import { rgbStyle } from '../render/styles.ts';
import { FigureCanvas } from './cast/FigureCanvas.ts';
import { traceGear } from './cast/silhouettes.ts';
import { jolt, stepMachine, type MachineClock } from './cast/machineClock.ts';

const STREAKS = 60;
/** Brian's colour in `Scene.dreamers` (role order: lyra, remy, tara, brian). */
const BRIAN = 9;

/** The gears: centre (× the dial's radius, from its centre), size (diameter × radius), teeth, gear ratio sign. */
const GEARS = [
  { x: -0.42, y: 0.3, d: 0.78, teeth: 16, turn: 1 / 4 },
  { x: 0.12, y: 0.6, d: 0.46, teeth: 10, turn: -1 / 2.4 },
  { x: 0.5, y: -0.36, d: 0.52, teeth: 11, turn: -1 / 2.7 },
] as const;

/** Creates the machine (the upgrade layer). */
export function createUpgrade(seed: number): Layer {
  const rng = new SeededRandom(seed ^ 0x09a0);
  const sx = new Float32Array(STREAKS);
  const sy = new Float32Array(STREAKS);
  const sv = new Float32Array(STREAKS);
  for (let i = 0; i < STREAKS; i++) {
    sx[i] = rng.next();
    sy[i] = rng.next();
    sv[i] = 0.5 + rng.next();
  }
  const gears = GEARS.map((gear) => new FigureCanvas((g, h) => traceGear(g, h, gear.teeth), { left: -0.5, right: 0.5, top: -0.5, bottom: 0.5 }, 0.015, -0.015));
  const clock: MachineClock = { turns: 0.1 };
  const m = markNow();
  const stage = new EasedStage();
  let scroll = 0;

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      stage.step(s);
      stage.place('machine', s, m);
      const up = stage.weight('upgrade');
      const glitch = stage.weight('glitch');
      const turns = stepMachine(clock, s);
      if (m.on < 0.01 && up < 0.01) return;
      // A flow speed that is not a number (a broken frame) reads as standing still.
      const fs = s.p('flowSpeed');
      const speed = fs > 0 ? (fs < 4 ? fs : 4) : 0;
      const pal = s.pal;
      const d = s.dreamers;
      const w = s.w;
      const h = s.h;
      const on = m.on;
      const R = m.size;
      const k = h / 720;
      const lapse = Math.max(0, Math.min(1, (speed - 1) / 3));

      // The floor grid compressing time: rows slide toward us ever faster and crowd toward the horizon.
      const gw = up + 0.5 * glitch;
      if (gw > 0.01) {
        scroll = (scroll + s.dt * (0.1 + 0.5 * speed)) % 1;
        const hy = h * HORIZON;
        const crowd = 1.6 + 1.2 * lapse;
        g.beginPath();
        for (let r = 0; r < 16; r++) {
          const t = (r + scroll) / 16;
          const y = hy + (h - hy) * Math.pow(t, crowd);
          g.moveTo(0, y);
          g.lineTo(w, y);
        }
        for (let c = -18; c <= 18; c++) {
          g.moveTo(m.x + c * 10 * k, hy);
          g.lineTo(m.x + c * s.layout.worldWidth * 0.08, h);
        }
        g.strokeStyle = rgbStyle(d[BRIAN], d[BRIAN + 1], d[BRIAN + 2]);
        g.lineWidth = 1;
        g.globalAlpha = 0.22 * gw;
        g.stroke();

        // Streaks: time-lapse light, longer as the upgrade compresses the dream.
        const len = (0.02 + 0.1 * Math.max(0, speed - 0.8)) * s.layout.worldWidth;
        const vel = (0.1 + 0.45 * speed) * s.dt;
        g.beginPath();
        for (let i = 0; i < STREAKS; i++) {
          sx[i] += vel * sv[i];
          if (sx[i] > 1.2) {
            sx[i] -= 1.4;
            sy[i] = rng.next();
          }
          const x = s.x(sx[i]);
          const y = sy[i] * h * HORIZON;
          g.moveTo(x - len * sv[i], y);
          g.lineTo(x, y);
        }
        g.strokeStyle = rgbStyle(pal[3], pal[4], pal[5]);
        g.globalAlpha = 0.3 * gw * Math.min(1, speed / 2) * (0.5 + 0.5 * s.allow);
        g.stroke();
      }
      if (on < 0.01) {
        g.globalAlpha = 1;
        return;
      }

      const cx = m.x;
      const cy = m.y;
      const a = turns * Math.PI * 2;
      // The gears behind the dial, meshing: each turns at its ratio of the minute hand.
      for (let i = 0; i < GEARS.length; i++) {
        const gear = GEARS[i];
        const fig = gears[i];
        // Built at the gear's size in 5 % steps, so a machine growing across a phase change
        // rebuilds a handful of times, not every frame.
        fig.ensure(Math.pow(1.05, Math.round(Math.log(Math.max(8, gear.d * R)) / Math.log(1.05))), s.presetVersion, d, BRIAN);
        const gx = cx + gear.x * R + jolt(s, i) * R * 0.12;
        const gy = cy + gear.y * R + jolt(s, i + 100) * R * 0.12;
        fig.drawTurned(g, gx, gy, a * gear.turn + jolt(s, i + 200) * 0.6, (Math.PI * 2) / gear.teeth, 10, on * 0.85);
      }

      // The rings (source-over: in software rendering a stroke under 'lighter' costs about twice as much): an outer dial with minute ticks, a segmented ring turning against it, an inner dial.
      const ring0x = cx + jolt(s, 10) * R * 0.08;
      const ring0y = cy + jolt(s, 110) * R * 0.08;
      const a0 = a / 60;
      g.beginPath();
      g.moveTo(ring0x + R, ring0y);
      g.arc(ring0x, ring0y, R, 0, Math.PI * 2);
      for (let t = 0; t < 60; t++) {
        const ang = a0 + (t / 60) * Math.PI * 2;
        const inner = t % 5 === 0 ? 0.9 : 0.95;
        g.moveTo(ring0x + Math.cos(ang) * R * inner, ring0y + Math.sin(ang) * R * inner);
        g.lineTo(ring0x + Math.cos(ang) * R, ring0y + Math.sin(ang) * R);
      }
      // Hairlines throughout: software rendering strokes 1 px lines several times faster than wider ones.
      g.strokeStyle = rgbStyle(pal[12], pal[13], pal[14]);
      g.lineWidth = 1;
      g.globalAlpha = 0.9 * on;
      g.stroke();

      const ring1x = cx + jolt(s, 11) * R * 0.1;
      const ring1y = cy + jolt(s, 111) * R * 0.1;
      const a1 = -a / 8;
      g.beginPath();
      for (let t = 0; t < 12; t++) {
        // In the glitch, segments drop out of the ring.
        if (glitch > 0 && jolt(s, 20 + t) > 0.5) continue;
        const s0 = a1 + (t / 12) * Math.PI * 2;
        const s1 = s0 + (Math.PI * 2) / 12 - 0.12;
        // A band: two concentric hairlines closed at the ends.
        g.moveTo(ring1x + Math.cos(s0) * R * 0.76, ring1y + Math.sin(s0) * R * 0.76);
        g.arc(ring1x, ring1y, R * 0.76, s0, s1);
        g.arc(ring1x, ring1y, R * 0.8, s1, s0, true);
        g.closePath();
      }
      g.strokeStyle = rgbStyle(pal[3], pal[4], pal[5]);
      g.lineWidth = 1;
      g.globalAlpha = 0.75 * on;
      g.stroke();

      const ring2x = cx + jolt(s, 12) * R * 0.06;
      const ring2y = cy + jolt(s, 112) * R * 0.06;
      g.beginPath();
      g.moveTo(ring2x + R * 0.5, ring2y);
      g.arc(ring2x, ring2y, R * 0.5, 0, Math.PI * 2);
      for (let t = 0; t < 12; t++) {
        const ang = (t / 12) * Math.PI * 2;
        g.moveTo(ring2x + Math.cos(ang) * R * 0.42, ring2y + Math.sin(ang) * R * 0.42);
        g.lineTo(ring2x + Math.cos(ang) * R * 0.5, ring2y + Math.sin(ang) * R * 0.5);
      }
      g.strokeStyle = rgbStyle(d[BRIAN], d[BRIAN + 1], d[BRIAN + 2]);
      g.lineWidth = 1;
      g.globalAlpha = 0.9 * on;
      g.stroke();

      // The hands: the minute hand sweeps a fading wake as it speeds (the time-lapse blur), the hour hand follows.
      const hx = cx + jolt(s, 13) * R * 0.05;
      const hy = cy + jolt(s, 113) * R * 0.05;
      const minute = a - Math.PI / 2;
      const hour = a / 12 - Math.PI / 2;
      g.strokeStyle = rgbStyle(pal[9], pal[10], pal[11]);
      g.lineCap = 'round';
      const wake = 6;
      const spread = Math.min(0.9, 0.05 + 0.9 * lapse) * (1 - glitch);
      for (let i = wake; i >= 0; i--) {
        const back = (i / wake) * spread;
        g.beginPath();
        g.moveTo(hx, hy);
        g.lineTo(hx + Math.cos(minute - back) * R * 0.72, hy + Math.sin(minute - back) * R * 0.72);
        g.lineWidth = i === 0 ? 3 * k : 1;
        g.globalAlpha = on * (i === 0 ? 0.95 : 0.4 * (1 - i / (wake + 1)));
        g.stroke();
        if (spread < 0.02) break;
      }
      g.beginPath();
      g.moveTo(hx, hy);
      g.lineTo(hx + Math.cos(hour) * R * 0.45, hy + Math.sin(hour) * R * 0.45);
      g.lineWidth = 4.5 * k;
      g.globalAlpha = 0.9 * on;
      g.stroke();
      g.beginPath();
      g.arc(hx, hy, 7 * k, 0, Math.PI * 2);
      g.fillStyle = rgbStyle(pal[9], pal[10], pal[11]);
      g.fill();
      g.lineCap = 'butt';
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      for (const f of gears) f.dispose();
      scroll = 0;
      clock.turns = 0.1;
      stage.reset();
    },
  };
}
