/**
 * The OSC bridge: VJ gear (TouchOSC, Resolume, Max, a lighting desk) drives the show over UDP.
 * Each OSC message becomes one {@link OperatorCommand}, validated by the same schema as the
 * console's, and goes through the hub's `onCommand` like a console command would.
 *
 * Address space (all under `/dreamscape`):
 * - `/phase <name>` (alias `/goto`): jump to a phase.
 * - `/param/<name> <0..1>`: set a parameter, mapped onto its range; no argument releases it.
 * - `/preset <name> [blend seconds]`: load a preset, crossfading its look.
 * - `/blackout <0|1>`, `/hold <0|1>`, `/mute <0|1>`, `/caption <0|1>`: switches.
 * - `/panic`, `/skip`: triggers; an argument of 0 (a button's release) is ignored.
 * - `/speed <0.1..8>`, `/intensity <0..1>`, `/volume <0..1>`: masters.
 * - `/tempo <40..180 BPM>`: set the score's tempo; no argument releases it.
 * - `/qr <auto|large|small|hidden>`: how the join code shows.
 *
 * Malformed input (unknown address, wrong argument types, undecodable packets) is logged (at most
 * 20 lines a second) and ignored; nothing an OSC sender does can throw out of this module. Fader
 * sweeps are coalesced to one command per fader per 33 ms, and more than 200 commands a second are
 * dropped, so a runaway controller cannot swamp the show clock.
 */
import { isUnsafeKey } from '../core/safeKeys.ts';
import { Server as OscServer } from 'node-osc';
import type { Logger } from 'pino';
import { fromUnit, isParamName } from '../core/params.ts';
import { operatorCommandSchema, type CommandResult, type OperatorCommand } from '../core/protocol.ts';

/** Prefix of every address the bridge answers. */
export const OSC_PREFIX = '/dreamscape';

/** Options of {@link startOscBridge}. */
export interface OscBridgeOptions {
  /** UDP port; 0 picks a free one. */
  port: number;
  /** Interface to bind; defaults to 127.0.0.1 (pass 0.0.0.0 to accept gear on the network). */
  host?: string;
  log: Logger;
  /** Applies a validated command to the show (the hub's operator path). */
  onCommand(command: OperatorCommand): CommandResult | Promise<CommandResult>;
}

/** A running bridge. */
export interface OscBridge {
  /** The bound UDP port. */
  port: number;
  close(): Promise<void>;
}

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
  const switchCommand = (type: 'blackout' | 'hold' | 'mute' | 'caption'): OscTranslation => {
    const on = flag(first);
    return on === undefined ? { kind: 'error', reason: `${head} expects 0 or 1` } : { kind: 'command', command: { type, on } };
  };
  const masterCommand = (type: 'speed' | 'intensity' | 'volume'): OscTranslation => {
    const value = num(first);
    return value === undefined ? { kind: 'error', reason: `${head} expects a number` } : { kind: 'command', command: { type, value } };
  };
  if (parts.length > 1 && head !== 'param') return { kind: 'error', reason: 'unknown address' };
  switch (head) {
    case 'phase':
    case 'goto':
      return typeof first === 'string' ? { kind: 'command', command: { type: 'goto', phase: first } } : { kind: 'error', reason: 'phase expects a phase name' };
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
    case 'blackout':
    case 'hold':
    case 'mute':
    case 'caption':
      return switchCommand(head);
    case 'panic':
    case 'skip': {
      // Buttons send 1 on press and 0 on release: only the press acts.
      if (args.length > 0 && flag(first) === false) return { kind: 'ignore' };
      return { kind: 'command', command: { type: head } };
    }
    case 'speed':
    case 'intensity':
    case 'volume':
      return masterCommand(head);
    case 'tempo': {
      if (args.length === 0) return { kind: 'command', command: { type: 'tempo', bpm: null } };
      const bpm = num(first);
      return bpm === undefined ? { kind: 'error', reason: 'tempo expects BPM' } : { kind: 'command', command: { type: 'tempo', bpm } };
    }
    case 'qr':
      return typeof first === 'string' ? { kind: 'command', command: { type: 'qr', mode: first } } : { kind: 'error', reason: 'qr expects a mode' };
    default:
      return { kind: 'error', reason: 'unknown address' };
  }
}

/** Longest list of elements a bundle may carry before the rest are dropped. */
const MAX_BUNDLE_ELEMENTS = 64;
/**
 * Faders send a value per pixel of travel (TouchOSC: up to ~100 messages/s per fader). Values of
 * one fader are coalesced: at most one command per this many ms, the latest value wins.
 */
export const OSC_FADER_MS = 33;
/** Most commands per second the bridge passes on; a flood beyond it is dropped (and counted). */
export const OSC_MAX_COMMANDS_PER_SECOND = 200;
/** Most warnings per second written to the log; the rest are counted in one summary line. */
const MAX_WARNINGS_PER_SECOND = 20;

/** Commands from continuous controls, keyed so later values replace earlier ones. */
function faderKey(command: OperatorCommand): string | undefined {
  switch (command.type) {
    case 'param':
      return `param:${command.name}`;
    case 'intensity':
    case 'volume':
    case 'speed':
    case 'tempo':
      return command.type;
    default:
      return undefined;
  }
}

/**
 * Starts listening for OSC on UDP.
 * @returns the bound port and a `close()`; rejects when the port cannot be bound.
 */
export async function startOscBridge(options: OscBridgeOptions): Promise<OscBridge> {
  const { log, onCommand } = options;
  const host = options.host ?? '127.0.0.1';
  const server = new OscServer(options.port, host);

  // Warnings are rate-limited: junk from a misconfigured device must not flood the log.
  let warnWindow = 0;
  let warnings = 0;
  let suppressed = 0;
  const complain = (fields: Record<string, unknown>, message: string): void => {
    const now = Date.now();
    if (now - warnWindow >= 1000) {
      if (suppressed > 0) log.warn({ suppressed }, `${suppressed} more OSC problems were not logged`);
      warnWindow = now;
      warnings = 0;
      suppressed = 0;
    }
    if (warnings++ < MAX_WARNINGS_PER_SECOND) log.warn(fields, message);
    else suppressed++;
  };

  let commandWindow = 0;
  let commandsInWindow = 0;
  const deliver = (command: OperatorCommand, from: string): void => {
    const now = Date.now();
    if (now - commandWindow >= 1000) {
      commandWindow = now;
      commandsInWindow = 0;
    }
    if (++commandsInWindow > OSC_MAX_COMMANDS_PER_SECOND) {
      complain({ from, command: command.type }, 'OSC flood: command dropped');
      return;
    }
    Promise.resolve()
      .then(() => onCommand(command))
      .then((result) => {
        if (!result.ok) log.info({ from, command: command.type, error: result.error }, 'OSC command refused');
      })
      .catch((err: unknown) => log.error({ err, command: command.type }, 'OSC command failed'));
  };

  const pending = new Map<string, { command: OperatorCommand; from: string }>();
  let faderTimer: NodeJS.Timeout | undefined;
  const flushFaders = (): void => {
    if (faderTimer) clearTimeout(faderTimer);
    faderTimer = undefined;
    const due = [...pending.values()];
    pending.clear();
    for (const { command, from } of due) deliver(command, from);
  };
  const dispatch = (command: OperatorCommand, from: string): void => {
    const key = faderKey(command);
    if (key === undefined) {
      // Keep order: a fader move sent before a panic lands before it, not after.
      flushFaders();
      deliver(command, from);
      return;
    }
    pending.set(key, { command, from });
    faderTimer ??= setTimeout(flushFaders, OSC_FADER_MS);
  };

  const handleMessage = (message: unknown, from: string): void => {
    if (!Array.isArray(message) || typeof message[0] !== 'string') {
      complain({ from }, 'OSC message without an address ignored');
      return;
    }
    const [address, ...args] = message as [string, ...unknown[]];
    const translated = translateOsc(address, args);
    if (translated.kind === 'ignore') return;
    if (translated.kind === 'error') {
      complain({ from, address: address.slice(0, 120), reason: translated.reason }, 'OSC message ignored');
      return;
    }
    const parsed = operatorCommandSchema.safeParse(translated.command);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      complain({ from, address: address.slice(0, 120), reason }, 'OSC message ignored');
      return;
    }
    dispatch(parsed.data, from);
  };

  const handlePacket = (packet: unknown, from: string, depth: number): void => {
    if (depth > 4) return;
    if (packet && typeof packet === 'object' && 'elements' in packet && Array.isArray(packet.elements)) {
      for (const element of packet.elements.slice(0, MAX_BUNDLE_ELEMENTS)) handlePacket(element, from, depth + 1);
      return;
    }
    handleMessage(packet, from);
  };

  server.on('message', (message: unknown, rinfo: { address?: string; port?: number }) => {
    try {
      handleMessage(message, `${rinfo?.address}:${rinfo?.port}`);
    } catch (err) {
      complain({ reason: String(err) }, 'OSC message ignored');
    }
  });
  server.on('bundle', (bundle: unknown, rinfo: { address?: string; port?: number }) => {
    try {
      handlePacket(bundle, `${rinfo?.address}:${rinfo?.port}`, 0);
    } catch (err) {
      complain({ reason: String(err) }, 'OSC bundle ignored');
    }
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      server.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
  }).catch(async (err: unknown) => {
    await closeQuietly(server);
    throw err;
  });

  // Installed after listening so decode errors from junk packets are logged, never thrown.
  server.on('error', (err: Error, rinfo?: { address?: string; port?: number }) => {
    complain({ from: rinfo ? `${rinfo.address}:${rinfo.port}` : undefined, reason: err.message }, 'undecodable OSC packet ignored');
  });

  log.info({ port: server.port, host }, 'OSC bridge listening');
  let closed = false;
  return {
    port: server.port,
    async close() {
      if (closed) return;
      closed = true;
      if (faderTimer) clearTimeout(faderTimer);
      pending.clear();
      await closeQuietly(server);
    },
  };
}

async function closeQuietly(server: OscServer): Promise<void> {
  try {
    await server.close();
  } catch {
    // Already closed or never bound: nothing left to free.
  }
}
