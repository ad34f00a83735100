/**
 * The dreamers' marks: woven threads in their character's colour, blooms where they tap, lanterns
 * rising from festival taps, echo sparks released at dawn. Everything lives in fixed pools; when the
 * whole room taps at once, spawning is rate-limited and the surplus feeds a soft, slow crowd glow
 * instead of a storm of pops (the flash guard's first line of defence).
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { SpriteSizes } from '../render/SpriteSizes.ts';
import type { FrameGesture } from '../../core/protocol.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';
import { ThreadLoom } from './ThreadLoom.ts';

const BLOOMS = 192;
const LANTERNS = 160;
const DREAMER_SLOTS = 4096;
const BLOOM_LIFE = 2.2;
const LANTERN_LIFE = 14;
/** New blooms / lanterns allowed per second, whatever the crowd does. */
const BLOOM_RATE = 24;
const LANTERN_RATE = 8;

/** The gesture layer. */
export interface ThreadsLayer extends Layer {
  /** Takes one gesture from a frame; returns true if it was drawn (or merged into the crowd glow). */
  ingest(gesture: FrameGesture, s: Scene): boolean;
  /** Soft glow the surplus of a tapping crowd builds up, 0..1. */
  readonly crowdGlow: number;
}

/** Creates the gesture layer. */
export function createThreads(): ThreadsLayer {
  const loom = new ThreadLoom();
  // The crowd's warmth covers the lower half of the wall: kept pre-scaled (see ScaledSprite).
  const warmthCache = new ScaledSprite();
  const lastStroke = new Int32Array(DREAMER_SLOTS).fill(-1);
  const lastX = new Float32Array(DREAMER_SLOTS);
  const lastY = new Float32Array(DREAMER_SLOTS);

  const bx = new Float32Array(BLOOMS);
  const by = new Float32Array(BLOOMS);
  const bBorn = new Float32Array(BLOOMS).fill(-1e9);
  const bRole = new Uint8Array(BLOOMS);
  let bHead = 0;
  const lx = new Float32Array(LANTERNS);
  const ly = new Float32Array(LANTERNS);
  const lBorn = new Float32Array(LANTERNS).fill(-1e9);
  const lRole = new Uint8Array(LANTERNS);
  const lSway = new Float32Array(LANTERNS);
  let lHead = 0;
  let bloomBudget = BLOOM_RATE;
  let lanternBudget = LANTERN_RATE;
  let glow = 0;
  let glowInput = 0;
  let now = 0;
  let sprites: HTMLCanvasElement[] = [];
  let spriteKey = -1;
  let lanternSprite: HTMLCanvasElement | null = null;
  // The same sprites at a ladder of sizes, blitted unscaled (see SpriteSizes).
  let ladders: SpriteSizes[] = [];
  let lanternLadder: SpriteSizes | null = null;

  function lanternX(i: number, age: number): number {
    return lx[i] + 0.012 * Math.sin(age * 0.9 + lSway[i] * 6.28);
  }
  function lanternY(i: number, age: number): number {
    return ly[i] - (lSway[i] < 0 ? 0.06 : 0.035) * age;
  }

  function ensureSprites(s: Scene): void {
    const d = s.dreamers;
    if (s.presetVersion === spriteKey) return;
    spriteKey = s.presetVersion;
    sprites = [0, 1, 2, 3].map((r) => glowSprite(64, d[r * 3], d[r * 3 + 1], d[r * 3 + 2]));
    lanternSprite = glowSprite(64, 255, 170, 80, 0.12);
    for (const l of ladders) l.dispose();
    lanternLadder?.dispose();
    ladders = sprites.map((c) => new SpriteSizes(c));
    lanternLadder = new SpriteSizes(lanternSprite);
  }

  return {
    get crowdGlow() {
      return glow;
    },
    ingest(ge: FrameGesture, s: Scene): boolean {
      const slot = ge.d % DREAMER_SLOTS;
      switch (ge.k) {
        case 'weave': {
          const p = ge.p;
          const stroke = ge.s ?? 0;
          let px = lastStroke[slot] === stroke ? lastX[slot] : p[0];
          let py = lastStroke[slot] === stroke ? lastY[slot] : p[1];
          for (let i = 0; i + 1 < p.length; i += 2) {
            const nx = p[i];
            const ny = p[i + 1];
            // A jump across the canvas (a finger lifted and put down, a wrap at the edge) is not a thread.
            if (Math.abs(nx - px) > 0.15 || Math.abs(ny - py) > 0.15) {
              px = nx;
              py = ny;
              continue;
            }
            loom.add(px, py, nx, ny, ge.r, now);
            px = nx;
            py = ny;
          }
          lastStroke[slot] = stroke;
          lastX[slot] = px;
          lastY[slot] = py;
          return true;
        }
        case 'tap': {
          const festival = s.weight('festival') > 0.5;
          if (festival && lanternBudget >= 1) {
            lanternBudget -= 1;
            lx[lHead] = ge.p[0];
            ly[lHead] = ge.p[1];
            lBorn[lHead] = now;
            lRole[lHead] = ge.r;
            lSway[lHead] = (ge.d * 0.618) % 1;
            lHead = (lHead + 1) % LANTERNS;
          } else if (!festival && bloomBudget >= 1) {
            bloomBudget -= 1;
            bx[bHead] = ge.p[0];
            by[bHead] = ge.p[1];
            bBorn[bHead] = now;
            bRole[bHead] = ge.r;
            bHead = (bHead + 1) % BLOOMS;
          } else glowInput += 1;
          return true;
        }
        case 'release': {
          if (lanternBudget >= 1) {
            lanternBudget -= 1;
            lx[lHead] = ge.p[0];
            ly[lHead] = Math.min(0.95, ge.p[1] + 0.4);
            lBorn[lHead] = now;
            lRole[lHead] = ge.r;
            lSway[lHead] = -1;
            lHead = (lHead + 1) % LANTERNS;
          } else glowInput += 1;
          return true;
        }
        case 'shine':
        case 'pulse':
          // Drawn elsewhere: shining phones arrive as frame.lights, pulses ripple the creature's ring.
          return true;
        case 'tilt':
          return false;
      }
    },
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      now = s.time;
      ensureSprites(s);
      const dt = s.dt;
      bloomBudget = Math.min(BLOOM_RATE, bloomBudget + BLOOM_RATE * dt);
      lanternBudget = Math.min(LANTERN_RATE, lanternBudget + LANTERN_RATE * dt);
      // The crowd glow rises and falls slowly: thousands of taps read as warmth, never as flicker.
      const target = Math.min(1, glowInput / Math.max(1, dt * 400));
      glowInput = 0;
      glow += (target - glow) * (1 - Math.exp(-dt / 1.5));
      const ww = s.layout.worldWidth;
      const ox = s.layout.offsetX;
      const h = s.h;
      const fade = s.p('brightness') * 0.5 + 0.5;

      // Threads: the woven cloth plus the live tips (ThreadLoom).
      loom.draw(g, s, now);

      g.globalCompositeOperation = 'lighter';
      // Blooms: eased in over a quarter second and out over two: no pops.
      const allow = 0.35 + 0.65 * s.allow;
      for (let i = 0; i < BLOOMS; i++) {
        const a = now - bBorn[i];
        if (a < 0 || a > BLOOM_LIFE) continue;
        const env = a < 0.25 ? a / 0.25 : 1 - (a - 0.25) / (BLOOM_LIFE - 0.25);
        const size = (30 + 60 * Math.sqrt(a / BLOOM_LIFE)) * (h / 720);
        g.globalAlpha = 0.55 * env * env * allow * fade;
        ladders[bRole[i]].draw(g, bx[i] * ww - ox, by[i] * h, size);
      }
      // Lanterns rise and sway; released echoes (sway < 0) rise faster and smaller. Glows first, then
      // every lantern's paper body in one path.
      const lantern = lanternSprite;
      const lanternSizes = lanternLadder;
      const unit = h / 720;
      let bodies = 0;
      if (lantern && lanternSizes) {
        for (let i = 0; i < LANTERNS; i++) {
          const a = now - lBorn[i];
          if (a < 0 || a > LANTERN_LIFE) continue;
          const echo = lSway[i] < 0;
          const xx = lanternX(i, a) * ww - ox;
          const yy = lanternY(i, a) * h;
          const env = Math.min(1, a / 0.6) * Math.min(1, (LANTERN_LIFE - a) / 3);
          const size = (echo ? 26 : 70) * unit;
          g.globalAlpha = (echo ? 0.8 : 0.55) * env * fade * allow;
          (echo ? ladders[lRole[i]] : lanternSizes).draw(g, xx, yy, size);
          if (!echo) bodies++;
        }
      }
      if (bodies > 0) {
        g.beginPath();
        for (let i = 0; i < LANTERNS; i++) {
          const a = now - lBorn[i];
          if (a < 0.3 || a > LANTERN_LIFE - 1.5 || lSway[i] < 0) continue;
          const xx = lanternX(i, a) * ww - ox;
          const yy = lanternY(i, a) * h;
          g.moveTo(xx + 5 * unit, yy);
          g.ellipse(xx, yy, 5 * unit, 7 * unit, 0, 0, Math.PI * 2);
        }
        g.fillStyle = rgbStyle(255, 196, 120);
        g.globalAlpha = 0.75 * allow * fade;
        g.fill();
      }
      // Crowd glow: a wide, low, slow warmth along the bottom.
      if (glow > 0.01 && lantern) {
        g.globalAlpha = 0.25 * glow;
        warmthCache.draw(g, lantern, -s.w * 0.25, h * 0.55, s.w * 1.5, h * 0.9);
      }
      g.globalAlpha = 1;
      g.globalCompositeOperation = 'source-over';
    },
    dispose(): void {
      sprites = [];
      lanternSprite = null;
      for (const l of ladders) l.dispose();
      ladders = [];
      lanternLadder?.dispose();
      lanternLadder = null;
      warmthCache.dispose();
      loom.dispose();
    },
  };
}
