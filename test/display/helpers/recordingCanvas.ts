/**
 * A canvas that records the 2D calls made on it instead of drawing, for layer tests in Node: which
 * calls, with what arguments, under which composite operation and alpha. `installRecordingDocument`
 * gives layers a `document.createElement('canvas')` that makes such canvases.
 */

/** One recorded call. */
export interface CanvasCall {
  op: string;
  args: unknown[];
  composite: string;
  alpha: number;
  strokeStyle: unknown;
  fillStyle: unknown;
}

/** A 2D context that records every method call and keeps state properties as plain fields. */
export interface RecordingContext {
  readonly calls: CanvasCall[];
  readonly canvas: RecordingCanvas;
  globalAlpha: number;
  globalCompositeOperation: string;
  [key: string]: unknown;
}

/** A canvas element stand-in. */
export class RecordingCanvas {
  width = 0;
  height = 0;
  readonly ctx: RecordingContext;
  constructor() {
    const calls: CanvasCall[] = [];
    const state: Record<string, unknown> = { globalAlpha: 1, globalCompositeOperation: 'source-over', calls, canvas: this };
    this.ctx = new Proxy(state, {
      get(target, prop: string) {
        if (prop in target) return target[prop];
        if (prop === 'createImageData') return (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) });
        if (prop === 'createRadialGradient' || prop === 'createLinearGradient') return () => ({ addColorStop: () => undefined });
        return (...args: unknown[]) => {
          calls.push({ op: prop, args, composite: String(target.globalCompositeOperation), alpha: Number(target.globalAlpha), strokeStyle: target.strokeStyle, fillStyle: target.fillStyle });
          return undefined;
        };
      },
      set(target, prop: string, value: unknown) {
        target[prop] = value;
        return true;
      },
    }) as RecordingContext;
  }
  getContext(): RecordingContext {
    return this.ctx;
  }
}

/** Canvases made through the installed document, in creation order. */
export const madeCanvases: RecordingCanvas[] = [];

/** Puts a `document` whose createElement makes {@link RecordingCanvas}es on globalThis; returns the undo. */
export function installRecordingDocument(): () => void {
  const g = globalThis as { document?: unknown };
  const before = g.document;
  g.document = {
    createElement: () => {
      const c = new RecordingCanvas();
      madeCanvases.push(c);
      return c;
    },
  };
  return () => {
    g.document = before;
  };
}

/** The context as the layers type it. */
export function asContext(c: RecordingCanvas): CanvasRenderingContext2D {
  return c.ctx as unknown as CanvasRenderingContext2D;
}
