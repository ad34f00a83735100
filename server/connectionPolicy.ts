/**
 * Who may open a socket: the hub's connection cap, the per-address share and the origin policy,
 * as socket.io's `allowRequest`, plus the count of sockets per address it keeps; and the hub's
 * socket.io server that applies them.
 */
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { REFUSALS } from '../core/protocol.ts';
import { AddressCounts } from './AddressCounts.ts';
import type { Logger } from './log.ts';

/** What the policy needs to know. */
export interface ConnectionPolicyOptions {
  /** Sockets allowed at once (all kinds), `--max-connections`. */
  maxConnections: number;
  /** Sockets one network address may hold (0: no limit), `--max-per-address`. */
  maxPerAddress: number;
  /** Whether a browser page from this origin may join (see `originCheck.ts`). */
  originAllowed(origin: string): boolean;
  /** Sockets open now (socket.io's engine count). */
  sockets(): number;
  log: Logger;
}

/** socket.io's `allowRequest` callback. */
export type AllowRequest = (req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) => void;

/**
 * The hub's `allowRequest`: refuses, with a refusal code and a sentence, a socket over the hub's
 * cap, over its address's share, or from a foreign page. Requests without an Origin (gear, tests,
 * the load generator) pass the origin check.
 */
export function connectionPolicy(options: ConnectionPolicyOptions): { allowRequest: AllowRequest; socketsByAddress: AddressCounts } {
  const { maxConnections, maxPerAddress, originAllowed, sockets, log } = options;
  // Sockets per address: one device (or one script) cannot take every connection slot.
  const socketsByAddress = new AddressCounts(maxPerAddress);
  const allowRequest: AllowRequest = (req, callback) => {
    if (sockets() >= maxConnections) {
      log.warn({ code: REFUSALS.full, sockets: sockets() }, 'connection refused: at the limit');
      return callback(`${REFUSALS.full}: the hub is at its connection limit (${maxConnections})`, false);
    }
    if (!socketsByAddress.hasRoom(req.socket.remoteAddress)) {
      log.warn({ code: REFUSALS.addressFull, address: req.socket.remoteAddress, limit: maxPerAddress }, 'connection refused: this address holds its share');
      return callback(`${REFUSALS.addressFull}: this network address already holds ${maxPerAddress} connections (see --max-per-address)`, false);
    }
    const origin = req.headers.origin;
    if (!origin) return callback(null, true); // not a browser page (gear, tests, the load generator)
    if (originAllowed(origin)) return callback(null, true);
    log.warn({ code: REFUSALS.originDenied, origin: origin.slice(0, 100) }, 'connection refused: foreign origin');
    callback(`${REFUSALS.originDenied}: pages from ${origin.slice(0, 100)} may not join this show (see --allow-origin)`, false);
  };
  return { allowRequest, socketsByAddress };
}

/** Counts each engine connection against its address while it is open, and logs refused ones. */
function countConnections(io: Server, socketsByAddress: AddressCounts, log: Logger): void {
  io.engine.on('connection', (conn: { remoteAddress?: string; once(event: 'close', listener: () => void): unknown }) => {
    const address = conn.remoteAddress;
    socketsByAddress.add(address);
    conn.once('close', () => socketsByAddress.remove(address));
  });
  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    log.info({ code: err.code, message: err.message }, 'engine connection refused');
  });
}

/** The hub's socket.io server, on its web server, under its connection policy. */
export function createSocketServer(
  server: HttpServer,
  options: Omit<ConnectionPolicyOptions, 'sockets'> & {
    /** socket.io packet parser for every namespace (default: socket.io's JSON text). */
    parser?: ServerOptions['parser'];
    /** How long a client may leave the hub's ping unanswered before it is dropped, ms (default 5,000). */
    pingTimeoutMs?: number | undefined;
  },
): Server {
  const { allowRequest, socketsByAddress } = connectionPolicy({ ...options, sockets: () => io.engine.clientsCount });
  const io: Server = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 8 * 1024,
    pingInterval: 10_000,
    pingTimeout: options.pingTimeoutMs ?? 5_000,
    transports: ['websocket', 'polling'],
    perMessageDeflate: false,
    ...(options.parser ? { parser: options.parser } : {}),
    allowRequest,
  });
  countConnections(io, socketsByAddress, options.log);
  return io;
}
