/**
 * The wall's renderer: a p5 2.x sketch in instance mode on the 2D renderer. p5 gives the canvas,
 * the loop and resizing; the layers draw through batched paths and sprites on its drawingContext.
 * Each drawn frame interpolates between the two latest show frames, so 30 Hz frames move at 60 fps.
 */
import p5 from 'p5';
import type { FrameGesture, ShowFrame } from '../../core/protocol.ts';
import type { FeedSink, ShowContext } from '../showFeed.ts';
import { Scene } from './Scene.ts';
import { QualityGovernor } from './quality.ts';
import { FlashGuard } from '../safety/FlashGuard.ts';
import { viewLayout } from '../viewLayout.ts';
import { createSky } from '../layers/sky.ts';
import { createFlow, flowPresence, trailPersistence } from '../layers/flow.ts';
import { createThreads } from '../layers/threads.ts';
import { createUpgrade } from '../layers/upgrade.ts';
import { createNightmare } from '../layers/nightmare.ts';
import { createCreature } from '../layers/creature.ts';
import { createDawn } from '../layers/dawn.ts';
import { createGhosts } from '../layers/ghosts.ts';
import { createGlitch } from '../layers/glitch.ts';
import { createLand } from '../layers/land.ts';
import { createRidge } from '../layers/ridge.ts';
import { createSunrise } from '../layers/sunrise.ts';
import { createGlow } from './post/glow.ts';
import { ORDER, sortEntries, type LayerEntry } from './compose.ts';
import { createCast } from '../layers/cast/cast.ts';
import { createPortal } from '../layers/portal.ts';
import { trailFadeMode } from './trailFade.ts';
import { CrowdLean } from './CrowdLean.ts';
import { enableProbes, probe, probeStart, probeSums } from './costProbe.ts';

/** Options for {@link Renderer}. */
export interface RendererOptions {
  root: HTMLElement;
  /** Advances the show's feed to display time `nowMs` (ms), once per drawn frame: the frame bus's pump. */
  pump: (nowMs: number) => void;
  view: string | null;
  /** Fixed quality 0.25..1, or null for adaptive. */
  quality: number | null;
  /** Fixed flow particle count, or null (see `Scene.particles`). */
  particles?: number | null;
  /** Each drawn frame advances exactly 1/60 s (tests, shots) instead of following real time. */
  virtualClock: boolean;
  /** Frozen shot: draw this many virtual frames, then stop. */
  frozenFrames: number | null;
  /** Frames of luminance grids to keep for the flash test (0: none). */
  recordFrames: number;
  /** Calm mode asked for by the URL (the preset and frames can ask too). */
  safe: boolean;
  seed: number;
  /** Called when a frozen shot is complete. */
  onReady?: () => void;
  /** Called once the canvas exists (the watchdog watches it). */
  onCanvas?: (canvas: HTMLCanvasElement) => void;
}

/** Live figures the test hook and the hub report read. */
export interface RenderStats {
  framesReceived: number;
  gesturesDrawn: number;
  drawn: number;
  fps: number;
  frameMs: number;
  particles: number;
  extrapolated: number;
  /** Nights completed, from the frames. */
  loop: number;
  /** Sequence number of the newest frame. */
  seq: number;
  /** Phases in the order the frames entered them (appended on change only). */
  phasesSeen: string[];
  /** Phones whose tilt steers the flow now. */
  tilting: number;
}

/** Draws the show on a p5 canvas. */
export class Renderer implements FeedSink {
  readonly scene = new Scene();
  readonly guard: FlashGuard;
  readonly stats: RenderStats = { framesReceived: 0, gesturesDrawn: 0, drawn: 0, fps: 0, frameMs: 0, particles: 0, extrapolated: 0, loop: 0, seq: 0, phasesSeen: [], tilting: 0 };
  /** The context in force (preset, echoes, join link). */
  show: ShowContext | null = null;
  ready = false;
  /** `performance.now()` of the last drawn frame (real time, whatever the display clock); 0 before. */
  lastDrawReal = 0;
  private readonly governor = new QualityGovernor(1000 / 60, 1);
  private readonly intervals = new Float32Array(128);
  private intervalHead = 0;
  private prev: ShowFrame | null = null;
  private curr: ShowFrame | null = null;
  private prevAt = 0;
  private currAt = 0;
  private virtualNow = 0;
  private lastDraw = -1;
  private frozenLeft = 0;
  private stutterHeld = 0;
  private loop = -1;
  private instance: p5 | null = null;
  private canvas: HTMLCanvasElement | null = null;
  private trail: HTMLCanvasElement = document.createElement('canvas');
  private trailCtx: CanvasRenderingContext2D | null = this.trail.getContext('2d');
  private trailScale = 1;
  private readonly sky;
  private readonly flow;
  private readonly threads;
  private readonly upgrade;
  private readonly nightmare;
  private readonly creature;
  private readonly dawn;
  private readonly ghosts;
  private readonly glitch;
  /** Everything drawn, in the order drawn (`compose.ts`: the draw contract). */
  private readonly layers: readonly LayerEntry[];
  /**
   * Per-entry draw cost, ms summed over the frozen shot's frames, when the page's URL has
   * `layercost=1` (each entry is followed by a 1-pixel read that makes the canvas rasterise, which
   * slows the frame: for finding where the time goes, never for the show). Null otherwise.
   */
  private readonly layerCost: Float64Array | null;
  /** Which way the room tilts its phones: steers the flow (`Scene.lean`). */
  private readonly lean = new CrowdLean();

  constructor(private readonly options: RendererOptions) {
    const seed = options.seed;
    this.scene.seed = seed;
    this.scene.particles = options.particles ?? null;
    this.guard = new FlashGuard(options.recordFrames, options.frozenFrames === null);
    this.sky = createSky(seed);
    this.flow = createFlow(seed);
    this.threads = createThreads();
    this.upgrade = createUpgrade(seed);
    this.nightmare = createNightmare(seed);
    this.creature = createCreature(seed);
    this.dawn = createDawn(seed);
    this.ghosts = createGhosts();
    this.glitch = createGlitch(seed);
    // One ordered list: each entry names its plane and where it draws. Add a layer here with its order.
    this.layers = sortEntries([
      { name: 'sky', order: ORDER.sky, target: 'wall', layer: this.sky },
      { name: 'sunrise', order: ORDER.sun, target: 'wall', layer: createSunrise(seed) },
      { name: 'land', order: ORDER.land, target: 'wall', layer: createLand(seed) },
      { name: 'flow', order: ORDER.flow, target: 'trail', layer: this.flow },
      { name: 'upgrade', order: ORDER.machine, target: 'wall', layer: this.upgrade },
      { name: 'nightmare', order: ORDER.nightmare, target: 'wall', layer: this.nightmare },
      { name: 'ghosts', order: ORDER.ghosts, target: 'wall', layer: this.ghosts },
      { name: 'creature', order: ORDER.creature, target: 'wall', layer: this.creature },
      { name: 'portal', order: ORDER.creature + 10, target: 'wall', layer: createPortal(seed) },
      { name: 'dawn', order: ORDER.dawn, target: 'wall', layer: this.dawn },
      { name: 'cast', order: ORDER.cast, target: 'wall', layer: createCast() },
      { name: 'ridge', order: ORDER.near, target: 'wall', layer: createRidge(seed) },
      { name: 'creature-beams', order: ORDER.near + 10, target: 'wall', layer: this.creature.beams },
      { name: 'threads', order: ORDER.crowd, target: 'wall', layer: this.threads },
      { name: 'glow', order: ORDER.glow, target: 'post', layer: createGlow() },
      { name: 'glitch', order: ORDER.glitch, target: 'post', layer: this.glitch },
    ]);
    this.frozenLeft = options.frozenFrames ?? 0;
    this.layerCost = new URLSearchParams(location.search).get('layercost') === '1' ? new Float64Array(this.layers.length) : null;
    if (this.layerCost) enableProbes();
  }

  /** Display clock, ms. */
  now(): number {
    return this.options.virtualClock ? this.virtualNow : performance.now();
  }

  /** Starts the p5 sketch. */
  start(): void {
    this.instance = new p5((p: p5) => {
      p.setup = () => {
        p.createCanvas(window.innerWidth, window.innerHeight);
        p.pixelDensity(1);
        p.frameRate(60);
        const ctx = p.drawingContext;
        if (ctx instanceof CanvasRenderingContext2D) this.canvas = ctx.canvas;
        this.resize(p.width, p.height);
        if (this.canvas) this.options.onCanvas?.(this.canvas);
        if (this.options.frozenFrames !== null) {
          // A frozen shot is drawn at once, on the virtual clock, then the loop stops.
          // Timed as one measure on the page (`scripts/drawCost.ts` reads it): the draw cost per frame.
          const started = performance.now();
          while (this.frozenLeft-- > 0) this.draw(p);
          performance.measure('dreamscape:frozen', { start: started, detail: { frames: this.options.frozenFrames } });
          const cost = this.layerCost;
          if (cost) {
            const frames = Math.max(1, this.options.frozenFrames ?? 1);
            const detail: Record<string, number> = {};
            this.layers.forEach((e, i) => (detail[e.name] = cost[i] / frames));
            for (const [name, ms] of probeSums()) detail[name] = ms / frames;
            performance.measure('dreamscape:layercost', { start: started, detail });
          }
          p.noLoop();
          this.ready = true;
          this.options.onReady?.();
        }
      };
      p.draw = () => {
        if (this.options.frozenFrames === null) this.draw(p);
      };
      p.windowResized = () => {
        p.resizeCanvas(window.innerWidth, window.innerHeight);
        this.resize(p.width, p.height);
        if (this.options.frozenFrames !== null) this.draw(p);
      };
    }, this.options.root);
  }

  private resize(w: number, h: number): void {
    this.scene.w = w;
    this.scene.h = h;
    this.scene.layout = viewLayout(this.options.view, w, h);
    for (const e of this.layers) e.layer.resize?.(w, h);
    this.sizeTrail();
  }

  private sizeTrail(): void {
    // Always full size: an unscaled copy onto the wall costs a fraction of a scaled one in software
    // rendering, which more than pays for the larger fade; lower quality thins the particles instead.
    const k = 1;
    const w = Math.max(1, Math.round(this.scene.w * k));
    const h = Math.max(1, Math.round(this.scene.h * k));
    if (this.trail.width === w && this.trail.height === h) return;
    this.trailScale = k;
    this.trail.width = w;
    this.trail.height = h;
  }

  // ─── FeedSink ─────────────────────────────────────────────────────────────────────────────────

  context(ctx: ShowContext): void {
    this.show = ctx;
    this.scene.setPreset(ctx.preset);
    this.scene.safe = this.options.safe || ctx.preset.safe;
    this.dawn.clearEchoes();
    for (const e of ctx.echoes) this.dawn.echo(e);
  }

  frame(frame: ShowFrame, arrivalMs: number, extrapolated: boolean): void {
    this.stats.framesReceived++;
    if (extrapolated) this.stats.extrapolated++;
    if (this.loop !== -1 && frame.loop !== this.loop) this.dawn.clearEchoes();
    this.loop = frame.loop;
    this.stats.loop = frame.loop;
    this.stats.seq = frame.seq;
    const seen = this.stats.phasesSeen;
    if (seen.length === 0 || seen[seen.length - 1] !== frame.phase) {
      seen.push(frame.phase);
      if (seen.length > 64) seen.shift();
    }
    this.prev = this.curr ?? frame;
    this.prevAt = this.curr ? this.currAt : arrivalMs - 1000 / 30;
    this.curr = frame;
    this.currAt = arrivalMs;
    this.ingest(frame.gestures);
    for (let i = 0; i < frame.echoes.length; i++) this.dawn.echo(frame.echoes[i]);
    this.scene.safe = this.options.safe || frame.flags.safe || (this.show?.preset.safe ?? false);
  }

  gestures(gestures: FrameGesture[]): void {
    this.ingest(gestures);
  }

  private ingest(gestures: readonly FrameGesture[]): void {
    for (let i = 0; i < gestures.length; i++) {
      const g = gestures[i];
      if (g.k === 'pulse') this.creature.pulse(g.r);
      if (g.k === 'tilt') {
        if (g.p.length < 2) continue;
        this.lean.tilt(g.d, g.p[0], g.p[1], this.scene.time);
        this.stats.gesturesDrawn++;
        continue;
      }
      if (this.threads.ingest(g, this.scene)) this.stats.gesturesDrawn++;
    }
  }

  // ─── Drawing ──────────────────────────────────────────────────────────────────────────────────

  private draw(p: p5): void {
    if (this.options.virtualClock) this.virtualNow += 1000 / 60;
    this.lastDrawReal = performance.now();
    const now = this.now();
    this.options.pump(now);
    const ctx = p.drawingContext;
    const canvas = this.canvas;
    if (!(ctx instanceof CanvasRenderingContext2D) || !canvas) return;
    const s = this.scene;
    const interval = this.lastDraw < 0 ? 1000 / 60 : now - this.lastDraw;
    this.lastDraw = now;
    this.intervals[this.intervalHead] = interval;
    this.intervalHead = (this.intervalHead + 1) % this.intervals.length;
    this.stats.fps += (1000 / Math.max(1, interval) - this.stats.fps) * 0.1;
    this.stats.frameMs = interval;
    s.quality = this.options.quality ?? (this.options.virtualClock ? 1 : this.governor.sample(interval));
    this.sizeTrail();
    s.dt = Math.min(0.1, interval / 1000);
    s.time += s.dt;
    s.lean = this.lean.step(s.time, s.dt);
    this.stats.tilting = this.lean.tilting;
    const curr = this.curr;
    const prev = this.prev;
    if (!curr || !prev) {
      ctx.fillStyle = '#05060f';
      ctx.fillRect(0, 0, s.w, s.h);
      return;
    }
    const span = Math.max(1, this.currAt - this.prevAt);
    s.update(prev, curr, (now - this.currAt) / span);
    s.hubNow = curr.at + (now - this.currAt);
    s.allow = this.guard.allow * (s.safe ? 0.3 : 1);
    // Blackout is obeyed at once; the flash guard (the last stage) stretches it when it must.
    s.blackout = curr.flags.blackout ? 1 : 0;

    // Stutter: the picture freezes for a moment (never longer than half a second). A freeze changes no
    // pixel, so it can never flash; safe mode skips it anyway.
    const stutter = s.p('stutter') > 0.5 && !s.safe;
    this.stutterHeld = stutter ? this.stutterHeld + s.dt : 0;
    if (stutter && this.stutterHeld < 0.5 && this.stats.drawn > 0) {
      this.guard.present(canvas, now, s.dt);
      return;
    }
    this.stats.drawn++;
    ctx.save();
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    this.compose(ctx, canvas, s);
    // Brightness and blackout: a veil over everything (the guard decides how fast it may fall).
    const veil = Math.max(s.blackout, Math.max(0, 0.35 - s.p('brightness')) * 1.6);
    if (veil > 0.003) {
      ctx.globalAlpha = Math.min(1, veil);
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, s.w, s.h);
    }
    ctx.restore();
    this.stats.particles = this.flow.active;
    this.guard.present(canvas, now, s.dt);
  }

  /** Walks the ordered list: wall layers draw, trail layers share the buffer, post effects read. */
  private compose(g: CanvasRenderingContext2D, canvas: HTMLCanvasElement, s: Scene): void {
    let trailDone = false;
    const list = this.layers;
    const cost = this.layerCost;
    let t0 = cost ? performance.now() : 0;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (cost) probeStart();
      if (e.target === 'wall') e.layer.draw(g, s);
      else if (e.target === 'post') e.layer.apply(g, canvas, s);
      else if (!trailDone) {
        trailDone = true;
        this.drawTrail(g, s);
      }
      if (cost) {
        g.getImageData(0, 0, 1, 1);
        const t1 = performance.now();
        cost[i] += t1 - t0;
        t0 = t1;
      }
    }
  }

  private drawTrail(g: CanvasRenderingContext2D, s: Scene): void {
    const t = this.trailCtx;
    if (!t) return;
    const k = this.trailScale;
    // Trails: the buffer fades each frame (see trailFade.ts); long trails fade slowly.
    const persist = trailPersistence(s);
    const fade = Math.min(1, 1 - Math.pow(persist, s.dt * 60));
    t.setTransform(1, 0, 0, 1, 0, 0);
    const presence = flowPresence(s);
    t.globalCompositeOperation = trailFadeMode(fade, s.quality, presence);
    t.globalAlpha = fade;
    t.fillStyle = '#000';
    t.fillRect(0, 0, this.trail.width, this.trail.height);
    probe(t, 'flow.fade');
    t.globalCompositeOperation = 'source-over';
    t.globalAlpha = 1;
    t.setTransform(k, 0, 0, k, 0, 0);
    const list = this.layers;
    for (let i = 0; i < list.length; i++) {
      const e = list[i];
      if (e.target === 'trail') e.layer.draw(t, s);
    }
    probe(t, 'flow.dabs');
    g.globalCompositeOperation = 'lighter';
    // The flow is a supporting voice: it steps back so the phases' subjects carry the picture.
    g.globalAlpha = presence;
    g.imageSmoothingEnabled = true;
    g.drawImage(this.trail, 0, 0, this.trail.width, this.trail.height, 0, 0, s.w, s.h);
    g.globalCompositeOperation = 'source-over';
    g.globalAlpha = 1;
  }

  /** p99 of recent frame intervals, ms. */
  p99(): number {
    const sorted = Array.from(this.intervals).filter((v) => v > 0).sort((a, b) => a - b);
    return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] : 0;
  }

  /** Frees every layer and the p5 sketch. */
  dispose(): void {
    for (const e of this.layers) e.layer.dispose();
    this.instance?.remove();
    this.instance = null;
    this.trail.width = this.trail.height = 0;
  }
}
