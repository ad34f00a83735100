/**
 * Frames from the hub on `/display`. On connect the hub sends a snapshot, then a frame per tick and,
 * between frames, batches of the newest gestures.
 * When the hub goes away (socket down, or frames stop) the wall keeps the show going itself from the
 * last frame with the same engine, and hands back to the hub as soon as a fresh snapshot arrives;
 * a reconnect that brings no snapshot within a few seconds asks for one (`resync`).
 * It also samples the hub's clock (a quick burst after each connect, then every few seconds), so
 * the soundscape can put the score's steps at the same moment as every other wall's, whatever
 * each wall's network delay.
 */
import { io, type Socket } from 'socket.io-client';
import { REFUSALS, type DisplayClientToServer, type DisplayReport, type DisplayServerToClient, type ShowFrame } from '../../core/protocol.ts';
import type { FeedSink, FeedStatus, ShowContext, ShowFeed } from '../showFeed.ts';
import { parseFrame, parseGestureBatch, parseSnapshot } from './wireSchemas.ts';
import { LocalShow, TICK_S } from './LocalShow.ts';
import type { ClockEstimate } from '../../core/clockOffset.ts';
import { CLOCK_TIMEOUT_MS, handshake, HubClock, lazyMemory, linkUp, OUTDATED_RELOAD_MS, readRefusal, reloadWhenOutdated, WALL_CLOCK } from '../../core/wire/hubLink.ts';

/** No frame for this long (ms) and the wall starts carrying the show itself. */
export const SILENCE_MS = 800;
/** A connection with no snapshot after this long (ms) asks for one. */
export const RESYNC_AFTER_MS = 2500;
const TICK_MS = TICK_S * 1000;

type WallSocket = Socket<DisplayServerToClient, DisplayClientToServer>;

/** Options for {@link HubFeed}. */
export interface HubFeedOptions {
  /** `i/n` projector view, passed at handshake. */
  view: string | null;
  /** The venue's wall token (`/?wall=…`), passed at handshake; a hub started with `--wall-token` needs it. */
  wall?: string | null;
  /** Display clock, ms. */
  now: () => number;
  /** Socket.io server URL (default: this page's origin). */
  url?: string;
  /** Protocol version presented at handshake (default: this page's {@link PROTOCOL_VERSION}). */
  protocol?: number;
  /**
   * Real time for clock samples, ms (default `performance.now()`); the display clock (`now`) may be
   * virtual in tests.
   */
  realNow?: () => number;
  /**
   * The hub speaks another protocol version (it was updated while this page stayed open): by
   * default the page reloads itself from the hub, at most once a minute.
   */
  onOutdated?: () => void;
}

/** The one outdated-page policy (`core/wire/hubLink.ts`): reload after a pause, at most once a minute. */
const reloadMemory = lazyMemory(() => sessionStorage);
function reloadOutdated(refusal: Parameters<typeof reloadWhenOutdated>[0]): void {
  if (reloadWhenOutdated(refusal, reloadMemory, Date.now())) setTimeout(() => location.reload(), OUTDATED_RELOAD_MS);
}

/** A feed that follows the hub. */
export class HubFeed implements ShowFeed {
  status: FeedStatus = 'connecting';
  resyncs = 0;
  rejected = 0;
  /** Times the hub refused this page's protocol version. */
  outdated = 0;
  /** Why the hub refused this wall, in words (a missing or wrong wall token), or null. */
  refusal: string | null = null;
  private readonly socket: WallSocket;
  private ctx: ShowContext | null = null;
  private last: ShowFrame | null = null;
  private lastAt = 0;
  private connectedAt = 0;
  private synced = false;
  private local: LocalShow | null = null;
  private localNext = 0;
  private localHubTime = 0;
  private readonly clock = new HubClock(WALL_CLOCK);
  private readonly realNow: () => number;
  /** Hub time minus this page's `performance.now()` (ms), from round trips; null until the first answer. */
  get hubClock(): ClockEstimate | null {
    return this.clock.estimate;
  }

  constructor(
    private readonly sink: FeedSink,
    private readonly options: HubFeedOptions,
  ) {
    this.realNow = options.realNow ?? (() => performance.now());
    const auth: { v: number; view?: string; wall?: string } = options.protocol === undefined ? handshake() : { v: options.protocol };
    if (options.view) auth.view = options.view;
    if (options.wall) auth.wall = options.wall;
    const opts = { auth, transports: ['websocket', 'polling'], reconnectionDelay: 500, reconnectionDelayMax: 3000 };
    this.socket = options.url ? io(`${options.url}/display`, opts) : io('/display', opts);
    this.socket.on('connect', () => {
      this.connectedAt = this.options.now();
      this.synced = false;
      linkUp(reloadMemory);
      this.clock.restart();
    });
    this.socket.on('disconnect', () => {
      this.status = 'reconnecting';
      this.synced = false;
    });
    this.socket.on('connect_error', (err: Error) => {
      this.status = this.ctx ? 'reconnecting' : 'connecting';
      console.warn('[dreamscape] hub refused or unreachable:', err.message);
      const refusal = readRefusal(err);
      if (refusal?.code === REFUSALS.versionMismatch) {
        this.outdated++;
        if (this.options.onOutdated) this.options.onOutdated();
        else reloadOutdated(refusal);
      }
      if (refusal?.code === REFUSALS.badWallToken) {
        this.refusal = refusal.message === '' ? 'This hub admits only the venue’s own walls.' : refusal.message.slice(0, 300);
        console.error(`[dreamscape] ${this.refusal}`);
        // A refused handshake is not retried by socket.io; a fixed link needs a reload anyway.
      }
    });
    this.socket.on('snapshot', (raw: unknown) => this.onSnapshot(raw));
    this.socket.on('frame', (raw: unknown) => this.onFrame(raw));
    this.socket.on('gestures', (raw: unknown) => this.onGestures(raw));
  }

  private onGestures(raw: unknown): void {
    const batch = parseGestureBatch(raw);
    if (!batch) {
      this.rejected++;
      return;
    }
    // Drawn with the last frame's show state; a batch from before the snapshot has none.
    if (!this.synced || this.local) return;
    this.sink.gestures(batch.gestures, this.options.now());
  }

  private onSnapshot(raw: unknown): void {
    const snap = parseSnapshot(raw);
    if (!snap) {
      this.rejected++;
      return;
    }
    this.ctx = { preset: snap.preset, seed: snap.seed, echoes: snap.echoes, join: snap.join };
    this.sink.context(this.ctx);
    this.local = null;
    this.synced = true;
    this.status = 'live';
    this.deliver(snap.frame);
  }

  private onFrame(raw: unknown): void {
    const frame = parseFrame(raw);
    if (!frame) {
      this.rejected++;
      return;
    }
    if (!this.synced) return; // a frame before its snapshot has no preset to be read with
    this.local = null;
    this.status = 'live';
    this.deliver(frame);
  }

  private deliver(frame: ShowFrame): void {
    this.last = frame;
    this.lastAt = this.options.now();
    this.sink.frame(frame, this.lastAt, false);
  }

  private sampleClock(): void {
    const sentAt = this.realNow();
    if (!this.socket.connected || !this.clock.due(sentAt)) return;
    this.socket.timeout(CLOCK_TIMEOUT_MS).emit('clock', sentAt, (err: Error | null, hubTime: unknown) => {
      if (!err) this.clock.answer(sentAt, hubTime, this.realNow());
    });
  }

  update(nowMs: number): void {
    this.sampleClock();
    if (this.socket.connected && !this.synced && nowMs - this.connectedAt > RESYNC_AFTER_MS) {
      this.socket.emit('resync');
      this.resyncs++;
      this.connectedAt = nowMs;
    }
    const ctx = this.ctx;
    const last = this.last;
    if (!ctx || !last) return;
    const away = !this.socket.connected || !this.synced || nowMs - this.lastAt > SILENCE_MS;
    if (!away) return;
    if (this.status === 'live') this.status = 'reconnecting';
    if (!this.local) {
      this.local = LocalShow.fromFrame(last, ctx.preset, ctx.seed);
      this.localNext = this.lastAt + TICK_MS;
      this.localHubTime = last.at;
    }
    let budget = 8;
    while (this.localNext <= nowMs && budget-- > 0) {
      this.localHubTime += TICK_MS;
      this.sink.frame(this.local.tick(TICK_S, this.localHubTime), this.localNext, true);
      this.localNext += TICK_MS;
    }
    if (this.localNext < nowMs - TICK_MS * 8) this.localNext = nowMs;
  }

  report(report: DisplayReport): void {
    if (this.socket.connected) this.socket.emit('report', report);
  }

  dispose(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
