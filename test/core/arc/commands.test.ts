/**
 * The command table: one entry per command gives the wire schema, the effect and the fader key.
 * (The engine effects' behaviour is told in operatorCommands.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { BLANK_PRESET } from '../../../core/preset.ts';
import { createShow } from '../../../core/arc/engine.ts';
import { COMMANDS, applyCommand, effectOf, faderKey, isHubCommand, operatorCommandSchema, type OperatorCommand, type ShowSwitches } from '../../../core/arc/commands.ts';
import { operatorCommandSchema as wireSchema } from '../../../core/protocol.ts';

const preset = BLANK_PRESET;

/** One valid example of every command: the test fails when a command is added without one. */
const EXAMPLES: { [K in OperatorCommand['type']]: Extract<OperatorCommand, { type: K }> } = {
  goto: { type: 'goto', phase: 'glitch' },
  hold: { type: 'hold', on: true },
  skip: { type: 'skip' },
  speed: { type: 'speed', value: 2 },
  intensity: { type: 'intensity', value: 0.3 },
  volume: { type: 'volume', value: 0.4 },
  mute: { type: 'mute', on: true },
  blackout: { type: 'blackout', on: true },
  panic: { type: 'panic' },
  tempo: { type: 'tempo', bpm: 100 },
  param: { type: 'param', name: 'glitch', value: 0.5 },
  loadPreset: { type: 'loadPreset', name: 'festival', blend: 2 },
  savePreset: { type: 'savePreset', name: 'my-night', title: 'Mine', overwrite: true },
  caption: { type: 'caption', on: true },
  qr: { type: 'qr', mode: 'hidden' },
};
const examples = Object.values(EXAMPLES);

describe('command table', () => {
  it('is the wire schema: every entry, and nothing else, is a command', () => {
    expect(wireSchema).toBe(operatorCommandSchema);
    expect(Object.keys(EXAMPLES).sort()).toEqual(Object.keys(COMMANDS).sort());
    for (const [name, entry] of Object.entries(COMMANDS)) expect(entry.type, name).toBe(name);
    for (const example of examples) expect(operatorCommandSchema.parse(example), example.type).toEqual(example);
  });

  it.each(examples.map((e) => [e.type, e] as const))('refuses %s with an extra key, a wrong type or a missing argument', (_name, example) => {
    expect(operatorCommandSchema.safeParse({ ...example, extra: 1 }).success).toBe(false);
    expect(operatorCommandSchema.safeParse({ ...example, ...JSON.parse('{"__proto__":{"x":1}}') }).success).toBe(false);
    for (const key of Object.keys(example).filter((k) => k !== 'type')) {
      const broken: Record<string, unknown> = { ...example, [key]: { nested: ['bad'] } };
      expect(operatorCommandSchema.safeParse(broken).success, `${example.type}.${key}`).toBe(false);
      const { [key]: _dropped, ...missing } = example as Record<string, unknown>;
      const optional = example.type === 'savePreset' && key !== 'name';
      expect(operatorCommandSchema.safeParse(missing).success, `${example.type} without ${key}`).toBe(optional);
    }
  });

  it.each([
    null,
    undefined,
    42,
    'goto',
    [],
    {},
    { type: 'nope' },
    { type: 'constructor' },
    { type: '__proto__' },
    { type: 'toString' },
    { type: 'goto', phase: 'midnight' },
    { type: 'speed', value: 9 },
    { type: 'speed', value: Number.NaN },
    { type: 'tempo', bpm: 20 },
    { type: 'param', name: 'constructor', value: 1 },
    { type: 'param', name: 'glitch', value: Number.POSITIVE_INFINITY },
    { type: 'loadPreset', name: '../x', blend: 0 },
    { type: 'loadPreset', name: 'prototype', blend: 0 },
    { type: 'loadPreset', name: 'ok', blend: 121 },
    { type: 'savePreset', name: 'ok', title: 'x'.repeat(81) },
    { type: 'qr', mode: 'huge' },
  ])('refuses hostile input %j', (raw) => {
    expect(operatorCommandSchema.safeParse(raw).success).toBe(false);
  });

  it('gives each command one effect: the show, a wall switch, or the hub', () => {
    const switches: ShowSwitches = { caption: false, qr: 'auto', mute: false };
    const state = createShow(preset, 7);
    const frozen = JSON.stringify({ ...state, echoes: [...state.echoes], rng: state.rng });
    for (const example of examples) {
      const effect = effectOf(example);
      expect(isHubCommand(example), example.type).toBe(effect.on === 'hub');
      if (effect.on === 'show') {
        const next = effect.apply(state, preset, example);
        expect(next, example.type).not.toBe(state);
      } else if (effect.on === 'switches') {
        expect(effect.apply(switches, example), example.type).not.toEqual(switches);
      }
    }
    // Effects are pure: the state given is left as it was.
    expect(JSON.stringify({ ...state, echoes: [...state.echoes], rng: state.rng })).toBe(frozen);
    expect(switches).toEqual({ caption: false, qr: 'auto', mute: false });
    expect(examples.filter(isHubCommand).map((c) => c.type).sort()).toEqual(['loadPreset', 'savePreset']);
    expect(examples.filter((c) => effectOf(c).on === 'switches').map((c) => c.type).sort()).toEqual(['caption', 'mute', 'qr']);
  });

  it('applies engine commands through the table (and clamps what the schema would refuse)', () => {
    const s = createShow(preset, 1);
    expect(applyCommand(s, preset, { type: 'speed', value: 50 }).speed).toBe(8);
    expect(applyCommand(s, preset, { type: 'hold', on: true }).hold).toBe(true);
    expect(applyCommand(s, preset, { type: 'param', name: 'glitch', value: 0.5 }).overrides).toEqual({ glitch: 0.5 });
  });

  it('keys faders by their control, and only faders', () => {
    expect(faderKey({ type: 'param', name: 'glitch', value: 0.1 })).toBe('param:glitch');
    expect(faderKey({ type: 'param', name: 'warmth', value: null })).toBe('param:warmth');
    for (const example of examples) {
      const continuous = ['speed', 'intensity', 'volume', 'tempo', 'param'].includes(example.type);
      expect(faderKey(example) !== undefined, example.type).toBe(continuous);
    }
  });
});
