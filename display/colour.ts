/**
 * Colour arithmetic for the wall: parsing preset hex colours, mixing palettes between phases and
 * measuring relative luminance for the flash guard. Pure and allocation-free on the hot path
 * (callers pass the output arrays).
 */

/** Parses `#rrggbb` into `out[o..o+2]` as 0..255 channels; malformed input gives mid grey. */
export function parseHex(hex: string, out: Float32Array | number[], o = 0): void {
  const m = /^#?([0-9a-fA-F]{6})$/.exec(hex);
  const v = m ? parseInt(m[1], 16) : 0x808080;
  out[o] = (v >> 16) & 255;
  out[o + 1] = (v >> 8) & 255;
  out[o + 2] = v & 255;
}

/** Number of colours every mixed palette carries (presets give 2..8; shorter ones repeat their last). */
export const PALETTE_SIZE = 5;

/**
 * Writes a preset palette as {@link PALETTE_SIZE} RGB triples (0..255) into `out` (15 floats).
 * Palettes shorter than five repeat their brightest (last) colour so layers can always index 0..4.
 */
export function paletteToRgb(palette: readonly string[], out: Float32Array): Float32Array {
  for (let i = 0; i < PALETTE_SIZE; i++) parseHex(palette[Math.min(i, palette.length - 1)] ?? '#808080', out, i * 3);
  return out;
}

/** Mixes two RGB arrays of equal length: `out = a + (b - a)·t`, t in 0..1. */
export function mixRgb(a: Float32Array, b: Float32Array, t: number, out: Float32Array): Float32Array {
  const k = t < 0 ? 0 : t > 1 ? 1 : t;
  for (let i = 0; i < out.length; i++) out[i] = a[i] + (b[i] - a[i]) * k;
  return out;
}

/**
 * Pulls a colour toward its own grey by `1 - saturation` (saturation 0..1; 1 leaves it unchanged,
 * 0 makes it grey). Works in place on the triple at `o`.
 */
export function saturate(rgb: Float32Array, o: number, saturation: number): void {
  const s = saturation < 0 ? 0 : saturation > 1 ? 1 : saturation;
  const grey = 0.299 * rgb[o] + 0.587 * rgb[o + 1] + 0.114 * rgb[o + 2];
  rgb[o] = grey + (rgb[o] - grey) * s;
  rgb[o + 1] = grey + (rgb[o + 1] - grey) * s;
  rgb[o + 2] = grey + (rgb[o + 2] - grey) * s;
}

const LINEAR = new Float32Array(256);
for (let i = 0; i < 256; i++) {
  const c = i / 255;
  LINEAR[i] = c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** sRGB channel 0..255 → linear light 0..1 (the WCAG curve), by table. */
export function linearChannel(v: number): number {
  return LINEAR[v < 0 ? 0 : v > 255 ? 255 : v | 0];
}

/** WCAG relative luminance of an sRGB colour with 0..255 channels: 0 (black) .. 1 (white). */
export function relativeLuminance(r: number, g: number, b: number): number {
  return 0.2126 * linearChannel(r) + 0.7152 * linearChannel(g) + 0.0722 * linearChannel(b);
}

/**
 * WCAG "saturated red": red makes up at least 80% of R+G+B (on 0..255 channels). Black is not red.
 */
export function isSaturatedRed(r: number, g: number, b: number): boolean {
  const sum = r + g + b;
  return sum > 24 && r / sum >= 0.8;
}

