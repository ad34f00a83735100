/**
 * The confrontation: the creature born of the Glitch — a vast, breathing knot of dark tendrils at
 * the centre of the panorama — ringed by the heartbeat/unity ring that the phones pulse with, and a
 * net of the crowd's light woven around it. Gold light gathers as unity rises; cracks of light open
 * in the creature as the crowd's resolve grows.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { glowSprite, rgbStyle, thinStroke } from '../render/styles.ts';

const TENDRILS = 18;
const NODES = 72;
const RIPPLES = 24;

/** The creature layer; pulses from the crowd make ripples on the ring. */
export interface CreatureLayer extends Layer {
  /** A pulse tap arrived (rate-limited into ripples). */
  pulse(role: number): void;
}

/** Creates the creature layer. */
export function createCreature(seed: number): CreatureLayer {
  const rng = new SeededRandom(seed ^ 0xc7ea);
  const tAng = new Float32Array(TENDRILS);
  const tLen = new Float32Array(TENDRILS);
  const tPh = new Float32Array(TENDRILS);
  for (let i = 0; i < TENDRILS; i++) {
    tAng[i] = (i / TENDRILS) * Math.PI * 2 + rng.next() * 0.3;
    tLen[i] = 0.75 + rng.next() * 0.6;
    tPh[i] = rng.next() * 6.28;
  }
  // The curve being drawn (p0, p1, p2), set by curve() and read by ribbonPoint().
  const cv = new Float32Array(6);
  // The two glows that cover much of the wall, kept pre-scaled (see ScaledSprite).
  const shadeCache = new ScaledSprite();
  const goldCache = new ScaledSprite();

  function curve(i: number, time: number, x0: number, y0: number, R: number, creature: number): void {
    const a = tAng[i] + 0.25 * Math.sin(time * 0.23 + tPh[i]);
    const L = R * (1.5 + 1.5 * tLen[i] * creature);
    const bend = 0.9 * Math.sin(time * 0.5 + tPh[i] * 2) + 0.3 * Math.sin(time * 1.1 + i);
    cv[0] = x0 + Math.cos(a) * R * 0.4;
    cv[1] = y0 + Math.sin(a) * R * 0.4;
    cv[2] = x0 + Math.cos(a + bend * 0.4) * L * 0.55;
    cv[3] = y0 + Math.sin(a + bend * 0.4) * L * 0.55;
    cv[4] = x0 + Math.cos(a + bend) * L;
    cv[5] = y0 + Math.sin(a + bend) * L;
  }

  /** A point at t on the current curve, offset sideways by its half-width (side ±1, 0 for the spine). */
  function ribbonPoint(t: number, R: number, side: number, first: boolean, g: CanvasRenderingContext2D): void {
    const u = 1 - t;
    const x = u * u * cv[0] + 2 * u * t * cv[2] + t * t * cv[4];
    const y = u * u * cv[1] + 2 * u * t * cv[3] + t * t * cv[5];
    const tx = 2 * u * (cv[2] - cv[0]) + 2 * t * (cv[4] - cv[2]);
    const ty = 2 * u * (cv[3] - cv[1]) + 2 * t * (cv[5] - cv[3]);
    const len = Math.hypot(tx, ty) || 1;
    const half = side * (R * 0.3 * Math.pow(u, 1.15) + 0.8);
    const px = x - (ty / len) * half;
    const py = y + (tx / len) * half;
    if (first) g.moveTo(px, py);
    else g.lineTo(px, py);
  }

  const rBorn = new Float32Array(RIPPLES).fill(-1e9);
  const rRole = new Uint8Array(RIPPLES);
  // Ripples already stroked this frame (merged into an earlier one's circle).
  const rDone = new Uint8Array(RIPPLES);
  let rHead = 0;
  let budget = 6;
  let now = 0;
  let body: HTMLCanvasElement | null = null;
  let shade: HTMLCanvasElement | null = null;
  let gold: HTMLCanvasElement | null = null;

  return {
    pulse(role: number): void {
      if (budget < 1) return;
      budget -= 1;
      rBorn[rHead] = now;
      rRole[rHead] = role & 3;
      rHead = (rHead + 1) % RIPPLES;
    },
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      now = s.time;
      budget = Math.min(6, budget + 6 * s.dt);
      const creature = s.p('creature');
      const cw = s.weight('confrontation');
      const presence = Math.max(creature, cw * 0.3);
      if (presence < 0.01) return;
      body ??= glowSprite(128, 120, 30, 70, 0.3);
      gold ??= glowSprite(128, 255, 226, 150, 0.2);
      shade ??= voidSprite(128);
      const h = s.h;
      const x0 = s.layout.worldWidth / 2 - s.layout.offsetX;
      const y0 = h * 0.5;
      const beat = s.beatPhase();
      // A soft heartbeat envelope (no hard attack): the creature swells a little on each beat.
      const env = Math.exp(-beat * 4) * (s.safe ? 0.3 : 1);
      const R = h * 0.17 * (0.6 + 0.4 * creature) * (1 + 0.035 * env);
      const resolve = s.crowd.resolve;
      const unity = s.crowd.unity;
      const pal = s.pal;

      // The body: a deep void that swallows the light around it.
      if (shade) {
        g.globalAlpha = 0.85 * creature;
        shadeCache.draw(g, shade, x0 - R * 2.8, y0 - R * 2.8, R * 5.6, R * 5.6);
      }

      // Tendrils: each a filled, tapering ribbon along a swaying quadratic curve (all in one path),
      // then a faint violet rim line down the middle of each.
      const SAMPLES = 12;
      g.beginPath();
      for (let i = 0; i < TENDRILS; i++) {
        curve(i, s.time, x0, y0, R, creature);
        for (let k = 0; k <= SAMPLES; k++) ribbonPoint(k / SAMPLES, R, 1, k === 0, g);
        for (let k = SAMPLES; k >= 0; k--) ribbonPoint(k / SAMPLES, R, -1, false, g);
        g.closePath();
      }
      g.fillStyle = rgbStyle(pal[3] * 0.95, pal[4] * 0.9, pal[5] * 1.05);
      g.globalAlpha = 0.95 * creature;
      g.fill();
      g.beginPath();
      for (let i = 0; i < TENDRILS; i++) {
        curve(i, s.time, x0, y0, R, creature);
        for (let k = 0; k <= SAMPLES; k++) ribbonPoint(k / SAMPLES, R, 0, k === 0, g);
      }
      g.strokeStyle = rgbStyle(pal[3] * 2.4, pal[4] * 2, pal[5] * 2.6);
      g.lineWidth = Math.max(1, R * 0.025);
      g.globalAlpha = 0.7 * creature;
      g.stroke();
      // The core, and a deep ember inside it that beats with the heart.
      g.globalAlpha = creature;
      g.fillStyle = rgbStyle(pal[0], pal[1], pal[2]);
      g.beginPath();
      g.arc(x0, y0, R * 0.8, 0, Math.PI * 2);
      g.fill();
      g.globalCompositeOperation = 'lighter';
      g.globalAlpha = creature * (0.25 + 0.15 * env) * (1 - resolve);
      g.drawImage(body, x0 - R * 0.7, y0 - R * 0.7, R * 1.4, R * 1.4);
      g.globalCompositeOperation = 'source-over';

      // Cracks of light open as the crowd wins.
      if (resolve > 0.02) {
        g.beginPath();
        for (let i = 0; i < 7; i++) {
          const a = tPh[i] * 1.7;
          const len = R * (0.5 + 1.2 * resolve);
          g.moveTo(x0 + Math.cos(a) * R * 0.1, y0 + Math.sin(a) * R * 0.1);
          // Jagged: three kinks, seeded per crack.
          for (let k = 1; k <= 3; k++) {
            const jut = (tLen[(i + k) % TENDRILS] - 0.9) * 0.5;
            g.lineTo(x0 + Math.cos(a + jut) * len * (k / 3), y0 + Math.sin(a + jut) * len * (k / 3));
          }
        }
        g.strokeStyle = rgbStyle(pal[6], pal[7], pal[8]);
        g.lineWidth = (1.2 + 2.5 * resolve) * (h / 720);
        g.globalAlpha = Math.min(0.85, resolve * 1.2) * presence;
        g.stroke();
      }

      g.globalCompositeOperation = 'lighter';
      // Gold light gathering with unity.
      const gather = (0.15 + 0.6 * unity + 0.5 * resolve) * presence;
      g.globalAlpha = Math.min(0.8, gather) * 0.6;
      const gs = R * (3 + 2 * resolve);
      goldCache.draw(g, gold, x0 - gs, y0 - gs, gs * 2, gs * 2);

      // The heartbeat/unity ring.
      const ringR = R * 2.3;
      g.beginPath();
      g.arc(x0, y0, ringR * (1 + 0.02 * env), 0, Math.PI * 2);
      g.strokeStyle = rgbStyle(pal[6], pal[7], pal[8]);
      g.lineWidth = (2.5 + 7 * unity) * (h / 720);
      g.globalAlpha = presence * (0.45 + 0.4 * unity) * (0.75 + 0.25 * env);
      g.stroke();

      // Ripples from pulse taps, each in its dreamer's colour, expanding outward from the ring. The
      // pulses of a beat arrive together, so their ripples share one circle; under 'lighter' colours
      // add, so a circle is stroked in the sum of its ripples' colours, as few times as the sum's
      // brightness needs (one stroke adds at most white), rather than once per ripple: a stroke
      // under 'lighter' costs about 0.1 ms a circle in software rendering.
      const d = s.dreamers;
      const rippleWidth = 1.5 * (h / 720);
      rDone.fill(0);
      for (let i = 0; i < RIPPLES; i++) {
        if (rDone[i]) continue;
        const born = rBorn[i];
        const a = now - born;
        if (a < 0 || a > 1.6) continue;
        let cr = 0;
        let cg = 0;
        let cb = 0;
        let members = 0;
        for (let j = i; j < RIPPLES; j++) {
          if (rBorn[j] !== born) continue;
          rDone[j] = 1;
          members++;
          const r = rRole[j] * 3;
          cr += d[r] | 0;
          cg += d[r + 1] | 0;
          cb += d[r + 2] | 0;
        }
        const alpha = presence * 0.45 * (1 - a / 1.6) * (0.4 + 0.6 * s.allow);
        const k = Math.max(1, cr / 255, cg / 255, cb / 255);
        g.beginPath();
        g.arc(x0, y0, ringR * (1 + a * 0.35), 0, Math.PI * 2);
        const strokes = Math.max(1, Math.ceil(thinStroke(g, rippleWidth, alpha * k, s.quality) - 1e-6));
        if (strokes < members) {
          thinStroke(g, rippleWidth, (alpha * k) / strokes, s.quality);
          g.strokeStyle = rgbStyle(cr / k + 0.5, cg / k + 0.5, cb / k + 0.5);
          for (let n = 0; n < strokes; n++) g.stroke();
          continue;
        }
        thinStroke(g, rippleWidth, alpha, s.quality);
        for (let j = i; j < RIPPLES; j++) {
          if (rBorn[j] !== born) continue;
          const r = rRole[j] * 3;
          g.strokeStyle = rgbStyle(d[r], d[r + 1], d[r + 2]);
          g.stroke();
        }
      }

      // The crowd's net: a woven band around the creature, one zigzag per dreamer colour, closing as
      // more people take part and the resolve grows.
      const weave = Math.min(1, 0.12 + s.crowd.participation * 0.6 + resolve * 0.5 + (1 - s.crowd.ghosts) * 0.2);
      const netR = ringR * 1.14;
      const woven = NODES;
      // Bevel joins: a mitre on every node of the zigzag multiplies the stroker's geometry.
      g.lineJoin = 'bevel';
      for (let role = 0; role < 4; role++) {
        g.beginPath();
        const rot = s.time * 0.03 * (role % 2 ? 1 : -1) + role * 0.4;
        for (let i = 0; i <= woven; i++) {
          const a = (i / NODES) * Math.PI * 2 + rot;
          const rr = netR * (1 + (i % 2 ? 0.045 : -0.045) * (1 + 0.4 * Math.sin(s.time * 0.4 + role + i * 0.2)));
          const x = x0 + Math.cos(a) * rr;
          const y = y0 + Math.sin(a) * rr * 0.94;
          if (i === 0) g.moveTo(x, y);
          else g.lineTo(x, y);
        }
        const r = role * 3;
        g.strokeStyle = rgbStyle(s.dreamers[r], s.dreamers[r + 1], s.dreamers[r + 2]);
        thinStroke(g, 1.4 * (h / 720), presence * (0.12 + 0.55 * weave), s.quality);
        g.stroke();
      }
      g.lineJoin = 'miter';
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      body = null;
      gold = null;
      shade = null;
      shadeCache.dispose();
      goldCache.dispose();
    },
  };
}

/** A soft disc of darkness (opaque black centre fading out), for what the creature swallows. */
function voidSprite(size: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.width = c.height = size;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const grad = ctx.createRadialGradient(size / 2, size / 2, 0, size / 2, size / 2, size / 2);
  grad.addColorStop(0, 'rgba(2,1,6,1)');
  grad.addColorStop(0.45, 'rgba(4,2,10,0.85)');
  grad.addColorStop(1, 'rgba(4,2,10,0)');
  ctx.fillStyle = grad;
  ctx.fillRect(0, 0, size, size);
  return c;
}
