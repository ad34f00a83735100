/**
 * Frames from the engine run in the page: rehearsal (`?sim=`) and frozen shots (`?at=`).
 * Steps at the hub's 30 Hz on whatever clock the renderer drives.
 */
import type { DisplayReport } from '../../core/protocol.ts';
import type { FeedSink, FeedStatus, ShowFeed } from '../showFeed.ts';
import { LocalShow, TICK_S } from './LocalShow.ts';

const TICK_MS = TICK_S * 1000;

/** A feed that runs the show locally. */
export class LocalFeed implements ShowFeed {
  readonly status: FeedStatus = 'local';
  readonly resyncs = 0;
  readonly rejected = 0;
  readonly hubClock = null;
  private next: number | null = null;

  /**
   * @param show the local show; @param sink where frames go;
   * @param stopAfterMs stop stepping after this much display time (frozen shots), or Infinity.
   */
  constructor(
    private readonly show: LocalShow,
    private readonly sink: FeedSink,
    private readonly stopAfterMs = Infinity,
  ) {}

  update(nowMs: number): void {
    if (this.next === null) {
      this.next = nowMs;
      this.stopAt = nowMs + this.stopAfterMs;
    }
    // Bounded catch-up: after a stall the show skips ahead rather than replaying seconds of ticks.
    let budget = 8;
    while (this.next <= nowMs && this.next <= this.stopAt && budget-- > 0) {
      const frame = this.show.tick(TICK_S, this.show.current.clock * 1000 + TICK_MS);
      this.sink.frame(frame, this.next, false);
      this.next += TICK_MS;
    }
    if (this.next < nowMs - TICK_MS * 8) this.next = nowMs;
  }

  private stopAt = Infinity;

  report(_report: DisplayReport): void {}

  dispose(): void {
    this.next = null;
  }
}
