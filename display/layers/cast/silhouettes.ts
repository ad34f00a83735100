/**
 * The characters' silhouettes as paths (Tara, a figure of light, is traced in taraShapes.ts): smooth shapes (circles, ellipses, curves), no faces, traced
 * into whatever context they are given with the figure's feet at (0, 0), up being −y, `h` px tall.
 * Each shape is filled as it is traced (so overlapping shapes never cut holes in each other by winding),
 * in the context's current fill style; traced once per size into an offscreen canvas (see
 * FigureCanvas.ts), never per frame.
 */
type Ctx = CanvasRenderingContext2D;

/** Traces a limb: a round-capped thick line (a capsule) as its own closed path, in px; fills nothing. */
export function traceLimb(g: Ctx, x0: number, y0: number, x1: number, y1: number, r0: number, r1: number): void {
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
}

/** A limb traced and filled. */
function limb(g: Ctx, x0: number, y0: number, x1: number, y1: number, r0: number, r1: number): void {
  traceLimb(g, x0, y0, x1, y1, r0, r1);
  g.fill();
}

function disc(g: Ctx, x: number, y: number, r: number): void {
  g.beginPath();
  g.moveTo(x + r, y);
  g.arc(x, y, r, 0, Math.PI * 2);
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
