/**
 * An edge's phones' gestures, folded into one message per tick for the leader: Redis carries
 * edges × tick rate messages, not phones × gestures. Each gesture has passed the edge's checks and
 * rate limit already (as on a single hub); the leader checks them again (the channel is not trusted).
 */
import type { AudienceGesture } from '../../core/protocol.ts';
import type { RoleIndex } from '../../core/dreamers.ts';
import { MAX_FOLDED_GESTURES, type FoldMessage } from './clusterWire.ts';

/** Gestures waiting for the next fold, bounded: past it the oldest of this tick are dropped and counted. */
export class GestureFold {
  private items: FoldMessage['g'] = [];
  private seq = 0;
  /** Gestures dropped because one tick brought more than a message holds. */
  dropped = 0;
  /** Folds taken, and gestures in them, since start. */
  folds = 0;
  gestures = 0;

  /** @param edge this edge's name on the bus; @param bound most gestures in one fold (≤ {@link MAX_FOLDED_GESTURES}). */
  constructor(
    readonly edge: string,
    private readonly bound = MAX_FOLDED_GESTURES,
  ) {}

  /** Gestures waiting. */
  get length(): number {
    return this.items.length;
  }

  /** Adds one checked gesture of a dreamer (handle ≥ 1, role 0..3). */
  add(g: AudienceGesture, handle: number, role: RoleIndex): void {
    if (this.items.length >= this.bound) {
      this.items.shift();
      this.dropped++;
    }
    this.items.push([handle, role, g]);
  }

  /** This tick's message, or null when no phone sent anything. The message is the caller's. */
  take(): FoldMessage | null {
    if (this.items.length === 0) return null;
    const g = this.items;
    this.items = [];
    this.folds++;
    this.gestures += g.length;
    return { v: 1, edge: this.edge, seq: this.seq++, g };
  }
}
