/**
 * The dreamers' marks: their weaves join Lyra's — each phone's gesture becomes a weft thread carried
 * across the loom's warp (weave.ts) in its character's colour and hand, over and under, sagging and
 * settling into cloth; in the glitch, stitches across the tear (tearStitches.ts); blooms where they
 * tap; paper lanterns rising from festival taps; echo sparks
 * released at dawn; and the room itself, a warm glow and a low band of small lights along the
 * ground, one per dreamer in their character's colour, that fills in as the crowd grows (the crowd
 * drawn as light, like the nightmare's ground motes, never as a dark strip of heads). Everything lives in fixed pools; when the whole room taps at once, spawning is
 * rate-limited and the surplus feeds the soft, slow crowd glow instead of a storm of pops (the flash
 * guard's first line of defence).
 */
import { probe } from '../render/costProbe.ts';
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { SpriteSizes } from '../render/SpriteSizes.ts';
import type { FrameGesture } from '../../core/protocol.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';
import { THREAD_LIFE, ThreadLoom } from './ThreadLoom.ts';
import { ROWS, createWarp, motifOf, warpFromLoomThreads, warpX, weaveY, type Warp } from './weave.ts';
import { loomWarp, warpNow, WARP_COUNT } from './cast/loomWarp.ts';
import { HORIZON, markNow, placeMark } from '../render/stage.ts';
import { LANTERN_LIFE, LANTERN_SHAPES, lanternPose, lanternPoseNow, type LanternPose } from './lanternMotion.ts';
import { drawLantern, LANTERN_ASPECT, paperLanternSprite } from './paperLantern.ts';
import { ghostPositions } from '../../core/arc/ghosts.ts';
import { hash01 } from '../../core/random.ts';
import { motifSprite } from './motifSprite.ts';
import { createTearStitches } from './tearStitches.ts';

const BLOOMS = 192;
const LANTERNS = 192;
const DREAMER_SLOTS = 4096;
const BLOOM_LIFE = 2.2;
/** Echo sparks released at dawn rise for this long. */
const ECHO_LIFE = 14;
/** New blooms / lanterns allowed per second, whatever the crowd does. */
const BLOOM_RATE = 24;
const LANTERN_RATE = 8;
/** Lyra's loom (`cast/`) draws the warp; this layer only weaves through it. True draws a faint copy (for tests of this layer alone). */
export const DRAW_WARP = false;
/** Lantern body height at full size and depth, px at 720 of wall height. */
const LANTERN_H = 46;
/** How fast a ghost dreamer's shuttle crosses the warp, u per second. */
const GHOST_SHUTTLE = 0.32;
/**
 * Highest a phone's weft starts on the warp (v; 0 is the top of the sky): the cloth grows in the
 * lower part of the warp, near the loom, and the warp's upper part runs on alone into the sky.
 */
const WEFT_LOW = 0.34;
/** Ghost weft is laid this often, s. */
const GHOST_STEP = 1 / 15;
/** Dreamers at which the crowd along the bottom is fully there. */
const FULL_CROWD = 120;
/** Most crowd lights drawn along the ground: a bigger room's dreamers share them. */
export const CROWD_LIGHTS = 240;
/** The crowd's band of lights: its top, as a share of the wall's height (the lights sit below it). */
export const CROWD_BAND_TOP = 0.93;
/**
 * Where the festival's lanterns stream up from (shares of the world's width), each stream with its
 * lean on the night air (sideways per unit risen): the sky fills in loose drifts, not an even scatter.
 */
export const LANTERN_STREAMS: readonly (readonly [number, number])[] = [
  [0.4, 0.1],
  [0.63, -0.06],
  [0.86, 0.08],
];
/** Small far lanterns always rising in the festival's streams (the distance is the densest part). */
export const FAR_LANTERNS = 72;
/** Highest a lantern is let go (v from the top): just above the horizon, never in the field. */
export const LANTERN_FROM = HORIZON - 0.015;

/**
 * Carries a phone's stroke across the warp like a shuttle: the stroke's length (not its direction)
 * moves the weft along u, scaled by the dreamer's reach; the shuttle turns back at either edge of the
 * warp; the stroke's vertical motion lifts or lowers the row a fifth as much.
 * @param uv the weft's [u, v, direction ±1], updated in place; @param dx, dy the stroke's step (0..1 units).
 */
export function shuttleStep(uv: Float32Array, o: number, dx: number, dy: number, role: number): void {
  const d = Math.sqrt(dx * dx + dy * dy);
  let u = uv[o] + uv[o + 2] * d * motifOf(role).reach * 0.5;
  if (u > 1) {
    u = 2 - u;
    uv[o + 2] = -1;
  } else if (u < 0) {
    u = -u;
    uv[o + 2] = 1;
  }
  uv[o] = u < 0 ? 0 : u > 1 ? 1 : u;
  const v = uv[o + 1] + dy * 0.2;
  uv[o + 1] = v < 0.02 ? 0.02 : v > 0.98 ? 0.98 : v;
}

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
  // In the glitch the room's threads go to the tear as stitches (tearStitches.ts).
  const stitches = createTearStitches();
  const warp: Warp = createWarp(Math.max(WARP_COUNT, 15));
  const lyraLoom = warpNow();
  const mark = markNow();
  const pose: LanternPose = lanternPoseNow();
  // Each dreamer's weft now in weave space: u, v, shuttle direction.
  const weft = new Float32Array(DREAMER_SLOTS * 3);
  let bodies: HTMLCanvasElement[] = [];
  /** The bodies at a ladder of sizes, for the far streams' small unturned lanterns. */
  let bodyLadders: SpriteSizes[] = [];
  const ghostAt = new Float32Array(8);
  const ghostWeft = new Float32Array([0.1, 0.5, 1, 0.9, 0.6, -1, 0.3, 0.8, 1, 0.7, 0.4, -1]);
  let ghostAcc = 0;
  let ghostsWove = false;
  let seedNow = 0;

  /** Each ghost's shuttle moves on by `step` seconds' worth at the ghost's height at `clock`, laid at scene time `born`. */
  function weaveGhosts(clock: number, born: number, step: number): void {
    ghostPositions(seedNow, clock, ghostAt);
    for (let r = 0; r < 4; r++) {
      const o = r * 3;
      const u0 = ghostWeft[o];
      const v0 = ghostWeft[o + 1];
      const dir = ghostWeft[o + 2];
      // The ghost leans its row a little toward where it wanders.
      ghostWeft[o + 1] = v0 + (Math.min(0.95, Math.max(WEFT_LOW, ghostAt[r * 2 + 1])) - v0) * 0.004;
      shuttleStep(ghostWeft, o, (GHOST_SHUTTLE * step) / (motifOf(r).reach * 0.5), 0, r);
      loom.add(u0, v0, ghostWeft[o], ghostWeft[o + 1], r, born);
      if (ghostWeft[o + 2] !== dir) {
        // The shuttle turned: the next pick goes one row up the cloth, back to the loom when the cloth is full.
        const up = ghostWeft[o + 1] - 1.3 / ROWS;
        ghostWeft[o + 1] = up < WEFT_LOW ? 0.95 - r * 0.03 : up;
      }
    }
  }
  // The crowd's lights, painted once per wall size, preset and head count (see crowdLights).
  let band: HTMLCanvasElement | null = null;
  let bandKey = '';
  let bandLights = -1;
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
  const lStream = new Uint8Array(LANTERNS);
  const machine = markNow();
  let lSeed = 0;
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

  function echoX(i: number, age: number): number {
    return lx[i] + 0.012 * Math.sin(age * 0.9 + i);
  }
  function echoY(i: number, age: number): number {
    return ly[i] - 0.06 * age;
  }
  /** A tapped lantern's x now (world share): its sway plus its stream's lean as it rises. Reads `pose`. */
  function lanternX(i: number): number {
    return lx[i] + (pose.dx + LANTERN_STREAMS[lStream[i]][1] * pose.rise) * (s0h / Math.max(1, s0w));
  }
  let s0h = 720;
  let s0w = 1280;
  /**
   * The far streams: {@link FAR_LANTERNS} small lanterns, stateless (seed and show clock), each let
   * go from its stream's foot on the horizon and fanning out as it rises; `glow` draws their halos
   * (additive), otherwise their bodies.
   */
  function farLanterns(g: CanvasRenderingContext2D, s: Scene, vis: number, allow: number, glow: boolean): void {
    const ww = s.layout.worldWidth;
    const ox = s.layout.offsetX;
    const h = s.h;
    const unit = h / 720;
    const t = s.showTime;
    const period = LANTERN_LIFE;
    for (let k = 0; k < FAR_LANTERNS; k++) {
      const start = (k / FAR_LANTERNS) * period;
      const cycle = Math.floor((t - start) / period);
      const age = t - start - cycle * period;
      const seed = 5000 + k + cycle * FAR_LANTERNS;
      lanternPose(seed, age, pose);
      const st = LANTERN_STREAMS[k % LANTERN_STREAMS.length];
      const spread = (hash01(s.seed, seed, 3) - 0.5) * (0.05 + 0.5 * pose.rise);
      // Far: a third of the size, rising a little slower (parallax), a touch fainter.
      const rise = pose.rise * 0.75;
      const x = (st[0] + spread) * ww - ox + (pose.dx * 0.5 + st[1] * rise) * h;
      const y = (LANTERN_FROM - 0.005 - rise) * h;
      const size = LANTERN_H * unit * 0.34 * pose.size * (1 - 0.35 * Math.min(1, rise / 0.6));
      if (glow) {
        if (!lanternLadder) return;
        g.globalAlpha = Math.min(1, 0.5 * pose.alpha * pose.bright * vis * allow);
        lanternLadder.draw(g, x, y, size * 2.6);
      } else {
        // So small and far, the turn does not show: a plain unscaled blit from the body's ladder of
        // sizes (72 scaled blits cost about three times as much), no transform.
        const body = bodyLadders[(k & 3) * LANTERN_SHAPES + pose.shape];
        const a = pose.alpha * vis * (0.6 + 0.3 * pose.bright);
        if (!body || a < 0.004 || size < 2) continue;
        g.globalAlpha = Math.min(1, a);
        body.draw(g, x, y, size);
      }
    }
  }

  function ensureSprites(s: Scene): void {
    const d = s.dreamers;
    if (s.presetVersion === spriteKey) return;
    spriteKey = s.presetVersion;
    // A tap's bloom carries its dreamer's motif (the same mark as their star at dawn).
    sprites = [0, 1, 2, 3].map((r) => motifSprite(r, d[r * 3], d[r * 3 + 1], d[r * 3 + 2]));
    lanternSprite = glowSprite(64, 255, 170, 80, 0.12);
    bodies = [];
    for (let r = 0; r < 4; r++) for (let v = 0; v < LANTERN_SHAPES; v++) bodies.push(paperLanternSprite(d[r * 3], d[r * 3 + 1], d[r * 3 + 2], v));
    for (const l of bodyLadders) l.dispose();
    bodyLadders = bodies.map((b) => new SpriteSizes(b, LANTERN_ASPECT));
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
          if (p.length < 2) return false;
          const stroke = ge.s ?? 0;
          const o = slot * 3;
          const same = lastStroke[slot] === stroke;
          let px = same ? lastX[slot] : p[0];
          let py = same ? lastY[slot] : p[1];
          if (!same && !(Number.isFinite(p[0]) && Number.isFinite(p[1]))) return false;
          if (!same) {
            // A new stroke: the shuttle enters the warp where the finger went down, heading the way it moves.
            weft[o] = Math.min(1, Math.max(0, p[0]));
            weft[o + 1] = Math.min(0.98, Math.max(0.02, WEFT_LOW + (0.97 - WEFT_LOW) * p[1]));
            weft[o + 2] = p.length >= 4 && p[2] < p[0] ? -1 : 1;
          }
          for (let i = 0; i + 1 < p.length; i += 2) {
            const nx = p[i];
            const ny = p[i + 1];
            // A jump across the canvas (a finger lifted and put down, a wrap at the edge) is not a thread.
            if (!(Math.abs(nx - px) <= 0.15 && Math.abs(ny - py) <= 0.15)) {
              px = nx;
              py = ny;
              continue;
            }
            const u0 = weft[o];
            const v0 = weft[o + 1];
            shuttleStep(weft, o, nx - px, ny - py, ge.r);
            if (weft[o] !== u0 || weft[o + 1] !== v0) loom.add(u0, v0, weft[o], weft[o + 1], ge.r, now);
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
          if (ge.p.length < 2 || !Number.isFinite(ge.p[0]) || !Number.isFinite(ge.p[1])) return false;
          if (festival && lanternBudget >= 1) {
            lanternBudget -= 1;
            // Let go over the crowd into the nearest stream, just above the horizon (a tap high on the
            // phone: a lantern let go a little higher), so the sky fills in drifts.
            // The left of the sky is Lyra's loom: the streams keep to the right of it.
            const tx = 0.36 + 0.6 * Math.min(1, Math.max(0, ge.p[0]));
            let k = 0;
            for (let j = 1; j < LANTERN_STREAMS.length; j++) if (Math.abs(LANTERN_STREAMS[j][0] - tx) < Math.abs(LANTERN_STREAMS[k][0] - tx)) k = j;
            lx[lHead] = LANTERN_STREAMS[k][0] + 0.6 * (tx - LANTERN_STREAMS[k][0]);
            lStream[lHead] = k;
            ly[lHead] = LANTERN_FROM - 0.2 * (1 - Math.min(1, Math.max(0, ge.p[1])));
            lBorn[lHead] = now;
            lRole[lHead] = ge.r;
            lSway[lHead] = lSeed++;
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
          if (ge.p.length < 2 || !Number.isFinite(ge.p[0]) || !Number.isFinite(ge.p[1])) return false;
          if (lanternBudget >= 1) {
            lanternBudget -= 1;
            lx[lHead] = ge.p[0];
            ly[lHead] = Math.min(0.95, ge.p[1] + 0.4);
            lBorn[lHead] = now;
            lRole[lHead] = ge.r;
            lSway[lHead] = -1;
            lStream[lHead] = 0;
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
      s0h = s.h;
      s0w = s.layout.worldWidth;
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
      const unit = h / 720;
      const fade = s.p('brightness') * 0.5 + 0.5;

      // The room below the wall: a warm glow and a band of lights, as many as there are dreamers.
      // The lights step back in the upgrade (the picture there is the machine's acceleration).
      const room = Math.min(1, s.crowd.dreamers / FULL_CROWD) * (1 - s.weight('glitch') - 0.6 * s.weight('nightmare') - 0.7 * s.weight('upgrade'));
      const warmth = Math.max(0.22 * glow, 0.3 * room);
      if (warmth > 0.01 && lanternSprite) {
        g.globalCompositeOperation = 'lighter';
        g.globalAlpha = Math.min(1, warmth) * fade;
        warmthCache.draw(g, lanternSprite, -s.w * 0.25, h * 0.78, s.w * 1.5, h * 0.5);
        g.globalCompositeOperation = 'source-over';
      }

      probe(g, 'threads.warmth');
      // Lyra's warp: where the loom stands now (blended across phases), from its bar into the sky.
      loomWarp(s, lyraLoom);
      warpFromLoomThreads(lyraLoom, warp);
      mark.on = lyraLoom.on;
      if (DRAW_WARP && mark.on > 0.01) {
        g.beginPath();
        for (let k = 0; k < warp.n; k++) {
          for (let j = 0; j <= 12; j++) {
            const v = 1 - j / 12;
            const x = warpX(warp, k, v);
            const y = weaveY(warp, v);
            if (j === 0) g.moveTo(x, y);
            else g.lineTo(x, y);
          }
        }
        const d = s.dreamers;
        g.strokeStyle = rgbStyle(d[0] * 0.6 + 90, d[1] * 0.6 + 90, d[2] * 0.6 + 90);
        g.lineWidth = 1;
        // At dawn the warp steps back behind the dreamers' constellations.
        g.globalAlpha = 0.6 * mark.on * fade * (1 - 0.6 * s.weight('dawn'));
        g.stroke();
      }

      // With few phones, the story's four characters weave on their own: each ghost's shuttle crosses
      // the warp steadily at the height the ghost wanders (core/arc/ghosts.ts), so an empty room
      // still sees Lyra's cloth growing.
      seedNow = s.seed;
      const ghostWeave = s.crowd.ghosts * (s.weight('serene') + s.weight('festival') + 0.6 * s.weight('upgrade'));
      const ghostClock = s.showTime * 0.6 + s.time * 0.4;
      // Only a wall just started back-fills; later the ghosts' cloth grows pick by pick (never all at once).
      if (s.time > 2) ghostsWove = true;
      if (ghostWeave > 0.3 && !ghostsWove) {
        // A wall that arrives while the ghosts weave sees the cloth they have woven so far: the last
        // thread-life of their shuttles is laid at once, each piece with the age it would have.
        ghostsWove = true;
        for (let back = THREAD_LIFE; back > 0; back -= GHOST_STEP) weaveGhosts(ghostClock - back, now - back, GHOST_STEP);
      }
      ghostAcc += dt;
      if (ghostWeave > 0.3 && ghostAcc >= GHOST_STEP) {
        weaveGhosts(ghostClock, now, ghostAcc);
        ghostAcc = 0;
      } else if (ghostAcc >= GHOST_STEP) ghostAcc = 0;

      // Threads: the woven cloth plus the live tips (ThreadLoom).
      loom.draw(g, s, now, warp);
      probe(g, 'threads.loom');
      stitches.draw(g, s);
      probe(g, 'threads.stitches');

      g.globalCompositeOperation = 'lighter';
      // Blooms: eased in over a quarter second and out over two: no pops. In the upgrade the same
      // marks become streaks speeding toward Brian's machine, stretched by their speed (one path
      // per dreamer colour), the marks fading out as the streaks take over.
      const allow = 0.35 + 0.65 * s.allow;
      const upgrade = s.weight('upgrade');
      placeMark('machine', s, machine);
      // In serene a tap's bloom joins Lyra's weave: it lights on her warp where the phone touched
      // across it (x: across the warp; y: up the cloth), a small soft light rising along the thread,
      // so the room's marks gather into the picture's one bright column instead of hazing the sky.
      const onLoom = s.weight('serene') * (mark.on > 0.01 ? 1 : 0);
      const kMax = warp.n - 1;
      for (let i = 0; i < BLOOMS; i++) {
        const a = now - bBorn[i];
        if (a < 0 || a > BLOOM_LIFE || upgrade > 0.98) continue;
        const env = a < 0.25 ? a / 0.25 : 1 - (a - 0.25) / (BLOOM_LIFE - 0.25);
        const k = a / BLOOM_LIFE;
        let x = bx[i] * ww - ox;
        let y = by[i] * h;
        let size = (30 + 60 * Math.sqrt(k)) * unit;
        if (onLoom > 0) {
          const v = WEFT_LOW + (0.97 - WEFT_LOW) * by[i] - 0.12 * k;
          x += (warpX(warp, bx[i] * kMax, v) - x) * onLoom;
          y += (weaveY(warp, v) - y) * onLoom;
          size *= 1 - 0.6 * onLoom;
        }
        g.globalAlpha = 0.55 * env * env * allow * fade * (1 - upgrade) * (1 + 0.3 * onLoom);
        ladders[bRole[i]].draw(g, x, y, size);
      }
      if (upgrade > 0.02) {
        g.lineCap = 'butt';
        const d = s.dreamers;
        for (let r = 0; r < 4; r++) {
          g.beginPath();
          let any = false;
          for (let i = 0; i < BLOOMS; i++) {
            const a = now - bBorn[i];
            if (bRole[i] !== r || a < 0 || a > BLOOM_LIFE) continue;
            const sx = bx[i] * ww - ox;
            const sy = by[i] * h;
            const dx = machine.x - sx;
            const dy = machine.y - sy;
            // Accelerating: the way gone grows with the square of the age, the tail with the speed.
            const k = a / BLOOM_LIFE;
            const at = k * k;
            const tail = Math.min(at, 0.04 + 0.22 * k);
            g.moveTo(sx + dx * (at - tail), sy + dy * (at - tail));
            g.lineTo(sx + dx * at, sy + dy * at);
            any = true;
          }
          if (!any) continue;
          g.strokeStyle = rgbStyle(Math.min(255, d[r * 3] + 60), Math.min(255, d[r * 3 + 1] + 60), Math.min(255, d[r * 3 + 2] + 60));
          g.lineWidth = 1.4 * unit;
          g.globalAlpha = 0.6 * upgrade * allow * fade;
          g.stroke();
        }
      }
      // Lanterns: the glow around each first (additive), then the paper bodies over it, far ones
      // first. Released echoes (sway < 0) are small sparks in their dreamer's colour.
      probe(g, 'threads.blooms');
      const festival = s.weight('festival');
      const lanternSizes = lanternLadder;
      let paper = 0;
      if (lanternSizes) {
        for (let i = 0; i < LANTERNS; i++) {
          const a = now - lBorn[i];
          if (lSway[i] < 0) {
            if (a < 0 || a > ECHO_LIFE) continue;
            const env = Math.min(1, a / 0.6) * Math.min(1, (ECHO_LIFE - a) / 3);
            // Small and soft: sparks rising into the sky's stars, never confetti over it.
            g.globalAlpha = 0.55 * env * fade * allow;
            ladders[lRole[i]].draw(g, echoX(i, a) * ww - ox, echoY(i, a) * h, 16 * unit);
            continue;
          }
          if (a < 0 || a > LANTERN_LIFE) continue;
          lanternPose(lSway[i], a, pose);
          g.globalAlpha = Math.min(1, 0.7 * pose.alpha * pose.flame * pose.bright * fade * allow);
          lanternSizes.draw(g, lanternX(i) * ww - ox, (ly[i] - pose.rise) * h, LANTERN_H * 2.4 * unit * pose.scale * pose.size);
          paper++;
        }
        probe(g, 'threads.lglow');
        if (festival > 0.02) farLanterns(g, s, festival * fade, allow, true);
        probe(g, 'threads.farglow');
      }
      g.globalCompositeOperation = 'source-over';
      if (festival > 0.02) farLanterns(g, s, festival * fade, allow, false);
      probe(g, 'threads.farbody');
      if (paper > 0) {
        for (let pass = 0; pass < 2; pass++) {
          for (let i = 0; i < LANTERNS; i++) {
            const a = now - lBorn[i];
            if (lSway[i] < 0 || a < 0 || a > LANTERN_LIFE) continue;
            lanternPose(lSway[i], a, pose);
            if ((pose.depth < 0.72) !== (pass === 0)) continue;
            const body = bodies[lRole[i] * LANTERN_SHAPES + pose.shape];
            drawLantern(g, body, lanternX(i) * ww - ox, (ly[i] - pose.rise) * h, LANTERN_H * unit * pose.scale * pose.size, pose.turn, pose.alpha * fade * (0.8 + 0.2 * pose.bright));
          }
        }
      }
      probe(g, 'threads.bodies');
      // The crowd as light: one small warm light per dreamer along the ground, in their colour,
      // breathing slowly as one (never flickering: the flash guard's allowance dims it too).
      if (room > 0.02) {
        const lights = Math.min(CROWD_LIGHTS, s.crowd.dreamers);
        const key = `${Math.round(s.w)}x${Math.round(h)}@${Math.round(ox)}/${Math.round(ww)}#${s.presetVersion}`;
        if (!band || bandKey !== key || bandLights !== lights) {
          bandKey = key;
          bandLights = lights;
          if (band) band.width = band.height = 0;
          band = crowdLights(Math.round(s.w), Math.round(h), ww, ox, lights, s.dreamers);
        }
        g.globalCompositeOperation = 'lighter';
        g.globalAlpha = Math.min(1, room * 1.3) * fade * (0.88 + 0.12 * Math.sin(s.time * 0.9)) * (0.6 + 0.4 * s.allow);
        g.drawImage(band, 0, Math.round(h - band.height));
      }
      g.globalAlpha = 1;
      g.globalCompositeOperation = 'source-over';
    },
    dispose(): void {
      sprites = [];
      bodies = [];
      lanternSprite = null;
      if (band) band.width = band.height = 0;
      band = null;
      for (const l of ladders) l.dispose();
      ladders = [];
      for (const l of bodyLadders) l.dispose();
      bodyLadders = [];
      lanternLadder?.dispose();
      lanternLadder = null;
      warmthCache.dispose();
      loom.dispose();
    },
  };
}

/**
 * The crowd as light along the bottom of the wall: `n` small soft lights, one per dreamer (the k-th
 * in the colour of character k mod 4, warmed toward lantern gold), in two loose rows, the near row
 * lower, larger and brighter; painted once per wall size, preset and count. Places follow the golden
 * ratio along the panorama, so each new dreamer's light falls in the widest gap and the band fills in
 * evenly as the room grows (and every wall agrees).
 * @param w, h the wall, px; @param ww, ox the panorama's width and this wall's offset in it, px;
 * @param colours the four characters' colours (r, g, b 0..255 each).
 */
function crowdLights(w: number, h: number, ww: number, ox: number, n: number, colours: ArrayLike<number>): HTMLCanvasElement {
  const c = document.createElement('canvas');
  const ch = Math.max(1, Math.round(h * (1 - CROWD_BAND_TOP)));
  c.width = Math.max(1, w);
  c.height = ch;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const unit = h / 720;
  const halos: HTMLCanvasElement[] = [];
  const cores: string[] = [];
  for (let r = 0; r < 4; r++) {
    // Warmed toward the lanterns' gold: a room lit by its dreamers, not a row of LEDs.
    const cr = Math.round(colours[r * 3] * 0.6 + 255 * 0.4);
    const cg = Math.round(colours[r * 3 + 1] * 0.6 + 190 * 0.4);
    const cb = Math.round(colours[r * 3 + 2] * 0.6 + 110 * 0.4);
    halos.push(glowSprite(32, cr, cg, cb, 0.18));
    cores.push(rgbStyle(Math.min(255, cr + 70), Math.min(255, cg + 70), Math.min(255, cb + 60)));
  }
  ctx.globalCompositeOperation = 'lighter';
  for (let k = 0; k < n; k++) {
    const u = (0.5 + k * 0.6180339887) % 1;
    const x = u * ww - ox;
    if (x < -20 * unit || x > w + 20 * unit) continue;
    const near = hash01(31, k, 1) < 0.5;
    const j = hash01(31, k, 2);
    const y = ch * (near ? 0.62 + 0.3 * j : 0.25 + 0.3 * j);
    const size = (near ? 15 : 9) * unit * (0.8 + 0.4 * hash01(31, k, 3));
    const r = k & 3;
    ctx.globalAlpha = near ? 0.75 : 0.5;
    ctx.drawImage(halos[r], x - size / 2, y - size / 2, size, size);
    // A sharp point at its heart: a light, not a smudge (reads in grayscale too).
    const dot = (near ? 1.6 : 1.1) * unit;
    ctx.globalAlpha = near ? 0.95 : 0.7;
    ctx.fillStyle = cores[r];
    ctx.fillRect(x - dot / 2, y - dot / 2, dot, dot);
  }
  return c;
}
