/** The dreamers' marks as sprites: one glow per character, with its motif drawn into it. */
import { glowSprite } from '../render/styles.ts';

/**
 * A dreamer's mark as a small glow sprite (48 px) in their colour and motif, the same wherever it
 * shows (a tap's bloom, a star of the dawn's signs): Lyra's crossed by a thread, Remy's a wide warm
 * glow, Tara's a sparkle, Brian's a sharp diamond.
 * @param role 0..3 (Lyra, Remy, Tara, Brian); @param r, g, b the colour, 0..255.
 */
export function motifSprite(role: number, r: number, g: number, b: number): HTMLCanvasElement {
  const c = glowSprite(48, r, g, b, role === 1 ? 0.3 : 0.15);
  const ctx = c.getContext('2d');
  if (!ctx) return c;
  const m = 24;
  ctx.globalCompositeOperation = 'lighter';
  ctx.strokeStyle = `rgba(${Math.min(255, r + 80)},${Math.min(255, g + 80)},${Math.min(255, b + 80)},0.7)`;
  ctx.lineWidth = 1;
  ctx.beginPath();
  if (role === 0) {
    ctx.moveTo(2, m);
    ctx.lineTo(46, m);
  } else if (role === 2) {
    ctx.moveTo(m, 4);
    ctx.lineTo(m, 44);
    ctx.moveTo(4, m);
    ctx.lineTo(44, m);
  } else if (role === 3) {
    ctx.moveTo(m, 8);
    ctx.lineTo(m + 5, m);
    ctx.lineTo(m, 40);
    ctx.lineTo(m - 5, m);
    ctx.closePath();
  }
  ctx.stroke();
  return c;
}
