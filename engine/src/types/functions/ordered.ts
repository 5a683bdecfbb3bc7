/**
 * ⊕X34 `STRING_AGG(x, sep ORDER BY y [DESC], …)`: aggregation in ORDER BY order instead of
 * arrival order. Each row's arguments arrive followed by its sort key values; the rows are kept,
 * and the result feeds them, sorted, to a fresh accumulator. Ties keep arrival order (the sort is
 * stable, and `merge` appends a later pane's rows after this one's).
 */
import type { Value } from '../values/types';
import { orderCompare } from '../values/compare';
import type { Accumulator } from './types';

export class OrderedAccumulator implements Accumulator {
  private readonly rows: Value[][] = [];
  private sorted = true;

  /** `descending`: one flag per sort key; the last `descending.length` arguments of `add` are the keys. */
  constructor(
    private readonly create: () => Accumulator,
    private readonly descending: readonly boolean[],
  ) {}

  add(args: Value[]): void {
    this.rows.push(args.slice()); // the caller may reuse its argument array
    this.sorted = false;
  }

  merge(other: Accumulator): void {
    for (const row of (other as OrderedAccumulator).rows) this.rows.push(row);
    this.sorted = false;
  }

  result(): Value {
    const keysAt = (this.rows[0]?.length ?? 0) - this.descending.length;
    if (!this.sorted) {
      this.rows.sort((a, b) => {
        for (let i = 0; i < this.descending.length; i++) {
          const c = orderCompare(a[keysAt + i], b[keysAt + i]);
          if (c !== 0) return this.descending[i] ? -c : c;
        }
        return 0;
      });
      this.sorted = true;
    }
    const acc = this.create();
    for (const row of this.rows) acc.add(row.slice(0, keysAt));
    return acc.result();
  }
}
