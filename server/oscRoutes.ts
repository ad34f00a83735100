/**
 * What an OSC address means: one decoded message (address and values) becomes one operator command,
 * not yet validated (the bridge checks it with the console's schema). Pure.
 *
 * Address space (all under `/dreamscape`); every command of the table (core/arc/commands.ts) with
 * at most one plain value answers at its own name, read from its schema:
 * - `/phase <name>` (alias `/goto`): jump to a phase.
 * - `/param/<name> <0..1>`: set a parameter, mapped onto its range; no argument releases it.
 * - `/preset <name> [blend seconds]`: load a preset, crossfading its look.
 * - `/blackout <0|1>`, `/hold <0|1>`, `/mute <0|1>`, `/caption <0|1>`: switches.
 * - `/panic`, `/skip`: triggers; an argument of 0 (a button's release) is ignored.
 * - `/speed <0.1..8>`, `/intensity <0..1>`, `/volume <0..1>`: masters.
 * - `/tempo <40..180 BPM>`: set the score's tempo; no argument releases it.
 * - `/qr <auto|large|small|hidden>`: how the join code shows.
 * - `/cue/arm`, `/cue/go`, `/playlist`, `/playlist/skip|lock|shuffle`: the show's running order.
 */
import { z } from 'zod';
import { isUnsafeKey } from '../core/safeKeys.ts';
import { fromUnit, isParamName } from '../core/params.ts';
import { COMMANDS } from '../core/arc/commands.ts';

/** Prefix of every address the bridge answers. */
export const OSC_PREFIX = '/dreamscape';

/** One OSC argument as node-osc decodes it. */
type OscArg = unknown;

/** What an OSC message turned into: a command to validate, nothing (ignored on purpose), or an error. */
export type OscTranslation = { kind: 'command'; command: unknown } | { kind: 'ignore' } | { kind: 'error'; reason: string };

function num(arg: OscArg): number | undefined {
  if (typeof arg === 'number' && Number.isFinite(arg)) return arg;
  if (typeof arg === 'boolean') return arg ? 1 : 0;
  return undefined;
}

function flag(arg: OscArg): boolean | undefined {
  const n = num(arg);
  return n === undefined ? undefined : n >= 0.5;
}

/**
 * Turns one decoded OSC message into an operator command (not yet validated). Pure.
 * @param address the OSC address, e.g. `/dreamscape/param/glitch`.
 * @param args the decoded arguments.
 */
export function translateOsc(address: string, args: readonly OscArg[]): OscTranslation {
  if (typeof address !== 'string' || !address.startsWith(OSC_PREFIX + '/')) {
    return { kind: 'error', reason: `address outside ${OSC_PREFIX}/` };
  }
  const parts = address.slice(OSC_PREFIX.length + 1).split('/');
  // No part of an address ever becomes a property name: "__proto__" and its kin are refused outright.
  if (parts.some(isUnsafeKey) || args.some((a) => typeof a === 'string' && isUnsafeKey(a))) return { kind: 'error', reason: 'key not allowed' };
  const head = parts[0];
  const first = args[0];
  if (head === 'cue' || head === 'playlist') return translateShowOrder(parts, args);
  if (parts.length > 1 && head !== 'param') return { kind: 'error', reason: 'unknown address' };
  switch (head) {
    case 'phase':
      return simpleCommand('goto', head, args);
    case 'param': {
      const name = parts[1];
      if (parts.length !== 2 || !isParamName(name)) return { kind: 'error', reason: `unknown parameter "${parts.slice(1).join('/')}"` };
      if (args.length === 0) return { kind: 'command', command: { type: 'param', name, value: null } };
      const unit = num(first);
      if (unit === undefined || unit < 0 || unit > 1) return { kind: 'error', reason: 'param expects a float 0..1' };
      return { kind: 'command', command: { type: 'param', name, value: fromUnit(name, unit) } };
    }
    case 'preset': {
      if (typeof first !== 'string') return { kind: 'error', reason: 'preset expects a name' };
      const blend = args.length > 1 ? num(args[1]) : 0;
      if (blend === undefined) return { kind: 'error', reason: 'preset blend must be seconds' };
      return { kind: 'command', command: { type: 'loadPreset', name: first, blend } };
    }
    default:
      return head !== undefined && Object.hasOwn(COMMANDS, head) ? simpleCommand(head, head, args) : { kind: 'error', reason: 'unknown address' };
  }
}

/** How a command of the table is played from OSC, read from its schema; undefined when it takes more than one value. */
type OscForm = { form: 'button' } | { form: 'switch' | 'number' | 'word'; key: string; releasable: boolean };

function oscFormOf(entry: (typeof COMMANDS)[keyof typeof COMMANDS]): OscForm | undefined {
  const args = Object.entries(entry.schema.shape).filter(([key]) => key !== 'type');
  if (args.length === 0) return { form: 'button' };
  const [only] = args;
  if (args.length !== 1 || !only) return undefined;
  const [key, schema] = only;
  const releasable = schema instanceof z.ZodNullable;
  const inner = schema instanceof z.ZodNullable ? schema.unwrap() : schema;
  if (inner instanceof z.ZodBoolean) return { form: 'switch', key, releasable };
  if (inner instanceof z.ZodNumber) return { form: 'number', key, releasable };
  if (inner instanceof z.ZodEnum) return { form: 'word', key, releasable };
  return undefined;
}

/** Each command's OSC form, read once from the table. */
const OSC_FORMS: ReadonlyMap<string, OscForm | undefined> = new Map(Object.values(COMMANDS).map((entry) => [entry.type, oscFormOf(entry)]));

/**
 * A command of one plain value (or none), by its schema in the command table: buttons act on the
 * press (an argument of 0 is a release, ignored); switches take 0 or 1; numbers take their value
 * (none releases a nullable one); words take a string.
 */
function simpleCommand(type: string, head: string, args: readonly OscArg[]): OscTranslation {
  const form = OSC_FORMS.get(type);
  const first = args[0];
  if (!form) return { kind: 'error', reason: 'unknown address' };
  if (form.form === 'button') return args.length > 0 && flag(first) === false ? { kind: 'ignore' } : { kind: 'command', command: { type } };
  if (args.length === 0 && form.releasable) return { kind: 'command', command: { type, [form.key]: null } };
  let value: string | number | boolean | undefined;
  if (form.form === 'switch') value = flag(first);
  else if (form.form === 'number') value = num(first);
  else value = typeof first === 'string' ? first : undefined;
  if (value === undefined) return { kind: 'error', reason: `${head} expects ${form.form === 'switch' ? '0 or 1' : form.form === 'number' ? 'a number' : `a ${form.key}`}` };
  return { kind: 'command', command: { type, [form.key]: value } };
}

/**
 * The playlist and cue addresses: `/cue/arm s [blend]`, `/cue/go`, `/playlist s` (empty: stop),
 * `/playlist/skip`, `/playlist/lock i`, `/playlist/shuffle i`. Buttons act on press only.
 */
function translateShowOrder(parts: readonly string[], args: readonly OscArg[]): OscTranslation {
  const [head, action] = parts;
  const first = args[0];
  const pressed = args.length === 0 || flag(first) !== false;
  if (parts.length > 2) return { kind: 'error', reason: 'unknown address' };
  if (head === 'cue') {
    if (action === 'go') return pressed ? { kind: 'command', command: { type: 'cueGo' } } : { kind: 'ignore' };
    if (action === 'arm') {
      if (args.length === 0) return { kind: 'command', command: { type: 'cueArm', name: null, blend: 0 } };
      if (typeof first !== 'string') return { kind: 'error', reason: 'cue/arm expects a preset name' };
      const blend = args.length > 1 ? num(args[1]) : 0;
      if (blend === undefined) return { kind: 'error', reason: 'cue/arm blend must be seconds' };
      return { kind: 'command', command: { type: 'cueArm', name: first, blend } };
    }
    return { kind: 'error', reason: 'unknown address' };
  }
  switch (action) {
    case undefined:
      if (args.length === 0 || first === '') return { kind: 'command', command: { type: 'playlist', name: null } };
      return typeof first === 'string' ? { kind: 'command', command: { type: 'playlist', name: first } } : { kind: 'error', reason: 'playlist expects a name' };
    case 'skip':
      return pressed ? { kind: 'command', command: { type: 'playlistSkip' } } : { kind: 'ignore' };
    case 'lock':
    case 'shuffle': {
      const on = flag(first);
      if (on === undefined) return { kind: 'error', reason: `playlist/${action} expects 0 or 1` };
      return { kind: 'command', command: { type: action === 'lock' ? 'playlistLock' : 'playlistShuffle', on } };
    }
    default:
      return { kind: 'error', reason: 'unknown address' };
  }
}
