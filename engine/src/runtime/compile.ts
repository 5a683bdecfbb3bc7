/**
 * Compiles plan expressions (plan/logical.ts) into JavaScript closures, once per query. A
 * compiled expression is `(record, ctx) => Value`: column reads are direct property reads,
 * constant sub-trees are folded to a single value, and the operators come from the values
 * module (arithmetic, comparison, truthiness, CAST) so their semantics live in one place.
 *
 * NULL logic is the dialect's two-valued logic (§5.3): comparisons with NULL are FALSE except
 * `NULL = NULL`; AND/OR/NOT treat NULL as FALSE and always give a Boolean.
 */
import type { ArithmeticOp, BinaryOp, ComparisonOp, PlanExpr, SystemColumn } from '../plan/logical';
import type { StreamRecord } from '../types/record';
import type { Value } from '../types/values/types';
import type { ExprContext } from './context';
import { RowContext, emptyRecord } from './context';
import { add, concat, divide, modulo, multiply, negate, subtract } from '../types/values/arith';
import { isTruthy, sqlCompare, sqlEquals } from '../types/values/compare';
import { castValue } from '../types/values/cast';
import { ValueError } from '../types/values/errors';
import { sqlLike } from '../types/functions/like';
import { readPath } from './paths';
import { QueryError, unsupported } from './errors';
import { isCorrelatedColumn } from '../plan/planner-scope';
import { CONTEXTUAL_FUNCTIONS, childExprs, someNode } from '../plan/expr-reads';

export { someNode } from '../plan/expr-reads';

export type CompiledExpr = (record: StreamRecord, ctx: ExprContext) => Value;
export type CompiledPredicate = (record: StreamRecord, ctx: ExprContext) => boolean;

/** What `_EVENT_TIME` reads when a record has no event time (§10.1 `event_time_fallback`). */
export type EventTimeFallback = 'processing_time' | 'null';

/** Evaluates subqueries for `subquery` expressions: the first column of the rows for this outer record. */
export interface SubqueryRuntime {
  values(id: number, outer: StreamRecord, ctx: ExprContext): Value[];
}

/** The outer query's current record, which a correlated subquery's outer references read (§9.1). */
export interface OuterRecord {
  record: StreamRecord;
}

export interface CompileOptions {
  eventTimeFallback: EventTimeFallback;
  subqueries: SubqueryRuntime | null;
  /** Set when compiling a subquery's plan: where its correlated columns read from. */
  outer?: OuterRecord;
}

export const DEFAULT_COMPILE_OPTIONS: CompileOptions = { eventTimeFallback: 'processing_time', subqueries: null };


/** Functions that write the output record's headers (the operator then copies them per record). */
const HEADER_WRITERS = new Set(['SET_HEADER', 'REMOVE_HEADER']);

/**
 * The reader of one column, generated once per name with the name as a literal: a shared
 * closure `r.fields[name]` would be one property-load site for every column of every query,
 * which V8 turns megamorphic (a hash lookup per read); here each name has its own site.
 */
const columnReaders = new Map<string, CompiledExpr>();

function columnReader(name: string): CompiledExpr {
  let reader = columnReaders.get(name);
  if (reader === undefined) {
    reader = new Function('r', `return r.fields[${JSON.stringify(name)}] ?? null;`) as CompiledExpr;
    columnReaders.set(name, reader);
  }
  return reader;
}

export function compileExpr(expr: PlanExpr, options: CompileOptions = DEFAULT_COMPILE_OPTIONS): CompiledExpr {
  if (isConstant(expr)) {
    const folded = tryFold(expr, options);
    if (folded !== undefined) return () => folded;
  }
  return compileNode(expr, options);
}

export function compilePredicate(expr: PlanExpr, options: CompileOptions = DEFAULT_COMPILE_OPTIONS): CompiledPredicate {
  const f = compileExpr(expr, options);
  return (r, ctx) => isTruthy(f(r, ctx));
}

/** True when evaluating `expr` may call SET_HEADER or REMOVE_HEADER. */
export function writesHeaders(expr: PlanExpr): boolean {
  return someNode(expr, (e) => e.kind === 'call' && HEADER_WRITERS.has(e.fn.name));
}

function isConstant(e: PlanExpr): boolean {
  switch (e.kind) {
    case 'literal':
      return true;
    case 'column':
    case 'system':
    case 'groupKey':
    case 'aggregate':
    case 'subquery':
      return false;
    case 'call':
      return !CONTEXTUAL_FUNCTIONS.has(e.fn.name) && e.args.every(isConstant);
    default:
      return childExprs(e).every(isConstant);
  }
}

/** The value of a constant expression, or undefined when it raises (then it raises per record, as written). */
function tryFold(expr: PlanExpr, options: CompileOptions): Value | undefined {
  try {
    return compileNode(expr, options)(emptyRecord(), new RowContext(Date.now));
  } catch (e) {
    if (e instanceof ValueError) return undefined;
    throw e;
  }
}

function compileNode(e: PlanExpr, options: CompileOptions): CompiledExpr {
  switch (e.kind) {
    case 'literal': {
      const value = e.value;
      return () => value;
    }
    case 'column': {
      const name = e.name;
      if (isCorrelatedColumn(e)) {
        const outer = options.outer;
        if (!outer) throw new QueryError('VR602', `outer reference ${e.qualifier}.${name} outside a subquery`);
        return () => outer.record.fields[name] ?? null;
      }
      return columnReader(name);
    }
    case 'system':
      return compileSystem(e.column, options);
    case 'groupKey': {
      const i = e.index;
      return (_r, ctx) => ctx.keys[i];
    }
    case 'aggregate': {
      const i = e.index;
      return (_r, ctx) => ctx.aggs[i];
    }
    case 'call':
      return compileCall(e.fn.call.bind(e.fn), e.args.map((a) => compileExpr(a, options)));
    case 'case': {
      const whens = e.branches.map((b) => compilePredicate(b.when, options));
      const thens = e.branches.map((b) => compileExpr(b.then, options));
      const otherwise = e.otherwise ? compileExpr(e.otherwise, options) : () => null;
      const n = whens.length;
      return (r, ctx) => {
        for (let i = 0; i < n; i++) if (whens[i](r, ctx)) return thens[i](r, ctx);
        return otherwise(r, ctx);
      };
    }
    case 'cast': {
      const inner = compileExpr(e.expr, options);
      const { target, scale } = e;
      return (r, ctx) => castValue(inner(r, ctx), target, scale);
    }
    case 'isNull': {
      const inner = compileExpr(e.expr, options);
      return e.negated ? (r, ctx) => inner(r, ctx) !== null : (r, ctx) => inner(r, ctx) === null;
    }
    case 'in':
      return compileIn(compileExpr(e.expr, options), e.list, e.negated, options);
    case 'between': {
      const x = compileExpr(e.expr, options);
      const low = compileExpr(e.low, options);
      const high = compileExpr(e.high, options);
      const negated = e.negated;
      return (r, ctx) => {
        const v = x(r, ctx);
        const lo = sqlCompare(v, low(r, ctx));
        const hi = sqlCompare(v, high(r, ctx));
        if (lo === null || hi === null) return false; // NULL operand: FALSE in both forms (§5.3)
        return (lo >= 0 && hi <= 0) !== negated;
      };
    }
    case 'like': {
      const x = compileExpr(e.expr, options);
      const pattern = compileExpr(e.pattern, options);
      const negated = e.negated;
      return (r, ctx) => {
        const v = x(r, ctx);
        const p = pattern(r, ctx);
        if (v === null || p === null) return false; // FALSE in both forms (§5.3)
        return sqlLike(v, p) !== negated;
      };
    }
    case 'binary': {
      const binary = compileBinary(e.op, compileExpr(e.left, options), compileExpr(e.right, options));
      return e.op in COMPARISONS && (isWildcardPath(e.left) || isWildcardPath(e.right)) ? anyElement(e.op as ComparisonOp, e, options) : binary;
    }
    case 'unary': {
      const inner = compileExpr(e.expr, options);
      return e.op === 'NOT' ? (r, ctx) => !isTruthy(inner(r, ctx)) : (r, ctx) => negate(inner(r, ctx));
    }
    case 'subquery':
      return compileSubquery(e, options);
    case 'path': {
      const inner = compileExpr(e.expr, options);
      const steps = e.steps;
      return (r, ctx) => readPath(inner(r, ctx), steps);
    }
  }
}

function compileSystem(column: SystemColumn, options: CompileOptions): CompiledExpr {
  switch (column) {
    case '_TIMESTAMP':
      return (r) => r.timestamp;
    case '_OFFSET':
      return (r) => r.offset;
    case '_PARTITION':
      return (r) => r.partition;
    case '_EVENT_TIME':
      return options.eventTimeFallback === 'processing_time' ? (r) => r.eventTime ?? r.timestamp : (r) => r.eventTime;
    case '_WINDOW_START':
      return (_r, ctx) => ctx.windowStart;
    case '_WINDOW_END':
      return (_r, ctx) => ctx.windowEnd;
  }
}

type Call = (args: Value[], ctx: ExprContext) => Value;

/** Fixed small arities avoid a loop; a fresh argument array per call keeps functions free to keep it. */
function compileCall(call: Call, args: CompiledExpr[]): CompiledExpr {
  switch (args.length) {
    case 0:
      return (_r, ctx) => call([], ctx);
    case 1: {
      const [a] = args;
      return (r, ctx) => call([a(r, ctx)], ctx);
    }
    case 2: {
      const [a, b] = args;
      return (r, ctx) => call([a(r, ctx), b(r, ctx)], ctx);
    }
    default:
      return (r, ctx) => call(args.map((f) => f(r, ctx)), ctx);
  }
}

/** `a op b` for the comparison operators with NULL → FALSE, except `NULL = NULL` (§5.3). */
const COMPARISONS: Record<ComparisonOp, (a: Value, b: Value) => boolean> = {
  '=': (a, b) => sqlEquals(a, b),
  '!=': (a, b) => !sqlEquals(a, b),
  '<': (a, b) => (sqlCompare(a, b) ?? 0) < 0,
  '<=': (a, b) => {
    const c = sqlCompare(a, b);
    return c !== null && c <= 0;
  },
  '>': (a, b) => (sqlCompare(a, b) ?? 0) > 0,
  '>=': (a, b) => {
    const c = sqlCompare(a, b);
    return c !== null && c >= 0;
  },
};

const ARITHMETIC: Record<ArithmeticOp | '||', (a: Value, b: Value) => Value> = {
  '+': add,
  '-': subtract,
  '*': multiply,
  '/': divide,
  '%': modulo,
  '||': concat,
};

/** ⊕X34 a path with a `*` step yields an ARRAY of its matches. */
function isWildcardPath(e: PlanExpr): boolean {
  return e.kind === 'path' && e.steps.some((s) => 'wildcard' in s);
}

/** ⊕X34 a comparison with a wildcard path is TRUE when any of its matches satisfies it. */
function anyElement(op: ComparisonOp, e: Extract<PlanExpr, { kind: 'binary' }>, options: CompileOptions): CompiledExpr {
  const compare = COMPARISONS[op];
  const left = compileExpr(e.left, options);
  const right = compileExpr(e.right, options);
  const candidates = (side: PlanExpr, v: Value): Value[] => (isWildcardPath(side) && Array.isArray(v) ? v : [v]);
  return (rec, ctx) => {
    const ls = candidates(e.left, left(rec, ctx));
    const rs = candidates(e.right, right(rec, ctx));
    return ls.some((l) => rs.some((r) => isTruthy(compare(l, r))));
  };
}

function compileBinary(op: BinaryOp, l: CompiledExpr, r: CompiledExpr): CompiledExpr {
  if (op === 'AND') return (rec, ctx) => isTruthy(l(rec, ctx)) && isTruthy(r(rec, ctx));
  if (op === 'OR') return (rec, ctx) => isTruthy(l(rec, ctx)) || isTruthy(r(rec, ctx));
  const f = op in COMPARISONS ? COMPARISONS[op as ComparisonOp] : ARITHMETIC[op as ArithmeticOp | '||'];
  return (rec, ctx) => f(l(rec, ctx), r(rec, ctx));
}

/** `x [NOT] IN (list)`: FALSE in both forms when x is NULL (§5.3). A constant string list becomes a Set. */
function compileIn(x: CompiledExpr, list: PlanExpr[], negated: boolean, options: CompileOptions): CompiledExpr {
  const items = list.map((item) => compileExpr(item, options));
  const constantStrings = list.every((i) => i.kind === 'literal' && typeof i.value === 'string')
    ? new Set(list.map((i) => (i as { value: string }).value))
    : null;
  return (r, ctx) => {
    const v = x(r, ctx);
    if (v === null) return false;
    if (constantStrings && typeof v === 'string') return constantStrings.has(v) !== negated;
    for (const item of items) if (sqlEquals(v, item(r, ctx))) return !negated;
    return negated;
  };
}

function compileSubquery(e: Extract<PlanExpr, { kind: 'subquery' }>, options: CompileOptions): CompiledExpr {
  const runtime = options.subqueries;
  if (!runtime) throw unsupported('a subquery');
  const id = e.id;
  const mode = e.mode;
  switch (mode.kind) {
    case 'scalar':
      return (r, ctx) => runtime.values(id, r, ctx)[0] ?? null;
    case 'exists':
      return (r, ctx) => (runtime.values(id, r, ctx).length > 0) !== mode.negated;
    case 'in': {
      const x = compileExpr(mode.expr, options);
      return (r, ctx) => {
        const v = x(r, ctx);
        if (v === null) return false;
        return runtime.values(id, r, ctx).some((w) => sqlEquals(v, w)) !== mode.negated;
      };
    }
    case 'quantified': {
      const x = compileExpr(mode.expr, options);
      const holds = COMPARISONS[mode.op];
      return (r, ctx) => {
        const v = x(r, ctx);
        const rows = runtime.values(id, r, ctx);
        return mode.quantifier === 'ANY' ? rows.some((w) => holds(v, w)) : rows.every((w) => holds(v, w));
      };
    }
  }
}

/** A post-aggregation reference compiled outside an aggregate is a planner bug. */
export function assertNoAggregateRefs(expr: PlanExpr, where: string): void {
  if (someNode(expr, (e) => e.kind === 'aggregate' || e.kind === 'groupKey')) {
    throw new QueryError('VR602', `aggregate reference in ${where}`);
  }
}
