/**
 * The logical plan IR: what a query computes, independent of how the runtime executes it.
 *
 * Layering (as in DataFusion): sql (AST) → plan (this file) → runtime (physical operators).
 * The planner resolves names, functions and static types here; the runtime compiles the
 * expressions once per query and never looks at the AST. Nothing in this file knows about
 * tokens, text positions or connectors.
 *
 * Conventions: durations and instants are epoch milliseconds; every expression carries its
 * static SqlType ('any' when unknown); output names already follow dialect §4.2.
 */
import type { SqlType, Value } from '../types/values/types';
import type { AggregateFunction, ScalarFunction } from '../types/functions/types';
import type { CastTarget } from '../types/values/cast';

// ---------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------

/** System columns of dialect §10.1 (matched case-insensitively by the planner). */
export type SystemColumn =
  | '_TIMESTAMP'
  | '_OFFSET'
  | '_PARTITION'
  | '_EVENT_TIME'
  | '_WINDOW_START'
  | '_WINDOW_END';

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type ArithmeticOp = '+' | '-' | '*' | '/' | '%';
export type BinaryOp = ComparisonOp | ArithmeticOp | '||' | 'AND' | 'OR';
export type UnaryOp = 'NOT' | 'NEG';

/** How a subquery result is used (§9.1). */
export type SubqueryMode =
  | { kind: 'scalar' }
  | { kind: 'exists'; negated: boolean }
  | { kind: 'in'; expr: PlanExpr; negated: boolean }
  | { kind: 'quantified'; expr: PlanExpr; op: ComparisonOp; quantifier: 'ANY' | 'ALL' };

export type PlanExpr =
  | { kind: 'literal'; value: Value; type: SqlType }
  /**
   * A payload field of the input record. `name` is the field name in that record (after a join,
   * a colliding right-side column is `right_<col>`); `qualifier` is the alias as written, for explain.
   */
  | { kind: 'column'; name: string; qualifier: string | null; type: SqlType }
  | { kind: 'system'; column: SystemColumn; type: SqlType }
  | { kind: 'call'; fn: ScalarFunction; args: PlanExpr[]; type: SqlType }
  /** Post-aggregation only: the value of GROUP BY expression `index` of the enclosing Aggregate. */
  | { kind: 'groupKey'; index: number; type: SqlType }
  /** Post-aggregation only: the result of aggregate call `index` of the enclosing Aggregate. */
  | { kind: 'aggregate'; index: number; type: SqlType }
  /** Searched CASE; simple CASE (⊕X10) is rewritten to `x = v` conditions by the planner. */
  | { kind: 'case'; branches: { when: PlanExpr; then: PlanExpr }[]; otherwise: PlanExpr | null; type: SqlType }
  /** `scale` is the declared scale of `DECIMAL(p, s)`, if any. */
  | { kind: 'cast'; expr: PlanExpr; target: CastTarget; scale?: number; type: SqlType }
  | { kind: 'in'; expr: PlanExpr; list: PlanExpr[]; negated: boolean; type: 'boolean' }
  | { kind: 'between'; expr: PlanExpr; low: PlanExpr; high: PlanExpr; negated: boolean; type: 'boolean' }
  | { kind: 'like'; expr: PlanExpr; pattern: PlanExpr; negated: boolean; type: 'boolean' }
  | { kind: 'isNull'; expr: PlanExpr; negated: boolean; type: 'boolean' }
  | { kind: 'binary'; op: BinaryOp; left: PlanExpr; right: PlanExpr; type: SqlType }
  | { kind: 'unary'; op: UnaryOp; expr: PlanExpr; type: SqlType }
  /** A subquery of `LogicalPlan.subqueries[id]`; outer columns inside it are correlated refs. */
  | { kind: 'subquery'; id: number; mode: SubqueryMode; type: SqlType }
  /** ⊕X34 a path into a nested value (`runtime/paths.ts`). */
  | { kind: 'path'; expr: PlanExpr; steps: PathStep[]; type: SqlType };

/** One step of a path: a field, a 0-based array index, or `*` (every element or field). */
export type PathStep = { field: string } | { index: number } | { wildcard: true };

// ---------------------------------------------------------------------------------------------
// Plan nodes
// ---------------------------------------------------------------------------------------------

export interface PlanColumn {
  name: string;
  type: SqlType;
}

/** One select item after name resolution (§4.2). */
export interface OutputItem {
  /** Output field name: alias, bare column name, lower-case function name (+ `_2`…), `expr_<n>`. */
  name: string;
  expr: PlanExpr;
  /** `PRIMARY KEY` on this item (§10.4). */
  primaryKey: boolean;
}

/**
 * Shared by Project and Aggregate: the shape of an output record. `eventTime` is the item
 * written `AS _EVENT_TIME` (§10.2): it sets the record's event time and is not a payload field.
 */
export interface Projection {
  items: OutputItem[];
  eventTime: PlanExpr | null;
}

export interface ScanNode {
  kind: 'scan';
  /** Source or CTE name as written in FROM (a URI source keeps its URI text). */
  source: string;
  alias: string | null;
  /** Known payload columns (declared, CSV header, upstream statement), else null. */
  schema: PlanColumn[] | null;
  /** true for files without watch and memory data; false for Kafka; null when unknown. */
  bounded: boolean | null;
}

export interface FilterNode {
  kind: 'filter';
  input: PlanNode;
  predicate: PlanExpr;
}

export interface ProjectNode extends Projection {
  kind: 'project';
  input: PlanNode;
}

/** One aggregate call; `args` are evaluated per input record, `constantArgs` once. */
export interface AggregateCall {
  fn: AggregateFunction;
  /** Per-record arguments; empty for COUNT(*). */
  args: PlanExpr[];
  /** Literal arguments: percentile p, STRING_AGG separator (§11.1). */
  constantArgs: Value[];
  distinct: boolean;
  /**
   * ⊕X34 `STRING_AGG(x, sep ORDER BY y DESC, …)`: one flag per sort key, true for DESC; the
   * keys are the last `orderDescending.length` entries of `args`. Absent: arrival order.
   */
  orderDescending?: boolean[];
  type: SqlType;
}

/** Time column: an expression over the input (column or system column), or null for the default (§6.2). */
export type WindowSpec =
  | { kind: 'tumbling'; timeColumn: PlanExpr | null; sizeMs: number }
  | { kind: 'sliding'; timeColumn: PlanExpr | null; sizeMs: number; advanceMs: number }
  | { kind: 'session'; timeColumn: PlanExpr | null; gapMs: number; partitionBy: PlanExpr | null };

/** EMIT as written; null when the statement has no EMIT clause (§8 resolves the default). */
export type EmitMode = 'changes' | 'final';

/**
 * GROUP BY / windowed aggregation fused with its select list: `groupBy` and the aggregate
 * arguments read the input; `having`, `items` and `eventTime` are post-aggregation expressions
 * that may use `groupKey`, `aggregate`, `_WINDOW_START`/`_WINDOW_END` and (for ungrouped
 * columns) the group's last input record.
 */
export interface AggregateNode extends Projection {
  kind: 'aggregate';
  input: PlanNode;
  groupBy: PlanExpr[];
  aggregates: AggregateCall[];
  window: WindowSpec | null;
  emit: EmitMode | null;
  having: PlanExpr | null;
}

/** SELECT DISTINCT (§4.2): drops rows equal to one of the last 100 000 distinct rows. */
export interface DistinctNode {
  kind: 'distinct';
  input: PlanNode;
}

export interface SortKey {
  expr: PlanExpr;
  descending: boolean;
}

/** ORDER BY: sorts the rows of one processing step, never the whole stream (§4.5). */
export interface SortNode {
  kind: 'sort';
  input: PlanNode;
  keys: SortKey[];
}

/** LIMIT n over the query's life (§4.5). */
export interface LimitNode {
  kind: 'limit';
  input: PlanNode;
  count: number;
}

export type JoinKind = 'inner' | 'left' | 'right' | 'full';

/**
 * Stream–table lookup join or stream–stream interval join (§4.4). `keys` are the `=` pairs of
 * ON; `residual` is the rest of ON. For interval joins the bound is
 * `right.time − left.time ∈ [lowerMs, upperMs]`; `interval` null means the default [0, 1 h].
 *
 * Which record each expression reads: `keys[i].left` and `interval.leftTime` read the left
 * input's record, `keys[i].right` and `interval.rightTime` the right input's record (so their
 * columns use the right side's own names, never `right_<col>`); `residual` reads the joined
 * record (colliding right columns are `right_<col>` there).
 */
export interface JoinNode {
  kind: 'join';
  joinKind: JoinKind;
  strategy: 'lookup' | 'interval';
  left: PlanNode;
  right: PlanNode;
  rightAlias: string | null;
  /**
   * Field name in the joined record of each right-side column the planner knows (declared or
   * named by the query): `right_<col>` when it collides with a left-side name, else itself. The
   * runtime follows it, so every expression above the join reads the field the planner chose;
   * a right field not listed is `right_<col>` when the left record has the same field. Absent in
   * hand-built plans (then only the left record decides).
   */
  rightFields?: Readonly<Record<string, string>>;
  keys: { left: PlanExpr; right: PlanExpr }[];
  residual: PlanExpr | null;
  interval: { leftTime: PlanExpr | null; rightTime: PlanExpr | null; lowerMs: number; upperMs: number } | null;
}

export type FrameBound =
  | { kind: 'unboundedPreceding' }
  | { kind: 'unboundedFollowing' }
  | { kind: 'currentRow' }
  | { kind: 'preceding'; offset: number }
  | { kind: 'following'; offset: number };

/** One `f(…) OVER (…)` call (§7); its result is appended to the record as field `outputField`. */
export interface OverCall {
  /** Canonical function name (LAG, ROW_NUMBER, SUM, …). */
  functionName: string;
  args: PlanExpr[];
  partitionBy: PlanExpr[];
  orderBy: SortKey[];
  frame: { units: 'rows' | 'range'; start: FrameBound; end: FrameBound } | null;
  /** Buffer form (§7.1); null for the standard form (§7.2). */
  buffer: { rows: number; emit: 'everyRecord' | 'onBufferFull'; expireAfterMs: number | null } | null;
  outputField: string;
  type: SqlType;
}

export interface OverNode {
  kind: 'over';
  input: PlanNode;
  calls: OverCall[];
}

export interface UnionNode {
  kind: 'union';
  inputs: PlanNode[];
  /** UNION ALL keeps duplicates; plain UNION drops them like DISTINCT. */
  all: boolean;
}

/** Where the output goes: a CREATE STREAM/TABLE name or INTO target; absent for plain SELECT. */
export interface SinkNode {
  kind: 'sink';
  input: PlanNode;
  name: string;
}

export type PlanNode =
  | ScanNode
  | FilterNode
  | ProjectNode
  | AggregateNode
  | DistinctNode
  | SortNode
  | LimitNode
  | JoinNode
  | OverNode
  | UnionNode
  | SinkNode;

/** A planned statement: the operator tree plus the subqueries its expressions refer to by id. */
export interface LogicalPlan {
  root: PlanNode;
  subqueries: PlanNode[];
}

// ---------------------------------------------------------------------------------------------
// Semantics shared by the planner, the runtime and the validator
// ---------------------------------------------------------------------------------------------

/**
 * The EMIT mode in force (§8 table): without EMIT, windowed aggregates behave as FINAL and
 * unwindowed ones as CHANGES.
 */
export function effectiveEmit(node: AggregateNode): EmitMode {
  return node.emit ?? (node.window ? 'final' : 'changes');
}

/** Allowed lateness (§6.2): half the window size for tumbling and sliding, the gap for sessions. */
export function allowedLatenessMs(window: WindowSpec): number {
  return window.kind === 'session' ? window.gapMs : window.sizeMs / 2;
}

/** Output field names of a node, or null when they depend on an unknown source schema. */
export function outputColumns(node: PlanNode): PlanColumn[] | null {
  switch (node.kind) {
    case 'scan':
      return node.schema;
    case 'project':
    case 'aggregate':
      return node.items.map((item) => ({ name: item.name, type: item.expr.type }));
    case 'over': {
      const input = outputColumns(node.input);
      return input && [...input, ...node.calls.map((c) => ({ name: c.outputField, type: c.type }))];
    }
    case 'join': {
      const left = outputColumns(node.left);
      const right = outputColumns(node.right);
      if (!left || !right) return null;
      const taken = new Set(left.map((c) => c.name));
      const field = (name: string) => node.rightFields?.[name] ?? (taken.has(name) ? `right_${name}` : name);
      return [...left, ...right.map((c) => ({ ...c, name: field(c.name) }))];
    }
    case 'union':
      return outputColumns(node.inputs[0]);
    default:
      return outputColumns(node.input);
  }
}

/** The names of the output message key columns (§10.4): PRIMARY KEY items, else GROUP BY columns. */
export function keyColumnNames(node: ProjectNode | AggregateNode): string[] {
  const primary = node.items.filter((item) => item.primaryKey).map((item) => item.name);
  if (primary.length > 0 || node.kind === 'project') return primary;
  return node.groupBy.map((expr, index) => {
    const item = node.items.find((i) => i.expr.kind === 'groupKey' && i.expr.index === index);
    if (item) return item.name;
    return expr.kind === 'column' ? expr.name : `group_${index + 1}`;
  });
}

export { explain, explainExpr } from './explain';
