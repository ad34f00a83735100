/**
 * The phone's own light: threads under the finger, lantern bursts, shine glows, pulse ripples and
 * rising echoes, drawn at once on a plain Canvas 2D so the person never waits for the round trip.
 * Effects live in a fixed pool of typed arrays; the frame loop allocates nothing.
 */

/** Effect kinds in the pool. */
const BURST = 1;
const RIPPLE = 2;
const ECHO = 3;
const POOL = 64;
const FINGERS = 5;
/** Radius of a shine's light, CSS px. */
const LIGHT_RADIUS = 110;

/** See the module comment. One per page. */
export class TrailCanvas {
  private readonly ctx: CanvasRenderingContext2D;
  private width = 1;
  private height = 1;
  private scale = 1;
  private stroke = 'rgba(245,230,255,0.9)';
  private glow = 'rgba(245,230,255,0.35)';
  private readonly ex = new Float32Array(POOL);
  private readonly ey = new Float32Array(POOL);
  private readonly eage = new Float32Array(POOL);
  private readonly ekind = new Uint8Array(POOL);
  private nextEffect = 0;
  private readonly shineId = new Int32Array(FINGERS).fill(-1);
  /**
   * Shine lights are composited elements rather than canvas stamps: a held light never accumulates
   * into white or bands, and moving it costs the GPU a transform.
   */
  private readonly lights: HTMLElement[] = [];
  private lastFrame = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly reducedMotion: boolean,
  ) {
    const ctx = canvas.getContext('2d', { alpha: true, desynchronized: true });
    if (!ctx) throw new Error('this browser has no 2D canvas');
    this.ctx = ctx;
    for (let f = 0; f < FINGERS; f++) {
      const light = document.createElement('div');
      light.className = 'shine-light';
      light.setAttribute('aria-hidden', 'true');
      light.style.width = light.style.height = `${LIGHT_RADIUS * 2}px`;
      canvas.insertAdjacentElement('afterend', light);
      this.lights.push(light);
    }
    this.resize();
  }

  /** Matches the backing store to the element (device pixels, capped at 2× to spare small GPUs). */
  resize(): void {
    const rect = this.canvas.getBoundingClientRect();
    this.scale = Math.min(2, window.devicePixelRatio || 1);
    this.width = Math.max(1, rect.width);
    this.height = Math.max(1, rect.height);
    this.canvas.width = Math.round(this.width * this.scale);
    this.canvas.height = Math.round(this.height * this.scale);
    this.ctx.setTransform(this.scale, 0, 0, this.scale, 0, 0);
    this.ctx.lineCap = 'round';
    this.ctx.lineJoin = 'round';
  }

  /** The dreamer's colour, `#rrggbb`. */
  setColour(hex: string): void {
    const n = Number.parseInt(hex.slice(1), 16);
    const r = (n >> 16) & 255;
    const g = (n >> 8) & 255;
    const b = n & 255;
    this.stroke = `rgba(${r},${g},${b},0.95)`;
    this.glow = `rgba(${r},${g},${b},0.35)`;
  }

  /** Canvas size in CSS pixels, for turning touches into 0..1. */
  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  /** A piece of thread from one CSS-pixel point to the next, drawn now. */
  segment(x0: number, y0: number, x1: number, y1: number): void {
    const c = this.ctx;
    c.globalCompositeOperation = 'lighter';
    c.strokeStyle = this.glow;
    c.lineWidth = 14;
    c.beginPath();
    c.moveTo(x0, y0);
    c.lineTo(x1, y1);
    c.stroke();
    c.strokeStyle = this.stroke;
    c.lineWidth = 4;
    c.stroke();
    c.globalCompositeOperation = 'source-over';
  }

  /** A lantern released at a CSS-pixel point. */
  burst(x: number, y: number): void {
    this.spawn(BURST, x, y);
  }

  /** A ring on a heartbeat tap. */
  ripple(x: number, y: number): void {
    this.spawn(RIPPLE, x, y);
  }

  /** An echo rising from a point to the sky. */
  echo(x: number, y: number): void {
    this.spawn(ECHO, x, y);
  }

  /** Shows (or moves) the light under finger `id`. */
  shineAt(id: number, x: number, y: number): void {
    let slot = this.shineId.indexOf(id);
    if (slot < 0) slot = this.shineId.indexOf(-1);
    if (slot < 0) slot = 0;
    this.shineId[slot] = id;
    const light = this.lights[slot];
    light.style.transform = `translate(${x - LIGHT_RADIUS}px, ${y - LIGHT_RADIUS}px)`;
    light.classList.add('on');
  }

  /** Puts out the light under finger `id`. */
  shineOff(id: number): void {
    const slot = this.shineId.indexOf(id);
    if (slot >= 0) {
      this.shineId[slot] = -1;
      this.lights[slot].classList.remove('on');
    }
  }

  /** Wipes everything (a new phase starts on a clean sky). */
  clear(): void {
    this.ctx.clearRect(0, 0, this.width, this.height);
    this.eage.fill(0);
    this.ekind.fill(0);
    this.shineId.fill(-1);
    for (const light of this.lights) light.classList.remove('on');
  }

  /** One animation frame: trails fade, effects move on. @param now ms (performance.now()). */
  frame(now: number): void {
    const dt = this.lastFrame === 0 ? 16 : Math.min(100, now - this.lastFrame);
    this.lastFrame = now;
    const c = this.ctx;
    // Trails fade by erasing a little alpha: the page's own background shows through, whatever the phase.
    c.globalCompositeOperation = 'destination-out';
    c.globalAlpha = Math.min(0.5, 0.045 * (dt / 16));
    c.fillStyle = '#000';
    c.fillRect(0, 0, this.width, this.height);
    c.globalAlpha = 1;
    c.globalCompositeOperation = 'lighter';
    for (let i = 0; i < POOL; i++) {
      const kind = this.ekind[i];
      if (kind === 0) continue;
      const age = (this.eage[i] += dt);
      const life = kind === ECHO ? 2200 : 900;
      if (age >= life) {
        this.ekind[i] = 0;
        continue;
      }
      const t = age / life;
      if (kind === BURST) this.drawBurst(this.ex[i], this.ey[i], t);
      else if (kind === RIPPLE) this.drawRing(this.ex[i], this.ey[i], 20 + t * 120, 1 - t);
      else this.drawMote(this.ex[i], this.ey[i] - (this.reducedMotion ? 0 : t * this.height * 0.6), 1 - t);
    }
    c.globalCompositeOperation = 'source-over';
  }

  private spawn(kind: number, x: number, y: number): void {
    const i = this.nextEffect;
    this.nextEffect = (i + 1) % POOL;
    this.ekind[i] = kind;
    this.ex[i] = x;
    this.ey[i] = y;
    this.eage[i] = 0;
  }

  private drawBurst(x: number, y: number, t: number): void {
    const c = this.ctx;
    c.fillStyle = this.glow;
    const rise = this.reducedMotion ? 0 : t * 60;
    c.globalAlpha = 1 - t;
    for (let k = 0; k < 8; k++) {
      const a = (k / 8) * Math.PI * 2;
      const r = 8 + t * 46;
      c.beginPath();
      c.arc(x + Math.cos(a) * r, y - rise + Math.sin(a) * r, 4, 0, Math.PI * 2);
      c.fill();
    }
    c.fillStyle = this.stroke;
    c.beginPath();
    c.arc(x, y - rise, 9 * (1 - t) + 3, 0, Math.PI * 2);
    c.fill();
    c.globalAlpha = 1;
  }

  private drawRing(x: number, y: number, r: number, alpha: number): void {
    const c = this.ctx;
    c.globalAlpha = alpha;
    c.strokeStyle = this.stroke;
    c.lineWidth = 3;
    c.beginPath();
    c.arc(x, y, r, 0, Math.PI * 2);
    c.stroke();
    c.globalAlpha = 1;
  }

  private drawMote(x: number, y: number, alpha: number): void {
    const c = this.ctx;
    c.globalAlpha = alpha;
    c.fillStyle = this.glow;
    c.beginPath();
    c.arc(x, y, 16, 0, Math.PI * 2);
    c.fill();
    c.fillStyle = this.stroke;
    c.beginPath();
    c.arc(x, y, 5, 0, Math.PI * 2);
    c.fill();
    c.globalAlpha = 1;
  }
}
