/**
 * The confrontation: the creature born of the Glitch — a vast, breathing knot of dark tendrils at
 * the centre of the panorama — ringed by the heartbeat/unity ring that the phones pulse with, and a
 * net of the crowd's light woven around it. Gold light gathers as unity rises; cracks of light open
 * in the creature as the crowd's resolve grows.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { SeededRandom } from '../../core/random.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';

const TENDRILS = 18;
const NODES = 28;
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
  const rBorn = new Float32Array(RIPPLES).fill(-1e9);
  const rRole = new Uint8Array(RIPPLES);
  let rHead = 0;
  let budget = 6;
  let now = 0;
  let body: HTMLCanvasElement | null = null;
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
      body ??= glowSprite(128, 12, 4, 18, 0.5);
      gold ??= glowSprite(128, 255, 226, 150, 0.2);
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
      g.globalAlpha = 0.9 * creature;
      g.drawImage(body, x0 - R * 2.6, y0 - R * 2.6, R * 5.2, R * 5.2);

      // Tendrils: three passes, wide and dark to fine and faintly lit at the edge.
      for (let pass = 0; pass < 3; pass++) {
        g.beginPath();
        for (let i = 0; i < TENDRILS; i++) {
          const a = tAng[i] + 0.25 * Math.sin(s.time * 0.23 + tPh[i]);
          const L = R * (1.6 + 1.3 * tLen[i] * creature);
          const bend = 0.9 * Math.sin(s.time * 0.5 + tPh[i] * 2);
          const mx = x0 + Math.cos(a + bend * 0.4) * L * 0.5;
          const my = y0 + Math.sin(a + bend * 0.4) * L * 0.5;
          const ex = x0 + Math.cos(a + bend) * L;
          const ey = y0 + Math.sin(a + bend) * L;
          g.moveTo(x0 + Math.cos(a) * R * 0.5, y0 + Math.sin(a) * R * 0.5);
          g.quadraticCurveTo(mx, my, ex, ey);
        }
        if (pass === 0) {
          g.strokeStyle = rgbStyle(pal[0], pal[1], pal[2]);
          g.lineWidth = R * 0.34;
          g.globalAlpha = 0.85 * creature;
        } else if (pass === 1) {
          g.strokeStyle = rgbStyle(pal[3], pal[4], pal[5]);
          g.lineWidth = R * 0.16;
          g.globalAlpha = 0.9 * creature;
        } else {
          g.strokeStyle = rgbStyle(pal[3] * 2.2, pal[4] * 2, pal[5] * 2.4);
          g.lineWidth = Math.max(1, R * 0.025);
          g.globalAlpha = 0.6 * creature;
        }
        g.lineCap = 'round';
        g.stroke();
      }
      g.globalAlpha = creature;
      g.fillStyle = rgbStyle(pal[0], pal[1], pal[2]);
      g.beginPath();
      g.arc(x0, y0, R * 0.85, 0, Math.PI * 2);
      g.fill();

      // Cracks of light open as the crowd wins.
      if (resolve > 0.02) {
        g.beginPath();
        for (let i = 0; i < 7; i++) {
          const a = tPh[i] * 1.7;
          g.moveTo(x0, y0);
          g.lineTo(x0 + Math.cos(a) * R * 0.9 * resolve, y0 + Math.sin(a) * R * 0.9 * resolve);
        }
        g.strokeStyle = rgbStyle(pal[6], pal[7], pal[8]);
        g.lineWidth = 2 + 3 * resolve;
        g.globalAlpha = Math.min(1, resolve * 1.4) * presence;
        g.stroke();
      }

      g.globalCompositeOperation = 'lighter';
      // Gold light gathering with unity.
      const gather = (0.15 + 0.6 * unity + 0.5 * resolve) * presence;
      g.globalAlpha = Math.min(0.8, gather) * 0.6;
      const gs = R * (3 + 2 * resolve);
      g.drawImage(gold, x0 - gs, y0 - gs, gs * 2, gs * 2);

      // The heartbeat/unity ring.
      const ringR = R * 2.5;
      g.beginPath();
      g.arc(x0, y0, ringR * (1 + 0.02 * env), 0, Math.PI * 2);
      g.strokeStyle = rgbStyle(pal[6], pal[7], pal[8]);
      g.lineWidth = (2 + 7 * unity) * (h / 720);
      g.globalAlpha = presence * (0.3 + 0.45 * unity) * (0.75 + 0.25 * env);
      g.stroke();

      // Ripples from pulse taps, each in its dreamer's colour, expanding outward from the ring.
      for (let i = 0; i < RIPPLES; i++) {
        const a = now - rBorn[i];
        if (a < 0 || a > 1.6) continue;
        const r = rRole[i] * 3;
        g.beginPath();
        g.arc(x0, y0, ringR * (1 + a * 0.35), 0, Math.PI * 2);
        g.strokeStyle = rgbStyle(s.dreamers[r], s.dreamers[r + 1], s.dreamers[r + 2]);
        g.lineWidth = 1.5 * (h / 720);
        g.globalAlpha = presence * 0.45 * (1 - a / 1.6) * (0.4 + 0.6 * s.allow);
        g.stroke();
      }

      // The crowd's net: chords between nodes around the ring, more of them as more take part.
      const weave = Math.min(1, 0.15 + s.crowd.participation * 0.6 + resolve * 0.5 + (1 - s.crowd.ghosts) * 0.2);
      const netR = ringR * 1.35;
      for (let role = 0; role < 4; role++) {
        g.beginPath();
        for (let i = role; i < NODES; i += 4) {
          const a1 = (i / NODES) * Math.PI * 2 + s.time * 0.02;
          const skip = 5 + ((i * 7) % 9);
          if ((i % NODES) / NODES > weave) continue;
          const a2 = (((i + skip) % NODES) / NODES) * Math.PI * 2 + s.time * 0.02;
          g.moveTo(x0 + Math.cos(a1) * netR, y0 + Math.sin(a1) * netR * 0.92);
          g.quadraticCurveTo(x0 + Math.cos((a1 + a2) / 2) * ringR * 0.9, y0 + Math.sin((a1 + a2) / 2) * ringR * 0.85, x0 + Math.cos(a2) * netR, y0 + Math.sin(a2) * netR * 0.92);
        }
        const r = role * 3;
        g.strokeStyle = rgbStyle(s.dreamers[r], s.dreamers[r + 1], s.dreamers[r + 2]);
        g.lineWidth = 1.2 * (h / 720);
        g.globalAlpha = presence * (0.25 + 0.4 * weave);
        g.stroke();
      }
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      body = null;
      gold = null;
    },
  };
}
