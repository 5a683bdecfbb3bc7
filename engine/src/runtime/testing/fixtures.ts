/**
 * Test support for the runtime: input records, running a plan over batches, and minimal
 * aggregate functions (COUNT, SUM, MIN, MAX) built on the values module so operator tests do
 * not depend on the whole function catalogue.
 */
import type { LogicalPlan } from '../../plan/logical';
import type { Accumulator, AggregateFunction } from '../../types/functions/types';
import type { Batch, StreamRecord } from '../../types/record';
import { Scaled, type Value } from '../../types/values/types';
import { formatValue } from '../../types/values/format';
import { add } from '../../types/values/arith';
import { orderCompare } from '../../types/values/compare';
import { buildPipeline, type RuntimeOptions } from '../physical';

/** An input record; `t` is its event time (epoch ms), `ts` its processing time. */
export function rec(fields: Record<string, Value>, t: number | null = null, extra: Partial<StreamRecord> = {}): StreamRecord {
  return { fields, timestamp: extra.timestamp ?? 0, eventTime: t, offset: 0, partition: 0, key: null, headers: null, ...extra };
}

/** A value as exact text with its type, so 1 ≠ 1.0 ≠ '1' and decimals compare digit for digit (differential tests). */
export function typed(v: Value): string {
  if (v instanceof Scaled) return `decimal(${v.scale}):${formatValue(v)}`;
  if (typeof v === 'number') return `${Number.isInteger(v) ? 'int' : 'float'}:${Object.is(v, -0) ? '-0' : String(v)}`;
  return `${typeof v}:${formatValue(v)}`;
}

/** Runs a plan synchronously over `batches` (then end of input); returns the output batches. */
export function runBatches(plan: LogicalPlan, batches: Batch[], options: RuntimeOptions & { endOfInput?: boolean } = {}) {
  const out: Batch[] = [];
  const pipeline = buildPipeline(plan, (b) => out.push(b), options);
  for (const b of batches) pipeline.input.push(b);
  if (options.endOfInput ?? true) pipeline.input.flush(true);
  return { batches: out, rows: out.flat().map((r) => r.fields), records: out.flat(), counters: pipeline.counters };
}

/** Runs a plan with each record in its own batch (record-at-a-time arrival). */
export function runRecords(plan: LogicalPlan, records: StreamRecord[], options: RuntimeOptions & { endOfInput?: boolean } = {}) {
  return runBatches(plan, records.map((r) => [r]), options);
}

function aggregateFn(name: string, create: () => Accumulator, valueArgs = 1): AggregateFunction {
  return {
    name,
    aliases: [],
    kind: 'aggregate',
    minArgs: valueArgs,
    maxArgs: valueArgs,
    signature: `${name}(x)`,
    doc: '',
    returnType: () => 'any',
    valueArgs,
    withinGroup: false,
    create,
  };
}

class Count implements Accumulator {
  n = 0;
  add(args: Value[]): void {
    if (args.length === 0 || args[0] !== null) this.n++;
  }
  merge(other: Accumulator): void {
    this.n += (other as Count).n;
  }
  result(): Value {
    return this.n;
  }
}

class Sum implements Accumulator {
  sum: Value = null;
  add(args: Value[]): void {
    if (args[0] !== null) this.sum = this.sum === null ? args[0] : add(this.sum, args[0]);
  }
  merge(other: Accumulator): void {
    const o = (other as Sum).sum;
    if (o !== null) this.sum = this.sum === null ? o : add(this.sum, o);
  }
  result(): Value {
    return this.sum;
  }
}

class Extreme implements Accumulator {
  value: Value = null;
  constructor(private readonly sign: number) {}
  add(args: Value[]): void {
    const v = args[0];
    if (v !== null && (this.value === null || orderCompare(v, this.value) * this.sign > 0)) this.value = v;
  }
  merge(other: Accumulator): void {
    this.add([(other as Extreme).value]);
  }
  result(): Value {
    return this.value;
  }
}

export const COUNT = aggregateFn('COUNT', () => new Count(), 0);
export const COUNT_X = aggregateFn('COUNT', () => new Count());
export const SUM = aggregateFn('SUM', () => new Sum());
export const MIN = aggregateFn('MIN', () => new Extreme(-1));
export const MAX = aggregateFn('MAX', () => new Extreme(1));
