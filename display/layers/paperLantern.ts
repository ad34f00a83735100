/**
 * A paper lantern's body, painted once per dreamer colour onto a small canvas: a soft rounded paper
 * shell lit from within (warm paper tinted a third of the way toward the tapper's colour), brighter
 * toward the flame, the bottom opening brightest, a faint frame of ribs and rims. The layers blit it
 * turned and scaled (small sprites: cheap), with a glow sprite under it.
 */

/** The body canvas's size, px (height; the width is {@link LANTERN_ASPECT} of it). */
export const LANTERN_PX = 64;
/** Width over height of the body. */
export const LANTERN_ASPECT = 0.78;

/** Paper in lamplight, before the tint. */
const PAPER: readonly [number, number, number] = [255, 196, 120];

/** Mixes paper with a dreamer colour: `k` of the way toward it. */
function tint(r: number, g: number, b: number, k: number, lift = 0): string {
  const c = (p: number, q: number): number => Math.max(0, Math.min(255, Math.round(p + (q - p) * k + lift)));
  return `${c(PAPER[0], r)},${c(PAPER[1], g)},${c(PAPER[2], b)}`;
}

/** Per body variant: belly width (share of the width), how far the paper leans to the dreamer colour, warmth lift. */
const SHAPES: readonly (readonly [number, number, number])[] = [
  [0.4, 0.7, 10],
  [0.47, 1, 0],
  [0.5, 1.4, -12],
];

/**
 * Paints a lantern body tinted by a dreamer colour (0..255 channels).
 * @param shape 0 slim and pale, 1 round, 2 squat and deeper-tinted (any other value: 1).
 */
export function paperLanternSprite(r: number, g: number, b: number, shape = 1): HTMLCanvasElement {
  const [bellyK, tintK, warm] = SHAPES[shape] ?? SHAPES[1];
  const h = LANTERN_PX;
  const w = Math.round(h * LANTERN_ASPECT);
  const c = document.createElement('canvas');
  c.width = w;
  c.height = h;
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const cx = w / 2;
  const top = h * 0.1;
  const bottom = h * 0.9;
  const rimTop = w * 0.26;
  const rimBottom = w * 0.3;
  const belly = w * bellyK;
  // The shell: narrow rims, a round belly a little below the middle.
  ctx.beginPath();
  ctx.moveTo(cx - rimTop, top);
  ctx.bezierCurveTo(cx - belly, top + h * 0.12, cx - belly * 1.02, bottom - h * 0.22, cx - rimBottom, bottom);
  ctx.lineTo(cx + rimBottom, bottom);
  ctx.bezierCurveTo(cx + belly * 1.02, bottom - h * 0.22, cx + belly, top + h * 0.12, cx + rimTop, top);
  ctx.closePath();
  const glow = ctx.createRadialGradient(cx, h * 0.66, h * 0.03, cx, h * 0.52, h * 0.5);
  glow.addColorStop(0, `rgba(${tint(r, g, b, 0.1 * tintK, 70 + warm)},1)`);
  glow.addColorStop(0.45, `rgba(${tint(r, g, b, 0.25 * tintK, warm)},0.95)`);
  glow.addColorStop(1, `rgba(${tint(r, g, b, 0.4 * tintK, -100 + warm)},0.85)`);
  ctx.fillStyle = glow;
  ctx.fill();
  // The frame: ribs following the shell and the two rims, faint and darker than the paper.
  ctx.strokeStyle = `rgba(${tint(r, g, b, 0.5, -130)},0.35)`;
  ctx.lineWidth = Math.max(1, h / 48);
  ctx.beginPath();
  for (const k of [-0.55, 0, 0.55]) {
    ctx.moveTo(cx + k * rimTop, top);
    ctx.bezierCurveTo(cx + k * belly, top + h * 0.12, cx + k * belly, bottom - h * 0.22, cx + k * rimBottom, bottom);
  }
  for (const yy of [0.32, 0.55]) {
    const y = top + (bottom - top) * yy;
    ctx.moveTo(cx - belly * 0.96, y);
    ctx.quadraticCurveTo(cx, y + h * 0.035, cx + belly * 0.96, y);
  }
  ctx.stroke();
  // The rims: a dark cap on top, and the bottom opening, the brightest part (the flame shows there).
  ctx.fillStyle = `rgba(${tint(r, g, b, 0.4, -150)},0.8)`;
  ctx.fillRect(cx - rimTop, top - h * 0.035, rimTop * 2, h * 0.05);
  ctx.beginPath();
  ctx.ellipse(cx, bottom, rimBottom * 0.95, h * 0.035, 0, 0, Math.PI * 2);
  ctx.fillStyle = 'rgba(255,244,214,1)';
  ctx.fill();
  return c;
}

/**
 * Draws one paper lantern body centred on (x, y), `size` px tall, turned by `turn` radians.
 * The transform is undone by the inverse steps (no save/restore, no matrix object).
 */
export function drawLantern(g: CanvasRenderingContext2D, body: HTMLCanvasElement | undefined, x: number, y: number, size: number, turn: number, alpha: number): void {
  if (!body || alpha < 0.004 || size < 2) return;
  const w = size * LANTERN_ASPECT;
  g.globalAlpha = Math.min(1, alpha);
  g.translate(x, y);
  g.rotate(turn);
  g.drawImage(body, -w / 2, -size / 2, w, size);
  g.rotate(-turn);
  g.translate(-x, -y);
}
