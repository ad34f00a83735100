/**
 * The OSC bridge: VJ gear (TouchOSC, Resolume, Max, a lighting desk) drives the show over UDP.
 * Each OSC message becomes one {@link OperatorCommand}, validated by the same schema as the
 * console's, and goes through the hub's `onCommand` like a console command would.
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
 *
 * Who may speak: the bridge listens on 127.0.0.1 unless told otherwise (`--osc-host`), and with an
 * allow-list (`--osc-allow`) packets from any other address are refused before they are decoded,
 * and counted. Each sender has its own budget (packets and commands a second), so one flooding
 * sender cannot starve the VJ's own gear.
 *
 * Malformed input (unknown address, wrong argument types, undecodable packets) is logged (at most
 * 20 lines a second) and ignored; nothing an OSC sender does can throw out of this module. Fader
 * sweeps are coalesced to one command per fader per 33 ms.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { decode } from 'node-osc';
import { isUnsafeKey } from '../core/safeKeys.ts';
import type { Logger } from 'pino';
import { TokenBucket } from './TokenBucket.ts';
import { addressAllowList, normalizeAddress } from './addressRange.ts';
import { fromUnit, isParamName } from '../core/params.ts';
import { operatorCommandSchema, type CommandResult, type OperatorCommand } from '../core/protocol.ts';
import { z } from 'zod';
import { COMMANDS, faderKey } from '../core/arc/commands.ts';

/** Prefix of every address the bridge answers. */
export const OSC_PREFIX = '/dreamscape';

/** Options of {@link startOscBridge}. */
export interface OscBridgeOptions {
  /** UDP port; 0 picks a free one. */
  port: number;
  /**
   * Interface to bind; defaults to 127.0.0.1 (pass 0.0.0.0 or :: to accept gear on the network).
   * An IPv6 address (`::`) opens an IPv6 socket, which also takes IPv4 senders.
   */
  host?: string;
  /** Addresses and CIDR ranges packets are taken from; empty or absent: every sender. */
  allow?: readonly string[];
  log: Logger;
  /**
   * Applies a validated command to the show (the hub's operator path).
   * @param from the sender's address (IPv4 senders written as IPv4 even on an IPv6 socket).
   */
  onCommand(command: OperatorCommand, from: string): CommandResult | Promise<CommandResult>;
  /** Told of every command's outcome and every refusal (the hub shows them in the console's log). */
  onReport?(report: OscReport): void;
}

/** Why a packet or message was not obeyed. */
export type OscRefusal = 'not-allowed' | 'flood' | 'malformed';

/** What the bridge did with something a sender sent. */
export type OscReport =
  | { kind: 'command'; from: string; command: OperatorCommand; result: CommandResult }
  | { kind: 'refused'; from: string; reason: OscRefusal; detail: string };

/** Counts since the bridge started. */
export interface OscStats {
  /** Packets refused because their sender is not on the allow-list. */
  notAllowed: number;
  /** Packets and commands dropped over a sender's budget. */
  flooded: number;
  /** Packets and messages that did not decode or translate. */
  malformed: number;
  /** Commands passed to the show. */
  commands: number;
}

/** A running bridge. */
export interface OscBridge {
  /** The bound UDP port. */
  port: number;
  /** The bound address. */
  host: string;
  stats(): OscStats;
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

/** Longest list of elements a bundle may carry before the rest are dropped. */
const MAX_BUNDLE_ELEMENTS = 64;
/**
 * Faders send a value per pixel of travel (TouchOSC: up to ~100 messages/s per fader). Values of
 * one fader are coalesced: at most one command per this many ms, the latest value wins.
 */
export const OSC_FADER_MS = 33;
/**
 * Most commands a second one sender passes on (after fader coalescing); a flood beyond it is
 * dropped (and counted). Each sender has its own budget: a flood from one does not touch another's.
 */
export const OSC_MAX_COMMANDS_PER_SECOND = 200;
/**
 * Most packets a second one sender may have decoded: room for several faders moving at once
 * (~100 messages/s each); beyond it packets are dropped before decoding, so a flood costs little.
 */
export const OSC_MAX_PACKETS_PER_SECOND = 1000;
/** Senders whose budgets are kept; past it the one heard from least recently is forgotten. */
export const OSC_MAX_SENDERS = 256;
const PACKET_FLOOD = `more than ${OSC_MAX_PACKETS_PER_SECOND} packets a second`;
const COMMAND_FLOOD = `more than ${OSC_MAX_COMMANDS_PER_SECOND} commands a second`;
/** Most warnings per second written to the log; the rest are counted in one summary line. */
const MAX_WARNINGS_PER_SECOND = 20;

/** One sender's budgets. */
interface Sender {
  packets: TokenBucket;
  commands: TokenBucket;
  /** When it was last heard from, ms. */
  lastAt: number;
}

/**
 * node-osc's decoded packet as plain data: a message is `[address, ...values]`, a bundle
 * `{ elements }`. @throws on a shape that is neither (caught by the caller).
 */
function plain(decoded: unknown, depth: number): unknown {
  if (depth > 4 || typeof decoded !== 'object' || decoded === null) throw new Error('malformed packet');
  if (Reflect.get(decoded, 'oscType') === 'bundle') {
    const elements: unknown = Reflect.get(decoded, 'elements');
    if (!Array.isArray(elements)) throw new Error('malformed bundle');
    return { elements: elements.slice(0, MAX_BUNDLE_ELEMENTS).map((e: unknown) => plain(e, depth + 1)) };
  }
  const address: unknown = Reflect.get(decoded, 'address');
  const args: unknown = Reflect.get(decoded, 'args');
  if (typeof address !== 'string' || !Array.isArray(args)) throw new Error('malformed message');
  return [address, ...args.map((a: unknown) => (typeof a === 'object' && a !== null ? Reflect.get(a, 'value') : undefined))];
}

/**
 * Starts listening for OSC on UDP.
 * @returns the bound port and a `close()`; rejects when the port cannot be bound.
 */
export async function startOscBridge(options: OscBridgeOptions): Promise<OscBridge> {
  const { log, onCommand } = options;
  const host = options.host ?? '127.0.0.1';
  const allowed = addressAllowList(options.allow ?? []);
  const stats: OscStats = { notAllowed: 0, flooded: 0, malformed: 0, commands: 0 };
  const report = (r: OscReport): void => {
    try {
      options.onReport?.(r);
    } catch (err) {
      log.error({ err }, 'OSC report failed');
    }
  };
  // The socket's family follows its own address: `::` needs an IPv6 socket whatever the HTTP host is.
  const udp6 = isIPv6(host);
  const socket: UdpSocket = createSocket({ type: udp6 ? 'udp6' : 'udp4' });

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
  // A flood is refused by the thousand: each sender's refusals are logged and reported at most once
  // a second per reason (with how many were held back), so refusing stays cheaper than obeying and
  // allocates nothing per packet.
  const lastRefusal = new Map<string, Record<OscRefusal, { at: number; held: number }>>();
  const refuse = (from: string, reason: OscRefusal, detail: string, now: number, fields?: Record<string, unknown>): void => {
    if (reason === 'malformed') stats.malformed++;
    else if (reason === 'flood') stats.flooded++;
    else stats.notAllowed++;
    let seen = lastRefusal.get(from);
    if (!seen) {
      if (lastRefusal.size >= OSC_MAX_SENDERS) {
        const oldest = lastRefusal.keys().next().value;
        if (oldest !== undefined) lastRefusal.delete(oldest);
      }
      const never = { at: -Infinity, held: 0 };
      seen = { 'not-allowed': { ...never }, flood: { ...never }, malformed: { ...never } };
      lastRefusal.set(from, seen);
    }
    const last = seen[reason];
    if (now - last.at < 1000) {
      last.held++;
      return;
    }
    const held = last.held;
    last.at = now;
    last.held = 0;
    const text = held > 0 ? `${detail} (and ${held} more)` : detail;
    complain({ from, reason: text, ...fields }, reason === 'not-allowed' ? 'OSC refused: sender not on --osc-allow' : reason === 'flood' ? 'OSC flood: dropped' : 'OSC message ignored');
    report({ kind: 'refused', from, reason, detail: text });
  };

  const senders = new Map<string, Sender>();
  const senderOf = (from: string, now: number): Sender => {
    let sender = senders.get(from);
    if (sender) {
      sender.lastAt = now;
      return sender;
    }
    if (senders.size >= OSC_MAX_SENDERS) {
      // Forget the one heard from least recently (a rare walk: only when a new sender arrives at the limit).
      let quietest: string | undefined;
      let quietestAt = Infinity;
      for (const [address, s] of senders) {
        if (s.lastAt < quietestAt) {
          quietestAt = s.lastAt;
          quietest = address;
        }
      }
      if (quietest !== undefined) senders.delete(quietest);
    }
    sender = {
      packets: new TokenBucket(OSC_MAX_PACKETS_PER_SECOND, OSC_MAX_PACKETS_PER_SECOND, now),
      commands: new TokenBucket(OSC_MAX_COMMANDS_PER_SECOND, OSC_MAX_COMMANDS_PER_SECOND, now),
      lastAt: now,
    };
    senders.set(from, sender);
    return sender;
  };

  const deliver = (command: OperatorCommand, from: string): void => {
    const now = Date.now();
    const sender = senders.get(from);
    if (sender && !sender.commands.take(now)) {
      refuse(from, 'flood', COMMAND_FLOOD, now);
      return;
    }
    stats.commands++;
    Promise.resolve()
      .then(() => onCommand(command, from))
      .then((result) => {
        if (!result.ok) log.info({ from, command: command.type, error: result.error }, 'OSC command refused');
        report({ kind: 'command', from, command, result });
      })
      .catch((err: unknown) => {
        log.error({ err, command: command.type }, 'OSC command failed');
        report({ kind: 'command', from, command, result: { ok: false, error: 'the command failed' } });
      });
  };

  const pending = new Map<string, { command: OperatorCommand; from: string }>();
  let faderTimer: NodeJS.Timeout | undefined;
  const flushFaders = (): void => {
    if (faderTimer) clearTimeout(faderTimer);
    faderTimer = undefined;
    if (pending.size === 0) return;
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
      refuse(from, 'malformed', 'message without an address', Date.now());
      return;
    }
    const [address, ...args] = message as [string, ...unknown[]];
    const translated = translateOsc(address, args);
    if (translated.kind === 'ignore') return;
    if (translated.kind === 'error') {
      refuse(from, 'malformed', `${address.slice(0, 80)}: ${translated.reason}`, Date.now());
      return;
    }
    const parsed = operatorCommandSchema.safeParse(translated.command);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      refuse(from, 'malformed', `${address.slice(0, 80)}: ${reason}`.slice(0, 200), Date.now());
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

  socket.on('message', (data: Buffer, rinfo: { address: string; port: number }) => {
    const from = udp6 ? normalizeAddress(rinfo.address) : rinfo.address;
    const now = Date.now();
    try {
      // Refused before decoding: a stranger's packets cost a lookup, never a parse.
      if (!allowed(from)) return refuse(from, 'not-allowed', 'not on --osc-allow', now);
      if (!senderOf(from, now).packets.take(now)) {
        return refuse(from, 'flood', PACKET_FLOOD, now);
      }
      let decoded: unknown;
      try {
        decoded = plain(decode(data), 0);
      } catch (err) {
        return refuse(from, 'malformed', `undecodable packet: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200), now);
      }
      handlePacket(decoded, from, 0);
    } catch (err) {
      complain({ from, reason: String(err) }, 'OSC packet ignored');
    }
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => {
      socket.off('listening', onListening);
      reject(err);
    };
    const onListening = () => {
      socket.off('error', onError);
      resolve();
    };
    socket.once('error', onError);
    socket.once('listening', onListening);
    socket.bind(options.port, host);
  }).catch((err: unknown) => {
    closeQuietly(socket);
    throw err;
  });
  // Room for a burst while the hub is busy: packets beyond the kernel's buffer are lost unseen.
  try {
    socket.setRecvBufferSize(4 << 20);
  } catch {
    // The system's ceiling is lower: its default serves.
  }
  // After listening, an error (an ICMP report, a closed socket) is logged, never thrown.
  socket.on('error', (err: Error) => complain({ reason: err.message }, 'OSC socket error'));

  const { port, address: boundHost } = socket.address();
  log.info({ port, host, allow: options.allow?.length ? options.allow : 'anyone who can reach the port' }, 'OSC bridge listening');
  if (!options.allow?.length && !/^(127\.|::1$|localhost$)/.test(host)) {
    log.warn({ host }, 'OSC takes commands from every device that can reach this port: name your gear with --osc-allow');
  }
  let closed = false;
  return {
    port,
    host: boundHost,
    stats: () => ({ ...stats }),
    async close() {
      if (closed) return;
      closed = true;
      if (faderTimer) clearTimeout(faderTimer);
      pending.clear();
      senders.clear();
      lastRefusal.clear();
      await new Promise<void>((done) => {
        try {
          socket.close(() => done());
        } catch {
          done();
        }
      });
    },
  };
}

function closeQuietly(socket: UdpSocket): void {
  try {
    socket.close();
  } catch {
    // Never bound: nothing left to free.
  }
}
