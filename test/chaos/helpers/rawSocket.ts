/**
 * A bare websocket client over a TCP socket, speaking engine.io 4 and socket.io 5 by hand. The
 * chaos scenarios need what a polite client never does: send raw engine.io frames, forge an Origin
 * header, and vanish without closing (stop answering pings and stop reading, the way a phone that
 * walks out of Wi-Fi range leaves a half-open TCP connection behind).
 */
import { connect, type Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';

/** Options of {@link openRawSocket}. */
export interface RawSocketOptions {
  /** Hub base URL, `http://127.0.0.1:PORT`. */
  url: string;
  /** Origin header to present (browsers always send one; gear and tests do not). */
  origin?: string;
  /** Give up on the upgrade after this long, ms. */
  timeoutMs?: number;
  /** Local address to connect from (any of 127/8 is this machine on Linux: another "device"). */
  localAddress?: string;
}

/** How the websocket upgrade went. */
export type UpgradeResult = { ok: true; socket: RawSocket } | { ok: false; status: number; body: string };

/** One websocket to the hub's engine.io endpoint. Events: `message` (string), `ping` (answered), `close`. */
export class RawSocket extends EventEmitter {
  /** Every text message received, in order. */
  readonly received: string[] = [];
  /** Set once the server closed the TCP connection (or sent a close frame). */
  closed = false;
  /** The close code the server sent, if any. */
  closeCode: number | undefined;
  private frozen = false;
  private buffer: Buffer = Buffer.alloc(0);

  constructor(private readonly tcp: Socket) {
    super();
    tcp.on('data', (chunk: Buffer) => this.onData(chunk));
    const gone = () => {
      if (this.closed) return;
      this.closed = true;
      this.emit('close');
    };
    tcp.on('close', gone);
    tcp.on('error', gone);
  }

  /** Sends one text (or binary) websocket message, masked as clients must. */
  send(data: string | Buffer): void {
    if (this.closed || this.frozen) return;
    const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    const opcode = typeof data === 'string' ? 0x1 : 0x2;
    this.tcp.write(frame(opcode, payload));
  }

  /** Joins a socket.io namespace with this handshake auth (`40/ns,{auth}`). */
  joinNamespace(ns: string, auth: unknown): void {
    this.send(`40${ns},${JSON.stringify(auth)}`);
  }

  /** Emits a socket.io event on a namespace (`42/ns,["event",...args]`). */
  sendEvent(ns: string, event: string, ...args: unknown[]): void {
    this.send(`42${ns},${JSON.stringify([event, ...args])}`);
  }

  /** Resolves with the first received message that passes `test`, or rejects after `ms`. */
  waitFor(test: (message: string) => boolean, ms = 5000): Promise<string> {
    const seen = this.received.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((done, fail) => {
      const timer = setTimeout(() => {
        this.off('message', listener);
        fail(new Error(`no matching message within ${ms} ms`));
      }, ms);
      const listener = (message: string) => {
        if (!test(message)) return;
        clearTimeout(timer);
        this.off('message', listener);
        done(message);
      };
      this.on('message', listener);
    });
  }

  /**
   * Vanishes without a goodbye: no more pongs, no more reads, no FIN. The TCP connection stays
   * open on both ends, exactly as when a phone leaves the Wi-Fi.
   */
  freeze(): void {
    this.frozen = true;
    this.tcp.pause();
  }

  /**
   * Stops reading but keeps sending: what the hub sends piles up in the kernel, then in the hub,
   * while this socket may still send resync requests and pongs nobody asked for.
   */
  stopReading(): void {
    this.tcp.pause();
  }

  /** Drops the TCP connection at once. */
  destroy(): void {
    this.tcp.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      const parsed = parseFrame(this.buffer);
      if (!parsed) return;
      this.buffer = this.buffer.subarray(parsed.size);
      if (parsed.opcode === 0x8) {
        this.closeCode = parsed.payload.length >= 2 ? parsed.payload.readUInt16BE(0) : undefined;
        this.tcp.end();
        continue;
      }
      if (parsed.opcode === 0x9) {
        if (!this.frozen) this.tcp.write(frame(0xa, parsed.payload));
        continue;
      }
      if (parsed.opcode !== 0x1) continue;
      const text = parsed.payload.toString('utf8');
      // engine.io ping: a live client answers with a pong.
      if (text === '2') {
        if (!this.frozen) this.send('3');
        this.emit('ping');
        continue;
      }
      this.received.push(text);
      this.emit('message', text);
    }
  }
}

/**
 * Opens a websocket to `/socket.io/?EIO=4&transport=websocket` and waits for engine.io's open
 * packet. A refused upgrade resolves with the HTTP status and body instead.
 */
export function openRawSocket(options: RawSocketOptions): Promise<UpgradeResult> {
  const target = new URL(options.url);
  const key = randomBytes(16).toString('base64');
  return new Promise((done, fail) => {
    const tcp = connect({ host: target.hostname, port: Number(target.port), ...(options.localAddress ? { localAddress: options.localAddress } : {}) });
    const timer = setTimeout(() => {
      tcp.destroy();
      fail(new Error('websocket upgrade timed out'));
    }, options.timeoutMs ?? 5000);
    let head = Buffer.alloc(0);
    tcp.on('error', (err) => {
      clearTimeout(timer);
      fail(err);
    });
    tcp.once('connect', () => {
      const lines = [
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
        `Host: ${target.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        ...(options.origin ? [`Origin: ${options.origin}`] : []),
        '',
        '',
      ];
      tcp.write(lines.join('\r\n'));
    });
    const onHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      if (status !== 101) {
        // Give the refusal body a moment to arrive in full, then report it.
        setTimeout(() => {
          clearTimeout(timer);
          tcp.off('data', onHead);
          tcp.destroy();
          done({ ok: false, status, body: head.subarray(end + 4).toString('utf8') });
        }, 50);
        return;
      }
      tcp.off('data', onHead);
      const socket = new RawSocket(tcp);
      const rest = head.subarray(end + 4);
      socket
        .waitFor((m) => m.startsWith('0{'), options.timeoutMs ?? 5000)
        .then(() => {
          clearTimeout(timer);
          done({ ok: true, socket });
        }, fail);
      if (rest.length) tcp.emit('data', rest);
    };
    tcp.on('data', onHead);
  });
}

function frame(opcode: number, payload: Buffer): Buffer {
  const mask = randomBytes(4);
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode;
  if (length < 126) header[1] = 0x80 | length;
  else if (length < 65536) {
    header[1] = 0x80 | 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 0x80 | 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  const masked = Buffer.alloc(length);
  for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i & 3];
  return Buffer.concat([header, mask, masked]);
}

function parseFrame(buf: Buffer): { opcode: number; payload: Buffer; size: number } | null {
  if (buf.length < 2) return null;
  const opcode = buf[0] & 0x0f;
  let length = buf[1] & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (buf.length < 4) return null;
    length = buf.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (buf.length < 10) return null;
    length = Number(buf.readBigUInt64BE(2));
    offset = 10;
  }
  if (buf.length < offset + length) return null;
  return { opcode, payload: buf.subarray(offset, offset + length), size: offset + length };
}
