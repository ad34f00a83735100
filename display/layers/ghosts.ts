/**
 * Ghost dreamers: when few people take part, the story's four characters weave on their own — soft
 * wisps in their colours along the seeded paths every wall agrees on (core/arc/ghosts.ts) — and in
 * the festival each of them lets a paper lantern go every few seconds, so an empty room still has a
 * few lanterns rising. The lanterns are stateless (seed and show clock), like the ghosts.
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { ghostPositions } from '../../core/arc/ghosts.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';
import { hash01 } from '../../core/random.ts';
import { SpriteSizes } from '../render/SpriteSizes.ts';
import { LANTERN_LIFE, LANTERN_SHAPES, lanternPose, lanternPoseNow } from './lanternMotion.ts';
import { HORIZON } from '../render/stage.ts';
import { drawLantern, paperLanternSprite } from './paperLantern.ts';
import { motifSprite } from './motifSprite.ts';

const TRAIL = 40;
/** Seconds between two lanterns of one ghost dreamer. */
const GHOST_LANTERN_EVERY = 3.4;

/** Creates the ghost-dreamer layer. */
export function createGhosts(): Layer {
  const pos = new Float32Array(8);
  const hist = new Float32Array(4 * TRAIL * 2);
  let head = 0;
  let filled = 0;
  let acc = 0;
  let sprites: HTMLCanvasElement[] = [];
  let bodies: HTMLCanvasElement[] = [];
  let halo: SpriteSizes | null = null;
  let key = -1;
  const pose = lanternPoseNow();

  /** The ghosts' festival lanterns: each ghost's j-th lantern is lit at j × the interval (offset per ghost). */
  function lanterns(g: CanvasRenderingContext2D, s: Scene, vis: number): void {
    if (!halo) return;
    const ww = s.layout.worldWidth;
    const ox = s.layout.offsetX;
    const h = s.h;
    const unit = h / 720;
    const t = s.showTime;
    for (let pass = 0; pass < 2; pass++) {
      g.globalCompositeOperation = pass === 0 ? 'lighter' : 'source-over';
      for (let r = 0; r < 4; r++) {
        const off = r * (GHOST_LANTERN_EVERY / 4) + 0.4;
        const last = Math.floor((t - off) / GHOST_LANTERN_EVERY);
        const first = Math.floor((t - off - LANTERN_LIFE) / GHOST_LANTERN_EVERY) + 1;
        for (let j = first; j <= last; j++) {
          const age = t - (j * GHOST_LANTERN_EVERY + off);
          const seed = j * 4 + r;
          lanternPose(seed, age, pose);
          // Let go just above the horizon (never lying in the field), right of Lyra's loom, drifting with the night air.
          const x = (0.36 + 0.58 * hash01(s.seed, seed, 11)) * ww - ox + (pose.dx + 0.08 * pose.rise) * h;
          const y = (HORIZON - 0.015 - 0.1 * hash01(s.seed, seed, 12) - pose.rise) * h;
          const size = 46 * unit * pose.scale * pose.size;
          if (pass === 0) {
            g.globalAlpha = Math.min(1, 0.55 * pose.alpha * pose.flame * pose.bright * vis * (0.35 + 0.65 * s.allow));
            halo.draw(g, x, y, 2.4 * size);
          } else drawLantern(g, bodies[r * LANTERN_SHAPES + pose.shape], x, y, size, pose.turn, pose.alpha * vis);
        }
      }
    }
    g.globalCompositeOperation = 'source-over';
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      const calm = 1 - s.weight('glitch') - 0.7 * s.weight('nightmare');
      const vis = s.crowd.ghosts * Math.max(0, calm) * 0.8;
      ghostPositions(s.seed, s.showTime * 0.6 + s.time * 0.4, pos);
      acc += s.dt;
      if (acc >= 1 / 20) {
        acc = 0;
        for (let i = 0; i < 8; i++) hist[head * 8 + i] = pos[i];
        head = (head + 1) % TRAIL;
        filled = Math.min(TRAIL, filled + 1);
      }
      if (vis < 0.02) return;
      if (key !== s.presetVersion) {
        key = s.presetVersion;
        const d = s.dreamers;
        // Each ghost's head is its dreamer's mark (thread, warm stroke, sparkle, streak), not a plain glow.
        sprites = [0, 1, 2, 3].map((r) => motifSprite(r, d[r * 3], d[r * 3 + 1], d[r * 3 + 2]));
        bodies = [];
        for (let r = 0; r < 4; r++) for (let v = 0; v < LANTERN_SHAPES; v++) bodies.push(paperLanternSprite(d[r * 3], d[r * 3 + 1], d[r * 3 + 2], v));
        halo?.dispose();
        halo = new SpriteSizes(glowSprite(64, 255, 170, 80, 0.12));
      }
      const festival = s.weight('festival');
      if (festival > 0.02) lanterns(g, s, Math.min(1, vis / 0.8) * festival);
      if (filled < 2) return;
      const ww = s.layout.worldWidth;
      const ox = s.layout.offsetX;
      const h = s.h;
      g.lineCap = 'round';
      for (let r = 0; r < 4; r++) {
        g.beginPath();
        for (let k = 0; k < filled; k++) {
          const idx = ((head - filled + k + TRAIL) % TRAIL) * 8 + r * 2;
          const x = hist[idx] * ww - ox;
          const y = hist[idx + 1] * h;
          if (k === 0) g.moveTo(x, y);
          else g.lineTo(x, y);
        }
        g.strokeStyle = rgbStyle(s.dreamers[r * 3], s.dreamers[r * 3 + 1], s.dreamers[r * 3 + 2]);
        g.lineWidth = 2 * (h / 720);
        g.globalAlpha = 0.35 * vis;
        g.stroke();
        const size = 40 * (h / 720);
        g.globalCompositeOperation = 'lighter';
        g.globalAlpha = 0.7 * vis;
        g.drawImage(sprites[r], pos[r * 2] * ww - ox - size / 2, pos[r * 2 + 1] * h - size / 2, size, size);
        g.globalCompositeOperation = 'source-over';
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      sprites = [];
      bodies = [];
      halo?.dispose();
      halo = null;
    },
  };
}
