/**
 * A copy-on-write table of per-dreamer numbers, keyed by dreamer handle: the crowd's memory of who
 * did what, kept in one flat `Float64Array` (a row of `stride` numbers per dreamer) with an
 * open-addressing index. A tick that changes nothing shares the table; a tick that changes rows
 * copies one typed array (a memcpy) instead of a `Map` of objects, so folding thousands of
 * dreamers stays cheap while every returned state stays immutable.
 */

/** Largest dreamer handle the table accepts (handles are small non-negative integers). */
export const MAX_HANDLE = 2 ** 31 - 1;

/** @returns true when `d` can be a dreamer handle: an integer 0..{@link MAX_HANDLE}. */
export function isHandle(d: number): boolean {
  return Number.isInteger(d) && d >= 0 && d <= MAX_HANDLE;
}

/**
 * Hash index from handle to row. Rows are only ever appended to an index, so tables of different
 * ages may share one: a table ignores rows at or beyond its own `count`. `used` is the highest row
 * count any table has written; a table whose count is lower is a branch and must copy before it
 * appends.
 */
interface HandleIndex {
  /** Open-addressing slots: row + 1, or 0 when empty. Length is a power of two. */
  readonly slots: Int32Array;
  /** Handle stored in each slot (parallel to `slots`). */
  readonly keys: Int32Array;
  used: number;
}

function newIndex(capacityRows: number): HandleIndex {
  let size = 16;
  while (size < capacityRows * 2) size *= 2;
  return { slots: new Int32Array(size), keys: new Int32Array(size), used: 0 };
}

function mix(d: number): number {
  return Math.imul(d ^ (d >>> 16), 0x45d9f3b) >>> 0;
}

/** Row of dreamer `d` among the first `count` rows of an index, or -1 (open addressing, linear probe). */
function findRow(index: HandleIndex, count: number, d: number): number {
  if (!isHandle(d)) return -1;
  const { slots, keys } = index;
  const maskBits = slots.length - 1;
  for (let h = mix(d) & maskBits; ; h = (h + 1) & maskBits) {
    const s = slots[h];
    if (s === 0) return -1;
    if (keys[h] === d && s - 1 < count) return s - 1;
  }
}

/** An immutable table; edit it with {@link DreamerTable.edit}. */
export class DreamerTable {
  private constructor(
    /** Numbers per row; column 0 is the handle. */
    readonly stride: number,
    /** Rows in use, 0..∞. */
    readonly count: number,
    private readonly data: Float64Array,
    private readonly index: HandleIndex,
  ) {}

  /** An empty table with `stride` numbers per row (column 0 holds the handle). */
  static empty(stride: number): DreamerTable {
    return new DreamerTable(stride, 0, new Float64Array(0), newIndex(0));
  }

  /** @returns the row of dreamer `d`, or -1. */
  rowOf(d: number): number {
    return findRow(this.index, this.count, d);
  }

  /** Value of column `col` in row `row`. */
  at(row: number, col: number): number {
    return this.data[row * this.stride + col];
  }

  /** A writable copy; {@link TableDraft.done} freezes it into a new table. */
  edit(): TableDraft {
    return new TableDraft(this.stride, this.count, this.data, this.index, (s, c, d, i) => new DreamerTable(s, c, d, i));
  }
}

/** A table being changed during one tick. Not shared: only its creator writes to it. */
export class TableDraft {
  private data: Float64Array;
  private ownsIndex = false;

  constructor(
    readonly stride: number,
    public count: number,
    source: Float64Array,
    private index: HandleIndex,
    private readonly freeze: (stride: number, count: number, data: Float64Array, index: HandleIndex) => DreamerTable,
  ) {
    this.data = new Float64Array(Math.max(source.length, stride * 16));
    this.data.set(source.subarray(0, count * stride));
  }

  /** @returns the row of dreamer `d`, or -1. */
  rowOf(d: number): number {
    return findRow(this.index, this.count, d);
  }

  /** Value of column `col` in row `row`. */
  at(row: number, col: number): number {
    return this.data[row * this.stride + col];
  }

  /** Writes column `col` of row `row`. */
  set(row: number, col: number, value: number): void {
    this.data[row * this.stride + col] = value;
  }

  /**
   * Appends a row for dreamer `d` (a valid handle not yet in the table), zero-filled but for the handle.
   * @returns the new row.
   */
  append(d: number): number {
    const row = this.count;
    if ((row + 1) * this.stride > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data.subarray(0, row * this.stride));
      this.data = grown;
    }
    this.data.fill(0, row * this.stride, (row + 1) * this.stride);
    this.data[row * this.stride] = d + 0; // -0 is handle 0
    this.count = row + 1;
    // Another table appended to this index after our source: copy it before writing.
    if (!this.ownsIndex && this.index.used !== row) this.reindex(this.count);
    else if ((row + 1) * 2 > this.index.slots.length) this.reindex(this.count);
    else this.put(this.index, d, row);
    this.index.used = this.count;
    return row;
  }

  /** Keeps only the rows for which `keep(row)` is true, in order (rows are renumbered). */
  compact(keep: (row: number) => boolean): void {
    const s = this.stride;
    let w = 0;
    for (let r = 0; r < this.count; r++) {
      if (!keep(r)) continue;
      if (w !== r) this.data.copyWithin(w * s, r * s, (r + 1) * s);
      w++;
    }
    if (w === this.count) return;
    this.count = w;
    this.reindex(w);
    this.index.used = w;
  }

  /** Freezes the draft into an immutable table (the draft must not be used afterwards). */
  done(): DreamerTable {
    return this.freeze(this.stride, this.count, this.data, this.index);
  }

  private reindex(rows: number): void {
    const index = newIndex(Math.max(rows, 8));
    for (let r = 0; r < rows; r++) this.put(index, this.data[r * this.stride], r);
    this.index = index;
    this.ownsIndex = true;
  }

  private put(index: HandleIndex, d: number, row: number): void {
    const maskBits = index.slots.length - 1;
    let h = mix(d) & maskBits;
    while (index.slots[h] !== 0 && !(index.keys[h] === d)) h = (h + 1) & maskBits;
    index.slots[h] = row + 1;
    index.keys[h] = d;
  }
}

/**
 * A read-only `Map` view of a table: `get`, `has` and `size` read the rows directly; iteration
 * builds a real `Map` once, on first use. `alive(row)` hides rows that have lapsed.
 */
export class TableMap<V> implements ReadonlyMap<number, V> {
  private built: Map<number, V> | null = null;
  private counted = -1;

  constructor(
    private readonly table: DreamerTable,
    private readonly read: (table: DreamerTable, row: number) => V,
    private readonly alive: (table: DreamerTable, row: number) => boolean = () => true,
  ) {}

  /** Live entries. */
  get size(): number {
    if (this.counted < 0) {
      let n = 0;
      for (let r = 0; r < this.table.count; r++) if (this.alive(this.table, r)) n++;
      this.counted = n;
    }
    return this.counted;
  }

  /** The entry of dreamer `key`, read from its row, or undefined when absent or lapsed. */
  get(key: number): V | undefined {
    const row = this.table.rowOf(key);
    return row >= 0 && this.alive(this.table, row) ? this.read(this.table, row) : undefined;
  }

  /** Whether dreamer `key` has a live row. */
  has(key: number): boolean {
    const row = this.table.rowOf(key);
    return row >= 0 && this.alive(this.table, row);
  }

  /** Calls `callback` for every live entry, in row order. */
  forEach(callback: (value: V, key: number, map: ReadonlyMap<number, V>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.map()) callback.call(thisArg, v, k, this);
  }

  /** Live entries in row order. */
  entries(): MapIterator<[number, V]> {
    return this.map().entries();
  }

  /** Live handles in row order. */
  keys(): MapIterator<number> {
    return this.map().keys();
  }

  /** Live values in row order. */
  values(): MapIterator<V> {
    return this.map().values();
  }

  /** Same as {@link TableMap.entries}. */
  [Symbol.iterator](): MapIterator<[number, V]> {
    return this.map().entries();
  }

  private map(): Map<number, V> {
    if (!this.built) {
      const m = new Map<number, V>();
      for (let r = 0; r < this.table.count; r++) if (this.alive(this.table, r)) m.set(this.table.at(r, 0), this.read(this.table, r));
      this.built = m;
    }
    return this.built;
  }
}
