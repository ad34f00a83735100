/**
 * Remy, the conscience: an old amber lantern. It keeps watch on its post at the edge of the serene
 * night, hangs among the festival's lanterns, gutters a slow warning through the upgrade (never a
 * flash: its depth follows the flash guard's allowance), is the one warm light that holds beside Tara
 * in the nightmare, gathers light as the crowd unites in the confrontation, and at dawn is set down on
 * the ground, its light running out along it in a few soft lines: the new guidelines.
 */
import type { Layer } from '../Layer.ts';
import type { Scene } from '../../render/Scene.ts';
import { PHASES } from '../../../core/arc/phases.ts';
import { STAGE, markNow } from '../../render/stage.ts';
import { EasedStage } from './EasedStage.ts';
import { SpriteSizes } from '../../render/SpriteSizes.ts';
import { glowSprite, rgbStyle } from '../../render/styles.ts';
import { FigureCanvas } from './FigureCanvas.ts';
import { REMY_POSE, breath, remyFlicker, unit } from './poses.ts';
import { traceLamp } from './silhouettes.ts';

/** Remy's colour in `Scene.dreamers` (role order: lyra, remy, tara, brian). */
const REMY = 3;
/** The post's height, × the mark's size (the lantern alone is {@link LANTERN} × it). */
export const POST = 2.8;
/** The lantern's height, × the mark's size. */
export const LANTERN = 0.9;
/** The new guidelines: how many lines of light run from the set-down lamp. */
const GUIDELINES = 7;

/** Creates Remy's lantern layer. */
export function createRemy(): Layer {
  const glassPost = new Float32Array(2);
  const glassAlone = new Float32Array(2);
  // The glass glows from inside: a warm light filled over the cage (its place, from the trace just made).
  const glass = (g: CanvasRenderingContext2D, h: number, at: Float32Array): void => {
    g.fillStyle = 'rgb(255,236,190)';
    g.beginPath();
    g.rect(at[0] - 0.17 * h, at[1] - 0.2 * h, 0.34 * h, 0.42 * h);
    g.fill();
  };
  const onPost = new FigureCanvas(
    (g, h) => traceLamp(g, h * LANTERN, h * POST, glassPost),
    { left: -0.3, right: 1.2, top: -POST - 0.05, bottom: 0.1 },
    0.03,
    -0.02,
    (g, h) => glass(g, h * LANTERN, glassPost),
  );
  const alone = new FigureCanvas(
    (g, h) => traceLamp(g, h * LANTERN, 0, glassAlone),
    { left: -0.4, right: 0.4, top: -1, bottom: 0.05 },
    0.03,
    -0.02,
    (g, h) => glass(g, h * LANTERN, glassAlone),
  );
  const m = markNow();
  const stage = new EasedStage();
  let halo: SpriteSizes | null = null;
  let version = -1;

  function build(s: Scene): void {
    const size = (STAGE.remy.serene?.size ?? 0.06) * s.h;
    onPost.ensure(size, s.presetVersion, s.dreamers, REMY);
    alone.ensure(size, s.presetVersion, s.dreamers, REMY);
    if (version !== s.presetVersion) {
      version = s.presetVersion;
      halo?.dispose();
      const d = s.dreamers;
      halo = new SpriteSizes(glowSprite(128, d[REMY], d[REMY + 1], d[REMY + 2], 0.15));
    }
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      stage.step(s);
      stage.place('remy', s, m);
      if (m.on < 0.01) return;
      build(s);
      const flicker = remyFlicker(s);
      const d = s.dreamers;
      for (let i = 0; i < PHASES.length; i++) {
        const w = stage.weights[i];
        const phase = PHASES[i];
        const pose = REMY_POSE[phase];
        const place = STAGE.remy[phase];
        if (w <= 0.004 || !pose || !place) continue;
        const a = w * (place.on ?? 1);
        const fig = pose === 'post' ? onPost : alone;
        const scale = fig.height > 0 ? m.size / fig.height : 1;
        const gl = pose === 'post' ? glassPost : glassAlone;
        // Held or gathering, the lantern hangs in the air and sways a little; set down, it rests.
        const hover = pose === 'held' ? m.size * (0.9 + 0.06 * breath(s, 0.15)) : pose === 'gathering' ? m.size * 0.5 : 0;
        const x = m.x;
        const y = m.y - hover;
        const gx = x + gl[0] * scale;
        const gy = y + gl[1] * scale;
        let haloSize = m.size * 3.2;
        let haloA = 0.55;
        if (pose === 'held') {
          haloSize = m.size * 5.5;
          haloA = 0.7;
        } else if (pose === 'gathering') {
          const u = unit(s.crowd.unity);
          haloSize = m.size * (3 + 5 * u);
          haloA = 0.4 + 0.5 * u;
        } else if (pose === 'setDown') {
          haloSize = m.size * 4;
          haloA = 0.5;
          // The new guidelines: soft lines of lamplight running out over the ground toward us.
          g.strokeStyle = rgbStyle(d[REMY], d[REMY + 1], d[REMY + 2]);
          g.lineWidth = 1;
          g.globalAlpha = Math.min(1, a * 0.5);
          g.beginPath();
          for (let k = 0; k < GUIDELINES; k++) {
            const u = k / (GUIDELINES - 1) - 0.5;
            g.moveTo(x + u * m.size * 0.6, y + 1);
            g.lineTo(x + u * s.h * 0.9, s.h);
          }
          g.stroke();
        }
        fig.draw(g, x, y, scale, 0, a);
        if (halo) {
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = Math.min(1, a * haloA * flicker);
          halo.draw(g, gx, gy, haloSize);
          g.globalAlpha = Math.min(1, a * 0.8 * flicker);
          halo.draw(g, gx, gy, m.size * 0.9);
          g.globalCompositeOperation = 'source-over';
        }
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      onPost.dispose();
      stage.reset();
      alone.dispose();
      halo?.dispose();
      halo = null;
      version = -1;
    },
  };
}
