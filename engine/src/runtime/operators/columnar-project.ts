/**
 * A select list over a Scan, or over a WHERE on columns over a Scan, built from the typed
 * columns of a deferred batch (plan/scan-projection.ts says which): the rows the comparisons
 * select (columnar-filter.ts) get their output records made straight from the columns — fields
 * in one generated literal, products computed as the record path's `*` computes them — and the
 * input records are never built. A batch without such columns (records from a source that does
 * not defer, headers, event times, a column that is not typed) is filtered and projected record
 * by record.
 */
import type { ScanProjection } from '../../plan/scan-projection';
import type { ProjectNode } from '../../plan/logical';
import { columnsOf, recordsOf } from '../../types/columns';
import type { Batch } from '../../types/record';
import { ColumnFields } from '../columnar/column-fields';
import { RowSelection } from './columnar-filter';
import { recordError, type Operator, type OperatorEnv } from './operator';
import { FilterOperator, ProjectOperator } from './stateless';

export class ColumnarProjectOperator extends ProjectOperator {
  readonly takesDeferred = true;
  private readonly fromColumns: ColumnFields<undefined>;
  private readonly selection: RowSelection | null;
  /** The record path: the WHERE's own filter in front of this select list, or the select list. */
  private readonly records: Operator;

  constructor(node: ProjectNode, shape: ScanProjection, env: OperatorEnv, downstream: Operator) {
    super(node, env, downstream);
    this.fromColumns = new ColumnFields(shape.fields);
    this.selection = shape.filter === null ? null : new RowSelection(shape.filter.comparisons);
    const project: Operator = { push: (batch) => this.projectRecords(batch), flush: () => {} };
    this.records = shape.filter === null ? project : new FilterOperator(shape.filter.filter, env, project);
  }

  override push(batch: Batch): void {
    const columns = columnsOf(batch);
    const uniform = columns?.uniform;
    const fields = uniform !== undefined && columns!.noHeaders && columns!.noEventTime ? this.fromColumns.forBatch(columns!) : null;
    const selected = fields === null ? -1 : this.selection === null ? batch.length : this.selection.select(columns!, batch.length);
    if (selected < 0) return this.records.push(recordsOf(batch));
    const rows = this.selection?.rows;
    const { timestamp, partition, firstOffset } = uniform!;
    const out: Batch = [];
    for (let k = 0; k < selected; k++) {
      const i = rows === undefined ? k : rows[k];
      try {
        out.push({ fields: fields!(i, undefined), timestamp, eventTime: null, offset: firstOffset + i, partition, key: null, headers: null });
      } catch (e) {
        // A product past the integer range: the row's error, reported with its (now built) record.
        recordError(this.env, e, recordsOf(batch)[i]);
      }
    }
    if (out.length > 0) this.downstream.push(out);
  }

  private projectRecords(batch: Batch): void {
    super.push(batch);
  }
}
