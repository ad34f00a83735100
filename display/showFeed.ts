/**
 * Where the wall's show comes from, and how others on the page (the soundscape) follow it.
 * A {@link ShowFeed} delivers {@link ShowFrame}s to a sink — from the hub, or from the engine run in
 * the page — and the {@link FrameBus} re-broadcasts each frame with the preset in force.
 */
import type { Preset } from '../core/preset.ts';
import type { DisplayReport, EchoMark, FrameGesture, ShowFrame } from '../core/protocol.ts';

/** What a wall needs besides frames: the preset, the seed, tonight's echoes and the join link. */
export interface ShowContext {
  preset: Preset;
  seed: number;
  echoes: EchoMark[];
  /** Join link for phones; null when no hub is serving this wall. */
  join: { url: string; short: string } | null;
}

/** Receives what a feed produces. */
export interface FeedSink {
  /** A new context (connect, reconnect, preset change). */
  context(ctx: ShowContext): void;
  /**
   * One show frame.
   * @param frame the frame; @param arrivalMs display-clock time it arrived, ms;
   * @param extrapolated true when the wall made it up itself while the hub was away.
   */
  frame(frame: ShowFrame, arrivalMs: number, extrapolated: boolean): void;
  /**
   * Gestures the hub sent between two frames (drawn with the last frame's show state).
   * @param gestures the batch; @param arrivalMs display-clock time it arrived, ms.
   */
  gestures(gestures: FrameGesture[], arrivalMs: number): void;
}

/** How the wall is connected. */
export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'local';

/** A source of show frames. */
export interface ShowFeed {
  /** Advances to display time `nowMs` (the local engine steps here; the hub feed extrapolates when the hub is away). */
  update(nowMs: number): void;
  /** Current connection state. */
  readonly status: FeedStatus;
  /** Resync requests sent to the hub. */
  readonly resyncs: number;
  /** Frames or snapshots refused because they did not parse. */
  readonly rejected: number;
  /**
   * Hub time minus this page's `performance.now()`, ms, from clock samples; null without a hub
   * (or before its first answer).
   */
  readonly hubClock: { readonly offset: number } | null;
  /** Sends the wall's drawing report to the hub (no-op without a hub). */
  report(report: DisplayReport): void;
  /** Closes sockets and timers. */
  dispose(): void;
}

/**
 * A frame listener, as the soundscape registers it: called with each frame (`batch` null), and
 * between frames with the last frame and a batch of gestures that arrived meanwhile (only the
 * batch is new: play it with the frame's show state).
 */
export type FrameListener = (frame: ShowFrame, preset: Preset, batch: readonly FrameGesture[] | null) => void;

/**
 * The wall's frame bus: the one sink a feed delivers to, and the pump that advances the feed. It
 * hands every context, frame and batch to the sinks attached to it (the renderer) and to the
 * listeners subscribed to it (the soundscape), as equals; neither passes frames on to the other.
 */
export class FrameBus implements FeedSink {
  private readonly listeners = new Set<FrameListener>();
  private readonly sinks: FeedSink[] = [];
  private feed: ShowFeed | null = null;
  private preset: Preset | null = null;
  private last: ShowFrame | null = null;

  /** Attaches a sink that takes every context, frame and batch, in the order attached. */
  attach(sink: FeedSink): void {
    this.sinks.push(sink);
  }

  /** The feed {@link pump} advances (the hub's or the local show's). */
  source(feed: ShowFeed): void {
    this.feed = feed;
  }

  /** Advances the feed to display time `nowMs` (ms): what is due arrives at this bus. */
  pump(nowMs: number): void {
    this.feed?.update(nowMs);
  }

  context(ctx: ShowContext): void {
    this.preset = ctx.preset;
    for (const s of this.sinks) s.context(ctx);
  }

  frame(frame: ShowFrame, arrivalMs: number, extrapolated: boolean): void {
    for (const s of this.sinks) s.frame(frame, arrivalMs, extrapolated);
    this.emit(frame);
  }

  gestures(gestures: FrameGesture[], arrivalMs: number): void {
    for (const s of this.sinks) s.gestures(gestures, arrivalMs);
    this.emitBatch(gestures);
  }

  /** Registers a listener; @returns an unsubscribe function. */
  readonly subscribe = (listener: FrameListener): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  /** Delivers one frame to every listener; a throwing listener never stops the wall. */
  private emit(frame: ShowFrame): void {
    this.last = frame;
    this.deliver(frame, null);
  }

  /** Delivers a batch of gestures that arrived between frames, with the last frame. */
  private emitBatch(gestures: readonly FrameGesture[]): void {
    if (this.last && gestures.length > 0) this.deliver(this.last, gestures);
  }

  private deliver(frame: ShowFrame, batch: readonly FrameGesture[] | null): void {
    const preset = this.preset;
    if (!preset) return;
    for (const l of this.listeners) {
      try {
        l(frame, preset, batch);
      } catch (err) {
        console.error('[dreamscape] frame listener failed', err);
      }
    }
  }

  /** Listeners registered. */
  get size(): number {
    return this.listeners.size;
  }
}
