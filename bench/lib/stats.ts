/**
 * Small statistics for the benchmarks: percentiles of a sample, medians of repeated runs, and a
 * growable sample of numbers that does not allocate per value.
 */

/**
 * Percentile of a sample (nearest rank on a sorted copy).
 * @param values the sample; @param p 0..100. @returns NaN for an empty sample.
 */
export function percentile(values: ArrayLike<number>, p: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = Float64Array.from(values as ArrayLike<number>).sort();
  return sortedPercentile(sorted, p);
}

/** Percentile of an already ascending sample (nearest rank). @param p 0..100. */
export function sortedPercentile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const rank = Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1));
  return sorted[rank];
}

/** Median of a list (NaN entries ignored; NaN when nothing is left). */
export function median(values: readonly number[]): number {
  const clean = values.filter((v) => Number.isFinite(v));
  if (clean.length === 0) return Number.NaN;
  return percentile(clean, 50);
}

/**
 * A sample of float64 values: grows (doubling) up to `limit` values, then keeps a uniform reservoir
 * of that many (each new value replaces a random one with probability limit/seen), so a long soak
 * measures the process, not this buffer. `n` in the summary counts every value seen; `max` is exact.
 */
export class Sample {
  private data: Float64Array;
  private n = 0;
  private seen = 0;
  private top = Number.NEGATIVE_INFINITY;
  /** Deterministic xorshift state for the reservoir (figures repeat run to run). */
  private rng = 0x9e3779b9;

  /** @param capacity first buffer size; @param limit most values kept (default 2^20 = 8 MB). */
  constructor(
    capacity = 4096,
    private readonly limit = 1 << 20,
  ) {
    this.data = new Float64Array(Math.min(capacity, limit));
  }

  /** Adds one value. */
  push(v: number): void {
    this.seen++;
    if (v > this.top) this.top = v;
    if (this.n < this.limit) {
      if (this.n === this.data.length) {
        const bigger = new Float64Array(Math.min(this.limit, this.data.length * 2));
        bigger.set(this.data);
        this.data = bigger;
      }
      this.data[this.n++] = v;
      return;
    }
    let x = this.rng;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.rng = x >>> 0;
    const slot = Math.floor((this.rng / 2 ** 32) * this.seen);
    if (slot < this.limit) this.data[slot] = v;
  }

  /** Values seen. */
  get length(): number {
    return this.seen;
  }

  /** Forgets every value (keeps the buffer). */
  clear(): void {
    this.n = 0;
    this.seen = 0;
    this.top = Number.NEGATIVE_INFINITY;
  }

  /** p50/p95/p99/max of the sample, in the sample's unit (NaN when empty). */
  summary(): { n: number; p50: number; p95: number; p99: number; max: number } {
    const sorted = this.data.slice(0, this.n).sort();
    return {
      n: this.seen,
      p50: sortedPercentile(sorted, 50),
      p95: sortedPercentile(sorted, 95),
      p99: sortedPercentile(sorted, 99),
      max: this.n > 0 ? this.top : Number.NaN,
    };
  }
}

/** Rounds to `digits` decimals (NaN stays NaN). */
export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
