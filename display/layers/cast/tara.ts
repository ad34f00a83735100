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
import type { FigureBox } from './FigureCanvas.ts';
import { LightFigure, PRESENCE, type Ink, type LightStyle } from './LightFigure.ts';
import { TARA_POSE, TARA_POSES, breath, taraGlow, unit, type TaraPose } from './poses.ts';
import { PULL_HAND_X as HAND_X, PULL_HAND_Y as HAND_Y, taraLines, traceTaraLight } from './taraShapes.ts';

/** Tara's colour in `Scene.dreamers` (role order: lyra, remy, tara, brian). */
const TARA = 6;
/** The small light she holds in the nightmare: the phones' light colour. */
const HELD_LIGHT = [255, 210, 127] as const;

/** Lying asleep: her heart of light low in her curled body. */
const ASLEEP: LightStyle = { ...PRESENCE, heartY: 0.15, heart: 0.55, lines: 0.22 };
/** Pulled into the white tear: the same translucent presence as elsewhere, a little smaller, her body lost in the tear's light while her limbs and hair still show: she is being taken through it. */
const PULLED: LightStyle = { ...PRESENCE, heart: 0.62, edge: 0.3, pale: 0.15, lines: 0.5, halo: 0.12 };

/** Her tilt in the glitch, radians clockwise about her feet: head first toward the tear on her right. */
const PULL_TILT = 0.5;
/** Motes of her light torn away into the tear in the glitch. */
const TORN = 8;
/** Motes her light dissolves into while she passes from one place to the next. */
const TRANSIT = 9;

/**
 * Her presence in one phase as its eased weight `w` (0..1) rises: nothing until the phase holds
 * more than half the stage, then a smooth rise. Outgoing and incoming poses never sit on the wall
 * together as a half-transparent double: the old one is gone before the new one comes (the motes
 * of {@link transitAmount} carry her between).
 */
export function poseAlpha(w: number): number {
  const t = (w - 0.52) / 0.36;
  if (!(t > 0)) return 0;
  if (t >= 1) return 1;
  return t * t * (3 - 2 * t);
}

/**
 * Her light in passage, 0..1: how much of her presence no pose is drawing now (1 − the strongest
 * pose's alpha), scaled by her presence on stage.
 */
export function transitAmount(weights: ArrayLike<number>): number {
  let most = 0;
  let present = 0;
  for (let i = 0; i < PHASES.length; i++) {
    if (!TARA_POSE[PHASES[i]]) continue;
    const w = unit(weights[i]);
    present += w;
    const a = poseAlpha(w);
    if (a > most) most = a;
  }
  return Math.max(0, Math.min(1, present) - most);
}

/** A number in 0..1 for mote `i` (golden-ratio spread: fixed, so every run draws the same). */
function spread(i: number, k: number): number {
  const v = (i + 1) * 0.6180339887 * (k + 1);
  return v - Math.floor(v);
}

/** Where her light's trails start in the pulled pose (× height, before the tilt): her locks' tips. */
const TRAIL_FROM = [0.03, -1.21, 0.23, -1.16, 0.34, -1.1];

/**
 * Her light smearing into the tear (glitch): streaks running ahead of her (up, before the tilt)
 * from her head, hair and flung hand, fading as they go. Painted once into her figure's canvas.
 */
function tornLight(g: CanvasRenderingContext2D, h: number, r: number, gr: number, b: number): void {
  g.lineCap = 'round';
  // From the tips of her locks: thin trails fading ahead into the pull.
  for (let k = 0; k < 3; k++) {
    const x0 = TRAIL_FROM[k * 2] * h;
    const y0 = TRAIL_FROM[k * 2 + 1] * h;
    const len = (0.1 + 0.06 * spread(k, 1)) * h;
    const x1 = x0 + 0.7 * len;
    const y1 = y0 - 0.7 * len;
    const grad = g.createLinearGradient(x0, y0, x1, y1);
    grad.addColorStop(0, `rgba(${r | 0},${Math.round(gr * 0.7)},${Math.round(b * 0.8)},0.5)`);
    grad.addColorStop(1, `rgba(${r | 0},${gr | 0},${b | 0},0)`);
    g.strokeStyle = grad;
    g.lineWidth = Math.max(1, 0.007 * h);
    g.beginPath();
    g.moveTo(x0, y0);
    g.quadraticCurveTo(x0 - 0.01 * h, (y0 + y1) / 2, x1, y1);
    g.stroke();
  }
}

/**
 * Her size in each pose, × her stage mark's size: lying curled she is drawn larger than the mark, so
 * the sleeping child reads (a curled figure is a third as tall as a standing one).
 */
const SCALE: Readonly<Record<TaraPose, number>> = { asleep: 1.35, watching: 1, pulled: 0.8, holding: 1, kernel: 1, standing: 1 };

const BOXES: Readonly<Record<TaraPose, FigureBox>> = {
  asleep: { left: -0.66, right: 0.32, top: -0.33, bottom: 0.02 },
  watching: { left: -0.22, right: 0.28, top: -1.02, bottom: 0.02 },
  pulled: { left: -0.53, right: 0.46, top: -1.33, bottom: 0.05 },
  holding: { left: -0.22, right: 0.22, top: -1.0, bottom: 0.02 },
  kernel: { left: -0.36, right: 0.36, top: -1.0, bottom: 0.02 },
  standing: { left: -0.3, right: 0.3, top: -1.0, bottom: 0.02 },
};

/** Creates Tara's layer. */
export function createTara(): Layer {
  const figures = {} as Record<TaraPose, LightFigure>;
  for (const pose of TARA_POSES) {
    const trace = (g: CanvasRenderingContext2D, h: number, ink: Ink): void => traceTaraLight(g, h, pose, ink);
    const lines = (g: CanvasRenderingContext2D, h: number): void => taraLines(g, h, pose);
    // Lying down, her heart of light is low; pulled into the white tear, her body is denser so it
    // reads rose against the white.
    const style = pose === 'asleep' ? ASLEEP : pose === 'pulled' ? PULLED : PRESENCE;
    figures[pose] = new LightFigure(trace, BOXES[pose], style, lines, pose === 'pulled' ? tornLight : null);
  }
  const lyra = markNow();
  const m = markNow();
  const stage = new EasedStage();
  let glow: SpriteSizes | null = null;
  let held: SpriteSizes | null = null;
  // The pool her small light throws on the ground in the nightmare (wide and flat, pre-scaled).
  let poolSrc: HTMLCanvasElement | null = null;
  const pool = new ScaledSprite();
  let version = -1;

  function build(s: Scene): void {
    const d = s.dreamers;
    for (let i = 0; i < PHASES.length; i++) {
      const pose = TARA_POSE[PHASES[i]];
      const place = STAGE.tara[PHASES[i]];
      if (pose && place) figures[pose].ensure(place.size * SCALE[pose] * s.h, s.presetVersion, d, TARA);
    }
    if (version !== s.presetVersion) {
      version = s.presetVersion;
      glow?.dispose();
      held?.dispose();
      glow = new SpriteSizes(glowSprite(128, d[TARA], d[TARA + 1], d[TARA + 2], 0.18));
      held = new SpriteSizes(glowSprite(64, HELD_LIGHT[0], HELD_LIGHT[1], HELD_LIGHT[2], 0.3));
      if (poolSrc) poolSrc.width = poolSrc.height = 0;
      poolSrc = glowSprite(128, HELD_LIGHT[0], HELD_LIGHT[1], HELD_LIGHT[2], 0.05);
    }
  }

  /**
   * Behind her in the glitch: a faint pull-line of light from her reaching hand back to Lyra. (Her
   * deep rose outline and her own glow read against the tear; the tear's light no longer needs to
   * spill round her, and its blit pays for the motes of her torn light.)
   */
  function pulledExtras(g: CanvasRenderingContext2D, s: Scene, a: number, angle: number, lift: number): void {
    const c = Math.cos(angle);
    const sn = Math.sin(angle);
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

  /** Glow sprite at (x, y), `size` px across, added at opacity `a`. */
  function light(g: CanvasRenderingContext2D, sprite: SpriteSizes | null, x: number, y: number, size: number, a: number): void {
    if (!sprite || a <= 0.004) return;
    g.globalCompositeOperation = 'lighter';
    g.globalAlpha = Math.min(1, a);
    sprite.draw(g, x, y, size);
    g.globalCompositeOperation = 'source-over';
  }

  /** Asleep: the dream's threads rising from her head, swaying slowly with her breath. */
  function dreamThreads(g: CanvasRenderingContext2D, s: Scene, a: number, sz: number): void {
    const x0 = m.x - 0.33 * sz;
    const y0 = m.y - 0.28 * sz;
    const d = s.dreamers;
    g.lineWidth = 1;
    for (let k = 0; k < 3; k++) {
      const o = k === 1 ? 0 : TARA;
      g.strokeStyle = rgbStyle(d[o] * 0.5 + 128, d[o + 1] * 0.5 + 128, d[o + 2] * 0.5 + 128);
      g.globalAlpha = Math.min(1, a * (0.5 - 0.1 * k));
      const sway = 0.12 * sz * Math.sin(s.time * 0.25 + k * 2.1);
      const top = (1.1 + 0.35 * k) * sz * (1 + 0.03 * breath(s));
      g.beginPath();
      g.moveTo(x0 + 0.04 * k * sz, y0);
      g.bezierCurveTo(x0 + (0.25 - 0.2 * k) * sz + sway, y0 - top * 0.35, x0 - (0.2 - 0.15 * k) * sz - sway, y0 - top * 0.7, x0 + (0.1 + 0.12 * k) * sz + sway, y0 - top);
      g.stroke();
    }
  }

  /** Glitch: motes of her light torn from her head and hands and drawn on into the tear. */
  function tornMotes(g: CanvasRenderingContext2D, s: Scene, a: number, angle: number, lift: number): void {
    const sz = m.size;
    const dx = Math.sin(angle);
    const dy = -Math.cos(angle);
    const hx = m.x + 0.95 * sz * dx;
    const hy = m.y - lift + 0.95 * sz * dy;
    // Moving light, not flashing; still calmer when the guard asks and in the safe preset.
    const k = a * (0.5 + 0.5 * unit(s.allow)) * (s.safe ? 0.6 : 1);
    if (!glow || k <= 0.004) return;
    // One size for every mote (one cached copy) and one switch to added light for them all.
    const size = sz * 0.11;
    g.globalCompositeOperation = 'lighter';
    for (let i = 0; i < TORN; i++) {
      const t = s.time * (0.32 + 0.18 * spread(i, 0)) + spread(i, 1);
      const u = t - Math.floor(t);
      const side = (spread(i, 2) - 0.5) * 0.5 * sz * (0.3 + u);
      const dist = (0.05 + 0.9 * u) * sz;
      g.globalAlpha = Math.min(1, k * 0.9 * Math.sin(Math.PI * u));
      glow.draw(g, hx + dx * dist - dy * side, hy + dy * dist + dx * side, size);
    }
    g.globalCompositeOperation = 'source-over';
  }

  /** Between two poses: her light as a few motes drifting with her mark to her next place. */
  function transitMotes(g: CanvasRenderingContext2D, s: Scene, amount: number): void {
    const sz = m.size;
    const cx = m.x;
    const cy = m.y - 0.4 * sz;
    for (let i = 0; i < TRANSIT; i++) {
      const ang = 2 * Math.PI * spread(i, 0) + s.time * (0.25 + 0.3 * spread(i, 1));
      const r = sz * (0.1 + 0.4 * spread(i, 2));
      const x = cx + Math.cos(ang) * r;
      const y = cy + Math.sin(ang) * r * 0.7;
      light(g, glow, x, y, sz * (0.2 + 0.15 * spread(i, 3)), amount * (0.55 + 0.25 * Math.sin(s.time * 0.6 + i)));
    }
    light(g, glow, cx, cy, sz * 1.6, amount * 0.3);
  }

  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      stage.step(s);
      stage.place('tara', s, m);
      if (m.on < 0.01) return;
      build(s);
      const bright = taraGlow(s);
      for (let i = 0; i < PHASES.length; i++) {
        const phase = PHASES[i];
        const pose = TARA_POSE[phase];
        const place = STAGE.tara[phase];
        if (!pose || !place) continue;
        const a = poseAlpha(stage.weights[i]) * (place.on ?? 1);
        if (a <= 0.004) continue;
        const fig = figures[pose];
        const sz = m.size * SCALE[pose];
        const scale = fig.height > 0 ? sz / fig.height : 1;
        if (pose === 'pulled') {
          // Dragged head first into the tear, struggling: a slow uneven sway about the tilt.
          const angle = PULL_TILT + 0.07 * Math.sin(s.time * 0.9) + 0.035 * Math.sin(s.time * 2.3);
          const lift = sz * 0.04 * Math.sin(s.time * 0.7);
          pulledExtras(g, s, a, angle, lift);
          // Her own rose light held close round her as she goes (she is large here).
          const k = 0.55 * sz;
          light(g, glow, m.x + k * Math.sin(angle), m.y - lift - k * Math.cos(angle), sz * 1.3, a * 0.3);
          fig.draw(g, m.x, m.y - lift, scale, angle, a);
          tornMotes(g, s, a, angle, lift);
          continue;
        }
        if (pose === 'asleep') {
          // She breathes in her sleep: her halo swells and settles, six breaths a minute.
          light(g, glow, m.x - 0.1 * sz, m.y - 0.15 * sz, sz * 2, a * (0.32 + 0.08 * breath(s)));
          dreamThreads(g, s, a, sz);
        } else if (pose === 'kernel') {
          // A light around her, behind her, growing with the crowd's unity; her figure stays clear in it.
          light(g, glow, m.x, m.y - 0.55 * sz, sz * (2.2 + 2.2 * bright), a * (0.3 + 0.45 * bright));
        } else if (pose === 'standing') {
          // Restored, lit by the sunrise on her right: her own halo, and the sun's warmth on her.
          light(g, glow, m.x, m.y - 0.55 * sz, sz * 2.2, a * 0.25);
          light(g, held, m.x + 0.3 * sz, m.y - 0.6 * sz, sz * 1.1, a * 0.15);
        } else if (pose === 'holding') {
          light(g, glow, m.x, m.y - 0.55 * sz, sz * 2, a * 0.22);
          if (poolSrc) {
            // Her light lies on the ground round her feet and reaches the shadows' feet: the idle
            // nightmare is not a black wall, and the light is hers.
            const pw = Math.round(sz * 7);
            const ph = Math.round(sz * 1.4);
            g.globalCompositeOperation = 'lighter';
            g.globalAlpha = Math.min(1, a * (0.5 + 0.06 * breath(s, 0.2)));
            pool.draw(g, poolSrc, Math.round(m.x - pw / 2), Math.round(m.y - ph / 2), pw, ph);
            g.globalCompositeOperation = 'source-over';
          }
        } else {
          light(g, glow, m.x, m.y - 0.55 * sz, sz * 2.2, a * 0.5);
        }
        fig.draw(g, m.x, m.y, scale, 0, a);
        if (pose === 'holding') {
          // The small light in her cupped hands, breathing slowly, in front of her.
          light(g, held, m.x, m.y - 0.5 * sz, sz * 0.38, a * (0.8 + 0.1 * breath(s, 0.2)));
          light(g, held, m.x, m.y - 0.5 * sz, sz * 1.6, a * 0.22);
        }
      }
      const moving = transitAmount(stage.weights) * m.on;
      if (moving > 0.01) transitMotes(g, s, moving);
      g.globalAlpha = 1;
    },
    dispose(): void {
      for (const pose of TARA_POSES) figures[pose].dispose();
      stage.reset();
      glow?.dispose();
      held?.dispose();
      glow = held = null;
      if (poolSrc) poolSrc.width = poolSrc.height = 0;
      poolSrc = null;
      pool.dispose();
      version = -1;
    },
  };
}
