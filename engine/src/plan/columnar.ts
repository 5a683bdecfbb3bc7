/**
 * Which aggregates run on the columnar batch path (runtime/columnar/), decided from the plan's
 * shape alone so `explain` shows the choice the runtime makes. Covered: EMIT FINAL over a
 * TUMBLING or SLIDING window or a SESSION window without `partition_col` (the window time a
 * column or the record's event time) or without a window, EMIT CHANGES over a TUMBLING window
 * or without a window,
 * GROUP BY columns or expressions (or none: one group), and COUNT / SUM / AVG / MIN / MAX / STDDEV /
 * VARIANCE / FIRST_VALUE / LAST_VALUE of a column or an expression (SUM of a product of two
 * columns multiplied in place), with HAVING
 * and the select list reading only keys, aggregates and window bounds. Everything else runs
 * record at a time. The data can still send a columnar operator back to the record path (a
 * value the typed columns do not hold); see runtime/columnar/tumbling.ts.
 */
import type { AggregateCall, AggregateNode, PlanExpr } from './logical';
import { effectiveEmit } from './logical';
import type { Accumulator } from '../types/functions/types';
import { isCorrelatedColumn } from './planner-scope';
import { CONTEXTUAL_FUNCTIONS, readsInputAfterAggregation, someNode } from './expr-reads';
import { exprKey } from './planner-exprs';

/** One aggregate call as the columnar path computes it; `columns` are the input columns it reads. */
export type ColumnarAggregate =
  | { kind: 'count'; columns: string[] }
  | { kind: 'sum' | 'avg' | 'min' | 'max'; columns: [string] }
  | { kind: 'sumProduct'; columns: [string, string] }
  /** STDDEV, STDDEV_POP, VARIANCE, VAR_POP: Welford moments, finished by the catalogue's own accumulator. */
  | { kind: 'moments'; columns: [string]; create: () => Accumulator }
  /** FIRST_VALUE, LAST_VALUE: the first or last non-NULL value in arrival order (the catalogue's accumulator on fallback). */
  | { kind: 'first' | 'last'; columns: [string]; create: () => Accumulator };

/** The aggregates kept as moments (count, mean, sum of squared deviations), by catalogue name. */
const MOMENTS = new Set(['STDDEV', 'STDDEV_POP', 'VARIANCE', 'VAR_POP']);

export interface ColumnarShape {
  /** TUMBLING, SLIDING or SESSION, or no window (one group per key for the whole bounded input). */
  windowed: boolean;
  /** The GROUP BY columns, in GROUP BY order (a computed column's name for an expression); none: one group. */
  keys: string[];
  /** The window time column; null for the record's event time (windowed: else its processing time). */
  time: string | null;
  aggregates: ColumnarAggregate[];
  /** GROUP BY expressions and aggregate arguments that are not plain columns, computed per row under `name`. */
  computed: ComputedColumn[];
}

/** An expression evaluated per row into a column of its own (`#expr0`, …: not a payload field's name as far as the shape goes). */
export interface ComputedColumn {
  name: string;
  expr: PlanExpr;
}

export function columnarShape(node: AggregateNode): ColumnarShape | null {
  const window = node.window;
  if (window?.kind === 'session' && window.partitionBy !== null) return null;
  // EMIT CHANGES re-emits a group's row per input: columnar where a row joins one window (or none).
  if (effectiveEmit(node) === 'changes' && window !== null && window.kind !== 'tumbling') return null;
  if (readsInputAfterAggregation(node)) return null;
  const computed: ComputedColumn[] = [];
  const keys: string[] = [];
  for (const e of node.groupBy) {
    const key = columnOrComputed(e, computed);
    if (key === null) return null;
    keys.push(key);
  }
  const timeColumn = window?.timeColumn ?? null;
  const time = timeColumn === null ? null : columnName(timeColumn);
  if (time === null && timeColumn !== null) return null;
  const aggregates: ColumnarAggregate[] = [];
  for (const call of node.aggregates) {
    const aggregate = columnarAggregate(call, computed);
    if (aggregate === null) return null;
    aggregates.push(aggregate);
  }
  return { windowed: window !== null, keys, time, aggregates, computed };
}

/**
 * The column an expression is: its name when it is a plain column, else its computed column
 * (one per distinct expression, so each is evaluated once per row) — unless it reads something a
 * per-row evaluation ahead of the record path could get wrong (the clock, randomness, headers, an
 * outer query's record, a subquery).
 */
function columnOrComputed(e: PlanExpr, computed: ComputedColumn[]): string | null {
  const name = columnName(e);
  if (name !== null) return name;
  const unsafe = someNode(e, (x) => x.kind === 'subquery' || isCorrelatedColumn(x) || (x.kind === 'call' && CONTEXTUAL_FUNCTIONS.has(x.fn.name)));
  if (unsafe) return null;
  const key = exprKey(e);
  const known = computed.find((c) => exprKey(c.expr) === key);
  if (known !== undefined) return known.name;
  const column = { name: `#expr${computed.length}`, expr: e };
  computed.push(column);
  return column.name;
}

function columnarAggregate(call: AggregateCall, computed: ComputedColumn[]): ColumnarAggregate | null {
  if (call.distinct || call.constantArgs.length > 0 || call.args.length > 1) return null;
  const arg = call.args[0];
  const name = call.fn.name;
  if (name === 'COUNT') {
    if (arg === undefined) return { kind: 'count', columns: [] };
    const column = columnOrComputed(arg, computed);
    return column === null ? null : { kind: 'count', columns: [column] };
  }
  if (arg === undefined) return null;
  if (name === 'SUM' && arg.kind === 'binary' && arg.op === '*') {
    const left = columnName(arg.left);
    const right = columnName(arg.right);
    if (left !== null && right !== null) return { kind: 'sumProduct', columns: [left, right] };
  }
  const column = columnOrComputed(arg, computed);
  if (column === null) return null;
  const create = (): Accumulator => call.fn.create({ distinct: false, constantArgs: [] });
  if (MOMENTS.has(name)) return { kind: 'moments', columns: [column], create };
  switch (name) {
    case 'SUM':
      return { kind: 'sum', columns: [column] };
    case 'AVG':
      return { kind: 'avg', columns: [column] };
    case 'MIN':
      return { kind: 'min', columns: [column] };
    case 'MAX':
      return { kind: 'max', columns: [column] };
    case 'FIRST_VALUE':
      return { kind: 'first', columns: [column], create };
    case 'LAST_VALUE':
      return { kind: 'last', columns: [column], create };
    default:
      return null;
  }
}

/** The payload column an expression reads when it is just a column reference. */
export function columnName(e: PlanExpr): string | null {
  return e.kind === 'column' && !isCorrelatedColumn(e) ? e.name : null;
}
