/**
 * The scene a layer test draws: one wall fully in one phase, a 60 Hz frame long.
 */
import { Scene } from '../../../display/render/Scene.ts';
import { viewLayout } from '../../../display/viewLayout.ts';
import { phaseIndex, type PhaseName } from '../../../core/arc/phases.ts';

/**
 * @param phase the phase weighted 1 (the others 0); @param time show seconds;
 * @param w, h the wall's size in pixels (default 1280×720, one projector: no `?view=`).
 */
export function wallScene(phase: PhaseName, time = 0, w = 1280, h = 720): Scene {
  const s = new Scene();
  s.w = w;
  s.h = h;
  s.layout = viewLayout(null, w, h);
  s.weights[phaseIndex(phase)] = 1;
  s.dt = 1 / 60;
  s.time = time;
  return s;
}
