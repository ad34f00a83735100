/**
 * The restored dawn: the creature dissolving into rising motes, and the echoes of everyone who took
 * part tonight (snapshot.echoes + frame.echoes) returning as constellations that belong to the
 * dreamers who made them: each echo a star in its dreamer's colour and motif, gliding from where
 * that phone dreamed into its character's sign (constellations.ts) — Lyra's lyre, Remy's lamp,
 * Tara's sparkle, Brian's zigzag: small sparse asterisms that belong to the sky, not icons over it.
 * A sign is a handful of small stars (never a dust of points): each echo flies to one of them, so a
 * sign is drawn in star by star as its dreamers arrive, traced softly (a faint line that stops
 * short of the stars, as a sky chart draws it) once both ends are lit, fainter the nearer the
 * bright horizon; a bigger crowd makes the same stars brighter rather than more or bigger of them.
 * (The sunrise itself is the sunrise layer's.)
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import type { EchoMark } from '../../core/protocol.ts';
import { SeededRandom } from '../../core/random.ts';
import { SpriteSizes } from '../render/SpriteSizes.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';
import { MAX_SIGN_STARS, SIGN_PLACES, SIGN_STARS, signSize } from './constellations.ts';
import { motifSprite } from './motifSprite.ts';

const ECHOES = 4096;
const MOTES = 260;
/** Travelling echoes drawn per sign at most (the rest fly unseen; all of them light their star). */
const FLYING_PER_SIGN = 8;
/** An echo this close to its star (fraction of the wall's height) has arrived: it lights its star. */
const ARRIVED = 0.05;
/** An echo not yet given its star (it cannot arrive anywhere until {@link relink} runs). */
const UNLINKED = 2;
/** The stars of a sign differ in brightness, as a real figure's do (1 the brightest). */
const MAGNITUDE = [1, 0.7, 0.85, 0.6, 0.95, 0.75, 0.65];

/** The dawn layer; it keeps tonight's constellation. */
export interface DawnLayer extends Layer {
  /** Adds or moves one dreamer's echo. */
  echo(mark: EchoMark): void;
  /** Forgets the constellation (a new night, or a fresh snapshot). */
  clearEchoes(): void;
  /** Echoes held. */
  readonly echoCount: number;
}

/** Creates the dawn layer. */
export function createDawn(seed: number): DawnLayer {
  const rng = new SeededRandom(seed ^ 0xda77);
  const index = new Map<number, number>();
  const ex = new Float32Array(ECHOES);
  const ey = new Float32Array(ECHOES);
  const ew = new Float32Array(ECHOES);
  const er = new Uint8Array(ECHOES);
  const dreamer = new Float64Array(ECHOES);
  // Which star of its sign each echo flies to, and whether it has reached it (a sign growing with
  // its crowd moves its stars a little: an echo once arrived keeps its star lit).
  const star = new Uint8Array(ECHOES);
  const landed = new Uint8Array(ECHOES);
  // Each sign's stars this frame (role r's star a at r * MAX_SIGN_STARS + a): place (panorama x,
  // wall y 0..1), echoes arrived there, and their summed weight.
  const sx = new Float32Array(4 * MAX_SIGN_STARS);
  const sy = new Float32Array(4 * MAX_SIGN_STARS);
  const sn = new Float32Array(4 * MAX_SIGN_STARS);
  const sw = new Float32Array(4 * MAX_SIGN_STARS);
  // Where each echo is heading (its place in its dreamer's sign, panorama x and wall y 0..1), and how
  // much it did; stars glide there, so a crowd re-releasing at full rate never jitters.
  const tx = new Float32Array(ECHOES);
  const ty = new Float32Array(ECHOES);
  const tw = new Float32Array(ECHOES);
  // Each sign's stars in order along it: order[start[r] .. start[r] + per[r]).
  const order = new Int32Array(ECHOES);
  const start = new Int32Array(4);
  const per = new Int32Array(4);
  const fill = new Int32Array(4);
  let aspect = 16 / 9;
  let relinkAt = 0;
  let count = 0;
  let dirty = false;
  const mx = new Float32Array(MOTES);
  const my = new Float32Array(MOTES);
  const mv = new Float32Array(MOTES);
  for (let i = 0; i < MOTES; i++) {
    mx[i] = 0.5 + (rng.next() - 0.5) * 0.3;
    my[i] = 0.3 + rng.next() * 0.5;
    mv[i] = 0.3 + rng.next();
  }
  let spriteKey = -1;
  // Motes and echo stars are drawn by the hundred: from ladders of sizes, unscaled (see SpriteSizes).
  let sprites: SpriteSizes[] = [];
  // Each sign's stars: sharp points of light in its dreamer's colour (see signStarSprite).
  let starSprites: SpriteSizes[] = [];
  let mote: SpriteSizes | null = null;

  /**
   * Gives every echo its star in its dreamer's sign: the k-th of a role's echoes (in the order they
   * first came) flies to star k mod the sign's star count, so the first echoes light the sign's stars
   * in the order the pen meets them and later ones brighten them. O(n) on change only.
   */
  function relink(): void {
    per.fill(0);
    for (let i = 0; i < count; i++) per[er[i]]++;
    let acc = 0;
    for (let r = 0; r < 4; r++) {
      start[r] = acc;
      acc += per[r];
      const place = SIGN_PLACES[r];
      const size = signSize(r, per[r]);
      const st = SIGN_STARS[r].stars;
      for (let a = 0; a * 2 < st.length; a++) {
        sx[r * MAX_SIGN_STARS + a] = place[0] + (st[a * 2] * size) / aspect;
        sy[r * MAX_SIGN_STARS + a] = place[1] + st[a * 2 + 1] * size;
      }
    }
    fill.fill(0);
    for (let i = 0; i < count; i++) {
      const r = er[i];
      const k = fill[r]++;
      order[start[r] + k] = i;
      const a = k % (SIGN_STARS[r].stars.length / 2);
      star[i] = a;
      if (landed[i] === UNLINKED) landed[i] = 0;
      tx[i] = sx[r * MAX_SIGN_STARS + a];
      ty[i] = sy[r * MAX_SIGN_STARS + a];
    }
    dirty = false;
  }

  return {
    get echoCount() {
      return count;
    },
    echo(m: EchoMark): void {
      let i = index.get(m.d);
      if (i === undefined) {
        if (count >= ECHOES) return;
        i = count++;
        index.set(m.d, i);
        // A star sets out from where that phone dreamed (anywhere odd: from the middle).
        ex[i] = Number.isFinite(m.x) ? Math.min(1, Math.max(0, m.x)) : 0.5;
        ey[i] = (Number.isFinite(m.y) ? Math.min(1, Math.max(0, m.y)) : 0.5) * 0.8;
        ew[i] = 0;
        landed[i] = UNLINKED;
        tx[i] = ex[i];
        ty[i] = ey[i];
        dreamer[i] = m.d;
      }
      tw[i] = m.w >= 0 ? Math.min(1, m.w) : 0;
      if (er[i] !== (m.r & 3)) landed[i] = UNLINKED;
      if (er[i] !== (m.r & 3) || i === count - 1) dirty = true;
      er[i] = m.r & 3;
    },
    clearEchoes(): void {
      index.clear();
      count = 0;
      dirty = true;
    },
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const dawn = s.weight('dawn');
      const h = s.h;
      const ww = s.layout.worldWidth;
      const ox = s.layout.offsetX;
      const unit = h / 720;
      if (s.presetVersion !== spriteKey) {
        spriteKey = s.presetVersion;
        mote?.dispose();
        for (const l of sprites) l.dispose();
        mote = new SpriteSizes(glowSprite(32, 255, 232, 170, 0.3));
        const d = s.dreamers;
        sprites = [0, 1, 2, 3].map((r) => new SpriteSizes(motifSprite(r, d[r * 3], d[r * 3 + 1], d[r * 3 + 2])));
        for (const l of starSprites) l.dispose();
        starSprites = [0, 1, 2, 3].map((r) => new SpriteSizes(signStarSprite(d[r * 3], d[r * 3 + 1], d[r * 3 + 2])));
      }
      g.globalCompositeOperation = 'lighter';
      // The creature dissolving: gold motes rising from where it was.
      const dissolve = dawn * Math.max(0, 1 - s.phaseTime / 40) + s.weight('confrontation') * s.crowd.resolve * 0.6;
      if (dissolve > 0.01 && mote) {
        for (let i = 0; i < MOTES; i++) {
          my[i] -= mv[i] * 0.03 * s.dt;
          mx[i] += Math.sin(s.time * 0.7 + i) * 0.0004;
          if (my[i] < -0.05) {
            my[i] = 0.45 + rng.next() * 0.2;
            mx[i] = 0.5 + (rng.next() - 0.5) * 0.25;
          }
          const life = Math.min(1, (0.6 - my[i]) * 2.5);
          const alpha = dissolve * Math.max(0, Math.min(1, life)) * 0.5 * (0.4 + 0.6 * s.allow);
          // A mote too faint to add half a level of 255 changes no pixel: skip its blit.
          if (alpha < 0.5 / 255) continue;
          g.globalAlpha = alpha;
          const size = (5 + 6 * mv[i]) * unit;
          mote.draw(g, mx[i] * ww - ox, my[i] * h, size);
        }
      }
      // The constellations of tonight's dreamers.
      const vis = s.p('echoes');
      const glide = 1 - Math.exp(-s.dt / 0.8);
      const newAspect = ww / Math.max(1, h);
      if (Math.abs(newAspect - aspect) > 1e-3) {
        aspect = newAspect;
        dirty = true;
      }
      if (dirty && s.time >= relinkAt) {
        relink();
        relinkAt = s.time + 0.5;
      }
      for (let i = 0; i < count; i++) {
        ex[i] += (tx[i] - ex[i]) * glide;
        ey[i] += (ty[i] - ey[i]) * glide;
        ew[i] += (tw[i] - ew[i]) * glide;
      }
      if (vis > 0.01 && count > 0) {
        const d = s.dreamers;
        const twinkle = s.time * 0.8;
        // A dense sky of stars is the flash guard's business too: it dims them while it holds.
        const guard = 0.45 + 0.55 * s.allow;
        sn.fill(0);
        sw.fill(0);
        for (let r = 0; r < 4; r++) {
          const n = per[r];
          if (n === 0) continue;
          // The echoes still flying (a few of them drawn, small), and those arrived lighting their star.
          const stride = Math.max(1, Math.ceil(n / FLYING_PER_SIGN));
          for (let k = 0; k < n; k++) {
            const i = order[start[r] + k];
            const dx = (tx[i] - ex[i]) * aspect;
            const dy = ty[i] - ey[i];
            if (landed[i] === 1 || (landed[i] === 0 && dx * dx + dy * dy < ARRIVED * ARRIVED)) {
              landed[i] = 1;
              sn[r * MAX_SIGN_STARS + star[i]] += 1;
              sw[r * MAX_SIGN_STARS + star[i]] += ew[i];
            } else if (k % stride === 0) {
              g.globalAlpha = vis * (0.2 + 0.2 * ew[i]) * guard;
              sprites[r].draw(g, ex[i] * ww - ox, ey[i] * h, (5 + 4 * ew[i]) * unit);
            }
          }
          // Stars low in the sky stand in the sunrise's glow: fainter, as real stars fade at dawn.
          const low = Math.min(1, Math.max(0, (SIGN_PLACES[r][1] - 0.12) / 0.25));
          const sky = vis * guard * (1 - 0.4 * low);
          // The lines: one between two stars once both are lit, a faint wash of the dreamer's colour
          // in the dawn's pale gold, stopping short of each star (traced, not outlined).
          const lines = SIGN_STARS[r].lines;
          const gap = 5 * unit;
          g.beginPath();
          let any = false;
          for (let l = 0; l < lines.length; l += 2) {
            const a = r * MAX_SIGN_STARS + lines[l];
            const b = r * MAX_SIGN_STARS + lines[l + 1];
            if (sn[a] === 0 || sn[b] === 0) continue;
            const ax = sx[a] * ww - ox;
            const ay = sy[a] * h;
            const lx = sx[b] * ww - ox - ax;
            const ly = sy[b] * h - ay;
            const len = Math.sqrt(lx * lx + ly * ly);
            if (len < gap * 3) continue;
            const k = gap / len;
            g.moveTo(ax + lx * k, ay + ly * k);
            g.lineTo(ax + lx * (1 - k), ay + ly * (1 - k));
            any = true;
          }
          if (any) {
            g.strokeStyle = rgbStyle(d[r * 3] * 0.35 + 165, d[r * 3 + 1] * 0.35 + 150, d[r * 3 + 2] * 0.35 + 130);
            g.lineWidth = Math.max(0.8, 0.9 * unit);
            g.globalAlpha = 0.3 * sky;
            g.stroke();
          }
          // The stars: brighter (a little bigger) as more of the crowd's echoes reach them, each its
          // own magnitude (as a real figure's stars differ), twinkling gently.
          const share = Math.max(1, n / (SIGN_STARS[r].stars.length / 2));
          const stars = SIGN_STARS[r].stars.length / 2;
          for (let a = 0; a < stars; a++) {
            const o = r * MAX_SIGN_STARS + a;
            if (sn[o] === 0) continue;
            const full = Math.min(1, sn[o] / share);
            const weight = sw[o] / sn[o];
            const mag = MAGNITUDE[(a * 5 + r * 3) % MAGNITUDE.length];
            g.globalAlpha = Math.min(1, sky * (0.45 + 0.25 * full + 0.15 * weight) * mag);
            const size = (7 + 4 * full + 3 * weight) * unit * (0.6 + 0.4 * mag) * (0.94 + 0.06 * Math.sin(twinkle + a * 1.9 + r));
            starSprites[r].draw(g, sx[o] * ww - ox, sy[o] * h, size);
          }
        }
      }
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      mote?.dispose();
      mote = null;
      for (const l of sprites) l.dispose();
      sprites = [];
      for (const l of starSprites) l.dispose();
      starSprites = [];
      index.clear();
      count = 0;
    },
  };
}

/**
 * One star of a dreamer's sign (32 px, drawn at 5–14 px): a white-hot point, a faint halo in the
 * dreamer's colour and two faint fine rays, so it reads as a small sharp star (in grayscale too),
 * not a soft blot or a badge. Painted once per preset.
 * @param r, g, b the dreamer's colour, 0..255.
 */
function signStarSprite(r: number, g: number, b: number): HTMLCanvasElement {
  const c = glowSprite(32, r, g, b, 0.12);
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const m = 16;
  ctx.globalCompositeOperation = 'lighter';
  const pale = `${Math.round(r * 0.4 + 153)},${Math.round(g * 0.4 + 153)},${Math.round(b * 0.4 + 153)}`;
  for (const [x0, y0, x1, y1] of [[3, m, 29, m], [m, 3, m, 29]] as const) {
    const ray = ctx.createLinearGradient(x0, y0, x1, y1);
    ray.addColorStop(0, `rgba(${pale},0)`);
    ray.addColorStop(0.5, `rgba(${pale},0.5)`);
    ray.addColorStop(1, `rgba(${pale},0)`);
    ctx.strokeStyle = ray;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
  }
  const core = ctx.createRadialGradient(m, m, 0, m, m, 5);
  core.addColorStop(0, 'rgba(255,255,255,1)');
  core.addColorStop(0.4, `rgba(${pale},0.8)`);
  core.addColorStop(1, `rgba(${pale},0)`);
  ctx.fillStyle = core;
  ctx.fillRect(m - 5, m - 5, 10, 10);
  return c;
}
