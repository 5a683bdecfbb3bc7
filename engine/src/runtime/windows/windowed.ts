/**
 * What every windowed aggregate shares (dialect §6.2, §8):
 *  - the record's window time (time column, else `_EVENT_TIME`, else `_TIMESTAMP`);
 *  - the watermark: the max window time seen by the query, advanced record by record;
 *  - `advance()` runs only when the watermark reaches `nextDeadline`, the earliest moment some
 *    window must close (fire) or be forgotten (lateness expired), so the per-record cost is one
 *    comparison;
 *  - EMIT FINAL: rows when a window closes, again on a late firing; EMIT CHANGES: per input the
 *    window-so-far row; end of a bounded input fires every open window (D2).
 *
 * The window kinds (tumbling.ts, sliding.ts, session.ts) implement `accept` (place one record),
 * `advance` (close/forget windows) and `closeAll` (end of input).
 */
import type { AggregateNode, WindowSpec } from '../../plan/logical';
import { allowedLatenessMs, effectiveEmit } from '../../plan/logical';
import type { Batch, StreamRecord } from '../../types/record';
import { compileExpr, type CompiledExpr } from '../compile';
import type { RowContext } from '../context';
import { instantMs, typeName } from '../../types/values/kinds';
import { typeError } from '../../types/values/errors';
import { newContext, recordError, type Operator, type OperatorEnv, type QueryCounters } from '../operators/operator';
import { AggregateEmitter, Grouping } from '../aggregation/groups';

export abstract class WindowedAggregate<W extends WindowSpec = WindowSpec> implements Operator {
  /** Max window time seen so far; -Infinity before the first record. */
  protected watermark = -Infinity;
  /** The watermark at which `advance` has work to do. */
  protected nextDeadline = -Infinity;
  protected readonly grouping: Grouping;
  protected readonly emitter: AggregateEmitter;
  protected readonly changes: boolean;
  protected readonly lateness: number;
  protected readonly ctx: RowContext;
  protected readonly counters: QueryCounters;
  private readonly timeColumn: CompiledExpr | null;

  constructor(
    node: AggregateNode,
    protected readonly window: W,
    protected readonly env: OperatorEnv,
    downstream: Operator,
  ) {
    this.grouping = new Grouping(node, env);
    this.emitter = new AggregateEmitter(node, env, this.grouping, downstream);
    this.changes = effectiveEmit(node) === 'changes';
    this.lateness = allowedLatenessMs(window);
    this.ctx = newContext(env);
    this.counters = env.counters;
    this.timeColumn = window.timeColumn ? compileExpr(window.timeColumn, env.compile) : null;
  }

  /** A record past its window's allowed lateness: counted, then dropped or handed to the host. */
  protected dropTooLate(r: StreamRecord): void {
    this.counters.droppedTooLate++;
    this.env.onTooLate?.(r);
  }

  push(batch: Batch): void {
    const ctx = this.ctx;
    for (const r of batch) {
      ctx.record = r;
      try {
        const t = this.timeOf(r);
        if (t > this.watermark) {
          this.watermark = t;
          this.counters.watermark = t;
          if (t >= this.nextDeadline) this.advance();
        }
        this.accept(r, t);
      } catch (e) {
        recordError(this.env, e, r);
      }
    }
    this.emitter.endStep();
  }

  flush(endOfInput: boolean): void {
    if (endOfInput && !this.changes) this.closeAll();
    this.emitter.flush(endOfInput);
  }

  /** Window time of a record, epoch ms (§6.2). */
  private timeOf(r: StreamRecord): number {
    if (this.timeColumn === null) return r.eventTime ?? r.timestamp;
    const v = this.timeColumn(r, this.ctx);
    const ms = instantMs(v);
    if (ms === null) throw typeError(`window time column must be an epoch-ms Integer or a Timestamp, got ${typeName(v)}`);
    return ms;
  }

  /** Rows of one window closing form their own processing step (ORDER BY sorts them together). */
  protected fire(emitRows: () => void): void {
    this.emitter.endStep();
    emitRows();
    this.emitter.endStep();
  }

  /** Places one record whose window time is `t` (the watermark already includes it). */
  protected abstract accept(r: StreamRecord, t: number): void;
  /** Closes windows whose end ≤ watermark and forgets those past their lateness; updates `nextDeadline`. */
  protected abstract advance(): void;
  /** End of input under EMIT FINAL: fires every window not yet closed. */
  protected abstract closeAll(): void;
}
