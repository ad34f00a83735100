/**
 * A bounded first-in-first-out line of gestures waiting to go somewhere (the walls, or the engine's
 * next tick). Past its bound the oldest are dropped: a hub that far behind shows the present, not
 * the past. Taking is O(1) in the common case (everything fits: the array is handed over).
 */
export class GestureQueue<T> {
  /** Waiting items, oldest first from index {@link start}; producers push here. */
  items: T[] = [];
  /** Index of the oldest item still waiting (older ones were dropped). */
  private start = 0;
  /** Items dropped because the line was full, since the hub started. */
  dropped = 0;

  /** @param bound most items waiting at once (≥ 1). */
  constructor(private readonly bound: number) {}

  /** Items waiting. */
  get length(): number {
    return this.items.length - this.start;
  }

  /** Makes room for one more item, dropping the oldest when the line is full. */
  makeRoom(): void {
    if (this.length < this.bound) return;
    this.start++;
    this.dropped++;
    // Compact now and then so a long stall keeps the array bounded (amortised O(1) per item).
    if (this.start >= this.bound) this.compact(this.start);
  }

  /** Takes the oldest waiting items, at most `max`. The returned array is the caller's. */
  take(max: number): T[] {
    const start = this.start;
    const end = Math.min(this.items.length, start + max);
    if (start === 0 && end === this.items.length) {
      const taken = this.items;
      this.items = [];
      return taken;
    }
    const taken = this.items.slice(start, end);
    this.compact(end);
    return taken;
  }

  private compact(count: number): void {
    this.items.splice(0, count);
    this.start = 0;
  }
}
