/** The dreamers' marks as sprites: light drawn in each character's motif, never an icon. */
import { glowSprite } from '../render/styles.ts';

/** Lifts a channel toward white (the bright core of a mark). */
function lift(c: number, k: number): number {
  return Math.min(255, Math.round(c + (255 - c) * k));
}

/**
 * A dreamer's mark as a small sprite (48 px) of light in their colour and motif, the same wherever
 * it shows (a tap's bloom, a star of the dawn's signs): Lyra's a fine thread of light fading at both
 * ends, Remy's a short warm brush stroke, Tara's a small soft sparkle of a few dots, Brian's a sharp
 * streak with a bright head. Painted once per preset; a faint round glow sits under each.
 * @param role 0..3 (Lyra, Remy, Tara, Brian); @param r, g, b the colour, 0..255.
 */
export function motifSprite(role: number, r: number, g: number, b: number): HTMLCanvasElement {
  const c = glowSprite(48, r, g, b, role === 1 ? 0.22 : 0.08);
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const m = 24;
  const core = `${lift(r, 0.45)},${lift(g, 0.45)},${lift(b, 0.45)}`;
  ctx.globalCompositeOperation = 'lighter';
  ctx.lineCap = 'round';
  if (role === 0 || role === 3) {
    // A thread (even, fading at both ends) or a streak (a bright head on the right, a long tail).
    const line = ctx.createLinearGradient(3, m, 45, m);
    line.addColorStop(0, `rgba(${core},0)`);
    line.addColorStop(role === 0 ? 0.5 : 0.85, `rgba(${core},${role === 0 ? 0.75 : 0.95})`);
    line.addColorStop(1, `rgba(${core},0)`);
    ctx.strokeStyle = line;
    ctx.lineWidth = role === 0 ? 1.2 : 1.6;
    ctx.beginPath();
    ctx.moveTo(3, m);
    if (role === 0) ctx.quadraticCurveTo(m, m + 2, 45, m);
    else ctx.lineTo(45, m);
    ctx.stroke();
  } else if (role === 1) {
    // A warm brush stroke: short, nearly level, soft-edged (two passes).
    for (const [wd, a] of [[5, 0.18], [2, 0.45]] as const) {
      ctx.strokeStyle = `rgba(${lift(r, 0.25)},${lift(g, 0.15)},${b},${a})`;
      ctx.lineWidth = wd;
      ctx.beginPath();
      ctx.moveTo(12, m + 2);
      ctx.quadraticCurveTo(m, m + 1, 36, m - 2);
      ctx.stroke();
    }
  } else {
    // A sparkle: a few soft dots of different sizes, loosely grouped.
    const dots: readonly (readonly [number, number, number])[] = [[24, 24, 3.2], [15, 19, 1.8], [31, 16, 1.5], [29, 31, 2.1], [18, 31, 1.2]];
    for (const [x, y, rad] of dots) {
      const d = ctx.createRadialGradient(x, y, 0, x, y, rad * 2.2);
      d.addColorStop(0, `rgba(${core},0.9)`);
      d.addColorStop(0.4, `rgba(${r},${g},${b},0.45)`);
      d.addColorStop(1, `rgba(${r},${g},${b},0)`);
      ctx.fillStyle = d;
      ctx.fillRect(x - rad * 2.2, y - rad * 2.2, rad * 4.4, rad * 4.4);
    }
  }
  return c;
}
