/**
 * Row-at-a-time operators without aggregation state: WHERE (Filter) and the select list of a
 * non-aggregating query (Project). Headers pass through unchanged unless SET_HEADER/REMOVE_HEADER
 * write them (§10.3); event time passes through unless an item is `AS _EVENT_TIME` (§10.2).
 */
import type { FilterNode, ProjectNode } from '../../plan/logical';
import type { Batch, StreamRecord } from '../../types/record';
import { compilePredicate, type CompiledPredicate } from '../compile';
import type { RowContext } from '../context';
import { OutputProjection, PENDING_FIELDS } from './output';
import { newContext, recordError, type Operator, type OperatorEnv } from './operator';

export class FilterOperator implements Operator {
  private readonly predicate: CompiledPredicate;
  private readonly ctx: RowContext;

  constructor(
    node: FilterNode,
    private readonly env: OperatorEnv,
    protected readonly downstream: Operator,
  ) {
    this.predicate = compilePredicate(node.predicate, env.compile);
    this.ctx = newContext(env);
  }

  push(batch: Batch): void {
    const out: Batch = [];
    const { predicate, ctx } = this;
    for (const r of batch) {
      ctx.record = r;
      try {
        if (predicate(r, ctx)) out.push(r);
      } catch (e) {
        recordError(this.env, e, r);
      }
    }
    if (out.length > 0) this.downstream.push(out);
  }

  flush(endOfInput: boolean): void {
    this.downstream.flush(endOfInput);
  }
}

export class ProjectOperator implements Operator {
  private readonly projection: OutputProjection;
  private readonly ctx: RowContext;

  constructor(
    node: ProjectNode,
    protected readonly env: OperatorEnv,
    protected readonly downstream: Operator,
  ) {
    this.projection = new OutputProjection(node, env.compile);
    this.ctx = newContext(env);
  }

  push(batch: Batch): void {
    const out: Batch = [];
    for (const r of batch) {
      try {
        out.push(this.project(r));
      } catch (e) {
        recordError(this.env, e, r);
      }
    }
    if (out.length > 0) this.downstream.push(out);
  }

  /** The output record of one input record (a lookup join projecting its own output calls this too). */
  project(r: StreamRecord): StreamRecord {
    const { projection, ctx } = this;
    const record: StreamRecord = {
      fields: PENDING_FIELDS,
      timestamp: r.timestamp,
      eventTime: r.eventTime,
      offset: r.offset,
      partition: r.partition,
      key: null,
      headers: projection.headersFor(r.headers),
    };
    ctx.record = record;
    projection.fill(record, r, ctx, null);
    return record;
  }

  flush(endOfInput: boolean): void {
    this.downstream.flush(endOfInput);
  }
}
