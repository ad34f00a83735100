/**
 * Ghost dreamers: when few people take part, the story's four characters weave on their own — soft
 * wisps in their colours along the seeded paths every wall agrees on (core/arc/ghosts.ts).
 */
import type { Layer } from './Layer.ts';
import type { Scene } from '../render/Scene.ts';
import { ghostPositions } from '../../core/arc/ghosts.ts';
import { glowSprite, rgbStyle } from '../render/styles.ts';

const TRAIL = 40;

/** Creates the ghost-dreamer layer. */
export function createGhosts(): Layer {
  const pos = new Float32Array(8);
  const hist = new Float32Array(4 * TRAIL * 2);
  let head = 0;
  let filled = 0;
  let acc = 0;
  let sprites: HTMLCanvasElement[] = [];
  let key = -1;

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
      if (vis < 0.02 || filled < 2) return;
      if (key !== s.presetVersion) {
        key = s.presetVersion;
        const d = s.dreamers;
        sprites = [0, 1, 2, 3].map((r) => glowSprite(48, d[r * 3], d[r * 3 + 1], d[r * 3 + 2], 0.2));
      }
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
    },
  };
}
