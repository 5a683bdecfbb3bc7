/**
 * Stream–table lookup join (dialect §4.4, D10): each stream (left) record is looked up in the
 * table by the ON `=` pairs — latest table row per key — and joined with it.
 *
 * Join kinds, as they can be meaningful when one side is a table that never "ends":
 *  - INNER: a stream record without a matching row (or whose residual ON is FALSE) is dropped;
 *  - LEFT and FULL: it is emitted with NULL table fields;
 *  - RIGHT: like INNER — table rows are never emitted on their own, because a row without a
 *    matching stream record is only known to be unmatched when the stream ends, and a streaming
 *    result should not depend on when that is (the reference emits none either).
 *
 * The table is either the host's (a CREATE TABLE result or a declared table, already loaded) or
 * loaded by this query from a bounded right-side input. In the latter case stream batches that
 * arrive before the table input has ended are held back and joined once it has, so the result
 * does not depend on how the host interleaves the two inputs.
 *
 * With the select list above it fused in (plan/lookup-projection.ts), the join emits the
 * projected records itself (projected.ts); otherwise it emits joined records.
 */
import type { JoinNode } from '../../plan/logical';
import type { LookupProjection } from '../../plan/lookup-projection';
import type { Batch, StreamRecord } from '../../types/record';
import { recordsOf } from '../../types/columns';
import { newContext, recordError, type Operator, type OperatorEnv } from '../operators/operator';
import type { RowContext } from '../context';
import { JoinedRecords } from './combine';
import { compileResidual, joinKeys, type KeyFunction } from './keys';
import { TableIndex, type TableState } from './table';
import { ProjectedLookup } from './projected';
import type { ProjectOperator } from '../operators/stateless';

/** The select list a lookup join emits itself, and its operator for what the fused path does not build. */
export interface LookupFusion {
  shape: LookupProjection;
  project: ProjectOperator;
}

export class LookupJoin implements Operator {
  private readonly index: TableIndex;
  private readonly leftKey: KeyFunction;
  private readonly residual: (joined: StreamRecord, ctx: RowContext) => boolean;
  private readonly joined: JoinedRecords;
  private readonly keepUnmatched: boolean;
  private readonly everyRow: boolean;
  private readonly ctx: RowContext;
  private readonly projected: ProjectedLookup | null;
  /** With the select list fused in, a deferred stream batch may be joined from its typed columns. */
  readonly takesDeferred: boolean;
  /** Stream batches waiting for the table to finish loading; null once it has. */
  private pending: Batch[] | null;
  private streamEnded = false;

  /**
   * `tableLoaded` false: the table is filled by this query's right-side input, whose end
   * (`tableInput().flush(true)`) releases the stream side. With `fused`, downstream is the
   * select list's downstream.
   */
  constructor(
    node: JoinNode,
    private readonly table: TableState,
    tableLoaded: boolean,
    private readonly env: OperatorEnv,
    private readonly downstream: Operator,
    fused: LookupFusion | null = null,
  ) {
    const keys = joinKeys(node, env.compile);
    this.ctx = newContext(env);
    const tableCtx = newContext(env);
    this.index = new TableIndex(table, (row) => {
      tableCtx.record = row;
      try {
        return keys.right(row, tableCtx);
      } catch (e) {
        recordError(env, e, row);
        return null;
      }
    });
    this.leftKey = keys.left;
    this.residual = compileResidual(node, env.compile);
    this.joined = new JoinedRecords(node);
    this.keepUnmatched = node.joinKind === 'left' || node.joinKind === 'full';
    this.everyRow = node.keys.length === 0;
    this.pending = tableLoaded ? null : [];
    this.projected = fused && new ProjectedLookup(fused.shape, table, this.index, this.leftKey, this.joined, fused.project, this.keepUnmatched);
    this.takesDeferred = this.projected !== null;
  }

  /** Where the right side's records go when this query loads the table itself. */
  tableInput(): Operator {
    return {
      push: (batch) => {
        for (const row of batch) this.table.upsert(row);
      },
      flush: (endOfInput) => {
        if (endOfInput) this.tableReady();
      },
    };
  }

  push(batch: Batch): void {
    if (this.pending) {
      // A deferred batch's columns are reused by its source for the next one: build it now.
      this.pending.push(recordsOf(batch));
      return;
    }
    const out: Batch = [];
    const ctx = this.ctx;
    if (this.projected) {
      this.projected.join(batch, ctx, out, (e, r) => recordError(this.env, e, r));
      if (out.length > 0) this.downstream.push(out);
      return;
    }
    for (const r of recordsOf(batch)) {
      ctx.record = r;
      try {
        if (this.everyRow) {
          this.joinEveryRow(r, out);
          continue;
        }
        const match = this.index.get(this.leftKey(r, ctx));
        const joined = match ? this.joined.combine(r, match) : null;
        if (joined && this.residual(joined, ctx)) out.push(joined);
        else if (this.keepUnmatched) out.push(this.joined.combine(r, null));
      } catch (e) {
        recordError(this.env, e, r);
      }
    }
    if (out.length > 0) this.downstream.push(out);
  }

  /** No `=` keys (⊕X32 CROSS JOIN, or ON with only other conditions): every table row is a candidate. */
  private joinEveryRow(r: StreamRecord, out: Batch): void {
    let matched = false;
    for (const row of this.table.rows()) {
      const joined = this.joined.combine(r, row);
      if (this.residual(joined, this.ctx)) {
        out.push(joined);
        matched = true;
      }
    }
    if (!matched && this.keepUnmatched) out.push(this.joined.combine(r, null));
  }

  flush(endOfInput: boolean): void {
    if (endOfInput) this.streamEnded = true;
    if (this.pending) return; // the stream's end is passed on once the table has loaded
    this.downstream.flush(endOfInput);
  }

  private tableReady(): void {
    const held = this.pending ?? [];
    this.pending = null;
    for (const batch of held) this.push(batch);
    if (this.streamEnded) this.downstream.flush(true);
  }
}
