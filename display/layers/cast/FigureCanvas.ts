/**
 * One character's silhouette kept on its own offscreen canvas, drawn once per size and colour: a rim
 * of light on one side (the silhouette filled in the light colour, then the body filled over it a
 * little offset), a soft glow around it (the canvas shadow, paid once at build time, never per
 * frame), and anything drawn inside it after (a lantern's glass). Each frame only blits it.
 */

/** Traces (and fills) a silhouette `h` px tall with its feet at (0, 0). */
export type Tracer = (g: CanvasRenderingContext2D, h: number) => void;

/** Extents of a figure's box around its feet, in units of its height (left/up negative). */
export interface FigureBox {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Size ratio between neighbouring steps of the pre-scaled copies (as SpriteSizes: a figure 3 % off looks the same). */
const RATIO = 1.03;
const LOG_RATIO = Math.log(RATIO);
/** Steps kept each side of the built size (0.41× .. 2.4×). */
const STEPS = 30;

/** Most turned copies kept (see {@link FigureCanvas.drawTurned}). */
export const MAX_TURNS = 16;

/** A silhouette cached on a canvas. */
export class FigureCanvas {
  private readonly canvas = document.createElement('canvas');
  private readonly ctx = this.canvas.getContext('2d');
  /** Where a build lays the figure out before its glow; kept (emptied) between builds. */
  private readonly scratch = document.createElement('canvas');
  /** The feet's place on the canvas, px. */
  private ax = 0;
  private ay = 0;
  private builtH = -1;
  private builtVersion = -1;
  /** The height the silhouette was built at, px (0 before the first build). */
  height = 0;
  /**
   * Copies pre-scaled by RATIO^(k − STEPS), made the first time a size is drawn: in software
   * rendering a scaled, smoothed blit costs several times an unscaled one at whole pixels.
   */
  private readonly ladder: (HTMLCanvasElement | null)[] = new Array<HTMLCanvasElement | null>(2 * STEPS + 1).fill(null);
  private readonly ladderOk = new Uint8Array(2 * STEPS + 1);
  /** Copies turned about the feet by whole steps of a symmetric figure's period (a gear's tooth). */
  private readonly turns: (HTMLCanvasElement | null)[] = new Array<HTMLCanvasElement | null>(MAX_TURNS).fill(null);
  private readonly turnsOk = new Uint8Array(MAX_TURNS);
  private turnKey = -1;

  /** @param box the figure's extents; @param rimX, rimY where the rim light falls, × height (the body shifts the other way). */
  constructor(
    private readonly trace: Tracer,
    private readonly box: FigureBox,
    private readonly rimX = 0.02,
    private readonly rimY = -0.012,
    private readonly inner: Tracer | null = null,
  ) {}

  /**
   * Rebuilds the canvas when the height (px) or the colours' version changed; cheap otherwise.
   * @param rgb colours; @param o offset of the character's RGB triple (0..255) in it.
   */
  ensure(h: number, version: number, rgb: Float32Array, o: number): void {
    const hh = Math.max(4, Math.round(h));
    if (hh === this.builtH && version === this.builtVersion) return;
    this.builtH = hh;
    this.builtVersion = version;
    this.clearLadder();
    this.clearTurns();
    this.height = hh;
    const c = this.canvas;
    const g = this.ctx;
    if (!g) return;
    const glow = Math.max(2, Math.round(hh * 0.09));
    const pad = glow * 2;
    const b = this.box;
    c.width = Math.ceil((b.right - b.left) * hh) + pad * 2;
    c.height = Math.ceil((b.bottom - b.top) * hh) + pad * 2;
    // Whole-pixel anchors, so a figure at a whole-pixel place is blitted without rounding a half.
    this.ax = Math.round(pad - b.left * hh);
    this.ay = Math.round(pad - b.top * hh);
    const r = rgb[o];
    const gr = rgb[o + 1];
    const bl = rgb[o + 2];
    // The figure first on a scratch canvas: rim colour, then the body over it, offset away from the light.
    const scratch = this.scratch;
    scratch.width = c.width;
    scratch.height = c.height;
    const sg = scratch.getContext('2d');
    if (!sg) return;
    sg.setTransform(1, 0, 0, 1, this.ax, this.ay);
    sg.fillStyle = `rgb(${Math.min(255, r * 0.45 + 150)},${Math.min(255, gr * 0.45 + 150)},${Math.min(255, bl * 0.45 + 150)})`;
    this.trace(sg, hh);
    sg.globalCompositeOperation = 'source-atop';
    sg.setTransform(1, 0, 0, 1, this.ax - this.rimX * hh, this.ay - this.rimY * hh);
    const body = sg.createLinearGradient(0, -hh, 0, 0);
    body.addColorStop(0, `rgb(${Math.round(r * 0.62)},${Math.round(gr * 0.62)},${Math.round(bl * 0.62)})`);
    body.addColorStop(1, `rgb(${Math.round(r * 0.3)},${Math.round(gr * 0.3)},${Math.round(bl * 0.3)})`);
    sg.fillStyle = body;
    this.trace(sg, hh);
    sg.globalCompositeOperation = 'source-over';
    sg.setTransform(1, 0, 0, 1, this.ax, this.ay);
    if (this.inner) this.inner(sg, hh);
    // The glow: the canvas shadow of the figure, in its colour, twice for body; then the figure.
    g.clearRect(0, 0, c.width, c.height);
    g.shadowColor = `rgba(${r | 0},${gr | 0},${bl | 0},0.9)`;
    g.shadowBlur = glow;
    g.drawImage(scratch, 0, 0);
    g.shadowBlur = glow * 0.4;
    g.drawImage(scratch, 0, 0);
    g.shadowBlur = 0;
    g.shadowColor = 'rgba(0,0,0,0)';
    scratch.width = scratch.height = 0;
  }

  /**
   * Draws the figure with its feet at (x, y) wall px, `scale` × its built size, turned `angle`
   * radians about its feet, at opacity `alpha`. Unscaled and unturned, it is a whole-pixel blit.
   */
  draw(g: CanvasRenderingContext2D, x: number, y: number, scale: number, angle: number, alpha: number): void {
    if (alpha <= 0.004 || this.builtH < 0) return;
    g.globalAlpha = alpha > 1 ? 1 : alpha;
    if (angle === 0 && Math.abs(scale - 1) < 0.015) {
      g.drawImage(this.canvas, Math.round(x - this.ax), Math.round(y - this.ay));
      return;
    }
    if (angle === 0 && scale > 0) {
      const k = Math.round(Math.log(scale) / LOG_RATIO);
      if (k >= -STEPS && k <= STEPS) {
        const c = this.scaled(k);
        if (c) {
          const f = Math.pow(RATIO, k);
          g.drawImage(c, Math.round(x - this.ax * f), Math.round(y - this.ay * f));
          return;
        }
      }
    }
    drawFigure(g, this.canvas, this.ax, this.ay, x, y, scale, angle);
  }

  /**
   * Draws a figure that looks the same every `period` radians (a gear: one tooth) turned `angle`
   * radians about its feet, from one of `steps` (≤ {@link MAX_TURNS}) copies turned once each and
   * blitted at whole pixels: a turned blit costs several times a plain one in software rendering,
   * and a gear ticking on by a fraction of a tooth reads as clockwork.
   */
  drawTurned(g: CanvasRenderingContext2D, x: number, y: number, angle: number, period: number, steps: number, alpha: number): void {
    if (alpha <= 0.004 || this.builtH < 0 || !(period > 0)) return;
    const n = Math.max(1, Math.min(MAX_TURNS, Math.floor(steps)));
    const key = n * 1000 + Math.round(period * 100);
    if (key !== this.turnKey) {
      this.clearTurns();
      this.turnKey = key;
    }
    const f = (((angle % period) + period) % period) / period;
    const k = Math.round(f * n) % n;
    let c = this.turns[k];
    if (!c || this.turnsOk[k] === 0) {
      // Canvas elements are made once and reused across rebuilds; only their pixels are redrawn.
      c = c ?? document.createElement('canvas');
      this.turns[k] = c;
      c.width = this.canvas.width;
      c.height = this.canvas.height;
      const tg = c.getContext('2d');
      if (!tg) return;
      tg.setTransform(1, 0, 0, 1, 0, 0);
      tg.translate(this.ax, this.ay);
      tg.rotate((k / n) * period);
      tg.translate(-this.ax, -this.ay);
      tg.drawImage(this.canvas, 0, 0);
      this.turnsOk[k] = 1;
    }
    g.globalAlpha = alpha > 1 ? 1 : alpha;
    g.drawImage(c, Math.round(x - this.ax), Math.round(y - this.ay));
  }

  private clearTurns(): void {
    for (let i = 0; i < this.turns.length; i++) {
      const c = this.turns[i];
      if (c) c.width = c.height = 0;
      this.turnsOk[i] = 0;
    }
  }

  private scaled(k: number): HTMLCanvasElement | null {
    let c = this.ladder[k + STEPS];
    if (c && this.ladderOk[k + STEPS] === 1) return c;
    const f = Math.pow(RATIO, k);
    c = c ?? document.createElement('canvas');
    this.ladder[k + STEPS] = c;
    c.width = Math.max(1, Math.round(this.canvas.width * f));
    c.height = Math.max(1, Math.round(this.canvas.height * f));
    const g = c.getContext('2d');
    if (!g) return null;
    g.imageSmoothingEnabled = true;
    g.imageSmoothingQuality = 'high';
    g.drawImage(this.canvas, 0, 0, c.width, c.height);
    this.ladderOk[k + STEPS] = 1;
    return c;
  }

  private clearLadder(): void {
    for (let i = 0; i < this.ladder.length; i++) {
      const c = this.ladder[i];
      if (c) c.width = c.height = 0;
      this.ladderOk[i] = 0;
    }
  }

  /** Frees the pixels. */
  dispose(): void {
    this.canvas.width = this.canvas.height = 0;
    this.scratch.width = this.scratch.height = 0;
    this.clearLadder();
    this.clearTurns();
    this.builtH = -1;
  }
}

/**
 * Draws a baked figure with its feet, at (ax, ay) on `src`, placed at (x, y) wall px, `scale` × and
 * turned `angle` radians about its feet: a whole-pixel blit when neither scaled nor turned. The
 * caller sets the opacity.
 */
export function drawFigure(g: CanvasRenderingContext2D, src: HTMLCanvasElement, ax: number, ay: number, x: number, y: number, scale: number, angle: number): void {
  if (angle === 0 && Math.abs(scale - 1) < 0.015) {
    g.drawImage(src, Math.round(x - ax), Math.round(y - ay));
    return;
  }
  const c = Math.cos(angle) * scale;
  const sn = Math.sin(angle) * scale;
  g.setTransform(c, sn, -sn, c, x, y);
  g.drawImage(src, -ax, -ay);
  g.setTransform(1, 0, 0, 1, 0, 0);
}
