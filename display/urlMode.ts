/**
 * How the wall was asked to run, read from its URL. Pure.
 * - live (default): follow the hub on `/display`; `?view=i/n` for one of n projectors.
 * - frozen: `?seed=7&at=nightmare:12` renders one phase at one moment, identically every time.
 * - rehearsal: `?sim=200&speed=8&seed=7` runs the engine in the page with a simulated crowd.
 * Shared extras: `storm=1` (every phone at the maximum rate), `compress=4` (phases 4× shorter),
 * `clock=virtual` (each drawn frame advances exactly 1/60 s), `quality=0.6` (fixed quality),
 * `particles=2000` (a fixed flow particle count, for benchmarks),
 * `record=1` (keep the luminance log for the flash test), `safe=1`, `caption=1`, and for frozen shots
 * `lead=3` (seconds of show played, on the virtual clock, before the moment is frozen),,
 * `output=clean`: the show alone, without QR, captions or prompts (a browser source for OBS,
 * Resolume or TouchDesigner).
 * Frozen and rehearsal walls draw the hub's current preset, or `preset=NAME` (the console's preview:
 * a preset from the hub's folder, drawn here only; the live show is never touched).
 */
import { isPhaseName, type PhaseName } from '../core/arc/phases.ts';
import { PRESET_NAME } from '../core/preset.ts';

/** Options every mode shares. */
export interface CommonOptions {
  view: string | null;
  /** Fixed render quality 0.25..1, or null for adaptive. */
  quality: number | null;
  /** Fixed number of flow particles 1..2600 whatever the density and quality, or null. */
  particles: number | null;
  virtualClock: boolean;
  record: boolean;
  safe: boolean;
  caption: boolean;
  /**
   * `show` (default): the wall as the room sees it, with its join code, captions and prompts.
   * `clean`: the picture alone, for capture (nothing but the canvas is drawn).
   */
  output: 'show' | 'clean';
  /** A preset of the hub's folder to draw instead of the current one (frozen and rehearsal only), or null. */
  preset: string | null;
}

/** The wall's mode. */
export type DisplayMode =
  | ({ kind: 'live' } & CommonOptions)
  | ({ kind: 'frozen'; seed: number; phase: PhaseName; at: number; sim: number; storm: boolean; lead: number } & CommonOptions)
  | ({ kind: 'rehearsal'; seed: number; sim: number; speed: number; storm: boolean; compress: number; start: PhaseName | null } & CommonOptions);

function num(params: URLSearchParams, key: string, fallback: number, lo: number, hi: number): number {
  const raw = params.get(key);
  if (raw === null || raw.trim() === '') return fallback;
  const v = Number(raw);
  return Number.isFinite(v) ? Math.min(hi, Math.max(lo, v)) : fallback;
}

function flag(params: URLSearchParams, key: string): boolean {
  const v = params.get(key);
  return v !== null && v !== '0' && v !== 'false';
}

/** Reads the mode from a query string (`location.search`). Anything malformed falls back to safe defaults. */
export function parseDisplayMode(search: string): DisplayMode {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  const q = params.get('quality');
  const common: CommonOptions = {
    view: view && /^[1-9]\/[1-9]$/.test(view) ? view : null,
    quality: q === null ? null : num(params, 'quality', 1, 0.25, 1),
    particles: params.get('particles') === null ? null : Math.round(num(params, 'particles', 2000, 1, 2600)),
    virtualClock: params.get('clock') === 'virtual',
    record: flag(params, 'record'),
    safe: flag(params, 'safe'),
    caption: flag(params, 'caption'),
    output: params.get('output') === 'clean' ? 'clean' : 'show',
    preset: PRESET_NAME.test(params.get('preset') ?? '') ? params.get('preset') : null,
  };
  const seed = Math.floor(num(params, 'seed', 7, -2_147_483_648, 2_147_483_647));
  const sim = Math.floor(num(params, 'sim', 0, 0, 10_000));
  const storm = flag(params, 'storm');
  const at = params.get('at');
  if (at !== null) {
    const [name, time] = at.split(':');
    const phase: PhaseName = isPhaseName(name) ? name : 'serene';
    const seconds = Number(time ?? '0');
    const lead = num(params, 'lead', 3, 0.5, 10);
    return { kind: 'frozen', seed, phase, at: Number.isFinite(seconds) ? Math.min(3600, Math.max(0, seconds)) : 0, sim, storm, lead, ...common, virtualClock: true };
  }
  if (params.has('sim')) {
    const start = params.get('start');
    return {
      kind: 'rehearsal',
      seed,
      sim,
      speed: num(params, 'speed', 1, 0.1, 8),
      storm,
      compress: num(params, 'compress', 1, 1, 20),
      start: isPhaseName(start) ? start : null,
      ...common,
    };
  }
  return { kind: 'live', ...common };
}
