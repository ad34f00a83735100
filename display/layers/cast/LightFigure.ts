/**
 * A figure of light kept on its own offscreen canvas, in the language of Lyra's presence: a fine
 * bright outline round the whole figure, a translucent body lit from within (brightest at its heart,
 * the wall showing through at its edges), a few inner lines where one part crosses another (an arm
 * over the nightgown, the hair over the head) and a soft halo. Built once per size and colour (the
 * blur of the halo is paid then, never per frame); each frame only blits it.
 *
 * The outline and the inner lines come from one stroke of every shape: the half of the stroke that
 * falls outside the filled figure is the outline of the whole (shapes overlapping leave no seams in
 * it), the half inside is the inner drawing.
 */
import { drawFigure, type FigureBox } from './FigureCanvas.ts';

/** Fills or strokes the path just traced: the tracer calls it once per closed shape. */
export type Ink = (g: CanvasRenderingContext2D) => void;
/** Traces a figure `h` px tall with its feet at (0, 0), up −y, inking each shape as it goes. */
export type LightTracer = (g: CanvasRenderingContext2D, h: number, ink: Ink) => void;
/** Strokes a figure's extra inner lines (hair strands, folds) in the current stroke style. */
export type DetailTracer = (g: CanvasRenderingContext2D, h: number) => void;
/** Paints light that belongs to the figure but is not a shape (her light smearing away), unclipped. */
export type AuraPainter = (g: CanvasRenderingContext2D, h: number, r: number, gr: number, b: number) => void;

/** How a figure of light is lit. All alphas 0..1. */
export interface LightStyle {
  /** Opacity of the body at its heart and at its edges. */
  readonly heart: number;
  readonly edge: number;
  /** Where the heart of the light sits above the feet, × height. */
  readonly heartY: number;
  /** Opacity of the inner lines. */
  readonly lines: number;
  /**
   * The outline's and lines' tone: 0 the figure's own colour, toward 1 nearly white, toward −1 a deep
   * saturated shade of it (for a figure that must read against white light).
   */
  readonly pale: number;
  /** Halo (build-time blur) radius, × height. */
  readonly halo: number;
}

/** A presence of light: a translucent, lit-from-within body with a fine bright outline. */
export const PRESENCE: LightStyle = { heart: 0.5, edge: 0.16, heartY: 0.55, lines: 0.4, pale: 0.5, halo: 0.09 };

const fillInk: Ink = (g) => g.fill();
const strokeInk: Ink = (g) => g.stroke();

/** Shared build-time canvases (one figure builds at a time; emptied after each build). */
let maskC: HTMLCanvasElement | null = null;
let workC: HTMLCanvasElement | null = null;

function scratch(c: HTMLCanvasElement | null, w: number, h: number): HTMLCanvasElement {
  const out = c ?? document.createElement('canvas');
  out.width = w;
  out.height = h;
  return out;
}

/** A figure of light cached on a canvas, rebuilt only when its height or colours change. */
export class LightFigure {
  private readonly canvas = document.createElement('canvas');
  private ax = 0;
  private ay = 0;
  private builtH = -1;
  private builtVersion = -1;
  /** The height the figure was built at, px (0 before the first build). */
  height = 0;

  /**
   * @param trace the figure's shapes; @param box its extents (× height, left/up negative);
   * @param style how it is lit; @param detail its extra inner lines; @param aura light beyond its shapes.
   */
  constructor(
    private readonly trace: LightTracer,
    private readonly box: FigureBox,
    private readonly style: LightStyle = PRESENCE,
    private readonly detail: DetailTracer | null = null,
    private readonly aura: AuraPainter | null = null,
  ) {}

  /**
   * Rebuilds the canvas when the height (px) or the colours' version changed; cheap otherwise.
   * @param rgb colours; @param o offset of the figure's RGB triple (0..255) in it.
   */
  ensure(h: number, version: number, rgb: Float32Array, o: number): void {
    const hh = Math.max(4, Math.round(h));
    if (hh === this.builtH && version === this.builtVersion) return;
    this.builtH = hh;
    this.builtVersion = version;
    this.height = hh;
    const st = this.style;
    const c = this.canvas;
    const g = c.getContext('2d');
    const glow = Math.max(2, Math.round(hh * st.halo));
    const pad = glow * 2;
    const b = this.box;
    c.width = Math.ceil((b.right - b.left) * hh) + pad * 2;
    c.height = Math.ceil((b.bottom - b.top) * hh) + pad * 2;
    this.ax = Math.round(pad - b.left * hh);
    this.ay = Math.round(pad - b.top * hh);
    maskC = scratch(maskC, c.width, c.height);
    workC = scratch(workC, c.width, c.height);
    const mg = maskC.getContext('2d');
    const wg = workC.getContext('2d');
    if (!g || !mg || !wg) return;
    const r = rgb[o];
    const gr = rgb[o + 1];
    const bl = rgb[o + 2];
    const deep = st.pale < 0 ? -st.pale : 0;
    const lift = st.pale > 0 ? st.pale : 0;
    const pr = Math.round(r + (255 - r) * lift);
    const pg = Math.round((gr + (255 - gr) * lift) * (1 - deep));
    const pb = Math.round((bl + (255 - bl) * lift) * (1 - deep * 0.6));
    // Line weight: fine, but never under a pixel's width at the wall's smallest figure.
    const line = Math.max(1.1, hh * 0.012);

    // The mask: every shape filled, opaque.
    mg.setTransform(1, 0, 0, 1, this.ax, this.ay);
    mg.fillStyle = '#fff';
    this.trace(mg, hh, fillInk);

    // The body: the mask, lit from its heart (bright, fairly opaque) to its edges (faint).
    g.clearRect(0, 0, c.width, c.height);
    g.setTransform(1, 0, 0, 1, 0, 0);
    g.drawImage(maskC, 0, 0);
    g.globalCompositeOperation = 'source-in';
    const heart = g.createRadialGradient(this.ax, this.ay - st.heartY * hh, 0, this.ax, this.ay - st.heartY * hh, hh * 0.62);
    // Her heart of light is paler than her colour; a deep figure's is her own colour (a white heart
    // would melt into white light behind her).
    const hk = deep > 0 ? 0 : 0.45;
    heart.addColorStop(0, `rgba(${Math.round(r + (255 - r) * hk)},${Math.round(gr + (255 - gr) * hk)},${Math.round(bl + (255 - bl) * hk)},${st.heart})`);
    // A figure that must read against white light takes its deep shade at its edges.
    const er = deep > 0 ? pr : r | 0;
    const eg = deep > 0 ? pg : gr | 0;
    const eb = deep > 0 ? pb : bl | 0;
    heart.addColorStop(0.45, `rgba(${er},${eg},${eb},${(st.heart + st.edge) / 2})`);
    heart.addColorStop(1, `rgba(${er},${eg},${eb},${st.edge})`);
    g.fillStyle = heart;
    g.fillRect(0, 0, c.width, c.height);
    g.globalCompositeOperation = 'source-over';

    // Every shape stroked: inside the mask, the inner lines; outside it, the outline.
    wg.setTransform(1, 0, 0, 1, this.ax, this.ay);
    wg.lineJoin = 'round';
    wg.lineCap = 'round';
    wg.strokeStyle = `rgba(${pr},${pg},${pb},${st.lines})`;
    wg.lineWidth = line;
    this.trace(wg, hh, strokeInk);
    if (this.detail) {
      wg.lineWidth = Math.max(1, line * 0.8);
      this.detail(wg, hh);
    }
    wg.setTransform(1, 0, 0, 1, 0, 0);
    wg.globalCompositeOperation = 'destination-in';
    wg.drawImage(maskC, 0, 0);
    wg.globalCompositeOperation = 'source-over';
    g.drawImage(workC, 0, 0);

    // The outline: the stroke's outer half, bright (twice as wide, the inner half hidden by the mask).
    wg.clearRect(0, 0, c.width, c.height);
    wg.setTransform(1, 0, 0, 1, this.ax, this.ay);
    wg.strokeStyle = `rgb(${pr},${pg},${pb})`;
    wg.lineWidth = line * 2;
    this.trace(wg, hh, strokeInk);
    wg.setTransform(1, 0, 0, 1, 0, 0);
    wg.globalCompositeOperation = 'destination-out';
    wg.drawImage(maskC, 0, 0);
    wg.globalCompositeOperation = 'source-over';
    g.drawImage(workC, 0, 0);

    // Light beyond the shapes (drawn over, unclipped).
    if (this.aura) {
      g.setTransform(1, 0, 0, 1, this.ax, this.ay);
      this.aura(g, hh, r, gr, bl);
      g.setTransform(1, 0, 0, 1, 0, 0);
    }

    // The halo: the figure's own blurred light round it, paid once here. Only the shadow is drawn
    // (the figure itself lies a canvas-width away) and it is mostly cut from inside the body, so the
    // body stays translucent instead of lying on its own glow.
    wg.clearRect(0, 0, c.width, c.height);
    wg.drawImage(c, 0, 0);
    g.clearRect(0, 0, c.width, c.height);
    g.shadowColor = `rgba(${r | 0},${gr | 0},${bl | 0},0.85)`;
    g.shadowBlur = glow;
    g.shadowOffsetX = c.width;
    g.drawImage(workC, -c.width, 0);
    g.shadowBlur = 0;
    g.shadowOffsetX = 0;
    g.shadowColor = 'rgba(0,0,0,0)';
    g.globalCompositeOperation = 'destination-out';
    g.globalAlpha = 0.85;
    g.drawImage(maskC, 0, 0);
    g.globalAlpha = 1;
    g.globalCompositeOperation = 'source-over';
    g.drawImage(workC, 0, 0);
    maskC.width = maskC.height = 0;
    workC.width = workC.height = 0;
  }

  /**
   * Draws the figure with its feet at (x, y) wall px, `scale` × its built size, turned `angle`
   * radians about its feet, at opacity `alpha`. Unscaled and unturned, it is a whole-pixel blit.
   */
  draw(g: CanvasRenderingContext2D, x: number, y: number, scale: number, angle: number, alpha: number): void {
    if (alpha <= 0.004 || this.builtH < 0) return;
    g.globalAlpha = alpha > 1 ? 1 : alpha;
    drawFigure(g, this.canvas, this.ax, this.ay, x, y, scale, angle);
  }

  /** Frees the pixels. */
  dispose(): void {
    this.canvas.width = this.canvas.height = 0;
    this.builtH = -1;
    this.builtVersion = -1;
  }
}
