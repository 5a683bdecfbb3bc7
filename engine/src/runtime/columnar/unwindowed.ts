/**
 * GROUP BY without a window over columnar batches: one struct-of-arrays table of every group,
 * its rows emitted as UnwindowedAggregate emits its map — under EMIT CHANGES the row of each
 * input's group, under EMIT FINAL every group at the end of input in order of arrival. Falls
 * back to the record path for good at the first row the columns cannot hold (see tumbling.ts):
 * the table becomes that map of `Group`s.
 */
import type { AggregateNode } from '../../plan/logical';
import type { ColumnarShape } from '../../plan/columnar';
import type { Batch } from '../../types/record';
import { recordsOf } from '../../types/columns';
import type { Operator, OperatorEnv } from '../operators/operator';
import { UnwindowedAggregate } from '../aggregation/unwindowed';
import type { Columnizer } from './batch';
import { GroupTable, columnarParts, columnarRest, type TableLayout } from './table';

export class ColumnarUnwindowedAggregate extends UnwindowedAggregate {
  readonly takesDeferred = true;
  private readonly columnizer: Columnizer;
  private readonly layout: TableLayout;
  /** Every group while columnar; null once the operator fell back to the record path. */
  private table: GroupTable | null;

  constructor(node: AggregateNode, shape: ColumnarShape, env: OperatorEnv, downstream: Operator) {
    super(node, env, downstream);
    ({ columnizer: this.columnizer, layout: this.layout } = columnarParts(shape, env));
    this.table = new GroupTable(this.layout, 0);
  }

  /** Whether this operator still runs columnar. */
  get isColumnar(): boolean {
    return this.table !== null;
  }

  override push(batch: Batch): void {
    const table = this.table;
    const rest = table !== null ? columnarRest(this.columnizer, this.layout, batch, (_, n) => this.addRows(table, n), () => this.fallBack(table)) : recordsOf(batch);
    if (rest === null) this.emitter.endStep();
    else super.push(rest);
  }

  /** From here on the record path: every group becomes a `Group` in `groups`. */
  private fallBack(table: GroupTable): void {
    table.moveInto(this.groups, this.columnizer.keys);
    this.table = null;
  }

  /** Adds the first `n` rows (in the columns); returns how many were added. */
  private addRows(table: GroupTable, n: number): number {
    const { time, codes } = this.columnizer.columns;
    for (let j = 0; j < n; j++) {
      const before = table.size;
      const g = table.groupOf(codes[j]);
      if (table.size !== before) this.env.counters.groups++;
      if (!table.add(g, j, time[j])) return j;
      if (this.changes) table.emit(g, this.columnizer.keys, this.emitter, null, null);
    }
    return n;
  }

  override flush(endOfInput: boolean): void {
    const table = this.table;
    if (endOfInput && table !== null && !this.changes) {
      for (let g = 0; g < table.size; g++) table.emit(g, this.columnizer.keys, this.emitter, null, null);
    }
    super.flush(endOfInput);
  }
}
