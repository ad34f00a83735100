/**
 * What every layer reads each drawn frame: the show interpolated between the hub's 30 Hz frames,
 * mixed palettes, crowd signals, the wall's place in the panorama and the safety allowances.
 * Allocated once; {@link Scene.update} overwrites it in place.
 */
import { PARAMS, paramIndex, type ParamName } from '../../core/params.ts';
import { PHASES, phaseIndex, type PhaseName } from '../../core/arc/phases.ts';
import { ROLES } from '../../core/dreamers.ts';
import type { Preset } from '../../core/preset.ts';
import type { CrowdSignals, ShowFrame } from '../../core/protocol.ts';
import { PALETTE_SIZE, mixRgb, paletteToRgb, parseHex, saturate } from '../colour.ts';
import { viewLayout, type ViewLayout } from '../viewLayout.ts';
import type { Lean } from './CrowdLean.ts';

/** Frame indices of every parameter the layers read. */
export const PI: Readonly<Record<ParamName, number>> = Object.fromEntries(PARAMS.map((p) => [p.name, paramIndex(p.name)])) as Record<ParamName, number>;

const EMPTY_CROWD: CrowdSignals = { dreamers: 0, active: 0, participation: 0, energy: 0, light: 0, unity: 0, resolve: 0, ghosts: 1 };

/** The interpolated show as the layers see it. */
export class Scene {
  /** Wall size, px. */
  w = 1;
  h = 1;
  layout: ViewLayout = viewLayout(null, 1, 1);
  /** Display-clock seconds since the wall started (drives idle animation). */
  time = 0;
  /** Seconds since the last drawn frame, 0..0.1. */
  dt = 0;
  /** Hub-scale time now, ms (for the heartbeat). */
  hubNow = 0;
  /** Show seconds (the engine's clock). */
  showTime = 0;
  /** Interpolated parameters in {@link PARAMS} order. */
  readonly params = new Float32Array(PARAMS.length);
  phase: PhaseName = 'serene';
  next: PhaseName = 'festival';
  blend = 0;
  phaseTime = 0;
  phaseLength = 1;
  /** Presence of each phase, 0..1, in {@link PHASES} order (current: 1 − blend, next: blend). */
  readonly weights = new Float32Array(PHASES.length);
  /** The mixed palette of now, {@link PALETTE_SIZE} RGB triples 0..255 (saturation applied). */
  readonly pal = new Float32Array(PALETTE_SIZE * 3);
  /** The four dreamers' colours, RGB triples in role order. */
  readonly dreamers = new Float32Array(ROLES.length * 3);
  crowd: CrowdSignals = EMPTY_CROWD;
  /** Shining phones, panorama-normalised x,y pairs. */
  readonly lights = new Float32Array(256);
  lightCount = 0;
  beatBpm = 72;
  beatOrigin = 0;
  /** Render quality 0.25..1 (adaptive). */
  quality = 1;
  /** A fixed flow particle count (benchmarks), or null to follow density and quality. */
  particles: number | null = null;
  /** Which way the room tilts its phones, each axis −1..1, eased (`CrowdLean`); 0,0 when nobody tilts. */
  lean: Readonly<Lean> = { x: 0, y: 0 };
  /** Calm mode: no strobing or shake at all. */
  safe = false;
  /** What the flash guard lets flashy effects use right now, 0..1. */
  allow = 1;
  seed = 7;
  /** Bumped whenever the preset changes, so layers can rebuild cached sprites. */
  presetVersion = 0;
  /** 0..1 blackout veil (the operator's switch; the flash guard paces what reaches the wall). */
  blackout = 0;
  qr: ShowFrame['flags']['qr'] = 'auto';
  caption = false;

  private readonly palettes = new Float32Array(PHASES.length * PALETTE_SIZE * 3);
  private readonly palA = new Float32Array(PALETTE_SIZE * 3);
  private readonly palB = new Float32Array(PALETTE_SIZE * 3);

  /** Reads a preset's colours (on connect and preset change, not per frame). */
  setPreset(preset: Preset): void {
    for (let i = 0; i < PHASES.length; i++) {
      paletteToRgb(preset.phases[PHASES[i]].palette, this.palA);
      this.palettes.set(this.palA, i * PALETTE_SIZE * 3);
    }
    for (let r = 0; r < ROLES.length; r++) parseHex(preset.dreamers[ROLES[r]].colour, this.dreamers, r * 3);
    this.presetVersion++;
  }

  /** @returns a parameter's interpolated value. */
  p(name: ParamName): number {
    return this.params[PI[name]];
  }

  /** @returns how present a phase is, 0..1. */
  weight(phase: PhaseName): number {
    return this.weights[phaseIndex(phase)];
  }

  /**
   * Interpolates between two consecutive frames.
   * @param a the older frame; @param b the newer; @param t 0..1 of the way from a to b.
   */
  update(a: ShowFrame, b: ShowFrame, t: number): void {
    const k = t < 0 ? 0 : t > 1 ? 1 : t;
    for (let i = 0; i < this.params.length; i++) this.params[i] = a.params[i] + (b.params[i] - a.params[i]) * k;
    // A frame pair across a phase change is not interpolated in time: the newer frame's place wins.
    const same = a.phase === b.phase;
    this.phase = b.phase;
    this.next = b.next;
    this.blend = same ? a.blend + (b.blend - a.blend) * k : b.blend;
    this.phaseTime = same ? a.phaseTime + (b.phaseTime - a.phaseTime) * k : b.phaseTime;
    this.phaseLength = b.phaseLength;
    this.showTime = a.time + (b.time - a.time) * k;
    this.weights.fill(0);
    const ci = phaseIndex(this.phase);
    const ni = phaseIndex(this.next);
    this.weights[ci] += 1 - this.blend;
    this.weights[ni] += this.blend;
    for (let i = 0; i < 15; i++) {
      this.palA[i] = this.palettes[ci * 15 + i];
      this.palB[i] = this.palettes[ni * 15 + i];
    }
    mixRgb(this.palA, this.palB, this.blend, this.pal);
    const sat = 0.35 + 0.65 * this.params[PI.saturation];
    for (let c = 1; c < PALETTE_SIZE; c++) saturate(this.pal, c * 3, sat);
    this.crowd = b.crowd;
    const n = Math.min(b.lights.length, this.lights.length) & ~1;
    for (let i = 0; i < n; i++) this.lights[i] = b.lights[i];
    this.lightCount = n >> 1;
    this.beatBpm = b.beat.bpm;
    this.beatOrigin = b.beat.origin;
    this.qr = b.flags.qr;
    this.caption = b.flags.caption;
  }

  /** Maps a panorama-normalised x (0..1) to this wall's px. */
  x(u: number): number {
    return u * this.layout.worldWidth - this.layout.offsetX;
  }

  /** Phase of the heartbeat now, 0..1 (0 on the beat). */
  beatPhase(): number {
    const period = 60_000 / this.beatBpm;
    const ph = (((this.hubNow - this.beatOrigin) % period) + period) % period;
    return ph / period;
  }
}
