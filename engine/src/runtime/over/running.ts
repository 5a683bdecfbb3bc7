/**
 * O(1) running state for the standard OVER form (dialect §7.2): rows arrive in ORDER BY order
 * and each is evaluated as the last row of its partition, so nothing but a few numbers per
 * partition is kept.
 *
 *  - RunningFrame: aggregates and NTH_VALUE over `UNBOUNDED PRECEDING AND …` frames, with the
 *    catalogue's accumulators (exact SUM, Welford variance, MIN/MAX, FIRST/LAST). A frame ending
 *    `k PRECEDING` holds the last k rows back before they enter the frame; FOLLOWING ends see no
 *    look-ahead and act as CURRENT ROW.
 *  - RunningPosition: ROW_NUMBER, RANK and DENSE_RANK (by the last peer key), PERCENT_RANK,
 *    CUME_DIST, NTILE; LAG(x, n) keeps the last n values; LEAD has no row after the current one
 *    yet, so it gives its default.
 */
import type { Value } from '../../types/values/types';
import type { Accumulator } from '../../types/functions/types';
import { compareSortKeys, ntile } from '../../types/functions/window';
import {
  countArg,
  type Entry,
  type OverFunction,
  type PartitionState,
  type PositionalFunction,
} from './call';

export class RunningFrame implements PartitionState {
  readonly full = true;
  private readonly acc: Accumulator | null;
  /** NTH_VALUE: the values of the first rows of the frame, as many as n asks for. */
  private readonly leading: Value[] = [];
  private readonly heldBack: Entry[] = [];

  constructor(
    private readonly fn: OverFunction,
    /** Rows before the current one that are not in the frame yet (`k PRECEDING` end). */
    private readonly lagRows: number,
  ) {
    this.acc = fn.kind === 'aggregate' ? fn.fn.create({ distinct: false, constantArgs: [] }) : null;
  }

  accept(entry: Entry): Value {
    const n = this.acc ? 0 : countArg('NTH_VALUE', entry.args[1], 1, 1);
    this.heldBack.push(entry);
    while (this.heldBack.length > this.lagRows) {
      const row = this.heldBack.shift()!;
      if (this.acc) this.acc.add(row.args);
      else if (this.leading.length < n) this.leading.push(row.args[0]);
    }
    if (this.acc) return this.acc.result();
    return n <= this.leading.length ? this.leading[n - 1] : null;
  }
}

/** The positional functions that ignore the frame. */
export type RankingOrOffset = Exclude<PositionalFunction, 'NTH_VALUE'>;

export class RunningPosition implements PartitionState {
  readonly full = true;
  private count = 0;
  private rank = 0;
  private denseRank = 0;
  private lastOrder: Value[] | null = null;
  /** LAG: the previous values, newest last, as many as the offset. */
  private readonly previous: Value[] = [];

  constructor(
    private readonly name: RankingOrOffset,
    private readonly descending: boolean[],
  ) {}

  accept(entry: Entry): Value {
    this.count++;
    if (
      this.lastOrder === null ||
      compareSortKeys(entry.order, this.lastOrder, this.descending) !== 0
    ) {
      this.rank = this.count;
      this.denseRank++;
      this.lastOrder = entry.order;
    }
    const args = entry.args;
    switch (this.name) {
      case 'ROW_NUMBER':
        return this.count;
      case 'RANK':
        return this.rank;
      case 'DENSE_RANK':
        return this.denseRank;
      case 'PERCENT_RANK':
        return this.count <= 1 ? 0 : (this.rank - 1) / (this.count - 1);
      case 'CUME_DIST':
        return 1; // every row received so far is at or before the current (last) row
      case 'NTILE':
        return ntile(countArg(this.name, args[0], 1, 1), this.count - 1, this.count);
      case 'LAG':
        return this.lag(args);
      case 'LEAD':
        return args[2] ?? null;
    }
  }

  private lag(args: Value[]): Value {
    const offset = countArg('LAG', args[1], 1, 0);
    const previous = this.previous;
    const value =
      offset === 0
        ? args[0]
        : offset <= previous.length
          ? previous[previous.length - offset]
          : (args[2] ?? null);
    previous.push(args[0]);
    if (previous.length > offset) previous.splice(0, previous.length - offset);
    return value;
  }
}
