/**
 * Tara's figure of light, pose by pose: a small child by proportion (a big head about a quarter of
 * her height, short limbs, a bob of hair with a bow, a little nightgown flaring to the knees). Traced
 * with her feet at (0, 0), up −y, `h` px tall (lying, about `h` wide), each shape inked as it is
 * traced (see LightFigure.ts: filled for her body, stroked for her outline and inner lines); the
 * `…Lines` tracers add the few inner lines that are not a shape's edge (hair strands, folds).
 * No faces: she reads by her outline.
 */
import type { Ink } from './LightFigure.ts';
import { traceLimb } from './silhouettes.ts';
import type { TaraPose } from './poses.ts';

type Ctx = CanvasRenderingContext2D;

/** Her reaching hand in the glitch pose, × her height from her feet (before the tilt). */
export const PULL_HAND_X = -0.45;
export const PULL_HAND_Y = -0.27;

/** A limb traced (see {@link traceLimb}) and inked. */
function limb(g: Ctx, ink: Ink, x0: number, y0: number, x1: number, y1: number, r0: number, r1: number): void {
  traceLimb(g, x0, y0, x1, y1, r0, r1);
  ink(g);
}

function oval(g: Ctx, ink: Ink, x: number, y: number, rx: number, ry: number, rot: number): void {
  g.beginPath();
  g.ellipse(x, y, rx, ry, rot, 0, Math.PI * 2);
  g.closePath();
  ink(g);
}

/**
 * A limb bent at one joint, traced as one closed outline (round at both ends and round outside the
 * joint), so no seam of a joint is drawn inside it: (x0, y0) → (x1, y1) → (x2, y2), radii r0, r1, r2.
 */
function bentLimb(g: Ctx, ink: Ink, x0: number, y0: number, x1: number, y1: number, x2: number, y2: number, r0: number, r1: number, r2: number): void {
  let l = Math.hypot(x1 - x0, y1 - y0) || 1;
  const ax = (x1 - x0) / l;
  const ay = (y1 - y0) / l;
  l = Math.hypot(x2 - x1, y2 - y1) || 1;
  const bx = (x2 - x1) / l;
  const by = (y2 - y1) / l;
  // Normals (+ side), the turn's sense, and the joint's inner corner along the bisector.
  const n1x = -ay;
  const n1y = ax;
  const n2x = -by;
  const n2y = bx;
  const turn = ax * by - ay * bx;
  let mx = n1x + n2x;
  let my = n1y + n2y;
  const ml = Math.hypot(mx, my) || 1;
  mx /= ml;
  my /= ml;
  const reach = r1 / Math.max(0.35, mx * n1x + my * n1y);
  const a1 = Math.atan2(ay, ax);
  const a2 = Math.atan2(by, bx);
  g.beginPath();
  g.moveTo(x0 + n1x * r0, y0 + n1y * r0);
  g.lineTo(x1 + n1x * r1, y1 + n1y * r1);
  if (turn < 0) g.arc(x1, y1, r1, a1 + Math.PI / 2, a2 + Math.PI / 2, true);
  else g.lineTo(x1 + mx * reach, y1 + my * reach);
  g.lineTo(x2 + n2x * r2, y2 + n2y * r2);
  g.arc(x2, y2, r2, a2 + Math.PI / 2, a2 - Math.PI / 2, true);
  g.lineTo(x1 - n2x * r1, y1 - n2y * r1);
  if (turn > 0) g.arc(x1, y1, r1, a2 - Math.PI / 2, a1 - Math.PI / 2, true);
  else g.lineTo(x1 - mx * reach, y1 - my * reach);
  g.lineTo(x0 - n1x * r0, y0 - n1y * r0);
  g.arc(x0, y0, r0, a1 - Math.PI / 2, a1 + Math.PI / 2, true);
  g.closePath();
  ink(g);
}

/** An arm from shoulder to elbow to a small round hand, all × h. */
function arm(g: Ctx, ink: Ink, h: number, sx: number, sy: number, ex: number, ey: number, hx: number, hy: number): void {
  bentLimb(g, ink, sx * h, sy * h, ex * h, ey * h, hx * h, hy * h, 0.036 * h, 0.029 * h, 0.031 * h);
}

/** A hair bow: two small loops and a knot, at (x, y) × h, turned `rot`. */
function bow(g: Ctx, ink: Ink, h: number, x: number, y: number, rot: number): void {
  const c = Math.cos(rot);
  const s = Math.sin(rot);
  oval(g, ink, (x - 0.035 * c) * h, (y - 0.035 * s) * h, 0.034 * h, 0.022 * h, rot - 0.3);
  oval(g, ink, (x + 0.035 * c) * h, (y + 0.035 * s) * h, 0.034 * h, 0.022 * h, rot + 0.3);
  oval(g, ink, x * h, y * h, 0.014 * h, 0.014 * h, 0);
}

/**
 * The standing child: legs, nightgown, head and bob (arms are the pose's). `hy` lifts (−) or bows (+)
 * her head, × h; `back` draws the bob covering the whole head (seen from behind).
 */
function standingBody(g: Ctx, h: number, ink: Ink, hy: number, back: boolean): void {
  // Short legs under the hem, small feet.
  limb(g, ink, -0.05 * h, -0.28 * h, -0.055 * h, -0.03 * h, 0.037 * h, 0.032 * h);
  limb(g, ink, 0.05 * h, -0.28 * h, 0.055 * h, -0.03 * h, 0.037 * h, 0.032 * h);
  oval(g, ink, -0.068 * h, -0.02 * h, 0.047 * h, 0.022 * h, 0);
  oval(g, ink, 0.068 * h, -0.02 * h, 0.047 * h, 0.022 * h, 0);
  // The nightgown: round shoulders, flaring to a scalloped hem at the knees.
  g.beginPath();
  g.moveTo(-0.045 * h, -0.715 * h);
  g.lineTo(0.045 * h, -0.715 * h);
  g.quadraticCurveTo(0.1 * h, -0.7 * h, 0.105 * h, -0.64 * h);
  g.bezierCurveTo(0.13 * h, -0.5 * h, 0.17 * h, -0.36 * h, 0.2 * h, -0.255 * h);
  g.quadraticCurveTo(0.135 * h, -0.22 * h, 0.068 * h, -0.25 * h);
  g.quadraticCurveTo(0, -0.22 * h, -0.068 * h, -0.25 * h);
  g.quadraticCurveTo(-0.135 * h, -0.22 * h, -0.2 * h, -0.255 * h);
  g.bezierCurveTo(-0.17 * h, -0.36 * h, -0.13 * h, -0.5 * h, -0.105 * h, -0.64 * h);
  g.quadraticCurveTo(-0.1 * h, -0.7 * h, -0.045 * h, -0.715 * h);
  g.closePath();
  ink(g);
  // Head, a big round one; then the bob over it.
  const cy = -0.835 + hy;
  oval(g, ink, 0, cy * h, 0.125 * h, 0.125 * h, 0);
  g.beginPath();
  if (back) {
    // From behind the hair is the whole head, ending in a bob that flicks out at the nape.
    g.moveTo(-0.15 * h, (cy + 0.09) * h);
    g.bezierCurveTo(-0.17 * h, (cy - 0.06) * h, -0.1 * h, (cy - 0.15) * h, 0, (cy - 0.145) * h);
    g.bezierCurveTo(0.1 * h, (cy - 0.15) * h, 0.17 * h, (cy - 0.06) * h, 0.15 * h, (cy + 0.09) * h);
    g.quadraticCurveTo(0.08 * h, (cy + 0.11) * h, 0, (cy + 0.1) * h);
    g.quadraticCurveTo(-0.08 * h, (cy + 0.11) * h, -0.15 * h, (cy + 0.09) * h);
  } else {
    // From the front a cap of hair with a fringe, falling to the jaw at the sides.
    g.moveTo(-0.145 * h, (cy + 0.08) * h);
    g.bezierCurveTo(-0.17 * h, (cy - 0.07) * h, -0.1 * h, (cy - 0.15) * h, 0, (cy - 0.145) * h);
    g.bezierCurveTo(0.1 * h, (cy - 0.15) * h, 0.17 * h, (cy - 0.07) * h, 0.145 * h, (cy + 0.08) * h);
    g.quadraticCurveTo(0.12 * h, (cy + 0.02) * h, 0.1 * h, (cy - 0.03) * h);
    g.quadraticCurveTo(0, (cy - 0.06) * h, -0.1 * h, (cy - 0.03) * h);
    g.quadraticCurveTo(-0.12 * h, (cy + 0.02) * h, -0.145 * h, (cy + 0.08) * h);
  }
  g.closePath();
  ink(g);
  bow(g, ink, h, 0.095, cy - 0.1, 0.6);
}

/** The lying child (serene): curled on her side, head on her arm, knees drawn up, hair spilling. */
function asleep(g: Ctx, h: number, ink: Ink): void {
  // Hair spilling from her head onto the ground behind it.
  g.beginPath();
  g.moveTo(-0.28 * h, -0.235 * h);
  g.bezierCurveTo(-0.38 * h, -0.3 * h, -0.52 * h, -0.24 * h, -0.53 * h, -0.12 * h);
  g.bezierCurveTo(-0.54 * h, -0.06 * h, -0.58 * h, -0.03 * h, -0.62 * h, -0.01 * h);
  g.bezierCurveTo(-0.54 * h, 0, -0.47 * h, -0.02 * h, -0.45 * h, -0.06 * h);
  g.lineTo(-0.3 * h, -0.15 * h);
  g.closePath();
  ink(g);
  // The nightgown: her back curving over to her hip, the hem along her thigh to her knee, drawn
  // up under her chest.
  g.beginPath();
  g.moveTo(-0.25 * h, -0.17 * h);
  g.bezierCurveTo(-0.16 * h, -0.25 * h, 0.04 * h, -0.265 * h, 0.14 * h, -0.215 * h);
  g.bezierCurveTo(0.22 * h, -0.175 * h, 0.24 * h, -0.11 * h, 0.2 * h, -0.075 * h);
  g.bezierCurveTo(0.1 * h, -0.06 * h, 0, -0.075 * h, -0.1 * h, -0.055 * h);
  g.bezierCurveTo(-0.15 * h, -0.05 * h, -0.17 * h, -0.1 * h, -0.14 * h, -0.12 * h);
  g.closePath();
  ink(g);
  // Her leg: the thigh drawn up from her hip to her knee under her chest, the shin folded back
  // under her to a small foot.
  bentLimb(g, ink, 0.12 * h, -0.12 * h, -0.1 * h, -0.075 * h, 0.17 * h, -0.03 * h, 0.05 * h, 0.04 * h, 0.028 * h);
  oval(g, ink, 0.205 * h, -0.026 * h, 0.04 * h, 0.022 * h, -0.2);
  // The arm her head rests on, and her head on it.
  bentLimb(g, ink, -0.2 * h, -0.12 * h, -0.3 * h, -0.035 * h, -0.44 * h, -0.05 * h, 0.034 * h, 0.03 * h, 0.028 * h);
  oval(g, ink, -0.345 * h, -0.15 * h, 0.118 * h, 0.118 * h, 0);
  // The hair's cap over the top of her head.
  g.beginPath();
  g.moveTo(-0.23 * h, -0.11 * h);
  g.bezierCurveTo(-0.21 * h, -0.24 * h, -0.32 * h, -0.29 * h, -0.4 * h, -0.26 * h);
  g.bezierCurveTo(-0.46 * h, -0.23 * h, -0.48 * h, -0.16 * h, -0.46 * h, -0.1 * h);
  g.bezierCurveTo(-0.4 * h, -0.17 * h, -0.3 * h, -0.19 * h, -0.23 * h, -0.11 * h);
  g.closePath();
  ink(g);
  bow(g, ink, h, -0.36, -0.27, -0.2);
}

/**
 * The child pulled into the tear (glitch), drawn upright (tilted toward the tear at draw time):
 * stretched long, one arm flung ahead into the pull, the other reaching back to her sister, hair and
 * nightgown streaming ahead of her, legs trailing.
 */
function pulled(g: Ctx, h: number, ink: Ink): void {
  // Legs trailing, one bent.
  limb(g, ink, -0.04 * h, -0.3 * h, -0.11 * h, -0.03 * h, 0.038 * h, 0.03 * h);
  bentLimb(g, ink, 0.05 * h, -0.3 * h, 0.12 * h, -0.15 * h, 0.05 * h, 0.03 * h, 0.038 * h, 0.033 * h, 0.029 * h);
  // The nightgown, stretched, its hem and sides whipped ahead into the pull.
  g.beginPath();
  g.moveTo(-0.045 * h, -0.73 * h);
  g.lineTo(0.05 * h, -0.73 * h);
  g.quadraticCurveTo(0.1 * h, -0.72 * h, 0.11 * h, -0.66 * h);
  g.bezierCurveTo(0.16 * h, -0.72 * h, 0.22 * h, -0.76 * h, 0.27 * h, -0.86 * h);
  g.bezierCurveTo(0.25 * h, -0.7 * h, 0.2 * h, -0.55 * h, 0.16 * h, -0.42 * h);
  g.bezierCurveTo(0.18 * h, -0.36 * h, 0.2 * h, -0.33 * h, 0.24 * h, -0.3 * h);
  g.quadraticCurveTo(0.1 * h, -0.26 * h, 0.02 * h, -0.3 * h);
  g.quadraticCurveTo(-0.08 * h, -0.25 * h, -0.17 * h, -0.3 * h);
  g.bezierCurveTo(-0.13 * h, -0.42 * h, -0.11 * h, -0.55 * h, -0.1 * h, -0.66 * h);
  g.quadraticCurveTo(-0.09 * h, -0.72 * h, -0.045 * h, -0.73 * h);
  g.closePath();
  ink(g);
  // The arm flung ahead into the pull; the arm reaching back to Lyra, fingers spread.
  arm(g, ink, h, 0.08, -0.68, 0.19, -0.73, 0.29, -0.81);
  arm(g, ink, h, -0.07, -0.68, -0.25, -0.52, PULL_HAND_X, PULL_HAND_Y);
  for (let f = -1; f <= 1; f++) {
    limb(g, ink, PULL_HAND_X * h, PULL_HAND_Y * h, (PULL_HAND_X - 0.055 + 0.02 * f) * h, (PULL_HAND_Y + 0.035 + 0.03 * f) * h, 0.013 * h, 0.01 * h);
  }
  // Head, and her hair streaming ahead in locks.
  oval(g, ink, 0.015 * h, -0.85 * h, 0.12 * h, 0.12 * h, 0);
  // Her hair streaming from her crown ahead into the pull: four tapering locks, waving.
  for (let k = 0; k < 4; k++) {
    const th = -2.5 + 0.45 * k;
    const bx = 0.015 + 0.11 * Math.cos(th);
    const by = -0.85 + 0.11 * Math.sin(th);
    const tx = bx + 0.1 + 0.06 * k;
    const ty = by - 0.3 + 0.05 * k;
    const w = 0.035;
    g.beginPath();
    g.moveTo((bx - w) * h, by * h);
    g.bezierCurveTo((bx - w - 0.04) * h, (by - 0.12) * h, (tx - 0.06) * h, (ty + 0.12) * h, tx * h, ty * h);
    g.bezierCurveTo((tx - 0.04) * h, (ty + 0.13) * h, (bx + w - 0.02) * h, (by - 0.1) * h, (bx + w) * h, by * h);
    g.closePath();
    ink(g);
  }
  bow(g, ink, h, 0.1, -0.96, 0.9);
}

/** Tara in one of her poses (see the module's note for the frame). */
export function traceTaraLight(g: Ctx, h: number, pose: TaraPose, ink: Ink): void {
  switch (pose) {
    case 'asleep':
      asleep(g, h, ink);
      return;
    case 'pulled':
      pulled(g, h, ink);
      return;
    case 'watching':
      // From behind in the crowd, her face lifted to the lanterns, one arm up pointing at them.
      arm(g, ink, h, -0.085, -0.655, -0.13, -0.52, -0.15, -0.42);
      standingBody(g, h, ink, -0.02, true);
      arm(g, ink, h, 0.085, -0.655, 0.17, -0.8, 0.22, -0.97);
      return;
    case 'holding':
      // Small, head bowed over the light cupped at her chest.
      standingBody(g, h, ink, 0.02, false);
      arm(g, ink, h, -0.09, -0.655, -0.12, -0.53, -0.03, -0.49);
      arm(g, ink, h, 0.09, -0.655, 0.12, -0.53, 0.03, -0.49);
      return;
    case 'kernel':
      // At the creature's heart, facing us, arms open wide.
      standingBody(g, h, ink, 0, false);
      arm(g, ink, h, -0.09, -0.66, -0.2, -0.69, -0.31, -0.76);
      arm(g, ink, h, 0.09, -0.66, 0.2, -0.69, 0.31, -0.76);
      return;
    case 'standing':
      // Restored, from behind, facing the sunrise, arms opening up to it.
      arm(g, ink, h, -0.085, -0.66, -0.17, -0.79, -0.24, -0.92);
      arm(g, ink, h, 0.085, -0.66, 0.17, -0.79, 0.24, -0.92);
      standingBody(g, h, ink, -0.01, true);
      return;
  }
}

/** The few inner lines that are no shape's edge: strands of hair, folds of the nightgown. */
export function taraLines(g: Ctx, h: number, pose: TaraPose): void {
  g.beginPath();
  if (pose === 'asleep') {
    // Strands in the spilled hair.
    g.moveTo(-0.42 * h, -0.24 * h);
    g.quadraticCurveTo(-0.5 * h, -0.15 * h, -0.56 * h, -0.03 * h);
  } else if (pose === 'pulled') {
    // Folds dragged long along her; strands in the streaming locks.
    g.moveTo(-0.03 * h, -0.66 * h);
    g.quadraticCurveTo(-0.06 * h, -0.48 * h, -0.1 * h, -0.31 * h);
    g.moveTo(0.06 * h, -0.64 * h);
    g.quadraticCurveTo(0.12 * h, -0.48 * h, 0.14 * h, -0.34 * h);
  } else {
    // Two folds down the nightgown; for a head seen from behind, strands falling to the bob's ends.
    g.moveTo(-0.035 * h, -0.6 * h);
    g.quadraticCurveTo(-0.07 * h, -0.43 * h, -0.09 * h, -0.26 * h);
    g.moveTo(0.04 * h, -0.6 * h);
    g.quadraticCurveTo(0.08 * h, -0.43 * h, 0.1 * h, -0.26 * h);
    if (pose === 'watching' || pose === 'standing') {
      const cy = pose === 'watching' ? -0.855 : -0.845;
      for (let k = -1; k <= 1; k++) {
        g.moveTo(k * 0.03 * h, (cy - 0.13) * h);
        g.quadraticCurveTo(k * 0.1 * h, (cy - 0.02) * h, k * 0.08 * h, (cy + 0.09) * h);
      }
    }
  }
  g.stroke();
}
