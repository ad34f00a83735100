import { describe, it, expect } from 'vitest';
import { parseHex, paletteToRgb, mixRgb, relativeLuminance, isSaturatedRed, saturate, PALETTE_SIZE } from '../../display/colour.ts';

describe('colour', () => {
  it('parses preset hex colours', () => {
    const out = [0, 0, 0];
    parseHex('#7ee8fa', out);
    expect(out).toEqual([0x7e, 0xe8, 0xfa]);
  });

  it('pads short palettes with their last colour', () => {
    const rgb = paletteToRgb(['#000000', '#ffffff'], new Float32Array(PALETTE_SIZE * 3));
    expect(Array.from(rgb.slice(12))).toEqual([255, 255, 255]);
  });

  it('mixes palettes between phases, clamping the blend', () => {
    const a = new Float32Array([0, 0, 0]);
    const b = new Float32Array([200, 100, 50]);
    expect(Array.from(mixRgb(a, b, 0.5, new Float32Array(3)))).toEqual([100, 50, 25]);
    expect(Array.from(mixRgb(a, b, 2, new Float32Array(3)))).toEqual([200, 100, 50]);
  });

  it('measures WCAG relative luminance', () => {
    expect(relativeLuminance(0, 0, 0)).toBe(0);
    expect(relativeLuminance(255, 255, 255)).toBeCloseTo(1, 5);
    expect(relativeLuminance(255, 0, 0)).toBeCloseTo(0.2126, 4);
    expect(relativeLuminance(128, 128, 128)).toBeCloseTo(0.2158, 3);
  });

  it('knows saturated red from warm colours', () => {
    expect(isSaturatedRed(255, 0, 40)).toBe(true);
    expect(isSaturatedRed(138, 28, 28)).toBe(false);
    expect(isSaturatedRed(255, 159, 67)).toBe(false);
    expect(isSaturatedRed(3, 0, 0)).toBe(false);
  });

  it('drains colour toward grey without changing its lightness much', () => {
    const c = new Float32Array([255, 0, 0]);
    saturate(c, 0, 0);
    expect(c[0]).toBeCloseTo(c[1]);
    expect(c[1]).toBeCloseTo(c[2]);
  });
});
