/**
 * The OVER operator (dialect §7): appends each `f(…) OVER (…)` call's value to the record as
 * the call's output field (the select list above reads it). Several calls with different
 * PARTITION BY / ORDER BY / frames / buffers run side by side, each with its own partitions.
 * One output row per input row; with EMIT ON BUFFER FULL only while that call's buffer holds its
 * n rows. Headers, event time and key pass through unchanged (§10.3). A record holding exactly
 * the known input columns gets its output fields from one generated literal (operators/shape.ts).
 */
import { outputColumns, type OverNode } from '../../plan/logical';
import type { Value } from '../../types/values/types';
import { fieldRead, hasExactly, literalBuilder, type Fields } from '../operators/shape';
import type { Batch, StreamRecord } from '../../types/record';
import type { RowContext } from '../context';
import { newContext, recordError, type Operator, type OperatorEnv } from '../operators/operator';
import { OverPartitions } from './partitions';

type OverFieldsBuilder = (input: Fields, values: Value[]) => Fields;

export class OverOperator implements Operator {
  protected readonly calls: OverPartitions[];
  protected readonly ctx: RowContext;
  /** Input columns and the literal appending the calls' values to them; null when unknown. */
  private readonly shape: { names: string[]; build: OverFieldsBuilder } | null;
  /** The calls' values for the current record. */
  protected readonly values: Value[];

  constructor(
    node: OverNode,
    protected readonly env: OperatorEnv,
    protected readonly downstream: Operator,
  ) {
    this.calls = node.calls.map((call) => new OverPartitions(call, env.compile));
    this.ctx = newContext(env);
    this.values = new Array<Value>(this.calls.length);
    const names = outputColumns(node.input)?.map((c) => c.name) ?? null;
    const build =
      names &&
      literalBuilder<OverFieldsBuilder>(
        ['f', 'v'],
        [
          ...names.map((name): [string, string] => [name, fieldRead('f', name)]),
          ...this.calls.map((call, i): [string, string] => [call.field, `v[${i}]`]),
        ],
      );
    this.shape = names && build ? { names, build } : null;
  }

  push(batch: Batch): void {
    const out: Batch = [];
    this.acceptRows(batch, 0, out);
    this.finishBatch(out);
  }

  /** Runs `batch[from…]` through the calls, appending the rows to emit to `out`. */
  protected acceptRows(batch: Batch, from: number, out: Batch): void {
    const { calls, ctx, values } = this;
    for (let j = from; j < batch.length; j++) {
      const r = batch[j];
      ctx.record = r;
      try {
        const inputs = calls.map((c) => c.input(r, ctx));
        let emit = true;
        for (let i = 0; i < calls.length; i++) {
          const call = calls[i];
          values[i] = call.accept(inputs[i]);
          if (call.emitOnlyWhenFull && !call.lastFull) emit = false;
        }
        if (emit) out.push(this.output(r));
      } catch (e) {
        recordError(this.env, e, r);
      }
    }
  }

  protected finishBatch(out: Batch): void {
    for (const call of this.calls) call.forgetIdle();
    if (out.length > 0) this.downstream.push(out);
  }

  /** The output row of `r` with the calls' current `values`. */
  protected output(r: StreamRecord): StreamRecord {
    return { ...r, fields: this.fieldsOf(r.fields) };
  }

  /** The input fields followed by each call's value under its output field. */
  private fieldsOf(input: Fields): Fields {
    const { shape, calls, values } = this;
    if (shape !== null && hasExactly(input, shape.names)) return shape.build(input, values);
    const fields = { ...input };
    for (let i = 0; i < calls.length; i++) fields[calls[i].field] = values[i];
    return fields;
  }

  flush(endOfInput: boolean): void {
    this.downstream.flush(endOfInput);
  }
}
