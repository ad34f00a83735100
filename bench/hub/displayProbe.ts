/**
 * A wall that keeps time: a socket.io client on `/display` that decodes the send-time stamp of
 * every gesture it receives (in our hub's frames and half-tick batches, or one message per gesture
 * from the naive relay) and records input → display latency for the gestures sent inside a window.
 */
import { io as connect, type Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { PROTOCOL_VERSION } from '../../core/protocol.ts';
import { unpackGestures } from '../../core/gesturePack.ts';
import { Sample } from '../lib/stats.ts';
import { decodeStamp, hostNow } from './stamp.ts';

interface RelayedGesture {
  g?: { kind?: string; x?: number; y?: number; points?: number[] };
}

/** The timing wall. */
export class DisplayProbe {
  readonly latency = new Sample(1 << 18);
  /** Gestures received whose stamp falls in the window. */
  received = 0;
  frames = 0;
  /** Why the wall lost its connection, if it did (a starved hub misses its pings). */
  dropped: string | null = null;
  private socket: Socket | undefined;
  private epoch = 0;
  private from = Infinity;
  private to = -Infinity;

  /** Connects to a hub's `/display` and waits for the connection. */
  async open(url: string, msgpack = false): Promise<void> {
    const socket = connect(url + '/display', {
      auth: { v: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ...(msgpack ? { parser: msgpackParser } : {}),
    });
    this.socket = socket;
    const takeAll = (packed: unknown) => {
      const now = hostNow();
      const read = unpackGestures(packed);
      if (!read.ok) return;
      const list = read.gestures;
      for (let i = 0; i < list.length; i++) {
        const g = list[i];
        if ((g.k === 'weave' || g.k === 'tap') && g.p && g.p.length >= 2) this.take(g.p[0], g.p[1], now);
      }
    };
    socket.on('frame', (frame: { gestures?: unknown }) => {
      this.frames++;
      takeAll(frame.gestures);
    });
    // Our hub also sends the newest gestures halfway between frames.
    socket.on('gestures', (batch: { gestures?: unknown }) => takeAll(batch.gestures));
    socket.on('disconnect', (reason) => {
      this.dropped = reason;
    });
    socket.on('gesture', (m: RelayedGesture) => {
      const now = hostNow();
      const g = m.g;
      if (!g) return;
      if (g.kind === 'weave' && g.points) this.take(g.points[0], g.points[1], now);
      else if (g.kind === 'tap' && g.x !== undefined && g.y !== undefined) this.take(g.x, g.y, now);
    });
    await new Promise<void>((done, fail) => {
      socket.once('connect', () => done());
      socket.once('connect_error', fail);
    });
  }

  /** Starts counting gestures whose send time is in `[from, to)` host ms; `epoch` decodes stamps. */
  window(epoch: number, from: number, to: number): void {
    this.epoch = epoch;
    this.from = from;
    this.to = to;
    this.latency.clear();
    this.received = 0;
    this.frames = 0;
  }

  private take(x: number, y: number, now: number): void {
    const sent = decodeStamp(x, y, this.epoch);
    if (sent < this.from || sent >= this.to) return;
    this.received++;
    this.latency.push(now - sent);
  }

  /** Disconnects. */
  close(): void {
    this.socket?.disconnect();
  }
}
