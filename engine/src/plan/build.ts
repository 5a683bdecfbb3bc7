/**
 * Small constructors for plan expressions and nodes, so the planner and tests read as the SQL
 * they stand for: `aggregate(scan('trades'), { groupBy: [col('symbol')], … })`.
 */
import type { SqlType, Value } from '../types/values/types';
import type { AggregateFunction, ScalarFunction } from '../types/functions/types';
import { sqlTypeOf } from '../types/values/kinds';
import type {
  AggregateCall,
  AggregateNode,
  BinaryOp,
  EmitMode,
  FilterNode,
  LimitNode,
  LogicalPlan,
  OutputItem,
  PlanExpr,
  PlanNode,
  ProjectNode,
  ScanNode,
  SinkNode,
  SortKey,
  SortNode,
  SystemColumn,
  DistinctNode,
  WindowSpec,
} from './logical';

const BOOLEAN_OPS = new Set<BinaryOp>(['=', '!=', '<', '<=', '>', '>=', 'AND', 'OR']);

export const lit = (value: Value, type: SqlType = sqlTypeOf(value)): PlanExpr => ({ kind: 'literal', value, type });
export const col = (name: string, type: SqlType = 'any', qualifier: string | null = null): PlanExpr => ({
  kind: 'column',
  name,
  qualifier,
  type,
});
export const sys = (column: SystemColumn): PlanExpr => ({ kind: 'system', column, type: 'integer' });
export const bin = (op: BinaryOp, left: PlanExpr, right: PlanExpr, type: SqlType = BOOLEAN_OPS.has(op) ? 'boolean' : 'any'): PlanExpr => ({
  kind: 'binary',
  op,
  left,
  right,
  type,
});
export const not = (expr: PlanExpr): PlanExpr => ({ kind: 'unary', op: 'NOT', expr, type: 'boolean' });
export const call = (fn: ScalarFunction, args: PlanExpr[], type: SqlType = 'any'): PlanExpr => ({ kind: 'call', fn, args, type });
export const keyRef = (index: number, type: SqlType = 'any'): PlanExpr => ({ kind: 'groupKey', index, type });
export const aggRef = (index: number, type: SqlType = 'any'): PlanExpr => ({ kind: 'aggregate', index, type });

export const aggCall = (
  fn: AggregateFunction,
  args: PlanExpr[],
  options: { distinct?: boolean; constantArgs?: Value[]; type?: SqlType; orderDescending?: boolean[] } = {},
): AggregateCall => ({
  fn,
  args,
  constantArgs: options.constantArgs ?? [],
  distinct: options.distinct ?? false,
  ...(options.orderDescending?.length ? { orderDescending: options.orderDescending } : {}),
  type: options.type ?? 'any',
});

export const item = (name: string, expr: PlanExpr, primaryKey = false): OutputItem => ({ name, expr, primaryKey });

export const scan = (source: string, options: Partial<Omit<ScanNode, 'kind' | 'source'>> = {}): ScanNode => ({
  kind: 'scan',
  source,
  alias: options.alias ?? null,
  schema: options.schema ?? null,
  bounded: options.bounded ?? null,
});
export const filter = (input: PlanNode, predicate: PlanExpr): FilterNode => ({ kind: 'filter', input, predicate });
export const project = (input: PlanNode, items: OutputItem[], eventTime: PlanExpr | null = null): ProjectNode => ({
  kind: 'project',
  input,
  items,
  eventTime,
});

export interface AggregateParts {
  groupBy?: PlanExpr[];
  aggregates?: AggregateCall[];
  window?: WindowSpec | null;
  emit?: EmitMode | null;
  having?: PlanExpr | null;
  items: OutputItem[];
  eventTime?: PlanExpr | null;
}

export const aggregate = (input: PlanNode, parts: AggregateParts): AggregateNode => ({
  kind: 'aggregate',
  input,
  groupBy: parts.groupBy ?? [],
  aggregates: parts.aggregates ?? [],
  window: parts.window ?? null,
  emit: parts.emit ?? null,
  having: parts.having ?? null,
  items: parts.items,
  eventTime: parts.eventTime ?? null,
});

export const tumbling = (sizeMs: number, timeColumn: PlanExpr | null = null): WindowSpec => ({ kind: 'tumbling', sizeMs, timeColumn });
export const sliding = (sizeMs: number, advanceMs: number, timeColumn: PlanExpr | null = null): WindowSpec => ({
  kind: 'sliding',
  sizeMs,
  advanceMs,
  timeColumn,
});
export const session = (gapMs: number, timeColumn: PlanExpr | null = null, partitionBy: PlanExpr | null = null): WindowSpec => ({
  kind: 'session',
  gapMs,
  timeColumn,
  partitionBy,
});

export const distinct = (input: PlanNode): DistinctNode => ({ kind: 'distinct', input });
export const sort = (input: PlanNode, keys: SortKey[]): SortNode => ({ kind: 'sort', input, keys });
export const limit = (input: PlanNode, count: number): LimitNode => ({ kind: 'limit', input, count });
export const sink = (input: PlanNode, name: string): SinkNode => ({ kind: 'sink', input, name });
export const plan = (root: PlanNode, subqueries: PlanNode[] = []): LogicalPlan => ({ root, subqueries });
