/**
 * The restored dawn: the creature dissolving into rising motes, and the echoes of everyone who took
 * part tonight (snapshot.echoes + frame.echoes) returning as constellations that belong to the
 * dreamers who made them: each echo a star in its dreamer's colour and motif, gliding from where
 * that phone dreamed into its character's sign (constellations.ts) — Lyra's loom, Remy's lamp,
 * Tara's star, Brian's bolt — drawn in by thin light strokes from star to star as they arrive.
 * (The sunrise itself is the sunrise layer's.)
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import type { EchoMark } from '../../core/protocol.ts';
import { SeededRandom } from '../../core/random.ts';
import { SpriteSizes } from '../render/SpriteSizes.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';
import { SIGN_PLACES, signPart, signPoint, signSize } from './constellations.ts';
import { motifSprite } from './motifSprite.ts';

const ECHOES = 4096;
const MOTES = 260;
/** Stars drawn per sign at most: a bigger crowd's echoes share them (every one still places its star's sign). */
const STARS_PER_SIGN = 160;
/** A star this close to its place in the sign (fraction of the wall's height) has arrived: its stroke is drawn in. */
const ARRIVED = 0.02;

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
  // Which stroke of its sign each star is on: stars of two strokes are not joined.
  const part = new Uint8Array(ECHOES);
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
  const pt = new Float32Array(2);
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
  let mote: SpriteSizes | null = null;

  /**
   * Gives every echo its place in its dreamer's sign: the k-th of a role's n echoes (in the order
   * they first came) at (k + ½)/n along the sign, nudged a little by its own handle so a sign of
   * many stars is not a ruled line. O(n) on change only.
   */
  function relink(): void {
    per.fill(0);
    for (let i = 0; i < count; i++) per[er[i]]++;
    let acc = 0;
    for (let r = 0; r < 4; r++) {
      start[r] = acc;
      acc += per[r];
    }
    fill.fill(0);
    for (let i = 0; i < count; i++) {
      const r = er[i];
      const k = fill[r]++;
      order[start[r] + k] = i;
      const n = per[r];
      signPoint(r, (k + 0.5) / n, pt);
      part[i] = signPart(r, (k + 0.5) / n);
      const place = SIGN_PLACES[r];
      const size = signSize(r, n);
      const j = ((dreamer[i] * 2654435761) >>> 0) / 4294967296;
      const jx = (j - 0.5) * 0.05;
      const jy = (((j * 7.31) % 1) - 0.5) * 0.05;
      tx[i] = place[0] + ((pt[0] + jx) * size) / aspect;
      ty[i] = place[1] + (pt[1] + jy) * size;
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
        tx[i] = ex[i];
        ty[i] = ey[i];
        dreamer[i] = m.d;
      }
      tw[i] = m.w >= 0 ? Math.min(1, m.w) : 0;
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
      const glide = 1 - Math.exp(-s.dt / 1.2);
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
        for (let r = 0; r < 4; r++) {
          const n = per[r];
          if (n === 0) continue;
          // A crowd's sign: at most STARS_PER_SIGN stars, evenly through its echoes.
          const stride = Math.max(1, Math.ceil(n / STARS_PER_SIGN));
          // The strokes: star to star along the sign, drawn in as each arrives at its place.
          g.beginPath();
          let pen = false;
          let lastPart = -1;
          for (let k = 0; k < n; k += stride) {
            const i = order[start[r] + k];
            if (part[i] !== lastPart) pen = false;
            lastPart = part[i];
            const dx = (tx[i] - ex[i]) * aspect;
            const dy = ty[i] - ey[i];
            const arrived = dx * dx + dy * dy < ARRIVED * ARRIVED;
            const x = ex[i] * ww - ox;
            const y = ey[i] * h;
            if (arrived && pen) g.lineTo(x, y);
            else g.moveTo(x, y);
            pen = arrived;
          }
          g.strokeStyle = rgbStyle(d[r * 3] * 0.6 + 100, d[r * 3 + 1] * 0.6 + 100, d[r * 3 + 2] * 0.6 + 100);
          g.lineWidth = 1;
          g.globalAlpha = 0.55 * vis;
          g.stroke();
          const many = Math.min(1, Math.sqrt(24 / Math.max(1, n / stride)));
          for (let k = 0; k < n; k += stride) {
            const i = order[start[r] + k];
            const size = (10 + 20 * ew[i]) * unit * (0.55 + 0.45 * many) * (0.9 + 0.1 * Math.sin(twinkle + i));
            // A dense cluster of stars is the flash guard's business too: it dims them while it holds.
            g.globalAlpha = vis * (0.5 + 0.4 * ew[i]) * (0.45 + 0.55 * s.allow);
            sprites[r].draw(g, ex[i] * ww - ox, ey[i] * h, size);
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
      index.clear();
      count = 0;
    },
  };
}
