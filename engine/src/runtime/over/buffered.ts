/**
 * Partition state that keeps rows (dialect §7.1 buffers, and the bounded frames of §7.2): the
 * rows in arrival order, at most `capacity` of them (the oldest is dropped first). Each arriving
 * row is the current row; the function is evaluated over the ordered view of the rows,
 * restricted to the frame for aggregates and NTH_VALUE.
 *
 * The buffer form orders the view by ORDER BY (a stable sort, only when rows arrived out of
 * order); the standard form takes arrival order as ORDER BY order and never re-sorts.
 *
 * Aggregates whose frame is the whole view (a buffer without a frame clause, `ROWS k PRECEDING
 * AND CURRENT ROW`, RANGE frames once the rows before them are dropped) are kept up to date row
 * by row instead of being recomputed (sliding.ts).
 */
import type { Value } from '../../types/values/types';
import {
  compareSortKeys,
  cumeDist,
  denseRank,
  ntile,
  nthValue,
  percentRank,
  rank,
} from '../../types/functions/window';
import { countArg, type Entry, type OverFunction, type PartitionState } from './call';
import { frameRange, type Frame } from './frame';
import type { SlidingAggregate } from './sliding';

export interface BufferedConfig {
  fn: OverFunction;
  /** Rows kept; Infinity when only `dropBeforeFrame` bounds them. */
  capacity: number;
  /** Order the view by ORDER BY (buffer form) instead of trusting arrival order. */
  sortView: boolean;
  descending: boolean[];
  /** null: the whole view (buffer form without a frame clause). */
  frame: Frame | null;
  /** Forget rows before the current frame's start (standard-form RANGE: later frames start later). */
  dropBeforeFrame: boolean;
  /**
   * The aggregate's O(1) form (sliding.ts), used whenever the frame is the whole view and it
   * can answer exactly; null: recompute the aggregate over the frame for every row.
   */
  sliding: (() => SlidingAggregate) | null;
}

export class BufferedRows implements PartitionState {
  private rows: Entry[] = [];
  /** Arrival order equals ORDER BY order (then the rows are their own view). */
  private inOrder = true;
  /** The aggregate kept up to date as rows enter and leave (null: recompute every frame). */
  private readonly window: SlidingAggregate | null;

  constructor(private readonly config: BufferedConfig) {
    this.window = config.sliding?.() ?? null;
  }

  get full(): boolean {
    return this.rows.length >= this.config.capacity;
  }

  accept(entry: Entry): Value {
    const { rows, config, window } = this;
    if (config.sortView && rows.length > 0 && this.compare(rows[rows.length - 1], entry) > 0)
      this.inOrder = false;
    rows.push(entry);
    window?.add(entry.args);
    if (rows.length > config.capacity) {
      const evicted = rows.shift()!;
      window?.remove(evicted.args);
      if (!this.inOrder)
        this.inOrder = rows.every((r, i) => i === 0 || this.compare(rows[i - 1], r) <= 0);
    }
    let view = this.inOrder ? rows : [...rows].sort((a, b) => this.compare(a, b));
    let cur = this.inOrder ? rows.length - 1 : view.indexOf(entry);
    let [start, end] = config.frame
      ? frameRange(config.frame, view, cur, config.descending[0] ?? false)
      : [0, view.length - 1];
    if (config.dropBeforeFrame && start > 0) {
      // Only without sortView, so `view` is `rows` in arrival order.
      for (let i = 0; i < start; i++) window?.remove(rows[i].args);
      view = this.rows = rows.slice(start);
      cur -= start;
      end -= start;
      start = 0;
    }
    if (window && start === 0 && end === view.length - 1) {
      const value = window.result(this.inOrder);
      if (value !== undefined) return value;
    }
    return evaluate(config.fn, view, cur, start, end, config.descending);
  }

  private compare(a: Entry, b: Entry): number {
    return compareSortKeys(a.order, b.order, this.config.descending);
  }
}

/** The value of `fn` for row `cur` of `view`, with frame rows `start..end` (inclusive). */
function evaluate(
  fn: OverFunction,
  view: readonly Entry[],
  cur: number,
  start: number,
  end: number,
  descending: boolean[],
): Value {
  if (fn.kind === 'aggregate') {
    const acc = fn.fn.create({ distinct: false, constantArgs: [] });
    for (let i = start; i <= end; i++) acc.add(view[i].args);
    return acc.result();
  }
  const args = view[cur].args;
  const keys = () => view.map((e) => e.order);
  switch (fn.name) {
    case 'LAG':
    case 'LEAD': {
      const offset = countArg(fn.name, args[1], 1, 0);
      const i = fn.name === 'LAG' ? cur - offset : cur + offset;
      return i >= 0 && i < view.length ? view[i].args[0] : (args[2] ?? null);
    }
    case 'ROW_NUMBER':
      return cur + 1;
    case 'RANK':
      return rank(keys(), view[cur].order, descending);
    case 'DENSE_RANK':
      return denseRank(keys(), view[cur].order, descending);
    case 'PERCENT_RANK':
      return percentRank(keys(), view[cur].order, descending);
    case 'CUME_DIST':
      return cumeDist(keys(), view[cur].order, descending);
    case 'NTILE':
      return ntile(countArg(fn.name, args[0], 1, 1), cur, view.length);
    case 'NTH_VALUE': {
      const frameValues = end >= start ? view.slice(start, end + 1).map((e) => e.args[0]) : [];
      return nthValue(frameValues, countArg(fn.name, args[1], 1, 1));
    }
  }
}
