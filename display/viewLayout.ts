/**
 * Multi-projector layout: `?view=i/n` makes this wall show the i-th of n side-by-side slices of one
 * panorama, so n projectors in a row draw one continuous scene. Pure.
 */

/** Where this wall sits in the panorama. */
export interface ViewLayout {
  /** 0-based slice index. */
  index: number;
  /** Slices side by side (1 for a single wall). */
  count: number;
  /** Width of the whole panorama in this wall's pixels (`width · count`). */
  worldWidth: number;
  /** Height of the panorama, px (same as the wall). */
  worldHeight: number;
  /** Panorama x (px) of this wall's left edge: draw with `translate(-offsetX, 0)`. */
  offsetX: number;
}

/**
 * Parses a view spec (`"2/3"`: middle of three) for a wall of `width`×`height` px.
 * Missing, malformed or out-of-range specs give the whole panorama on one wall.
 */
export function viewLayout(spec: string | null | undefined, width: number, height: number): ViewLayout {
  const m = spec ? /^([1-9])\/([1-9])$/.exec(spec) : null;
  let index = 0;
  let count = 1;
  if (m) {
    const i = Number(m[1]);
    const n = Number(m[2]);
    if (i <= n) {
      index = i - 1;
      count = n;
    }
  }
  return { index, count, worldWidth: width * count, worldHeight: height, offsetX: width * index };
}

/** @returns true when a normalised panorama x (0..1) with a margin (0..1 of one wall) falls on this wall. */
export function onThisWall(layout: ViewLayout, x: number, margin = 0): boolean {
  const left = layout.index / layout.count - margin / layout.count;
  const right = (layout.index + 1) / layout.count + margin / layout.count;
  return x >= left && x <= right;
}
