/**
 * The show engine: the DreamScape arc as a pure, seeded state machine.
 *
 * `createShow(preset, seed)` → `step(state, preset, dt, input)` → `position(state, preset)` and
 * `state.params`; the operator's commands change the state through `commands.ts`. No clock, no randomness of its own: the hub passes the tick length and the
 * gestures, and the seed drives every random choice. Same preset + seed + input log ⇒ the same
 * show, frame for frame.
 */
import { PARAMS, clampParam, defaultParamArray, paramIndex as indexOfParam, type ParamName } from '../params.ts';
import type { Preset } from '../preset.ts';
import type { EchoMark } from '../protocol.ts';
import { approach, clamp, lerp, easeInOut } from '../easing.ts';
import { nextRandom, seedFrom, type RandomState } from '../random.ts';
import { emptyCrowd, emptyEchoes, foldCrowd, foldEchoes, type CrowdGesture, type CrowdState } from '../crowd.ts';
import { PHASES, phaseIndex, phaseAt } from './phases.ts';
import { arcTargets, blendAt, P, type ArcPosition } from './timeline.ts';
import { resolveRates, shadowsAfterLight } from './gates.ts';
import { advanceScore } from './scoreClock.ts';

/** Longest tick the engine accepts, seconds: a stalled hub never skips whole phases at once. */
export const MAX_DT = 0.5;

/** Shortest phase the engine will play, seconds, whatever a preset says (presets allow ≥ 5). */
const MIN_PHASE_SECONDS = 0.05;

/** The whole show at one moment. Never mutated: `step` returns a new state. */
export interface ShowState {
  readonly seed: number;
  readonly rng: RandomState;
  /** Seconds of wall time the show has run (sum of dt; unaffected by speed and hold). */
  readonly clock: number;
  /**
   * Where the score is, in sixteenth-note steps since the show began: the tempo parameter
   * integrated over {@link ShowState.clock} (so hold and speed never stop the music), wrapped at
   * `SCORE_WRAP` (scoreClock.ts). Every wall plays the step this puts at each moment.
   */
  readonly score: number;
  /** Nights completed (increments when dawn gives way to serene). */
  readonly loop: number;
  /** Index into {@link PHASES}. */
  readonly phaseIndex: number;
  /** Seconds into the phase (scaled by speed). */
  readonly phaseTime: number;
  /** Effective length of the phase, seconds (the confrontation shortens it when the crowd wins). */
  readonly phaseLength: number;
  /** Smoothed parameters, {@link PARAMS} order. */
  readonly params: readonly number[];
  /** Confrontation progress 0..1. */
  readonly resolve: number;
  /**
   * The operator holds the phase: its clock stops (the show's clock runs on). In the
   * confrontation the crowd can still beat the creature; the ghosts wait, and dawn comes after release.
   */
  readonly hold: boolean;
  /** Speed multiplier of the arc, 0.1..8. */
  readonly speed: number;
  /** Brightness heads for 0 (smoothed, so it fades) while the arc plays on. */
  readonly blackout: boolean;
  /** Operator values that replace the arc's targets. */
  readonly overrides: Readonly<Partial<Record<ParamName, number>>>;
  /** Seconds left of the current stutter event. */
  readonly stutterLeft: number;
  /** Crossfade from the previous preset's look, when one was loaded with a blend time. */
  readonly presetBlend: null | { readonly from: readonly number[]; readonly seconds: number; readonly elapsed: number };
  /** Entering a phase that cuts: the next step jumps instead of smoothing. */
  readonly cut: boolean;
  readonly crowd: CrowdState;
  /** Tonight's constellation, by dreamer handle. */
  readonly echoes: ReadonlyMap<number, EchoMark>;
  /** Echoes that changed in the last step. */
  readonly changedEchoes: readonly EchoMark[];
}

/** One tick's input. */
export interface TickInput {
  /** Gestures since the last tick, attributed and validated by the hub. */
  readonly gestures: readonly CrowdGesture[];
  /** Phones connected now. */
  readonly dreamers: number;
}

const NO_INPUT: TickInput = { gestures: [], dreamers: 0 };

/** Starts a show at the beginning of the first night. */
export function createShow(preset: Preset, seed: number): ShowState {
  const params = defaultParamArray();
  arcTargets(preset, 0, 0, preset.phases.serene.duration, params);
  params[P.intensity] = PARAMS[P.intensity].default;
  params[P.volume] = preset.sound.volume;
  return {
    seed,
    rng: seedFrom(seed),
    clock: 0,
    score: 0,
    loop: 0,
    phaseIndex: 0,
    phaseTime: 0,
    phaseLength: preset.phases.serene.duration,
    params,
    resolve: 0,
    hold: false,
    speed: 1,
    blackout: false,
    overrides: {},
    stutterLeft: 0,
    presetBlend: null,
    cut: false,
    crowd: emptyCrowd(),
    echoes: emptyEchoes(),
    changedEchoes: [],
  };
}

/** Period of the confrontation heartbeat, ms. */
export function beatPeriodMs(preset: Preset): number {
  return 60_000 / preset.crowd.heartbeatBpm;
}

/** Where the arc is (phase, next, crossfade). */
export function position(state: ShowState, preset: Preset): ArcPosition {
  const phase = phaseAt(state.phaseIndex);
  const length = state.phaseLength;
  const blend = blendAt(state.phaseTime, length, Math.min(preset.phases[phase].transition, length));
  return { phase, next: phaseAt(state.phaseIndex + 1), phaseTime: state.phaseTime, phaseLength: length, blend };
}

/** Targets of the tick being computed: internal scratch (step is synchronous), so a tick allocates one array less. */
const scratchTarget = new Array<number>(PARAMS.length).fill(0);

/** Most phase changes one tick may make (a guard against a preset with zero-length phases). */
const MAX_PHASES_PER_TICK = PHASES.length * 2;

/**
 * Advances the show by one tick.
 * @param dt seconds since the last tick, clamped to 0..{@link MAX_DT}; 0, negative or NaN moves
 *   nothing but still records the tick's gestures (none are lost).
 * @param input this tick's gestures and how many phones are connected.
 */
export function step(state: ShowState, preset: Preset, dt: number, input: TickInput = NO_INPUT): ShowState {
  const d = Number.isFinite(dt) ? clamp(dt, 0, MAX_DT) : 0;
  if (d === 0) return recordOnly(state, preset, input);
  const clock = state.clock + d;
  const phaseName = phaseAt(state.phaseIndex);

  const crowd = foldCrowd(state.crowd, clock, d, input.gestures, input.dreamers, beatPeriodMs(preset), preset, state.resolve);
  const { echoes: grownEchoes, changed } = foldEchoes(state.echoes, input.gestures);

  // Progress through the arc.
  let { phaseIndex: idx, phaseTime, phaseLength, resolve, loop } = state;
  let echoes = grownEchoes;
  let cut = state.cut;
  const advance = state.hold ? 0 : d * state.speed;
  if (phaseName === 'confrontation') {
    // Held, the crowd still fights (the creature weakens) but the ghosts rest and the phase stays.
    const rates = resolveRates(crowd.signals, preset);
    resolve = clamp(resolve + (state.hold ? rates.crowd * d * state.speed : (rates.crowd + rates.ghosts) * advance));
  }
  phaseTime += advance;
  if (phaseName === 'confrontation' && resolve >= 1) {
    const spec = preset.phases.confrontation;
    // Victory: the crossfade into dawn starts now (but not before the phase's minimum).
    const end = Math.max(spec.minDuration, Math.min(phaseTime, phaseLength - spec.transition)) + spec.transition;
    phaseLength = Math.min(phaseLength, Math.max(end, phaseTime));
  }
  for (let n = 0; phaseTime >= phaseLength && n < MAX_PHASES_PER_TICK; n++) {
    phaseTime -= phaseLength;
    idx = idx + 1;
    if (idx >= PHASES.length) {
      idx = 0;
      loop += 1;
      echoes = emptyEchoes(); // a new night begins: tonight's constellation has been returned
    }
    const spec = preset.phases[phaseAt(idx)];
    phaseLength = Math.max(MIN_PHASE_SECONDS, spec.duration);
    resolve = 0;
    if (spec.cut) cut = true;
  }
  phaseTime = Math.min(phaseTime, phaseLength);
  const entered = phaseAt(idx);

  // The arc's targets, then the crowd's hand on them.
  const target = scratchTarget;
  arcTargets(preset, idx, phaseTime, phaseLength, target);
  const s = crowd.signals;
  const weight = preset.crowd.crowdWeight;
  target[P.brightness] += 0.1 * weight * s.energy;
  target[P.turbulence] += 0.1 * weight * s.energy;
  target[P.density] += 0.15 * weight * s.participation;
  target[P.shadows] = shadowsAfterLight(target[P.shadows], s.light);
  if (entered === 'confrontation') {
    target[P.creature] *= 1 - resolve;
    target[P.brightness] += 0.35 * resolve;
    target[P.dissonance] *= 1 - 0.8 * resolve;
  }

  // Stutter events in glitchy moments, from the seeded generator.
  let rng = state.rng;
  let stutterLeft = Math.max(0, state.stutterLeft - d);
  const glitchNow = state.params[P.glitch] * state.params[P.intensity];
  if (!preset.safe && stutterLeft === 0 && glitchNow > 0.2) {
    const [roll, r1] = nextRandom(rng);
    rng = r1;
    if (roll < glitchNow * 1.2 * d) {
      const [len, r2] = nextRandom(rng);
      rng = r2;
      stutterLeft = 0.12 + 0.3 * len;
    }
  }
  target[P.stutter] = stutterLeft > 0 ? 1 : 0;

  // The operator's hand.
  for (const [name, value] of Object.entries(state.overrides) as [ParamName, number][]) {
    target[indexOfParam(name)] = value;
  }
  if (state.overrides.volume === undefined) target[P.volume] = preset.sound.volume;
  if (state.overrides.intensity === undefined) target[P.intensity] = 1;
  const intensity = state.params[P.intensity];
  target[P.glitch] *= intensity;
  target[P.stutter] *= intensity > 0.15 ? 1 : 0;
  target[P.fracture] *= intensity;
  target[P.distortion] *= intensity;
  target[P.turbulence] *= 0.5 + 0.5 * intensity;
  if (preset.safe) {
    target[P.glitch] = Math.min(target[P.glitch], 0.25);
    target[P.stutter] = 0;
    target[P.distortion] = Math.min(target[P.distortion], 0.2);
  }
  if (state.blackout) target[P.brightness] = 0;

  // Crossfade from a previously loaded preset's look.
  let presetBlend = state.presetBlend;
  if (presetBlend) {
    const elapsed = presetBlend.elapsed + d;
    const t = easeInOut(elapsed / presetBlend.seconds);
    for (let i = 0; i < target.length; i++) {
      if (i === P.intensity || i === P.volume) continue;
      target[i] = lerp(presetBlend.from[i], target[i], t);
    }
    presetBlend = elapsed >= presetBlend.seconds ? null : { ...presetBlend, elapsed };
  }

  const params = new Array<number>(PARAMS.length);
  for (let i = 0; i < PARAMS.length; i++) {
    const spec = PARAMS[i];
    const goal = clampParam(spec.name, target[i]);
    const prev = state.params[i];
    const v = cut && i !== P.volume && i !== P.intensity ? goal : prev + (goal - prev) * approach(d, spec.smoothing);
    params[i] = clampParam(spec.name, v);
  }

  return {
    seed: state.seed,
    rng,
    clock,
    score: advanceScore(state.score, d, params[P.tempo]),
    loop,
    phaseIndex: idx,
    phaseTime,
    phaseLength,
    params,
    resolve,
    hold: state.hold,
    speed: state.speed,
    blackout: state.blackout,
    overrides: state.overrides,
    stutterLeft,
    presetBlend,
    cut: false,
    crowd: { ...crowd, signals: { ...crowd.signals, resolve } },
    echoes,
    changedEchoes: changed,
  };
}

/** A tick with no time in it: gestures are remembered, nothing moves. */
function recordOnly(state: ShowState, preset: Preset, input: TickInput): ShowState {
  if (input.gestures.length === 0) return state.changedEchoes.length === 0 ? state : { ...state, changedEchoes: [] };
  const crowd = foldCrowd(state.crowd, state.clock, 0, input.gestures, input.dreamers, beatPeriodMs(preset), preset, state.resolve);
  const { echoes, changed } = foldEchoes(state.echoes, input.gestures);
  return { ...state, crowd, echoes, changedEchoes: changed };
}

/**
 * The show at the start of phase `idx` (wrapping past dawn), `phaseTime` seconds in: the operator's
 * `goto` and `skip` (core/arc/commands.ts).
 */
export function enterPhase(state: ShowState, preset: Preset, idx: number, phaseTime = 0): ShowState {
  const phase = phaseAt(idx);
  const spec = preset.phases[phase];
  return {
    ...state,
    phaseIndex: phaseIndex(phase),
    phaseTime: Math.min(phaseTime, spec.duration),
    phaseLength: Math.max(MIN_PHASE_SECONDS, spec.duration),
    resolve: 0,
    cut: spec.cut,
  };
}

/**
 * A calm, safe state at once: dawn with the sun already up, every effect cut to the dawn's look,
 * blackout lifted, live overrides cleared (the operator's volume is kept). The hold is left as the
 * operator set it: an unheld show plays the rest of the calm dawn (three quarters of it) and then
 * begins the next night by itself, so a panic in an empty room never freezes the installation;
 * a show the operator had held stays held at dawn until they release it.
 */
export function panicToDawn(state: ShowState, preset: Preset): ShowState {
  const idx = phaseIndex('dawn');
  const spec = preset.phases.dawn;
  const phaseTime = Math.min(spec.duration * 0.25, Math.max(0, spec.duration - spec.transition));
  const params = state.params.slice();
  const target = new Array<number>(PARAMS.length);
  arcTargets(preset, idx, phaseTime, spec.duration, target);
  for (let i = 0; i < PARAMS.length; i++) {
    if (i === P.volume || i === P.intensity) continue;
    params[i] = clampParam(PARAMS[i].name, target[i]);
  }
  params[P.stutter] = 0;
  const overrides: Partial<Record<ParamName, number>> = {};
  if (state.overrides.volume !== undefined) overrides.volume = state.overrides.volume;
  return {
    ...state,
    phaseIndex: idx,
    phaseTime,
    phaseLength: spec.duration,
    params,
    resolve: 0,
    blackout: false,
    overrides,
    stutterLeft: 0,
    presetBlend: null,
    cut: false,
  };
}

/**
 * Switches the show to another preset, crossfading its look over `blendSeconds` (0: at once).
 * The arc keeps its place; a phase now shorter than where we are ends at once.
 */
export function switchPreset(state: ShowState, next: Preset, blendSeconds: number): ShowState {
  const phase = phaseAt(state.phaseIndex);
  const spec = next.phases[phase];
  const phaseLength = Math.max(MIN_PHASE_SECONDS, spec.duration);
  const seconds = Number.isFinite(blendSeconds) ? clamp(blendSeconds, 0, MAX_PRESET_BLEND) : 0;
  return {
    ...state,
    phaseLength,
    phaseTime: Math.min(state.phaseTime, Math.max(0, phaseLength - 1e-3)),
    presetBlend: seconds > 0 ? { from: state.params.slice(), seconds, elapsed: 0 } : null,
  };
}

/** Longest crossfade between presets, seconds (the operator's command allows 0..120). */
export const MAX_PRESET_BLEND = 120;
