/**
 * The cast on stage: Lyra at her loom, Remy's lantern and Tara, drawn in the middle plane (in front
 * of the land and the flow, behind the threads and overlays), Tara last so she shows at the
 * creature's heart. One module per character; this one only orders them.
 */
import type { Layer } from '../Layer.ts';
import type { Scene } from '../../render/Scene.ts';
import { createLyra } from './lyra.ts';
import { createRemy } from './remy.ts';
import { createTara } from './tara.ts';

/** Creates the cast layer (draw it after the creature). */
export function createCast(): Layer {
  const cast: Layer[] = [createLyra(), createRemy(), createTara()];
  return {
    draw(g: CanvasRenderingContext2D, s: Scene): void {
      for (let i = 0; i < cast.length; i++) cast[i].draw(g, s);
      g.globalAlpha = 1;
      g.globalCompositeOperation = 'source-over';
    },
    dispose(): void {
      for (const c of cast) c.dispose();
    },
  };
}
