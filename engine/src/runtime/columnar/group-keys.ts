/**
 * The GROUP BY values of a columnar aggregate ↔ dense codes, first seen first: what its group
 * tables index by. One GROUP BY column is its own `Dictionary`. Several columns each have one,
 * and a row's codes are folded left to right through integer dictionaries — (code so far,
 * next column's code) → code — so a row costs one integer lookup per extra column and no
 * string or array is built for a key seen before; each composite code keeps its values once.
 *
 * Without GROUP BY there is one code, 0, for every row.
 *
 * A group's map key on the record path (`groupKey`) is computed from those values exactly as
 * the record path computes it, so groups can change paths (a fallback) and still be found.
 */
import { compositeKey } from '../../types/values/compare';
import type { Value } from '../../types/values/types';
import { singleGroupKey, type GroupKey } from '../aggregation/groups';
import { Dictionary } from './dictionary';

/** Column codes at or above this cannot be folded into one safe integer with the next column's code. */
const FOLD = 2 ** 26;

export class GroupKeys {
  /** One per GROUP BY column: its values ↔ codes. */
  readonly columns: Dictionary[];
  /** Several columns: `folds[i]` maps (code of columns 0…i, code of column i + 1) to the code of columns 0…i + 1. */
  private readonly folds: Dictionary[];
  /** Several columns: the values of each code. */
  private readonly tuples: Value[][] = [];
  /** One column: `keysOf`'s result, refilled per call. */
  private readonly single: Value[] = [null];
  /** No GROUP BY: every row is in the one group of code 0, whose values are none. */
  private readonly none: boolean;
  private readonly noValues: Value[] = [];
  /** Record-path map key → code, made on first use (`codeOfGroupKey`) for the codes up to `mapped`. */
  private byGroupKey: Map<GroupKey, number> | null = null;
  private mapped = 0;

  constructor(count: number) {
    this.none = count === 0;
    this.columns = Array.from({ length: count }, () => new Dictionary());
    this.folds = Array.from({ length: Math.max(0, count - 1) }, () => new Dictionary());
  }

  /** How many codes there are. */
  get size(): number {
    if (this.none) return 1;
    return this.folds.length === 0 ? this.columns[0].size : this.tuples.length;
  }

  /**
   * The code of columns 0…i + 1 from `left` (the code of columns 0…i) and `right` (column
   * i + 1's own code); -1 when a column has more codes than a fold can hold (then the row is
   * left to the record path).
   */
  fold(i: number, left: number, right: number): number {
    if (left >= FOLD || right >= FOLD) return -1;
    return this.folds[i].codeOfInteger(left * FOLD + right);
  }

  /**
   * Folds rows `[0, n)` of several columns' codes — the first column's in `codes`, the others'
   * in `more` — into their combined codes, in `codes`; false when a fold cannot hold a code.
   */
  foldRows(codes: Int32Array, more: Int32Array[], n: number): boolean {
    for (let j = 0; j < n; j++) {
      let code = codes[j];
      for (let i = 0; i < more.length; i++) {
        code = this.fold(i, code, more[i][j]);
        if (code < 0) return false;
      }
      if (code === this.tuples.length) this.tuples.push(this.columns.map((d, i) => d.values[i === 0 ? codes[j] : more[i - 1][j]]));
      codes[j] = code;
    }
    return true;
  }

  /** Records the values of a new code of several columns (`code === size`). */
  addTuple(values: Value[]): void {
    this.tuples.push(values);
  }

  /** The GROUP BY values of `code`, in GROUP BY order (for one column, an array reused by the next call). */
  keysOf(code: number): Value[] {
    if (this.none) return this.noValues;
    if (this.folds.length > 0) return this.tuples[code];
    this.single[0] = this.columns[0].values[code];
    return this.single;
  }

  /** The record path's `Group.key` of `code`: the value itself for one column, the values for several. */
  groupValue(code: number): Value | Value[] {
    if (this.none) return null;
    return this.folds.length === 0 ? this.columns[0].values[code] : this.tuples[code];
  }

  /** The record path's map key of `code` (groups.ts `Grouping.keyOf`). */
  groupKey(code: number): GroupKey {
    if (this.none) return '';
    return this.folds.length === 0 ? singleGroupKey(this.columns[0].values[code]) : compositeKey(this.tuples[code]);
  }

  /** The code whose record-path map key is `key`, or -1 (rare: a sliding window's late row asks). */
  codeOfGroupKey(key: GroupKey): number {
    const map = (this.byGroupKey ??= new Map());
    for (; this.mapped < this.size; this.mapped++) map.set(this.groupKey(this.mapped), this.mapped);
    return map.get(key) ?? -1;
  }
}
