/** The shape every drawing layer of the wall shares. */
import type { Scene } from '../render/Scene.ts';

/** One layer of the picture. Layers draw in wall pixels and free what they made in `dispose()`. */
export interface Layer {
  /** Draws this frame. Allocates nothing. */
  draw(g: CanvasRenderingContext2D, s: Scene): void;
  /** Called when the wall changes size. */
  resize?(w: number, h: number): void;
  /** Frees canvases, pools and listeners. */
  dispose(): void;
}
