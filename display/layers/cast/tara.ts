/**
 * Tara, Lyra's little sister: a small luminous child in rose light. Asleep under the woven sky,
 * watching the festival's lanterns from behind, lifted and pulled toward the portal's centre in the
 * glitch, small and holding a light in the nightmare, at the creature's heart standing with her arms
 * open (the same child as in her other poses, tiny against its vastness; her glow grows with the
 * crowd's unity), restored and standing in the dawn. Where she stands is
 * the stage's `tara` mark; each phase's silhouette is cached and cross-faded by the phases' weights.
 */
import type { Layer } from '../Layer.ts';
import type { Scene } from '../../render/Scene.ts';
import { PHASES } from '../../../core/arc/phases.ts';
import { STAGE, markNow } from '../../render/stage.ts';
import { EasedStage } from './EasedStage.ts';
import { SpriteSizes } from '../../render/SpriteSizes.ts';
import { glowSprite, rgbStyle } from '../../render/styles.ts';
import { FigureCanvas, type FigureBox } from './FigureCanvas.ts';
import { TARA_POSE, TARA_POSES, breath, taraGlow, type TaraPose } from './poses.ts';
import { traceTara } from './silhouettes.ts';

/** Tara's colour in `Scene.dreamers` (role order: lyra, remy, tara, brian). */
const TARA = 6;
/** The small light she holds in the nightmare: the phones' light colour. */
const HELD_LIGHT = [255, 210, 127] as const;

const BOXES: Readonly<Record<TaraPose, FigureBox>> = {
  asleep: { left: -0.6, right: 0.42, top: -0.35, bottom: 0.02 },
  watching: { left: -0.3, right: 0.3, top: -1.05, bottom: 0.02 },
  pulled: { left: -0.25, right: 0.25, top: -1.1, bottom: 0.1 },
  holding: { left: -0.25, right: 0.25, top: -1.0, bottom: 0.02 },
  kernel: { left: -0.32, right: 0.32, top: -1.02, bottom: 0.02 },
  standing: { left: -0.32, right: 0.32, top: -1.02, bottom: 0.02 },
};

/** Where the figure's centre of light sits above its feet, × its height, per pose. */
const CORE: Readonly<Record<TaraPose, number>> = { asleep: 0.12, watching: 0.55, pulled: 0.55, holding: 0.55, kernel: 0.55, standing: 0.55 };

/** Creates Tara's layer. */
export function createTara(): Layer {
  const figures = {} as Record<TaraPose, FigureCanvas>;
  for (const pose of TARA_POSES) {
    // At the creature's heart she is the same child as at dawn, arms open, not a curled-up blob:
    // a silhouette that reads at her small size against the creature.
    const traced = pose === 'kernel' ? 'standing' : pose;
    const tracePose = (g: CanvasRenderingContext2D, h: number): void => traceTara(g, h, traced);
    figures[pose] = new FigureCanvas(tracePose, BOXES[pose], 0.025, -0.015);
  }
  const m = markNow();
  const stage = new EasedStage();
  let glow: SpriteSizes | null = null;
  let held: SpriteSizes | null = null;
  let version = -1;

  function build(s: Scene): void {
    const d = s.dreamers;
    for (let i = 0; i < PHASES.length; i++) {
      const pose = TARA_POSE[PHASES[i]];
      const place = STAGE.tara[PHASES[i]];
      if (pose && place) figures[pose].ensure(place.size * s.h, s.presetVersion, d, TARA);
    }
    if (version !== s.presetVersion) {
      version = s.presetVersion;
      glow?.dispose();
      held?.dispose();
      glow = new SpriteSizes(glowSprite(128, d[TARA], d[TARA + 1], d[TARA + 2], 0.18));
      held = new SpriteSizes(glowSprite(64, HELD_LIGHT[0], HELD_LIGHT[1], HELD_LIGHT[2], 0.3));
    }
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      stage.step(s);
      stage.place('tara', s, m);
      if (m.on < 0.01) return;
      build(s);
      const bright = taraGlow(s);
      for (let i = 0; i < PHASES.length; i++) {
        const w = stage.weights[i];
        const phase = PHASES[i];
        const pose = TARA_POSE[phase];
        const place = STAGE.tara[phase];
        if (w <= 0.004 || !pose || !place) continue;
        const a = w * (place.on ?? 1);
        const fig = figures[pose];
        const scale = fig.height > 0 ? m.size / fig.height : 1;
        let angle = 0;
        let lift = 0;
        let halo = 2.2;
        let haloA = 0.55;
        if (pose === 'asleep') {
          // She breathes in her sleep: the halo swells and settles, six breaths a minute.
          haloA = 0.6 + 0.15 * breath(s);
          halo = 3.2;
        } else if (pose === 'pulled') {
          // Lifted and swung toward the tear: a slow sway, rising a little as the pull grows.
          angle = 0.22 * Math.sin(s.time * 0.9) + 0.08 * Math.sin(s.time * 2.3);
          lift = m.size * (0.15 + 0.1 * Math.sin(s.time * 0.7));
          haloA = 0.5;
        } else if (pose === 'kernel') {
          // A light around her, behind her, so her figure stays clear against it.
          halo = 2.2 + 2.2 * bright;
          haloA = 0.3 + 0.45 * bright;
        } else if (pose === 'standing') {
          halo = 3;
          haloA = 0.6;
        }
        const cy = m.y - lift - CORE[pose] * m.size;
        if (glow) {
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = Math.min(1, a * haloA);
          glow.draw(g, m.x, cy, m.size * halo);
          g.globalCompositeOperation = 'source-over';
        }
        fig.draw(g, m.x, m.y - lift, scale, angle, a);
        if (pose === 'asleep') {
          // Tucked under a blanket of woven light: her sister's cyan crossing her own rose, rising
          // and settling with her breath.
          const rise = 1 + 0.04 * breath(s);
          const sz = m.size;
          g.lineWidth = 1;
          for (let b = 0; b < 2; b++) {
            const o = b === 0 ? 0 : TARA;
            g.strokeStyle = rgbStyle(s.dreamers[o] * 0.5 + 128, s.dreamers[o + 1] * 0.5 + 128, s.dreamers[o + 2] * 0.5 + 128);
            g.globalAlpha = Math.min(1, a * 0.7);
            g.beginPath();
            for (let t = b; t < 6; t += 2) {
              const u = t / 5;
              g.moveTo(m.x - 0.24 * sz, m.y - 0.01 * sz);
              g.quadraticCurveTo(m.x + (0.02 + 0.08 * u) * sz, m.y - (0.2 + 0.2 * u) * rise * sz, m.x + 0.36 * sz, m.y - 0.01 * sz);
            }
            g.stroke();
          }
        }
        if (pose === 'holding' && held) {
          // The small light in her cupped hands, breathing slowly.
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = Math.min(1, a * (0.8 + 0.12 * breath(s, 0.2)));
          held.draw(g, m.x, m.y - 0.47 * m.size, m.size * 0.75);
          g.globalAlpha = Math.min(1, a * 0.3);
          held.draw(g, m.x, m.y - 0.47 * m.size, m.size * 2.2);
          g.globalCompositeOperation = 'source-over';
        }
      }
      g.globalAlpha = 1;
    },
    dispose(): void {
      for (const pose of TARA_POSES) figures[pose].dispose();
      stage.reset();
      glow?.dispose();
      held?.dispose();
      glow = held = null;
      version = -1;
    },
  };
}
