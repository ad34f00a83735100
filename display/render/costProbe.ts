/**
 * Finer draw-cost probes inside an entry, for `layercost=1` pages only (see `Renderer.layerCost` and
 * `scripts/drawCost.ts`): `probe(g, 'threads.lanterns')` makes the canvas rasterise what was drawn
 * since the last probe (a 1-pixel read) and charges that time to the name. Off (a single test and
 * return) on every other page, so probes may stay in hot layers.
 */

let enabled = false;
let last = 0;
const sums = new Map<string, number>();

/** Turns the probes on (the renderer does, for `layercost=1`). */
export function enableProbes(): void {
  enabled = true;
}

/** Marks the start of an entry: time before it is charged to no probe. */
export function probeStart(): void {
  if (enabled) last = performance.now();
}

/** Charges the time since the last probe (or entry start) to `name`, ms summed over frames. */
export function probe(g: CanvasRenderingContext2D, name: string): void {
  if (!enabled) return;
  g.getImageData(0, 0, 1, 1);
  const t = performance.now();
  sums.set(name, (sums.get(name) ?? 0) + t - last);
  last = t;
}

/** Every probe's total, ms summed over the frames drawn. */
export function probeSums(): ReadonlyMap<string, number> {
  return sums;
}
