/**
 * The characters' silhouettes as paths: smooth shapes (circles, ellipses, curves), no faces, traced
 * into whatever context they are given with the figure's feet at (0, 0), up being −y, `h` px tall.
 * Each shape is filled as it is traced (so overlapping shapes never cut holes in each other by winding),
 * in the context's current fill style; traced once per size into an offscreen canvas (see
 * FigureCanvas.ts), never per frame.
 */
import type { TaraPose } from './poses.ts';

type Ctx = CanvasRenderingContext2D;

/** A limb: a round-capped thick line (a capsule), traced as its own closed shape and filled. */
export function limb(g: Ctx, x0: number, y0: number, x1: number, y1: number, r0: number, r1: number): void {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy) || 1;
  const nx = -dy / len;
  const ny = dx / len;
  const a = Math.atan2(dy, dx);
  g.beginPath();
  g.moveTo(x0 + nx * r0, y0 + ny * r0);
  g.lineTo(x1 + nx * r1, y1 + ny * r1);
  g.arc(x1, y1, r1, a + Math.PI / 2, a - Math.PI / 2, true);
  g.lineTo(x0 - nx * r0, y0 - ny * r0);
  g.arc(x0, y0, r0, a - Math.PI / 2, a + Math.PI / 2, true);
  g.closePath();
  g.fill();
}

function disc(g: Ctx, x: number, y: number, r: number): void {
  g.beginPath();
  g.moveTo(x + r, y);
  g.arc(x, y, r, 0, Math.PI * 2);
  g.closePath();
  g.fill();
}

function oval(g: Ctx, x: number, y: number, rx: number, ry: number, rot: number): void {
  g.beginPath();
  g.moveTo(x + rx * Math.cos(rot), y + rx * Math.sin(rot));
  g.ellipse(x, y, rx, ry, rot, 0, Math.PI * 2);
  g.closePath();
  g.fill();
}

/**
 * Lyra: tall and slender, in profile facing right, a long gown flaring to the ground and hair down
 * her back; one arm reaches up and forward into the warp, the other guides the weft lower.
 */
export function traceLyra(g: Ctx, h: number): void {
  const headR = 0.052 * h;
  disc(g, 0.012 * h, -0.93 * h, headR);
  // Hair: from the crown, a long fall down her back.
  g.beginPath();
  g.moveTo(0.04 * h, -0.955 * h);
  g.bezierCurveTo(-0.02 * h, -1.0 * h, -0.09 * h, -0.93 * h, -0.075 * h, -0.8 * h);
  g.bezierCurveTo(-0.07 * h, -0.7 * h, -0.1 * h, -0.62 * h, -0.085 * h, -0.56 * h);
  g.bezierCurveTo(-0.05 * h, -0.66 * h, -0.03 * h, -0.8 * h, -0.01 * h, -0.9 * h);
  g.closePath();
  g.fill();
  // Neck, bodice, waist, then the gown flaring to a hem that trails behind her.
  g.beginPath();
  g.moveTo(-0.012 * h, -0.875 * h);
  g.lineTo(0.022 * h, -0.875 * h);
  g.bezierCurveTo(0.045 * h, -0.83 * h, 0.05 * h, -0.76 * h, 0.03 * h, -0.62 * h);
  g.bezierCurveTo(0.05 * h, -0.4 * h, 0.1 * h, -0.15 * h, 0.13 * h, 0);
  g.bezierCurveTo(0.05 * h, 0.012 * h, -0.1 * h, 0.012 * h, -0.2 * h, -0.005 * h);
  g.bezierCurveTo(-0.12 * h, -0.12 * h, -0.05 * h, -0.4 * h, -0.03 * h, -0.62 * h);
  g.bezierCurveTo(-0.05 * h, -0.74 * h, -0.045 * h, -0.83 * h, -0.012 * h, -0.875 * h);
  g.closePath();
  g.fill();
  // The reaching arm (upper arm, forearm), then the lower guiding arm.
  limb(g, 0.015 * h, -0.83 * h, 0.12 * h, -0.8 * h, 0.016 * h, 0.012 * h);
  limb(g, 0.12 * h, -0.8 * h, 0.22 * h, -0.88 * h, 0.012 * h, 0.009 * h);
  limb(g, 0.01 * h, -0.82 * h, 0.07 * h, -0.66 * h, 0.015 * h, 0.011 * h);
  limb(g, 0.07 * h, -0.66 * h, 0.17 * h, -0.62 * h, 0.011 * h, 0.008 * h);
}

/**
 * Tara in one of her poses: a child by proportion (the head about a quarter of her height, short
 * limbs, a small round body), a little bob of hair so she reads as a girl from behind too.
 * Standing poses are `h` tall; lying and curled poses fit in about `h` wide.
 */
export function traceTara(g: Ctx, h: number, pose: TaraPose): void {
  const headR = 0.14 * h;
  const limbR = 0.045 * h;
  switch (pose) {
    case 'asleep': {
      // Curled on her side, head to the left on her folded hands, hair spilling behind, knees drawn up
      // (the blanket of light over her is drawn live).
      disc(g, -0.36 * h, -0.17 * h, headR * 1.1);
      oval(g, -0.46 * h, -0.13 * h, 0.09 * h, 0.13 * h, 0.5);
      oval(g, -0.26 * h, -0.05 * h, 0.1 * h, 0.05 * h, 0);
      oval(g, -0.04 * h, -0.11 * h, 0.2 * h, 0.11 * h, -0.1);
      oval(g, 0.2 * h, -0.1 * h, 0.13 * h, 0.09 * h, 0.4);
      limb(g, 0.24 * h, -0.04 * h, 0.08 * h, -0.03 * h, limbR, limbR * 0.8);
      return;
    }
    case 'kernel': {
      // Curled up tight, a seed: head tucked to the knees, arms around them.
      disc(g, -0.1 * h, -0.58 * h, headR * 1.05);
      oval(g, 0.02 * h, -0.38 * h, 0.2 * h, 0.26 * h, 0.35);
      oval(g, 0.16 * h, -0.44 * h, 0.1 * h, 0.16 * h, 0.2);
      oval(g, 0.04 * h, -0.16 * h, 0.18 * h, 0.09 * h, 0.1);
      return;
    }
    case 'pulled': {
      // Lifted off her feet, stretched toward the tear above: arms up past her head, legs trailing.
      disc(g, 0, -0.72 * h, headR * 0.95);
      oval(g, -0.03 * h, -0.86 * h, 0.12 * h, 0.07 * h, 0.4);
      limb(g, -0.05 * h, -0.62 * h, -0.13 * h, -1.0 * h, limbR, limbR * 0.8);
      limb(g, 0.05 * h, -0.62 * h, 0.15 * h, -0.98 * h, limbR, limbR * 0.8);
      g.beginPath();
      g.moveTo(-0.09 * h, -0.6 * h);
      g.bezierCurveTo(-0.11 * h, -0.45 * h, -0.13 * h, -0.3 * h, -0.12 * h, -0.22 * h);
      g.lineTo(0.12 * h, -0.22 * h);
      g.bezierCurveTo(0.11 * h, -0.35 * h, 0.1 * h, -0.48 * h, 0.09 * h, -0.6 * h);
      g.closePath();
      g.fill();
      limb(g, -0.05 * h, -0.24 * h, -0.1 * h, 0.02 * h, limbR * 1.1, limbR * 0.8);
      limb(g, 0.05 * h, -0.24 * h, 0.03 * h, 0.05 * h, limbR * 1.1, limbR * 0.8);
      return;
    }
    default:
      break;
  }
  // Standing poses share the body: head, bob of hair, a little smock flaring at the knees, short legs.
  const lookUp = pose === 'watching' ? -0.035 * h : 0;
  disc(g, 0, -0.84 * h + lookUp, headR);
  oval(g, 0, -0.8 * h + lookUp, headR * 1.12, headR * 0.75, 0);
  g.beginPath();
  g.moveTo(-0.07 * h, -0.74 * h);
  g.lineTo(0.07 * h, -0.74 * h);
  g.bezierCurveTo(0.11 * h, -0.6 * h, 0.14 * h, -0.42 * h, 0.17 * h, -0.3 * h);
  g.bezierCurveTo(0.06 * h, -0.27 * h, -0.06 * h, -0.27 * h, -0.17 * h, -0.3 * h);
  g.bezierCurveTo(-0.14 * h, -0.42 * h, -0.11 * h, -0.6 * h, -0.07 * h, -0.74 * h);
  g.closePath();
  g.fill();
  limb(g, -0.055 * h, -0.3 * h, -0.06 * h, -0.02 * h, limbR * 1.1, limbR);
  limb(g, 0.055 * h, -0.3 * h, 0.06 * h, -0.02 * h, limbR * 1.1, limbR);
  oval(g, -0.07 * h, -0.015 * h, 0.05 * h, 0.025 * h, 0);
  oval(g, 0.07 * h, -0.015 * h, 0.05 * h, 0.025 * h, 0);
  if (pose === 'watching') {
    // Seen from behind, one arm up pointing at the lanterns, the other at her side.
    limb(g, 0.08 * h, -0.64 * h, 0.2 * h, -0.95 * h, limbR, limbR * 0.85);
    limb(g, -0.08 * h, -0.64 * h, -0.15 * h, -0.42 * h, limbR, limbR * 0.85);
  } else if (pose === 'holding') {
    // Both hands together at her chest, cupping the small light (drawn live in front of her).
    limb(g, -0.09 * h, -0.64 * h, -0.03 * h, -0.5 * h, limbR, limbR * 0.85);
    limb(g, 0.09 * h, -0.64 * h, 0.03 * h, -0.5 * h, limbR, limbR * 0.85);
  } else {
    // Restored, seen from behind facing the sunrise, arms opening up to it.
    limb(g, -0.08 * h, -0.64 * h, -0.22 * h, -0.86 * h, limbR, limbR * 0.85);
    limb(g, 0.08 * h, -0.64 * h, 0.23 * h, -0.83 * h, limbR, limbR * 0.85);
  }
}

