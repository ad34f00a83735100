/**
 * The restored dawn: sunrise light from below, the creature dissolving into rising motes, and the
 * echoes of everyone who took part tonight (snapshot.echoes + frame.echoes) returning as a
 * constellation joined by faint lines.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import type { EchoMark } from '../../core/protocol.ts';
import { SeededRandom } from '../../core/random.ts';
import { ScaledSprite } from '../render/ScaledSprite.ts';
import { SpriteSizes } from '../render/SpriteSizes.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';

const ECHOES = 4096;
const MOTES = 260;

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
  const near = new Int32Array(ECHOES).fill(-1);
  // The sun and its wash cover much of the wall: kept pre-scaled (see ScaledSprite).
  const sunCache = new ScaledSprite();
  const washCache = new ScaledSprite();
  // Where each echo is heading; stars glide there, so a crowd re-releasing at full rate never jitters.
  const tx = new Float32Array(ECHOES);
  const ty = new Float32Array(ECHOES);
  const tw = new Float32Array(ECHOES);
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
  let sun: HTMLCanvasElement | null = null;
  let sunKey = -1;
  // Motes and echo stars are drawn by the hundred: from ladders of sizes, unscaled (see SpriteSizes).
  let sprites: SpriteSizes[] = [];
  let mote: SpriteSizes | null = null;

  function relink(): void {
    // Each star joins its nearest earlier star: a constellation, not a mesh. O(n²) on change only, capped.
    const n = Math.min(count, 600);
    for (let i = 0; i < n; i++) {
      let best = -1;
      let bd = 0.02;
      for (let j = 0; j < i; j++) {
        const dx = ex[i] - ex[j];
        const dy = ey[i] - ey[j];
        const d = dx * dx + dy * dy;
        if (d < bd) {
          bd = d;
          best = j;
        }
      }
      near[i] = best;
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
        ex[i] = m.x;
        ey[i] = m.y;
        ew[i] = 0;
      }
      tx[i] = m.x;
      ty[i] = m.y;
      tw[i] = m.w;
      er[i] = m.r;
      dirty = true;
    },
    clearEchoes(): void {
      index.clear();
      count = 0;
      dirty = true;
    },
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const sunrise = s.p('sunrise');
      const dawn = s.weight('dawn');
      const pal = s.pal;
      const h = s.h;
      const ww = s.layout.worldWidth;
      const ox = s.layout.offsetX;
      if (s.presetVersion !== sunKey) {
        sunKey = s.presetVersion;
        sun = glowSprite(256, 255, 150, 100, 0.3);
        mote?.dispose();
        for (const l of sprites) l.dispose();
        mote = new SpriteSizes(glowSprite(32, 255, 232, 170, 0.3));
        const d = s.dreamers;
        sprites = [0, 1, 2, 3].map((r) => new SpriteSizes(glowSprite(48, d[r * 3], d[r * 3 + 1], d[r * 3 + 2], 0.15)));
      }
      g.globalCompositeOperation = 'lighter';
      if (sunrise > 0.01 && sun) {
        // The sun climbs from below the frame as sunrise grows; its light fills the lower sky.
        const sy = h * (1.25 - 0.4 * sunrise);
        const size = ww * (0.8 + 0.5 * sunrise);
        g.globalAlpha = 0.85 * sunrise;
        sunCache.draw(g, sun, ww / 2 - ox - size / 2, sy - size * 0.5, size, size);
        // A wide, low wash of morning light across the whole horizon.
        g.globalAlpha = 0.5 * sunrise;
        washCache.draw(g, sun, -ox - ww * 0.3, h * 0.55, ww * 1.6, h * 0.95);
      }
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
          const size = (5 + 6 * mv[i]) * (h / 720);
          mote.draw(g, mx[i] * ww - ox, my[i] * h, size);
        }
      }
      // The constellation of tonight's dreamers.
      const vis = s.p('echoes');
      const glide = 1 - Math.exp(-s.dt / 3);
      for (let i = 0; i < count; i++) {
        ex[i] += (tx[i] - ex[i]) * glide;
        ey[i] += (ty[i] - ey[i]) * glide;
        ew[i] += (tw[i] - ew[i]) * glide;
      }
      if (vis > 0.01 && count > 0) {
        if (dirty && s.time >= relinkAt) {
          relink();
          relinkAt = s.time + 0.5;
        }
        g.beginPath();
        const n = Math.min(count, 600);
        for (let i = 0; i < n; i++) {
          const j = near[i];
          if (j < 0) continue;
          g.moveTo(ex[i] * ww - ox, ey[i] * h * 0.8);
          g.lineTo(ex[j] * ww - ox, ey[j] * h * 0.8);
        }
        g.strokeStyle = rgbStyle(pal[12], pal[13], pal[14]);
        g.lineWidth = 1;
        g.globalAlpha = 0.3 * vis;
        g.stroke();
        const twinkle = s.time * 0.8;
        for (let i = 0; i < count; i++) {
          const size = (8 + 24 * ew[i]) * (h / 720) * (0.9 + 0.1 * Math.sin(twinkle + i));
          // A dense cluster of stars is the flash guard's business too: it dims them while it holds.
          g.globalAlpha = vis * (0.45 + 0.4 * ew[i]) * (0.45 + 0.55 * s.allow);
          sprites[er[i]].draw(g, ex[i] * ww - ox, ey[i] * h * 0.8, size);
        }
      }
      g.globalCompositeOperation = 'source-over';
      g.globalAlpha = 1;
    },
    dispose(): void {
      sun = null;
      mote?.dispose();
      mote = null;
      for (const l of sprites) l.dispose();
      sunCache.dispose();
      washCache.dispose();
      sprites = [];
      index.clear();
      count = 0;
    },
  };
}
