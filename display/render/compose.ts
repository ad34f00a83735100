/**
 * The wall's draw contract: one ordered list of entries, each a layer that declares its plane (its
 * `order`) and where it draws — straight onto the wall, into the fading trail buffer, or as a post
 * effect that reads the finished picture. `Renderer` sorts the list once and walks it every frame;
 * a new layer slots in by choosing an order between its neighbours (see `ORDER` and display/README.md).
 */
import type { Layer } from '../layers/Layer.ts';
import type { Scene } from './Scene.ts';

/**
 * Where an entry draws.
 * - `wall`: onto the wall's canvas, in wall px, `source-over` and alpha 1 on entry (restore them).
 * - `trail`: into the trail buffer, which fades every frame (`Scene.p('trails')`) and is laid onto
 *   the wall additively at the place of the first trail entry in the order; all trail entries share it.
 * - `post`: reads and rewrites the finished picture (bloom, echo, glitch), after every `wall` entry
 *   of a lower order.
 */
export type DrawTarget = 'wall' | 'trail' | 'post';

/** An effect on the finished picture: gets the wall's context and its canvas to read. */
export interface PostEffect {
  /** Applies the effect this frame. Allocates nothing. */
  apply(g: CanvasRenderingContext2D, canvas: HTMLCanvasElement, s: Scene): void;
  resize?(w: number, h: number): void;
  /** Frees canvases. */
  dispose(): void;
}

/** One entry of the ordered list. */
export type LayerEntry =
  | { readonly name: string; readonly order: number; readonly target: 'wall' | 'trail'; readonly layer: Layer }
  | { readonly name: string; readonly order: number; readonly target: 'post'; readonly layer: PostEffect };

/**
 * The planes of the picture, back to front. Orders are spaced so a layer can slot between two
 * (e.g. a character at 560 stands in front of the creature and behind the dawn's motes).
 */
export const ORDER = {
  /** Far plane: the sky's gradient, aurora and stars. */
  sky: 100,
  /** The sun and its rays, behind the land. */
  sun: 150,
  /** Middle plane: horizon hills, Neo-Elysium far away, the fog between the planes. */
  land: 200,
  /** The flow's motes and streaks (trail buffer). */
  flow: 300,
  /** The phases' subjects, in the middle distance. */
  machine: 400,
  nightmare: 450,
  ghosts: 500,
  creature: 550,
  dawn: 600,
  /** Characters stand in front of the subjects and on the land. */
  cast: 650,
  /** Near plane: the foreground ridge the wall is seen from. */
  near: 700,
  /** The crowd's own marks: threads, blooms, lanterns, over everything drawn. */
  crowd: 800,
  /** Post: glow (bloom of the bright parts plus the per-phase echo of the previous frames). */
  glow: 900,
  /** Post: the glitch tearing the finished picture. */
  glitch: 950,
} as const;

/** @returns the entries sorted by order (stable: equal orders keep the listed order). */
export function sortEntries(entries: readonly LayerEntry[]): LayerEntry[] {
  return entries
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.order - b.e.order || a.i - b.i)
    .map((x) => x.e);
}
