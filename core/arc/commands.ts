/**
 * The operator's command table: every command the console, MIDI (through the console), OSC and a
 * night's replay can give, once — its name, the zod schema of its arguments, and its effect: on the
 * show (the engine's state), on the wall switches, or carried out by the hub (preset files).
 * The wire schema ({@link operatorCommandSchema}), the engine's {@link applyCommand}, the hub's
 * runner and the OSC bridge all read this table: adding a command is one entry here (and, for a
 * hub effect, its handler, which the compiler asks for).
 */
import { z } from 'zod';
import { PARAMS, clampParam, paramSpec, type ParamName } from '../params.ts';
import { PRESET_NAME, type Preset } from '../preset.ts';
import { QR_MODES, type QrMode } from '../protocolConstants.ts';
import { clamp } from '../easing.ts';
import { PHASES, phaseAt, phaseIndex } from './phases.ts';
import { MAX_PRESET_BLEND, enterPhase, panicToDawn, type ShowState } from './engine.ts';

/** The wall switches the operator sets beside the show (persisted with it, carried by every frame). */
export interface ShowSwitches {
  /** Captions of the story on the wall. */
  caption: boolean;
  /** How the join QR code shows. */
  qr: QrMode;
  /** The walls' sound is muted. */
  mute: boolean;
}

/** What a command does, besides being checked by its schema. */
export type CommandEffect<C> =
  /** Changes the show's state (pure: the state given is left as it was). */
  | { readonly on: 'show'; apply(state: ShowState, preset: Preset, command: C): ShowState }
  /** Changes a wall switch. */
  | { readonly on: 'switches'; apply(switches: ShowSwitches, command: C): ShowSwitches }
  /** Carried out by the hub: it needs the hub's preset files (see server/operatorCommands.ts). */
  | { readonly on: 'hub' };

/** One command of the table. */
interface CommandEntry<K extends string, S extends z.ZodRawShape, E> {
  readonly type: K;
  /** Schema of the whole command (`{ type, ...arguments }`, nothing else accepted). */
  readonly schema: z.ZodObject<{ type: z.ZodLiteral<K> } & S, z.core.$strict>;
  readonly effect: E;
  /**
   * A fader or knob: many values a second, the latest wins. Its value is the key (OSC coalesces
   * by it, the console's log throttles by it); undefined for buttons and switches.
   */
  fader?(command: z.output<z.ZodObject<{ type: z.ZodLiteral<K> } & S>>): string;
}

function command<const K extends string, S extends z.ZodRawShape, E extends CommandEffect<z.output<z.ZodObject<{ type: z.ZodLiteral<K> } & S>>>>(
  type: K,
  args: S,
  effect: E,
  fader?: (command: z.output<z.ZodObject<{ type: z.ZodLiteral<K> } & S>>) => string,
): CommandEntry<K, S, E> {
  return { type, schema: z.strictObject({ type: z.literal(type), ...args }), effect, ...(fader ? { fader } : {}) };
}

const unit = z.number().min(0).max(1);
const phaseSchema = z.enum(PHASES);
const paramNameSchema = z.enum(PARAMS.map((p) => p.name) as [ParamName, ...ParamName[]]);
const presetNameSchema = z.string().regex(PRESET_NAME);

/** Slowest and fastest arc speed the operator may set. */
export const SPEED_RANGE = { min: 0.1, max: 8 } as const;
/** Tempo the operator may hold the score at, BPM: the tempo parameter's range. */
const TEMPO = paramSpec('tempo');

/** Skips to the next phase: unheld, the crossfade starts now; held, fading or cut, the next phase begins at once. */
function skip(state: ShowState, preset: Preset): ShowState {
  const spec = preset.phases[phaseAt(state.phaseIndex)];
  const fadeStart = state.phaseLength - Math.min(spec.transition, state.phaseLength);
  // Held (stepping through the story by hand), already fading or with no crossfade: a hold stays on.
  if (state.hold || spec.transition <= 0 || state.phaseTime >= fadeStart) return enterPhase(state, preset, state.phaseIndex + 1);
  return { ...state, phaseTime: fadeStart };
}

function withOverride(overrides: ShowState['overrides'], name: ParamName, value: number | null): Partial<Record<ParamName, number>> {
  const next = { ...overrides };
  if (value === null) delete next[name];
  else next[name] = clampParam(name, value);
  return next;
}

/** Every operator command, by name. */
export const COMMANDS = {
  goto: command('goto', { phase: phaseSchema }, { on: 'show', apply: (s, p, c) => enterPhase(s, p, phaseIndex(c.phase)) }),
  hold: command('hold', { on: z.boolean() }, { on: 'show', apply: (s, _p, c) => ({ ...s, hold: c.on }) }),
  skip: command('skip', {}, { on: 'show', apply: (s, p) => skip(s, p) }),
  speed: command(
    'speed',
    { value: z.number().min(SPEED_RANGE.min).max(SPEED_RANGE.max) },
    { on: 'show', apply: (s, _p, c) => ({ ...s, speed: clamp(c.value, SPEED_RANGE.min, SPEED_RANGE.max) }) },
    () => 'speed',
  ),
  intensity: command('intensity', { value: unit }, { on: 'show', apply: (s, _p, c) => ({ ...s, overrides: { ...s.overrides, intensity: clamp(c.value) } }) }, () => 'intensity'),
  volume: command('volume', { value: unit }, { on: 'show', apply: (s, _p, c) => ({ ...s, overrides: { ...s.overrides, volume: clamp(c.value) } }) }, () => 'volume'),
  mute: command('mute', { on: z.boolean() }, { on: 'switches', apply: (w, c) => ({ ...w, mute: c.on }) }),
  blackout: command('blackout', { on: z.boolean() }, { on: 'show', apply: (s, _p, c) => ({ ...s, blackout: c.on }) }),
  panic: command('panic', {}, { on: 'show', apply: (s, p) => panicToDawn(s, p) }),
  tempo: command(
    'tempo',
    { bpm: z.number().min(TEMPO.min).max(TEMPO.max).nullable() },
    { on: 'show', apply: (s, _p, c) => ({ ...s, overrides: withOverride(s.overrides, 'tempo', c.bpm) }) },
    () => 'tempo',
  ),
  param: command(
    'param',
    { name: paramNameSchema, value: z.number().finite().nullable() },
    { on: 'show', apply: (s, _p, c) => ({ ...s, overrides: withOverride(s.overrides, c.name, c.value) }) },
    (c) => `param:${c.name}`,
  ),
  loadPreset: command('loadPreset', { name: presetNameSchema, blend: z.number().min(0).max(MAX_PRESET_BLEND) }, { on: 'hub' }),
  /** `overwrite`: the operator confirmed replacing an existing preset (never one that ships). */
  savePreset: command('savePreset', { name: presetNameSchema, title: z.string().max(80).optional(), overwrite: z.boolean().optional() }, { on: 'hub' }),
  caption: command('caption', { on: z.boolean() }, { on: 'switches', apply: (w, c) => ({ ...w, caption: c.on }) }),
  qr: command('qr', { mode: z.enum(QR_MODES) }, { on: 'switches', apply: (w, c) => ({ ...w, qr: c.mode }) }),
} as const;

/** Name of an operator command. */
export type CommandName = keyof typeof COMMANDS;

const [firstSchema, ...otherSchemas] = Object.values(COMMANDS).map((entry) => entry.schema);

/** Every command the operator (console, MIDI via console, or OSC) can give, from {@link COMMANDS}. */
export const operatorCommandSchema = z.discriminatedUnion('type', [firstSchema, ...otherSchemas]);

/** An operator command, checked. */
export type OperatorCommand = z.infer<typeof operatorCommandSchema>;

/** Names of the commands whose effect is of kind `on`. */
type NamesOn<On extends CommandEffect<unknown>['on']> = { [K in CommandName]: (typeof COMMANDS)[K]['effect'] extends { on: On } ? K : never }[CommandName];

/** Commands that change the show's state (the engine's own). */
export type EngineCommand = Extract<OperatorCommand, { type: NamesOn<'show'> }>;
/** Commands that change a wall switch. */
export type SwitchCommand = Extract<OperatorCommand, { type: NamesOn<'switches'> }>;
/** Commands the hub carries out itself (they need its preset files). */
export type HubCommand = Extract<OperatorCommand, { type: NamesOn<'hub'> }>;

/** A command's effect, from the table. */
export function effectOf(command: OperatorCommand): CommandEffect<OperatorCommand> {
  return COMMANDS[command.type].effect;
}

/** The fader key of a continuous command (speed, a parameter…), undefined for buttons and switches. */
export function faderKey(command: OperatorCommand): string | undefined {
  const entry: { fader?(c: OperatorCommand): string } = COMMANDS[command.type];
  return entry.fader?.(command);
}

/**
 * Applies an engine command to the show.
 * @returns the new state (the input is unchanged).
 */
export function applyCommand(state: ShowState, preset: Preset, command: EngineCommand): ShowState {
  const effect = effectOf(command);
  return effect.on === 'show' ? effect.apply(state, preset, command) : state;
}

/** Whether a command is one the hub carries out itself. */
export function isHubCommand(command: OperatorCommand): command is HubCommand {
  return COMMANDS[command.type].effect.on === 'hub';
}
