/**
 * DISTINCT aggregation (COUNT(DISTINCT x), SUM(DISTINCT x), ⊕X5): feeds the wrapped accumulator
 * only the first occurrence of each value, by grouping key, so 12.5 and 12.50 count once.
 */
import type { Value } from '../values/types';
import { groupKey } from '../values/compare';
import type { Accumulator } from './types';

export class DistinctAccumulator implements Accumulator {
  /** Value arguments of each distinct first argument (merge replays the other pane's set). */
  private readonly seen = new Map<string, Value[]>();

  constructor(private readonly inner: Accumulator) {}

  add(args: Value[]): void {
    const v = args[0];
    if (v === null || v === undefined) return; // DISTINCT ignores NULL, like every aggregate
    const key = groupKey(v);
    if (this.seen.has(key)) return;
    const copy = args.slice(); // the caller may reuse its argument array
    this.seen.set(key, copy);
    this.inner.add(copy);
  }

  merge(other: Accumulator): void {
    for (const [key, args] of (other as DistinctAccumulator).seen) {
      if (this.seen.has(key)) continue;
      this.seen.set(key, args);
      this.inner.add(args);
    }
  }

  result(): Value {
    return this.inner.result();
  }
}
