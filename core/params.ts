/**
 * The one table of show parameters. Each is declared once here — name, unit, range, default,
 * smoothing — and that declaration drives preset validation, the operator's sliders, MIDI/OSC
 * mapping, the renderer and the score.
 */

/** Declaration of one show parameter. */
export interface ParamSpec {
  /** Identifier used in presets, OSC addresses and the frame. */
  readonly name: string;
  /** Human label for the console. */
  readonly label: string;
  /** Unit shown next to the value. */
  readonly unit: '' | '×' | 'BPM';
  /** Inclusive lower bound. */
  readonly min: number;
  /** Inclusive upper bound. */
  readonly max: number;
  /** Value when nothing sets it. */
  readonly default: number;
  /**
   * Time constant of the exponential approach to a new target, in seconds: after this long the
   * value has covered 63% of the way. 0 means it follows at once (a cut).
   */
  readonly smoothing: number;
  /** What it does to the show. */
  readonly description: string;
}

/** All show parameters, in frame order (a frame's `params[i]` is `PARAMS[i]`). */
export const PARAMS = [
  { name: 'flowSpeed', label: 'Flow speed', unit: '×', min: 0, max: 4, default: 1, smoothing: 1.5, description: 'Speed of the dream flow field.' },
  { name: 'turbulence', label: 'Turbulence', unit: '', min: 0, max: 1, default: 0.2, smoothing: 1.5, description: 'How much the flow curls and churns.' },
  { name: 'density', label: 'Density', unit: '', min: 0, max: 1, default: 0.5, smoothing: 2, description: 'How many dream particles fill the sky.' },
  { name: 'trails', label: 'Trails', unit: '', min: 0, max: 1, default: 0.7, smoothing: 2, description: 'How long motion leaves soft trails.' },
  { name: 'brightness', label: 'Brightness', unit: '', min: 0, max: 1, default: 0.7, smoothing: 1, description: 'Overall light of the picture.' },
  { name: 'warmth', label: 'Warmth', unit: '', min: 0, max: 1, default: 0.3, smoothing: 2, description: 'Colour temperature: 0 cold night, 1 warm lamplight.' },
  { name: 'saturation', label: 'Saturation', unit: '', min: 0, max: 1, default: 0.5, smoothing: 2, description: 'Colour intensity; drains in the nightmare.' },
  { name: 'glitch', label: 'Glitch', unit: '', min: 0, max: 1, default: 0, smoothing: 0.3, description: 'Slice displacement, colour split and stutter.' },
  { name: 'stutter', label: 'Stutter', unit: '', min: 0, max: 1, default: 0, smoothing: 0, description: 'Momentary freeze/stutter events, driven by the seeded engine.' },
  { name: 'shadows', label: 'Shadow pressure', unit: '', min: 0, max: 1, default: 0, smoothing: 2, description: 'How far the faceless shadows lean in from the edges.' },
  { name: 'creature', label: 'Creature', unit: '', min: 0, max: 1, default: 0, smoothing: 2, description: 'Presence of the creature born of the Glitch.' },
  { name: 'fracture', label: 'Fracture', unit: '', min: 0, max: 1, default: 0, smoothing: 1.5, description: 'Cracks spreading through Tara\'s dream.' },
  { name: 'sunrise', label: 'Sunrise', unit: '', min: 0, max: 1, default: 0, smoothing: 3, description: 'Dawn light rising from below.' },
  { name: 'echoes', label: 'Echoes', unit: '', min: 0, max: 1, default: 0, smoothing: 2, description: 'Visibility of the constellation of everyone who took part.' },
  { name: 'tempo', label: 'Tempo', unit: 'BPM', min: 40, max: 180, default: 60, smoothing: 4, description: 'Tempo of the score.' },
  { name: 'dissonance', label: 'Dissonance', unit: '', min: 0, max: 1, default: 0, smoothing: 3, description: 'From consonant pentatonic (0) to Locrian clusters (1).' },
  { name: 'filter', label: 'Filter', unit: '', min: 0, max: 1, default: 0.4, smoothing: 1, description: 'Openness of the sound\'s low-pass filter.' },
  { name: 'reverb', label: 'Reverb', unit: '', min: 0, max: 1, default: 0.6, smoothing: 3, description: 'Wet level of the shared reverb.' },
  { name: 'distortion', label: 'Distortion', unit: '', min: 0, max: 1, default: 0, smoothing: 1, description: 'Bit-crush and grit in the sound.' },
  { name: 'intensity', label: 'Master intensity', unit: '', min: 0, max: 1, default: 1, smoothing: 1, description: 'Scales every effect: the operator\'s master.' },
  { name: 'volume', label: 'Volume', unit: '', min: 0, max: 1, default: 0.8, smoothing: 0.5, description: 'Master volume of the soundscape.' },
] as const satisfies readonly ParamSpec[];

/** Name of a show parameter. */
export type ParamName = (typeof PARAMS)[number]['name'];

/** Every parameter with a value. */
export type ShowParams = Record<ParamName, number>;

/** Parameter names in frame order. */
export const PARAM_NAMES: readonly ParamName[] = PARAMS.map((p) => p.name);

const INDEX: Readonly<Record<string, number>> = Object.fromEntries(PARAMS.map((p, i) => [p.name, i]));

/** @returns the frame index of a parameter. */
export function paramIndex(name: ParamName): number {
  return INDEX[name];
}

/** @returns true when `value` names a parameter. */
export function isParamName(value: unknown): value is ParamName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(INDEX, value);
}

/** @returns the declaration of a parameter. */
export function paramSpec(name: ParamName): ParamSpec {
  return PARAMS[INDEX[name]];
}

/** Clamps a value into a parameter's range; NaN becomes the default. */
export function clampParam(name: ParamName, value: number): number {
  const spec = paramSpec(name);
  if (!Number.isFinite(value)) return spec.default;
  return Math.min(spec.max, Math.max(spec.min, value));
}

/** Maps a normalised control value (0..1, as MIDI and OSC send) onto a parameter's range. */
export function fromUnit(name: ParamName, unit: number): number {
  const spec = paramSpec(name);
  const u = Number.isFinite(unit) ? Math.min(1, Math.max(0, unit)) : 0;
  return spec.min + (spec.max - spec.min) * u;
}

/** Maps a parameter value onto 0..1 of its range. */
export function toUnit(name: ParamName, value: number): number {
  const spec = paramSpec(name);
  return (clampParam(name, value) - spec.min) / (spec.max - spec.min);
}

/** A fresh array of every default, in frame order. */
export function defaultParamArray(): number[] {
  return PARAMS.map((p) => p.default);
}

