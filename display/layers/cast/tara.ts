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
import { STAGE, markNow, placeMark } from '../../render/stage.ts';
import { EasedStage } from './EasedStage.ts';
import { SpriteSizes } from '../../render/SpriteSizes.ts';
import { ScaledSprite } from '../../render/ScaledSprite.ts';
import { glowSprite, rgbStyle } from '../../render/styles.ts';
import { FigureCanvas, type FigureBox } from './FigureCanvas.ts';
import { TARA_POSE, TARA_POSES, breath, taraGlow, type TaraPose } from './poses.ts';
import { limb, traceTara } from './silhouettes.ts';

/** Tara's colour in `Scene.dreamers` (role order: lyra, remy, tara, brian). */
const TARA = 6;
/** The small light she holds in the nightmare: the phones' light colour. */
const HELD_LIGHT = [255, 210, 127] as const;

const BOXES: Readonly<Record<TaraPose, FigureBox>> = {
  asleep: { left: -0.6, right: 0.42, top: -0.35, bottom: 0.02 },
  watching: { left: -0.3, right: 0.3, top: -1.05, bottom: 0.02 },
  pulled: { left: -0.5, right: 0.32, top: -1.16, bottom: 0.1 },
  holding: { left: -0.25, right: 0.25, top: -1.0, bottom: 0.02 },
  kernel: { left: -0.32, right: 0.32, top: -1.02, bottom: 0.02 },
  standing: { left: -0.32, right: 0.32, top: -1.02, bottom: 0.02 },
};

/** Where the figure's centre of light sits above its feet, × its height, per pose. */
const CORE: Readonly<Record<TaraPose, number>> = { asleep: 0.12, watching: 0.55, pulled: 0.55, holding: 0.55, kernel: 0.55, standing: 0.55 };

/** Her tilt in the glitch, radians clockwise about her feet: head first toward the tear on her right. */
const PULL_TILT = 0.5;
/** Her reaching hand in the glitch pose, × her height from her feet (before the tilt). */
const HAND_X = -0.45;
const HAND_Y = -0.25;


/**
 * Tara dragged into the tear (the glitch): drawn upright, tilted at draw time. One arm flung ahead
 * into the pull, the other stretched long behind her toward her sister, hair and smock streaming
 * ahead, legs trailing apart. A shape that reads as a child by its outline alone.
 */
function tracePulled(g: CanvasRenderingContext2D, h: number): void {
  const headR = 0.12 * h;
  // Limbs as round as her standing figure's, so at her close size they read as a child's arms and
  // legs of light, not sticks.
  const limbR = 0.052 * h;
  // Head, and hair streaming ahead of her into the pull.
  g.beginPath();
  g.moveTo(0.02 * h + headR, -0.8 * h);
  g.arc(0.02 * h, -0.8 * h, headR, 0, Math.PI * 2);
  g.closePath();
  g.fill();
  g.beginPath();
  g.moveTo(-0.09 * h, -0.84 * h);
  g.bezierCurveTo(-0.06 * h, -1.0 * h, 0.08 * h, -1.02 * h, 0.2 * h, -1.08 * h);
  g.bezierCurveTo(0.12 * h, -0.98 * h, 0.16 * h, -0.92 * h, 0.13 * h, -0.82 * h);
  g.closePath();
  g.fill();
  // Arms: one flung ahead into the tear, the other stretched behind to the hand that reaches back.
  limb(g, 0.05 * h, -0.62 * h, 0.17 * h, -0.84 * h, limbR, limbR * 0.8);
  limb(g, 0.17 * h, -0.84 * h, 0.2 * h, -1.02 * h, limbR * 0.8, limbR * 0.7);
  limb(g, -0.05 * h, -0.6 * h, HAND_X * 0.55 * h, -0.42 * h, limbR, limbR * 0.85);
  limb(g, HAND_X * 0.55 * h, -0.42 * h, HAND_X * h, HAND_Y * h, limbR * 0.85, limbR * 0.75);
  // Fingers spread on the reaching hand.
  for (let f = -1; f <= 1; f++) limb(g, HAND_X * h, HAND_Y * h, (HAND_X - 0.045 + 0.03 * f) * h, (HAND_Y + 0.05 + 0.025 * f) * h, limbR * 0.45, limbR * 0.3);
  // Smock, its hem blown forward.
  g.beginPath();
  g.moveTo(-0.08 * h, -0.66 * h);
  g.lineTo(0.08 * h, -0.66 * h);
  g.bezierCurveTo(0.12 * h, -0.5 * h, 0.2 * h, -0.38 * h, 0.22 * h, -0.3 * h);
  g.bezierCurveTo(0.1 * h, -0.24 * h, -0.05 * h, -0.26 * h, -0.15 * h, -0.3 * h);
  g.bezierCurveTo(-0.13 * h, -0.44 * h, -0.11 * h, -0.56 * h, -0.08 * h, -0.66 * h);
  g.closePath();
  g.fill();
  // Legs trailing apart, one bent.
  limb(g, -0.04 * h, -0.28 * h, -0.12 * h, -0.02 * h, limbR * 1.1, limbR * 0.8);
  limb(g, 0.06 * h, -0.28 * h, 0.1 * h, -0.12 * h, limbR * 1.1, limbR * 0.9);
  limb(g, 0.1 * h, -0.12 * h, 0.02 * h, 0.04 * h, limbR * 0.9, limbR * 0.75);
}

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
  // In the glitch she is the same rose child of light as in every other phase (a dark cut-out
  // against the tear's white broke the piece's look), dragged head first into the tear: her own
  // glow held close round her and a soft rose halo, so she reads against the white by her warm
  // colour and her rim, not as a silhouette.
  figures.pulled.dispose();
  figures.pulled = new FigureCanvas(tracePulled, BOXES.pulled, 0.03, -0.01);
  const lyra = markNow();
  const m = markNow();
  const stage = new EasedStage();
  let glow: SpriteSizes | null = null;
  let held: SpriteSizes | null = null;
  let backlight: SpriteSizes | null = null;
  // The pool her small light throws on the ground in the nightmare (wide and flat, pre-scaled).
  let poolSrc: HTMLCanvasElement | null = null;
  const pool = new ScaledSprite();
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
      if (poolSrc) poolSrc.width = poolSrc.height = 0;
      poolSrc = glowSprite(128, HELD_LIGHT[0], HELD_LIGHT[1], HELD_LIGHT[2], 0.05);
      backlight?.dispose();
      backlight = new SpriteSizes(glowSprite(64, 150, 200, 205, 0.3));
    }
  }

  /**
   * Behind her in the glitch: the tear's light spilling round her (so her outline reads off the
   * tear too) and a faint pull-line of light from her reaching hand back to Lyra.
   */
  function pulledExtras(g: CanvasRenderingContext2D, s: Scene, a: number, angle: number, lift: number): void {
    const c = Math.cos(angle);
    const sn = Math.sin(angle);
    const core = -0.5 * m.size;
    if (backlight) {
      g.globalCompositeOperation = 'lighter';
      g.globalAlpha = Math.min(1, a * 0.55);
      backlight.draw(g, m.x - core * sn, m.y - lift + core * c, m.size * 1.2);
    }
    placeMark('lyra', s, lyra);
    if (lyra.on > 0.01) {
      const hx = m.x + (HAND_X * c - HAND_Y * sn) * m.size;
      const hy = m.y - lift + (HAND_X * sn + HAND_Y * c) * m.size;
      const lx = lyra.x + 0.12 * lyra.size;
      const ly = lyra.y - 0.62 * lyra.size;
      // It sags a little and trembles slowly, taut toward the tear.
      const mx = (hx + lx) / 2;
      const my = (hy + ly) / 2 + 0.03 * s.h + 0.008 * s.h * Math.sin(s.time * 1.3);
      const d = s.dreamers;
      for (let k = 0; k < 2; k++) {
        const o = k === 0 ? TARA : 0;
        g.strokeStyle = rgbStyle(d[o] * 0.6 + 100, d[o + 1] * 0.6 + 100, d[o + 2] * 0.6 + 100);
        g.lineWidth = k === 0 ? 2 : 1;
        g.globalAlpha = Math.min(1, a * lyra.on * (k === 0 ? 0.45 : 0.6));
        g.beginPath();
        g.moveTo(hx, hy);
        g.quadraticCurveTo(mx, my + k * 0.01 * s.h, lx, ly);
        g.stroke();
      }
    }
    g.globalCompositeOperation = 'source-over';
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
          // Dragged head first into the tear, struggling: a slow uneven sway about the tilt.
          angle = PULL_TILT + 0.07 * Math.sin(s.time * 0.9) + 0.035 * Math.sin(s.time * 2.3);
          lift = m.size * 0.04 * Math.sin(s.time * 0.7);
          // Her own rose light held round her as she goes: close and soft (she is large here).
          haloA = 0.55;
          halo = 1.3;
        } else if (pose === 'kernel') {
          // A light around her, behind her, so her figure stays clear against it.
          halo = 2.2 + 2.2 * bright;
          haloA = 0.3 + 0.45 * bright;
        } else if (pose === 'standing') {
          halo = 3;
          haloA = 0.6;
        }
        const cy = m.y - lift - CORE[pose] * m.size;
        if (pose === 'pulled') {
          pulledExtras(g, s, a, angle, lift);
          // Her glow about her centre of light, which the tilt carries toward the tear.
          if (glow) {
            const k = CORE.pulled * m.size;
            g.globalCompositeOperation = 'lighter';
            g.globalAlpha = Math.min(1, a * haloA);
            glow.draw(g, m.x + k * Math.sin(angle), m.y - lift - k * Math.cos(angle), m.size * halo);
            g.globalCompositeOperation = 'source-over';
          }
          // (Her glow pays for itself: the tear's light behind her is smaller than it was, and the
          // second wash of it over her leading side is gone; she is light enough herself.)
          fig.draw(g, m.x, m.y - lift, scale, angle, a);
          continue;
        }
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
        if (pose === 'holding' && poolSrc) {
          // Her light lies on the ground round her feet and reaches the shadows' feet: the idle
          // nightmare is not a black wall, and the light is hers.
          const pw = Math.round(m.size * 7);
          const ph = Math.round(m.size * 1.4);
          g.globalCompositeOperation = 'lighter';
          g.globalAlpha = Math.min(1, a * (0.5 + 0.06 * breath(s, 0.2)));
          pool.draw(g, poolSrc, Math.round(m.x - pw / 2), Math.round(m.y - ph / 2), pw, ph);
          g.globalCompositeOperation = 'source-over';
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
      backlight?.dispose();
      glow = held = backlight = null;
      if (poolSrc) poolSrc.width = poolSrc.height = 0;
      poolSrc = null;
      pool.dispose();
      version = -1;
    },
  };
}
