/**
 * Operators that shape the output stream: DISTINCT (§4.2), ORDER BY per processing step and
 * LIMIT over the query's life (§4.5), and the terminal operator that hands batches to the host
 * and calls the per-output-record metric hook (§13.4).
 */
import type { SortNode } from '../../plan/logical';
import type { Batch, StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import { compileExpr, type CompiledExpr } from '../compile';
import { compositeKey, orderCompare } from '../../types/values/compare';
import { newContext, type Operator, type OperatorEnv } from './operator';

/** Rows remembered by DISTINCT; the oldest is forgotten first. */
export const DISTINCT_MEMORY = 100_000;

export class DistinctOperator implements Operator {
  /** Insertion-ordered, so the first entry is the oldest. */
  private readonly seen = new Set<string>();

  constructor(
    private readonly downstream: Operator,
    private readonly memory = DISTINCT_MEMORY,
  ) {}

  push(batch: Batch): void {
    const out: Batch = [];
    for (const r of batch) {
      const key = compositeKey(Object.values(r.fields));
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      if (this.seen.size > this.memory) this.seen.delete(this.seen.values().next().value as string);
      out.push(r);
    }
    if (out.length > 0) this.downstream.push(out);
  }

  flush(endOfInput: boolean): void {
    this.downstream.flush(endOfInput);
  }
}

/** Sorts each batch it receives; upstream operators push one batch per processing step. */
export class SortOperator implements Operator {
  private readonly keys: { value: CompiledExpr; direction: number }[];

  constructor(
    node: SortNode,
    private readonly env: OperatorEnv,
    private readonly downstream: Operator,
  ) {
    this.keys = node.keys.map((k) => ({ value: compileExpr(k.expr, env.compile), direction: k.descending ? -1 : 1 }));
  }

  push(batch: Batch): void {
    const ctx = newContext(this.env);
    const sortValues = batch.map((r) => {
      ctx.record = r;
      return { r, values: this.keys.map((k) => k.value(r, ctx)) };
    });
    sortValues.sort((a, b) => this.compare(a.values, b.values)); // stable: ties keep arrival order
    this.downstream.push(sortValues.map((s) => s.r));
  }

  private compare(a: Value[], b: Value[]): number {
    for (let i = 0; i < this.keys.length; i++) {
      const c = orderCompare(a[i], b[i]);
      if (c !== 0) return c * this.keys[i].direction;
    }
    return 0;
  }

  flush(endOfInput: boolean): void {
    this.downstream.flush(endOfInput);
  }
}

/** LIMIT n: passes the first n records of the query's life; later ones are discarded. */
export class LimitOperator implements Operator {
  private remaining: number;

  constructor(
    count: number,
    private readonly downstream: Operator,
  ) {
    this.remaining = count;
  }

  push(batch: Batch): void {
    if (this.remaining <= 0) return;
    const out = batch.length <= this.remaining ? batch : batch.slice(0, this.remaining);
    this.remaining -= out.length;
    this.downstream.push(out);
  }

  flush(endOfInput: boolean): void {
    this.downstream.flush(endOfInput);
  }
}

/** Per output record hook (metrics, alerts): called before the batch goes to the host. */
export type OutputRecordHook = (record: StreamRecord) => void;

export class OutputOperator implements Operator {
  constructor(
    private readonly env: OperatorEnv,
    private readonly deliver: (batch: Batch) => void,
    private readonly hook: OutputRecordHook | null,
  ) {}

  push(batch: Batch): void {
    if (batch.length === 0) return;
    this.env.counters.recordsOut += batch.length;
    if (this.hook) for (const r of batch) this.hook(r);
    this.deliver(batch);
  }

  flush(): void {}
}
