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

/** A growable sample of float64 values, doubling its buffer when full. */
export class Sample {
  private data: Float64Array;
  private n = 0;

  constructor(capacity = 4096) {
    this.data = new Float64Array(capacity);
  }

  /** Adds one value. */
  push(v: number): void {
    if (this.n === this.data.length) {
      const bigger = new Float64Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.n++] = v;
  }

  /** Values held. */
  get length(): number {
    return this.n;
  }

  /** Forgets every value (keeps the buffer). */
  clear(): void {
    this.n = 0;
  }

  /** p50/p95/p99/max of the sample, in the sample's unit (NaN when empty). */
  summary(): { n: number; p50: number; p95: number; p99: number; max: number } {
    const sorted = this.data.slice(0, this.n).sort();
    return {
      n: this.n,
      p50: sortedPercentile(sorted, 50),
      p95: sortedPercentile(sorted, 95),
      p99: sortedPercentile(sorted, 99),
      max: this.n > 0 ? sorted[this.n - 1] : Number.NaN,
    };
  }
}

/** Rounds to `digits` decimals (NaN stays NaN). */
export function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
