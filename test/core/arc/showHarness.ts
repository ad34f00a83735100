/**
 * Shared drivers for the engine tests: run a show at the hub's tick with a seeded simulated
 * crowd (attributed exactly as the hub does), and read parameters by name.
 */
import { BLANK_PRESET, type Preset } from '../../../core/preset.ts';
import { createShow, step, beatPeriodMs, type ShowState, type TickInput } from '../../../core/arc/engine.ts';
import { phaseAt, type PhaseName } from '../../../core/arc/phases.ts';
import { attributeGesture } from '../../../core/gestures.ts';
import { SimCrowd } from '../../../core/simCrowd.ts';
import { paramIndex, type ParamName } from '../../../core/params.ts';
import type { Beat } from '../../../core/protocol.ts';

/** The hub's tick, seconds. */
export const TICK = 1 / 30;

/** Reads one parameter of a show by name. */
export function param(state: ShowState, name: ParamName): number {
  return state.params[paramIndex(name)];
}

/** The phase a show is in. */
export function phaseOf(state: ShowState): PhaseName {
  return phaseAt(state.phaseIndex);
}

/** The heartbeat a hub would announce for a preset (origin at hub time 0). */
export function beatOf(preset: Preset): Beat {
  return { bpm: preset.crowd.heartbeatBpm, origin: 0 };
}

/** Makes one tick's input from a simulated crowd, attributed as the hub does. */
export function crowdInput(crowd: SimCrowd, state: ShowState, preset: Preset, dt: number): TickInput {
  const beat = beatOf(preset);
  const nowMs = Math.round((state.clock + dt) * 1000);
  const gestures = crowd.tick(phaseOf(state), nowMs, dt, beat).map((s) => attributeGesture(s.g, s.d, s.r, beat).crowd);
  return { gestures, dreamers: crowd.size };
}

/** Options for {@link runShow}. */
export interface RunOptions {
  preset?: Preset;
  seed?: number;
  /** Simulated phones (omit for an empty room). */
  crowd?: SimCrowd;
  /** Show seconds to run. */
  seconds: number;
  /** Start from this state instead of a new show. */
  from?: ShowState;
  /** Called after every tick. */
  onTick?: (state: ShowState, input: TickInput) => void;
}

/** Runs a show tick by tick. @returns the last state. */
export function runShow(options: RunOptions): ShowState {
  const preset = options.preset ?? BLANK_PRESET;
  let s = options.from ?? createShow(preset, options.seed ?? 7);
  const ticks = Math.round(options.seconds / TICK);
  for (let i = 0; i < ticks; i++) {
    const input = options.crowd ? crowdInput(options.crowd, s, preset, TICK) : { gestures: [], dreamers: 0 };
    s = step(s, preset, TICK, input);
    options.onTick?.(s, input);
  }
  return s;
}

export { beatPeriodMs };
