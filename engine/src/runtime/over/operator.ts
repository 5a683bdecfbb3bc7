/**
 * The OVER operator (dialect §7): appends each `f(…) OVER (…)` call's value to the record as
 * the call's output field (the select list above reads it). Several calls with different
 * PARTITION BY / ORDER BY / frames / buffers run side by side, each with its own partitions.
 * One output row per input row; with EMIT ON BUFFER FULL only while that call's buffer holds its
 * n rows. Headers, event time and key pass through unchanged (§10.3).
 */
import type { OverNode } from '../../plan/logical';
import type { Batch } from '../record';
import type { RowContext } from '../context';
import { newContext, recordError, type Operator, type OperatorEnv } from '../operators/operator';
import { OverPartitions } from './partitions';

export class OverOperator implements Operator {
  private readonly calls: OverPartitions[];
  private readonly ctx: RowContext;

  constructor(
    node: OverNode,
    private readonly env: OperatorEnv,
    private readonly downstream: Operator,
  ) {
    this.calls = node.calls.map((call) => new OverPartitions(call, env.compile));
    this.ctx = newContext(env);
  }

  push(batch: Batch): void {
    const out: Batch = [];
    const { calls, ctx } = this;
    for (const r of batch) {
      ctx.record = r;
      try {
        const inputs = calls.map((c) => c.input(r, ctx));
        const fields = { ...r.fields };
        let emit = true;
        for (let i = 0; i < calls.length; i++) {
          const call = calls[i];
          fields[call.field] = call.accept(inputs[i]);
          if (call.emitOnlyWhenFull && !call.lastFull) emit = false;
        }
        if (emit) out.push({ ...r, fields });
      } catch (e) {
        recordError(this.env, e, r);
      }
    }
    for (const call of calls) call.forgetIdle();
    if (out.length > 0) this.downstream.push(out);
  }

  flush(endOfInput: boolean): void {
    this.downstream.flush(endOfInput);
  }
}
