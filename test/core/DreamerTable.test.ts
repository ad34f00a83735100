import { describe, it, expect } from 'vitest';
import { DreamerTable, TableMap, isHandle } from '../../core/DreamerTable.ts';

function withRows(table: DreamerTable, handles: number[], value = 1): DreamerTable {
  const draft = table.edit();
  for (const d of handles) {
    const row = draft.rowOf(d) >= 0 ? draft.rowOf(d) : draft.append(d);
    draft.set(row, 1, value);
  }
  return draft.done();
}
const rowsOf = (t: DreamerTable) => Array.from({ length: t.count }, (_, r) => [t.at(r, 0), t.at(r, 1)]);

describe('DreamerTable', () => {
  it('accepts only small non-negative integer handles', () => {
    expect([0, 1, 2 ** 31 - 1].every(isHandle)).toBe(true);
    expect([-1, 1.5, 2 ** 31, NaN, Infinity].some(isHandle)).toBe(false);
  });

  it('finds rows by handle and grows past its first capacity', () => {
    const handles = Array.from({ length: 500 }, (_, i) => i * 7919 + 3);
    const t = withRows(DreamerTable.empty(2), handles);
    expect(t.count).toBe(500);
    for (const [i, d] of handles.entries()) expect(t.rowOf(d)).toBe(i);
    expect(t.rowOf(4)).toBe(-1);
    expect(t.rowOf(-1)).toBe(-1);
  });

  it('never changes a table once made: edits go to a new one', () => {
    const a = withRows(DreamerTable.empty(2), [1, 2], 1);
    const b = withRows(a, [2, 3], 5);
    expect(rowsOf(a)).toEqual([
      [1, 1],
      [2, 1],
    ]);
    expect(rowsOf(b)).toEqual([
      [1, 1],
      [2, 5],
      [3, 5],
    ]);
    expect(a.rowOf(3)).toBe(-1);
  });

  it('keeps branches apart when two tables grow from the same parent', () => {
    const parent = withRows(DreamerTable.empty(2), [1]);
    const left = withRows(parent, [10, 11], 2);
    const right = withRows(parent, [20], 3);
    expect(left.rowOf(20)).toBe(-1);
    expect(right.rowOf(10)).toBe(-1);
    expect(right.rowOf(20)).toBe(1);
    expect(left.rowOf(11)).toBe(2);
    // The first branch keeps growing correctly after the second one copied away.
    const further = withRows(left, [12], 4);
    expect([further.rowOf(1), further.rowOf(10), further.rowOf(12), further.rowOf(20)]).toEqual([0, 1, 3, -1]);
  });

  it('compacts away rows and renumbers the rest', () => {
    const t = withRows(DreamerTable.empty(2), [1, 2, 3, 4, 5]);
    const draft = t.edit();
    draft.compact((r) => draft.at(r, 0) % 2 === 1);
    const c = draft.done();
    expect(rowsOf(c).map(([d]) => d)).toEqual([1, 3, 5]);
    expect([c.rowOf(1), c.rowOf(2), c.rowOf(3), c.rowOf(5)]).toEqual([0, -1, 1, 2]);
    expect(t.rowOf(2)).toBe(1);
    // And appends after compaction are found too.
    const more = withRows(c, [8]);
    expect(more.rowOf(8)).toBe(3);
  });

  it('offers a read-only Map view that hides lapsed rows', () => {
    const t = withRows(DreamerTable.empty(2), [4, 5, 6]);
    const view = new TableMap(t, (tt, r) => tt.at(r, 0) * 10, (tt, r) => tt.at(r, 0) !== 5);
    expect(view.size).toBe(2);
    expect(view.get(4)).toBe(40);
    expect(view.get(5)).toBeUndefined();
    expect(view.has(6)).toBe(true);
    expect([...view.keys()]).toEqual([4, 6]);
    expect([...view]).toEqual([
      [4, 40],
      [6, 60],
    ]);
    const seen: number[] = [];
    view.forEach((v) => seen.push(v));
    expect(seen).toEqual([40, 60]);
  });
});
