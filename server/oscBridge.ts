/**
 * The OSC bridge: VJ gear (TouchOSC, Resolume, Max, a lighting desk) drives the show over UDP.
 * Each OSC message becomes one {@link OperatorCommand} (`oscRoutes.ts`: what an address means),
 * validated by the same schema as the console's, and goes through the hub's `onCommand` like a
 * console command would.
 *
 * Who may speak: the bridge listens on 127.0.0.1 unless told otherwise (`--osc-host`), and with an
 * allow-list (`--osc-allow`) packets from any other address are refused before they are decoded,
 * and counted. Each sender has its own budget (packets and commands a second: `OscBudgets.ts`), so
 * one flooding sender cannot starve the VJ's own gear; fader sweeps are coalesced to one command
 * per fader per 33 ms.
 *
 * Malformed input (unknown address, wrong argument types, undecodable packets) is logged (at most
 * 20 lines a second) and reported (`OscReporter.ts`), and ignored; nothing an OSC sender does can
 * throw out of this module.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { decode } from 'node-osc';
import type { Logger } from 'pino';
import { operatorCommandSchema, type CommandResult, type OperatorCommand } from '../core/protocol.ts';
import { addressAllowList, normalizeAddress } from './addressRange.ts';
import { translateOsc } from './oscRoutes.ts';
import { FaderCoalescer, OSC_MAX_COMMANDS_PER_SECOND, OSC_MAX_PACKETS_PER_SECOND, OscBudgets } from './OscBudgets.ts';
import { OscReporter, type OscReport, type OscStats } from './OscReporter.ts';

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

/** A running bridge. */
export interface OscBridge {
  /** The bound UDP port. */
  port: number;
  /** The bound address. */
  host: string;
  stats(): OscStats;
  close(): Promise<void>;
}

/** Longest list of elements a bundle may carry before the rest are dropped. */
const MAX_BUNDLE_ELEMENTS = 64;
const PACKET_FLOOD = `more than ${OSC_MAX_PACKETS_PER_SECOND} packets a second`;
const COMMAND_FLOOD = `more than ${OSC_MAX_COMMANDS_PER_SECOND} commands a second`;

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
  const reporter = new OscReporter(log, options.onReport);
  const budgets = new OscBudgets();
  // The socket's family follows its own address: `::` needs an IPv6 socket whatever the HTTP host is.
  const udp6 = isIPv6(host);
  const socket: UdpSocket = createSocket({ type: udp6 ? 'udp6' : 'udp4' });

  const deliver = (command: OperatorCommand, from: string): void => {
    const now = Date.now();
    if (!budgets.command(from, now)) return reporter.refuse(from, 'flood', COMMAND_FLOOD, now);
    reporter.passed();
    Promise.resolve()
      .then(() => onCommand(command, from))
      .then((result) => reporter.done(from, command, result))
      .catch((err: unknown) => reporter.failed(from, command, err));
  };
  const faders = new FaderCoalescer(deliver);

  const handleMessage = (message: unknown, from: string): void => {
    if (!Array.isArray(message) || typeof message[0] !== 'string') {
      reporter.refuse(from, 'malformed', 'message without an address', Date.now());
      return;
    }
    const [address, ...args] = message as [string, ...unknown[]];
    const translated = translateOsc(address, args);
    if (translated.kind === 'ignore') return;
    if (translated.kind === 'error') {
      reporter.refuse(from, 'malformed', `${address.slice(0, 80)}: ${translated.reason}`, Date.now());
      return;
    }
    const parsed = operatorCommandSchema.safeParse(translated.command);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      reporter.refuse(from, 'malformed', `${address.slice(0, 80)}: ${reason}`.slice(0, 200), Date.now());
      return;
    }
    faders.take(parsed.data, from);
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
      if (!allowed(from)) return reporter.refuse(from, 'not-allowed', 'not on --osc-allow', now);
      if (!budgets.packet(from, now)) return reporter.refuse(from, 'flood', PACKET_FLOOD, now);
      let decoded: unknown;
      try {
        decoded = plain(decode(data), 0);
      } catch (err) {
        return reporter.refuse(from, 'malformed', `undecodable packet: ${err instanceof Error ? err.message : String(err)}`.slice(0, 200), now);
      }
      handlePacket(decoded, from, 0);
    } catch (err) {
      reporter.complain({ from, reason: String(err) }, 'OSC packet ignored');
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
  socket.on('error', (err: Error) => reporter.complain({ reason: err.message }, 'OSC socket error'));

  const { port, address: boundHost } = socket.address();
  log.info({ port, host, allow: options.allow?.length ? options.allow : 'anyone who can reach the port' }, 'OSC bridge listening');
  if (!options.allow?.length && !/^(127\.|::1$|localhost$)/.test(host)) {
    log.warn({ host }, 'OSC takes commands from every device that can reach this port: name your gear with --osc-allow');
  }
  let closed = false;
  return {
    port,
    host: boundHost,
    stats: () => reporter.snapshot(),
    async close() {
      if (closed) return;
      closed = true;
      faders.clear();
      budgets.clear();
      reporter.clear();
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
