/**
 * A select list over a Scan built from the typed columns of a deferred batch
 * (plan/scan-projection.ts says which): each output record is made straight from the columns —
 * its fields in one generated literal, products computed as the record path's `*` computes
 * them — and the input records are never built. A batch without such columns (records from a
 * source that does not defer, headers, event times, a column that is not typed) is projected
 * record by record.
 */
import type { ScanProjectedField } from '../../plan/scan-projection';
import type { ProjectNode } from '../../plan/logical';
import { columnsOf, recordsOf } from '../../types/columns';
import type { Batch } from '../../types/record';
import { ColumnFields } from '../columnar/column-fields';
import { recordError, type Operator, type OperatorEnv } from './operator';
import { ProjectOperator } from './stateless';

export class ColumnarProjectOperator extends ProjectOperator {
  readonly takesDeferred = true;
  private readonly fromColumns: ColumnFields<undefined>;

  constructor(node: ProjectNode, fields: readonly ScanProjectedField[], env: OperatorEnv, downstream: Operator) {
    super(node, env, downstream);
    this.fromColumns = new ColumnFields(fields);
  }

  override push(batch: Batch): void {
    const columns = columnsOf(batch);
    const uniform = columns?.uniform;
    const fields = uniform !== undefined && columns!.noHeaders && columns!.noEventTime ? this.fromColumns.forBatch(columns!) : null;
    if (fields === null) return super.push(recordsOf(batch));
    const { timestamp, partition, firstOffset } = uniform!;
    const out: Batch = [];
    for (let i = 0; i < batch.length; i++) {
      try {
        out.push({ fields: fields(i, undefined), timestamp, eventTime: null, offset: firstOffset + i, partition, key: null, headers: null });
      } catch (e) {
        // A product past the integer range: the row's error, reported with its (now built) record.
        recordError(this.env, e, recordsOf(batch)[i]);
      }
    }
    if (out.length > 0) this.downstream.push(out);
  }
}
