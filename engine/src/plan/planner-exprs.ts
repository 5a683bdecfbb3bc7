/**
 * Expression translation: AST `Expr` → plan `PlanExpr` with names resolved, functions looked up
 * and static types computed (dialect spec §4.2, §5, §7, §9, §11).
 *
 * The same AST translates differently by clause, which `ExprEnv` states:
 * - row context (WHERE, GROUP BY, aggregate arguments, OVER arguments): columns read the input;
 * - post-aggregation context (select items, HAVING and ORDER BY of an aggregate query): aggregate
 *   calls become `aggregate` refs collected into `AggregateCollector`, and sub-expressions equal
 *   to a GROUP BY expression become `groupKey` refs (`bindGroupKeys`).
 * Select aliases are visible left to right in later items, and in GROUP BY, HAVING and ORDER BY,
 * never in WHERE (§4.2, §4.5). Every problem is a diagnostic; translation continues with a NULL
 * literal in place of the bad part so one statement reports all its errors.
 */
import * as A from '../sql/ast';
import type { Diagnostic } from '../sql/diagnostics';
import { lookupFunction } from '../types/functions/catalogue';
import type { AggregateFunction, CatalogueFunction } from '../types/functions/types';
import { castTargetOf } from '../types/values/cast';
import { Interval, Scaled, type SqlType, type Value } from '../types/values/types';
import type { AggregateCall, BinaryOp, ComparisonOp, FrameBound, OverCall, PathStep, PlanExpr, SortKey, SubqueryMode } from './logical';
import { PlanCodes, planDiagnostic } from './planner-diagnostics';
import { OUTER_QUALIFIER_PREFIX, type Scope } from './planner-scope';
import { arithmeticType, castResultType, commonType } from './planner-types';

const NULL_EXPR: PlanExpr = { kind: 'literal', value: null, type: 'null' };

/** A select alias: visible to items after `index`, and to GROUP BY/HAVING/ORDER BY. */
export interface SelectAlias {
  name: string;
  index: number;
  expr: A.Expr;
}

export interface ExprEnv {
  scope: Scope;
  /** Clause name for messages ('WHERE', 'GROUP BY', 'the select list', …). */
  clause: string;
  /** Aliases usable here: those with `index < aliasLimit`; `aliasLimit` 0 means none. */
  aliases: readonly SelectAlias[];
  aliasLimit: number;
  /** Post-aggregation context: where aggregate calls are collected; null in row context. */
  aggregates: AggregateCollector | null;
  /** Where `f(…) OVER (…)` calls are collected; null where OVER is not allowed. */
  over: OverCollector | null;
  /**
   * ⊕X31 in a grouped select list: where OVER calls over the grouped output rows go (case a),
   * and which calls those are; the others read input records through `over` (case b).
   */
  outputOver?: { collector: OverCollector; overGroups: (call: A.FunctionCall) => boolean };
}

/** Plans a subquery (supplied by the statement planner): returns its id in `LogicalPlan.subqueries`. */
export type SubqueryPlanner = (select: A.Select, outer: Scope) => number;

export class AggregateCollector {
  readonly calls: AggregateCall[] = [];
  private readonly keys: string[] = [];

  add(call: AggregateCall): number {
    const key = exprKey({ fn: call.fn.name, args: call.args, constantArgs: call.constantArgs, distinct: call.distinct, order: call.orderDescending });
    const existing = this.keys.indexOf(key);
    if (existing >= 0) return existing;
    this.keys.push(key);
    this.calls.push(call);
    return this.calls.length - 1;
  }
}

export class OverCollector {
  readonly calls: OverCall[] = [];

  constructor(private readonly prefix = '$over') {}

  add(call: Omit<OverCall, 'outputField'>): string {
    // `$` cannot start an identifier (§1), so the hidden field never collides with a user column.
    const outputField = `${this.prefix}${this.calls.length + 1}`;
    this.calls.push({ ...call, outputField });
    return outputField;
  }
}

/** A structural key for comparing expressions (types and qualifiers ignored; functions by name). */
export function exprKey(value: unknown): string {
  return JSON.stringify(value, (k, v) => {
    if (k === 'type' || k === 'qualifier') return undefined;
    if (k === 'fn' && v && typeof v === 'object') return (v as { name: string }).name;
    if (typeof v === 'bigint') return `${v}n`;
    if (v instanceof Scaled) return `${v.unscaled}e-${v.scale}`;
    return v;
  });
}

/**
 * Replaces every sub-expression equal to a GROUP BY expression with its `groupKey` ref, so the
 * post-aggregation expression reads the group's key rather than the last input record.
 */
export function bindGroupKeys(expr: PlanExpr, groupBy: readonly PlanExpr[]): PlanExpr {
  if (groupBy.length === 0) return expr;
  const keys = groupBy.map(exprKey);
  const visit = (e: PlanExpr): PlanExpr => {
    const index = e.kind === 'literal' ? -1 : keys.indexOf(exprKey(e));
    if (index >= 0) return { kind: 'groupKey', index, type: groupBy[index].type };
    return mapChildren(e, visit);
  };
  return visit(expr);
}

export function mapChildren(e: PlanExpr, f: (e: PlanExpr) => PlanExpr): PlanExpr {
  switch (e.kind) {
    case 'call':
      return { ...e, args: e.args.map(f) };
    case 'case':
      return { ...e, branches: e.branches.map((b) => ({ when: f(b.when), then: f(b.then) })), otherwise: e.otherwise && f(e.otherwise) };
    case 'cast':
    case 'isNull':
    case 'unary':
    case 'path':
      return { ...e, expr: f(e.expr) } as PlanExpr;
    case 'in':
      return { ...e, expr: f(e.expr), list: e.list.map(f) };
    case 'between':
      return { ...e, expr: f(e.expr), low: f(e.low), high: f(e.high) };
    case 'like':
      return { ...e, expr: f(e.expr), pattern: f(e.pattern) };
    case 'binary':
      return { ...e, left: f(e.left), right: f(e.right) };
    case 'subquery':
      return e.mode.kind === 'in' || e.mode.kind === 'quantified' ? { ...e, mode: { ...e.mode, expr: f(e.mode.expr) } } : e;
    default:
      return e;
  }
}

const COMPARISON: Record<string, ComparisonOp> = { '=': '=', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

export class ExprPlanner {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly planSubquery: SubqueryPlanner) {}

  error(code: string, message: string, span: A.Span, hint?: string): PlanExpr {
    this.diagnostics.push(planDiagnostic(code, message, span, { hint }));
    return NULL_EXPR;
  }

  expr(e: A.Expr, env: ExprEnv): PlanExpr {
    switch (e.kind) {
      case 'Integer':
        return { kind: 'literal', value: e.value, type: 'integer' };
      case 'Decimal':
        return { kind: 'literal', value: new Scaled(e.unscaled, e.scale), type: 'decimal' };
      case 'Float':
        return { kind: 'literal', value: e.value, type: 'float' };
      case 'String':
        return { kind: 'literal', value: e.value, type: 'string' };
      case 'Boolean':
        return { kind: 'literal', value: e.value, type: 'boolean' };
      case 'Null':
        return NULL_EXPR;
      case 'Interval':
        return { kind: 'literal', value: new Interval(e.ms, e.months ?? 0), type: 'interval' };
      case 'Path':
        return this.path(e.root, e.segments.map(pathStep), env);
      case 'Column':
        return this.column(e, env);
      case 'SystemColumn':
        return { kind: 'system', column: e.name, type: 'integer' };
      case 'FunctionCall':
        return this.call(e, env);
      case 'Binary':
        return this.binary(e, env);
      case 'Negate': {
        const operand = this.expr(e.operand, env);
        return { kind: 'unary', op: 'NEG', expr: operand, type: operand.type };
      }
      case 'Not':
        return { kind: 'unary', op: 'NOT', expr: this.expr(e.operand, env), type: 'boolean' };
      case 'Case':
        return this.caseExpr(e, env);
      case 'Cast':
        return this.cast(e, env);
      case 'Extract':
        return this.scalar(lookupFunction('EXTRACT')!, [{ kind: 'literal', value: e.part, type: 'string' }, this.expr(e.expr, env)]);
      case 'InList':
        return { kind: 'in', expr: this.expr(e.expr, env), list: e.list.map((x) => this.expr(x, env)), negated: e.negated, type: 'boolean' };
      case 'Between':
        return {
          kind: 'between',
          expr: this.expr(e.expr, env),
          low: this.expr(e.low, env),
          high: this.expr(e.high, env),
          negated: e.negated,
          type: 'boolean',
        };
      case 'Like':
        return { kind: 'like', expr: this.expr(e.expr, env), pattern: this.expr(e.pattern, env), negated: e.negated, type: 'boolean' };
      case 'IsNull':
        return { kind: 'isNull', expr: this.expr(e.expr, env), negated: e.negated, type: 'boolean' };
      case 'InSubquery':
        return this.subquery(e.subquery, { kind: 'in', expr: this.expr(e.expr, env), negated: e.negated }, env, 'boolean');
      case 'Exists':
        return this.subquery(e.subquery, { kind: 'exists', negated: e.negated }, env, 'boolean');
      case 'ScalarSubquery':
        return this.subquery(e.subquery, { kind: 'scalar' }, env, 'any');
      case 'Quantified':
        return this.subquery(
          e.subquery,
          { kind: 'quantified', expr: this.expr(e.left, env), op: COMPARISON[e.op], quantifier: e.quantifier === 'ALL' ? 'ALL' : 'ANY' },
          env,
          'boolean',
        );
    }
  }

  private column(e: A.ColumnRef, env: ExprEnv): PlanExpr {
    const qualifier = e.qualifier?.name ?? null;
    const name = e.name.name;
    const resolved = env.scope.resolve(qualifier, name);
    const isKnownColumn = resolved.kind === 'found' && resolved.relation.columns !== null;
    if (qualifier === null && !isKnownColumn) {
      const alias = env.aliases.find((a) => a.name === name && a.index < env.aliasLimit);
      if (alias) return this.expr(alias.expr, { ...env, aliasLimit: alias.index });
    }
    switch (resolved.kind) {
      case 'found':
        if (qualifier === null && env.clause === 'WHERE' && this.isComputedAlias(name, env) && !isKnownColumn) {
          return this.error(PlanCodes.AliasInWhere, `select alias '${name}' cannot be used in ${env.clause}`, e.span, `${env.clause} sees input columns only; repeat the expression instead`);
        }
        return resolved.expr;
      case 'ambiguous':
        return this.error(PlanCodes.AmbiguousColumn, `column '${name}' is ambiguous`, e.span, `qualify it: ${resolved.candidates.join(' or ')}`);
      case 'unknownQualifier':
      case 'unknownColumn': {
        const outer = this.correlated(qualifier, name, env.scope);
        if (outer) return outer;
        // ⊕X34 `profile.email` where `profile` is a column, not a source: a path into it.
        if (resolved.kind === 'unknownQualifier' && env.scope.resolve(null, qualifier!).kind === 'found') {
          return this.path(e, [], env);
        }
        if (qualifier === null && env.clause === 'WHERE' && this.isComputedAlias(name, env)) {
          return this.error(PlanCodes.AliasInWhere, `select alias '${name}' cannot be used in ${env.clause}`, e.span, `${env.clause} sees input columns only; repeat the expression instead`);
        }
        if (resolved.kind === 'unknownQualifier') {
          const known = env.scope.relations.map((r) => r.alias ?? r.source).join(', ');
          return this.error(PlanCodes.UnknownQualifier, `unknown source or alias '${qualifier}'`, e.qualifier!.span, `sources in scope: ${known || 'none'}`);
        }
        const where = resolved.relation ? ` in '${resolved.relation.source}'` : '';
        const columns = (resolved.relation?.columns ?? env.scope.relations.flatMap((r) => r.columns ?? [])).map((c) => c.name);
        return this.error(PlanCodes.UnknownColumn, `unknown column '${name}'${where}`, e.span, columns.length ? `known columns: ${columns.join(', ')}` : undefined);
      }
    }
  }

  /**
   * ⊕X34 `root.steps…`: `root` is `a.b` or `b`; `a` names a source or alias when one has that
   * name, else it is the column the path starts from (spec §2).
   */
  private path(root: A.ColumnRef, steps: PathStep[], env: ExprEnv): PlanExpr {
    const qualifier = root.qualifier;
    const viaSource = qualifier !== undefined && env.scope.relation(qualifier.name) !== undefined;
    if (qualifier && !viaSource) {
      const column: A.ColumnRef = { kind: 'Column', name: qualifier, span: qualifier.span };
      return { kind: 'path', expr: this.expr(column, env), steps: [{ field: root.name.name }, ...steps], type: 'any' };
    }
    return { kind: 'path', expr: this.expr(root, env), steps, type: 'any' };
  }

  /** An alias of a computed item (not `x AS x`), which row clauses must not see. */
  private isComputedAlias(name: string, env: ExprEnv): boolean {
    return env.aliases.some((a) => a.name === name && !(a.expr.kind === 'Column' && a.expr.name.name === name));
  }

  /** A reference to the enclosing query's record from inside a subquery (§9.1). */
  private correlated(qualifier: string | null, name: string, scope: Scope): PlanExpr | null {
    const outer = scope.outer;
    if (!outer) return null;
    const resolved = outer.resolve(qualifier, name);
    if (resolved.kind !== 'found' || (qualifier === null && resolved.relation.columns === null)) return null;
    const alias = resolved.relation.alias ?? resolved.relation.source;
    return { ...resolved.expr, qualifier: OUTER_QUALIFIER_PREFIX + alias } as PlanExpr;
  }

  private binary(e: A.BinaryExpr, env: ExprEnv): PlanExpr {
    const left = this.expr(e.left, env);
    const right = this.expr(e.right, env);
    if (e.op === '~' || e.op === '!~') {
      // ⊕X32 `a ~ 'p'` is REGEXP(a, 'p'); `!~` its negation.
      const match = this.scalar(lookupFunction('REGEXP')!, [left, right]);
      return e.op === '~' ? match : { kind: 'unary', op: 'NOT', expr: match, type: 'boolean' };
    }
    const op: BinaryOp = e.op === '<>' ? '!=' : e.op;
    let type: SqlType;
    if (op === 'AND' || op === 'OR' || op in COMPARISON) type = 'boolean';
    else if (op === '||') type = 'string';
    else type = arithmeticType(op as '+', left.type, right.type);
    return { kind: 'binary', op, left, right, type };
  }

  private caseExpr(e: A.CaseExpr, env: ExprEnv): PlanExpr {
    const operand = e.operand ? this.expr(e.operand, env) : null;
    const branches = e.whens.map((w) => {
      const when = this.expr(w.when, env);
      return {
        when: operand ? ({ kind: 'binary', op: '=', left: operand, right: when, type: 'boolean' } as PlanExpr) : when,
        then: this.expr(w.then, env),
      };
    });
    const otherwise = e.else ? this.expr(e.else, env) : null;
    const type = commonType([...branches.map((b) => b.then.type), ...(otherwise ? [otherwise.type] : [])]);
    return { kind: 'case', branches, otherwise, type };
  }

  private cast(e: A.CastExpr, env: ExprEnv): PlanExpr {
    const target = castTargetOf(e.type.name === 'REAL' ? 'FLOAT' : e.type.name);
    const inner = this.expr(e.expr, env);
    if (!target) return this.error(PlanCodes.Unplannable, `cannot CAST to ${e.type.text}`, e.type.span, 'CAST targets: INTEGER, FLOAT, STRING, BOOLEAN, DATE, TIMESTAMP, DECIMAL');
    const scale = e.type.scale;
    return { kind: 'cast', expr: inner, target, ...(scale === undefined ? {} : { scale }), type: castResultType(target) };
  }

  private call(e: A.FunctionCall, env: ExprEnv): PlanExpr {
    // ⊕X34 TRIM(LEADING|TRAILING … FROM s) is LTRIM/RTRIM(s, …).
    const trimmed = e.keywordForm === 'TRIM LEADING' ? 'LTRIM' : e.keywordForm === 'TRIM TRAILING' ? 'RTRIM' : null;
    const fn = lookupFunction(trimmed ?? e.upperName);
    if (!fn) return this.error(PlanCodes.UnknownFunction, `unknown function ${e.name}`, e.nameSpan, 'see SHOW FUNCTIONS for the functions this engine provides');
    if (e.over) return this.overCall(e, fn, env);
    const argCount = e.star ? 0 : e.args.length;
    if (argCount < fn.minArgs || argCount > fn.maxArgs) {
      return this.error(PlanCodes.WrongArgumentCount, `${fn.name} takes ${arityText(fn)}, got ${argCount}`, e.span, `usage: ${fn.signature}`);
    }
    switch (fn.kind) {
      case 'aggregate':
        return this.aggregate(e, fn, env);
      case 'window':
        return this.error(PlanCodes.OverMisuse, `${fn.name} needs an OVER clause`, e.span, `write ${fn.name}(…) OVER (PARTITION BY … ORDER BY …)`);
      case 'scalar':
        return this.scalar(fn, e.args.map((a) => this.expr(a, env)));
    }
  }

  private scalar(fn: CatalogueFunction, args: PlanExpr[]): PlanExpr {
    if (fn.kind !== 'scalar') return NULL_EXPR;
    return { kind: 'call', fn, args, type: fn.returnType(args.map((a) => a.type)) };
  }

  private aggregate(e: A.FunctionCall, fn: AggregateFunction, env: ExprEnv): PlanExpr {
    const collector = env.aggregates;
    if (!collector) {
      return this.error(PlanCodes.AggregateMisuse, `aggregate ${fn.name} is not allowed in ${env.clause}`, e.span, env.clause === 'WHERE' ? 'filter groups with HAVING' : undefined);
    }
    // Arguments of an aggregate are row expressions; a nested aggregate is an error there.
    const rowEnv: ExprEnv = { ...env, aggregates: null, over: null, clause: `the arguments of ${fn.name}` };
    let args: PlanExpr[];
    let constants: A.Expr[];
    if (fn.withinGroup) {
      if (!e.withinGroup?.length) {
        return this.error(PlanCodes.AggregateMisuse, `${fn.name} needs WITHIN GROUP (ORDER BY x)`, e.span, `write ${fn.signature}`);
      }
      args = [this.expr(e.withinGroup[0].expr, rowEnv)];
      constants = e.args;
    } else {
      const valueArgs = e.star ? [] : e.args.slice(0, fn.valueArgs);
      args = valueArgs.map((a) => this.expr(a, rowEnv));
      constants = e.star ? [] : e.args.slice(fn.valueArgs);
    }
    // ⊕X34 ORDER BY inside the call: its keys are evaluated per row after the value arguments.
    const order = e.argOrderBy ?? [];
    if (order.length > 0 && !fn.ordered) {
      return this.error(PlanCodes.AggregateMisuse, `${fn.name} does not take ORDER BY`, e.span, 'only STRING_AGG and LISTAGG order their values: STRING_AGG(x, sep ORDER BY y)');
    }
    args.push(...order.map((o) => this.expr(o.expr, rowEnv)));
    const constantArgs: Value[] = [];
    for (const c of constants) {
      const planned = this.expr(c, rowEnv);
      if (planned.kind !== 'literal') return this.error(PlanCodes.AggregateMisuse, `this argument of ${fn.name} must be a constant`, c.span);
      constantArgs.push(planned.value);
    }
    const type = fn.returnType(args.slice(0, args.length - order.length).map((a) => a.type));
    const orderDescending = order.map((o) => o.direction === 'DESC');
    const index = collector.add({ fn, args, constantArgs, distinct: e.distinct, ...(order.length ? { orderDescending } : {}), type });
    return { kind: 'aggregate', index, type };
  }

  private overCall(e: A.FunctionCall, fn: CatalogueFunction, env: ExprEnv): PlanExpr {
    const over = e.over!;
    const outputRows = env.outputOver?.overGroups(e) === true;
    const collector = outputRows ? env.outputOver!.collector : env.over;
    if (!collector) return this.error(PlanCodes.OverMisuse, `OVER is not allowed in ${env.clause}`, over.span);
    if (fn.kind === 'scalar' || (fn.kind === 'aggregate' && !fn.allowedWithOver)) {
      return this.error(PlanCodes.OverMisuse, `${fn.name} cannot be used with OVER`, e.nameSpan, 'OVER takes LAG, LEAD, ROW_NUMBER, RANK, … or AVG, SUM, MIN, MAX, COUNT, STDDEV, VARIANCE');
    }
    // Case (a) of ⊕X31 reads the grouped output (aggregates, group keys, window bounds); otherwise input rows.
    const rowEnv: ExprEnv = { ...env, aggregates: outputRows ? env.aggregates : null, over: null, outputOver: undefined, clause: 'OVER' };
    const args = e.args.map((a) => this.expr(a, rowEnv));
    const sortKeys = (items: A.OrderByItem[]): SortKey[] =>
      items.map((o) => ({ expr: this.expr(o.expr, rowEnv), descending: o.direction === 'DESC' }));
    const frame = over.frame
      ? { units: over.frame.unit === 'ROWS' ? ('rows' as const) : ('range' as const), start: frameBound(over.frame.start), end: frameBound(over.frame.end) }
      : null;
    const buffer =
      over.kind === 'BufferOver'
        ? {
            rows: over.bufferRows,
            emit: over.emitMode === 'ON BUFFER FULL' ? ('onBufferFull' as const) : ('everyRecord' as const),
            // §7.1: default expiry after a 60 s event-time gap; EXPIRE AFTER NEVER keeps buffers forever (null).
            expireAfterMs: over.expire === undefined ? 60_000 : over.expire.kind === 'Never' ? null : over.expire.duration.ms,
          }
        : null;
    const type = fn.returnType(args.map((a) => a.type));
    const outputField = collector.add({
      functionName: fn.name,
      args,
      partitionBy: over.partitionBy.map((p) => this.expr(p, rowEnv)),
      orderBy: sortKeys(over.orderBy),
      frame,
      buffer,
      type,
    });
    return { kind: 'column', name: outputField, qualifier: null, type };
  }

  private subquery(select: A.Select, mode: SubqueryMode, env: ExprEnv, type: SqlType): PlanExpr {
    const id = this.planSubquery(select, env.scope);
    return { kind: 'subquery', id, mode, type };
  }
}

function arityText(fn: CatalogueFunction): string {
  if (fn.minArgs === fn.maxArgs) return `${fn.minArgs} argument${fn.minArgs === 1 ? '' : 's'}`;
  if (fn.maxArgs === Infinity) return `at least ${fn.minArgs} arguments`;
  return `${fn.minArgs} to ${fn.maxArgs} arguments`;
}

function frameBound(b: A.FrameBound): FrameBound {
  switch (b.kind) {
    case 'UnboundedPreceding':
      return { kind: 'unboundedPreceding' };
    case 'UnboundedFollowing':
      return { kind: 'unboundedFollowing' };
    case 'CurrentRow':
      return { kind: 'currentRow' };
    case 'Preceding':
    case 'Following': {
      const offset = b.offset.kind === 'Duration' ? b.offset.ms : Number(b.offset.value);
      return { kind: b.kind === 'Preceding' ? 'preceding' : 'following', offset };
    }
  }
}

function pathStep(segment: A.PathSegment): PathStep {
  if (segment.kind === 'Field') return { field: segment.name.name };
  return segment.kind === 'Index' ? { index: segment.index } : { wildcard: true };
}
