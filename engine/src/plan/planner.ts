/**
 * The planner: one parsed statement → a logical plan (dialect spec §3–§10).
 *
 * It owns the shape of a query — FROM/JOIN relations, WHERE, aggregation with windows and EMIT,
 * OVER, ORDER BY, DISTINCT, LIMIT, CTEs, UNION, subqueries and the sink — and delegates names
 * (planner-scope), expressions (planner-exprs) and output names (planner-names). It knows nothing
 * about connectors: what it needs to know about a source (columns, bounded, table) comes from
 * `PlannerContext`, which the API fills from the catalog and the WITH properties.
 *
 * Node order for one SELECT, bottom up:
 *   Scan → Join… → Filter(WHERE) → Over → Sort (row queries) → Project | Aggregate(HAVING)
 *   → Sort (aggregate queries, over output columns) → Distinct → Limit → Sink
 * ORDER BY of a row query sorts the input batch before the 1:1 projection, so it may use input
 * columns that are not selected; an aggregate query sorts each firing's output rows (§4.5).
 */
import type * as A from '../sql/ast';
import type { Diagnostic } from '../sql/diagnostics';
import type {
  AggregateNode,
  EmitMode,
  JoinNode,
  LogicalPlan,
  OutputItem,
  OverCall,
  PlanColumn,
  PlanExpr,
  PlanNode,
  ScanNode,
  SortKey,
  WindowSpec,
} from './logical';
import { keyColumnNames, outputColumns } from './logical';
import { PlanCodes, planDiagnostic } from './planner-diagnostics';
import { AggregateCollector, bindGroupKeys, exprKey, ExprPlanner, mapChildren, OverCollector, type ExprEnv, type SelectAlias } from './planner-exprs';
import { OutputNamer } from './planner-names';
import { joinRelations, Scope, type Relation } from './planner-scope';
import { declaredType } from './planner-types';
import { children, sourceName } from '../sql/walk';
import { withDerivedAsCtes } from '../sql/derived';
import { columnUses, containsAggregate } from './planner-walk';

/** What the planner knows about a FROM/JOIN name. */
export interface SourceInfo {
  /** Payload columns (declared, CSV header, schema file, upstream statement), else null. */
  columns: PlanColumn[] | null;
  /** Ends by itself (file without watch, memory data); null when unknown. */
  bounded: boolean | null;
  /** A CREATE TABLE result or a source declared as a table: lookup joins and subqueries (§4.4, §9.1). */
  table: boolean;
}

export interface PlannerContext {
  /** undefined: nothing known (planned with unknown columns; the runner reports a missing type). */
  source(name: string): SourceInfo | undefined;
}

/** The name of the one-row relation a SELECT without FROM reads (`SELECT 1`). */
export const NO_FROM_SOURCE = '$one_row';

export type PlannedKind = 'select' | 'stream' | 'table' | 'insert';

/** A CTE (⊕X12): an intermediate stream without a sink, feeding later CTEs and the main query. */
export interface PlannedCte {
  name: string;
  plan: LogicalPlan;
  columns: PlanColumn[] | null;
}

export interface PlannedStatement {
  statement: A.Statement;
  kind: PlannedKind;
  /** The CREATE name or INTO target; null for a plain SELECT. */
  output: string | null;
  /** ⊕X27 further sinks the output is also written to (`CREATE STREAM s AS SELECT … INTO t`). */
  alsoWrites: string[];
  /** Root is a Sink when `output` is set. */
  plan: LogicalPlan;
  /** In dependency order; the main plan's Scans may name them. */
  ctes: PlannedCte[];
  /** Names read through FROM/JOIN/subqueries that are not CTEs (sources or upstream outputs). */
  sources: string[];
  /** Output columns: the CREATE column list if declared, else the planned ones (null if unknown). */
  columns: PlanColumn[] | null;
  /** Output message key columns (§10.4). */
  keyColumns: string[];
  emit: EmitMode | null;
  /** True when some input of the statement is unbounded or of unknown boundedness. */
  unbounded: boolean;
}

export interface PlanResult {
  /** null when the statement has errors or is not a query statement. */
  planned: PlannedStatement | null;
  diagnostics: Diagnostic[];
}

export function planStatement(statement: A.Statement, context: PlannerContext): PlanResult {
  const shape = statementShape(statement);
  if (!shape) {
    const what = statement.kind.replace(/([a-z])([A-Z])/g, '$1 $2').toUpperCase();
    return {
      planned: null,
      diagnostics: [planDiagnostic(PlanCodes.NotQuery, `${what} is not supported in this runtime`, statement.span, { hint: 'job and introspection statements need a host with a job manager' })],
    };
  }
  const planner = new StatementPlanner(context);
  const { root, columns } = planner.query(withDerivedAsCtes(shape.query));
  const diagnostics = planner.diagnostics();
  if (diagnostics.some((d) => d.severity === 'error')) return { planned: null, diagnostics };

  const projection = topProjection(root);
  const declared = shape.columns?.map((c) => ({ name: c.name.name, type: declaredType(c.type) })) ?? null;
  const planned: PlannedStatement = {
    statement,
    kind: shape.kind,
    output: shape.output,
    alsoWrites: shape.alsoWrites ?? [],
    plan: { root: shape.output ? { kind: 'sink', input: root, name: shape.output } : root, subqueries: planner.subqueries },
    ctes: planner.ctes,
    sources: [...planner.sources],
    columns: declared ?? columns,
    keyColumns: projection ? keyColumnNames(projection) : [],
    emit: bodyEmit(shape.query.body),
    unbounded: planner.unbounded,
  };
  return { planned, diagnostics };
}

interface StatementShape {
  kind: PlannedKind;
  output: string | null;
  alsoWrites?: string[];
  query: A.Query;
  columns?: A.ColumnDefinition[];
}

function statementShape(s: A.Statement): StatementShape | null {
  switch (s.kind) {
    case 'Select':
      return { kind: 'select', output: s.into?.name ?? null, query: s.query, alsoWrites: moreTargets(s.query) };
    case 'CreateStream':
    case 'CreateTable':
      return { kind: s.kind === 'CreateStream' ? 'stream' : 'table', output: s.name.name, query: s.query, columns: s.columns, alsoWrites: createTargets(s) };
    case 'Insert':
      return { kind: 'insert', output: s.target.name, query: s.query };
    case 'StartJob':
    case 'DeployJob': {
      const body = s.body;
      if (body.kind === 'Select') return { kind: 'select', output: body.into?.name ?? null, query: body.query };
      const inner = body.statement;
      return { kind: body.kind === 'CreateTable' ? 'table' : 'stream', output: inner.name.name, query: inner.query, columns: inner.columns };
    }
    default:
      return null;
  }
}

/** ⊕X27 `INTO t[, u…]` at the end of a CREATE's query. */
function createTargets(s: A.CreateStreamStatement | A.CreateTableStatement): string[] {
  return s.into ? [s.into.name, ...moreTargets(s.query)] : [];
}

/** `INTO a, b, …`: the targets after the first. */
function moreTargets(query: A.Query): string[] {
  const last = query.body.kind === 'Union' ? query.body.right : query.body;
  return (last.moreTargets ?? []).map((t) => t.name);
}

function bodyEmit(body: A.QueryBody): EmitMode | null {
  const select = body.kind === 'Union' ? body.right : body;
  return select.emit ? (select.emit.mode === 'CHANGES' ? 'changes' : 'final') : null;
}

/** The Project or Aggregate that shapes the output records, below Sort/Distinct/Limit/Sink. */
function topProjection(node: PlanNode): Extract<PlanNode, { kind: 'project' | 'aggregate' }> | null {
  switch (node.kind) {
    case 'project':
    case 'aggregate':
      return node;
    case 'sort':
    case 'distinct':
    case 'limit':
    case 'sink':
      return topProjection(node.input);
    default:
      return null;
  }
}

interface Planned {
  root: PlanNode;
  columns: PlanColumn[] | null;
}

class StatementPlanner {
  readonly subqueries: PlanNode[] = [];
  readonly ctes: PlannedCte[] = [];
  readonly sources = new Set<string>();
  unbounded = false;
  private readonly cteInfo = new Map<string, SourceInfo>();
  private readonly exprs = new ExprPlanner((select, outer) => this.subquery(select, outer));
  private readonly problems: Diagnostic[] = [];

  constructor(private readonly context: PlannerContext) {}

  diagnostics(): Diagnostic[] {
    return [...this.problems, ...this.exprs.diagnostics].sort((a, b) => a.line - b.line || a.column - b.column);
  }

  private error(code: string, message: string, span: A.Span, hint?: string): void {
    this.problems.push(planDiagnostic(code, message, span, { hint }));
  }

  query(query: A.Query): Planned {
    for (const cte of query.ctes) {
      const planned = this.body(cte.body);
      this.ctes.push({ name: cte.name.name, plan: { root: planned.root, subqueries: this.subqueries }, columns: planned.columns });
      this.cteInfo.set(cte.name.name, { columns: planned.columns, bounded: !this.unbounded, table: false });
    }
    return this.body(query.body);
  }

  private body(body: A.QueryBody): Planned {
    if (body.kind === 'Select') return this.select(body, null);
    const left = this.body(body.left);
    const right = this.select(body.right, null);
    const leftNames = left.columns?.map((c) => c.name).join(',');
    const rightNames = right.columns?.map((c) => c.name).join(',');
    if (leftNames !== undefined && rightNames !== undefined && leftNames !== rightNames) {
      this.error(PlanCodes.Unplannable, 'UNION inputs must have the same output columns', body.right.span, `left: ${leftNames}; right: ${rightNames}`);
    }
    return { root: { kind: 'union', inputs: [left.root, right.root], all: body.all }, columns: left.columns };
  }

  /** Plans a subquery into `subqueries`; its source must be a table (§9.1). */
  private subquery(select: A.Select, outer: Scope): number {
    const from = select.from;
    if (from?.kind === 'NamedSource') {
      const name = from.name.name;
      if (this.cteInfo.has(name)) {
        this.error(PlanCodes.SubquerySource, `CTE '${name}' cannot be used in a subquery`, from.name.span, 'use a CREATE TABLE result or a table source');
      } else {
        const info = this.context.source(name);
        if (info && !info.table && info.bounded === false) {
          this.error(PlanCodes.SubquerySource, `subquery source must be a table: '${name}' is a stream`, from.name.span, 'create it with CREATE TABLE, or read a bounded file');
        }
      }
    }
    const wasUnbounded = this.unbounded;
    const planned = this.select(select, outer);
    this.unbounded = wasUnbounded; // a subquery's table does not make the statement unbounded
    this.subqueries.push(planned.root);
    return this.subqueries.length - 1;
  }

  private select(select: A.Select, outer: Scope | null): Planned {
    const { node: input, scope } = this.fromClause(select, outer);
    let node: PlanNode = input;
    const aliases = selectAliases(select);
    const env = (clause: string, over: OverCollector | null, aliasLimit: number, aggregates: AggregateCollector | null = null): ExprEnv => ({
      scope,
      clause,
      aliases,
      aliasLimit,
      aggregates,
      over,
    });

    if (select.where) node = { kind: 'filter', input: node, predicate: this.exprs.expr(select.where, env('WHERE', null, 0)) };

    const aggregated =
      select.groupBy !== undefined ||
      select.window !== undefined ||
      select.items.some((i) => i.kind === 'ExprItem' && containsAggregate(i.expr)) ||
      (select.having !== undefined && containsAggregate(select.having));

    const planned = aggregated ? this.aggregateQuery(select, node, scope, env) : this.rowQuery(select, node, scope, env);
    node = planned.root;
    if (select.distinct) node = { kind: 'distinct', input: node };
    if (select.limit) node = { kind: 'limit', input: node, count: Number(select.limit.value) };
    return { root: node, columns: planned.columns };
  }

  /** FROM and JOINs: the input node and the scope its columns resolve in. */
  private fromClause(select: A.Select, outer: Scope | null): { node: PlanNode; scope: Scope } {
    if (!select.from) {
      const scan: ScanNode = { kind: 'scan', source: NO_FROM_SOURCE, alias: null, schema: [], bounded: true };
      return { node: scan, scope: new Scope([], outer) };
    }
    const sources = [select.from, ...select.joins.map((j) => j.source)].map((s) => this.sourceRelation(s));
    const relations = joinRelations(sources, columnUses(select));
    let node: PlanNode = sources[0].scan;
    select.joins.forEach((join, i) => {
      node = this.join(join, node, sources[i + 1], relations.slice(0, i + 1), relations[i + 1], outer);
    });
    return { node, scope: new Scope(relations, outer) };
  }

  private sourceRelation(source: A.Source): { source: string; alias: string | null; columns: PlanColumn[] | null; scan: ScanNode; info: SourceInfo | undefined } {
    const name = sourceName(source);
    const alias = source.alias?.name ?? null;
    const info = this.cteInfo.get(name) ?? this.context.source(name);
    if (!this.cteInfo.has(name)) this.sources.add(name);
    if (!info || info.bounded !== true) this.unbounded = true;
    const columns = info?.columns ?? null;
    return { source: name, alias, columns, info, scan: { kind: 'scan', source: name, alias, schema: columns, bounded: info?.bounded ?? null } };
  }

  /**
   * One JOIN (§4.4): a lookup join when the right side is a table or bounded (D10), else an
   * interval join bounded by WITHIN (default: right.time − left.time ∈ [0, 1 h]). The `=` pairs
   * of ON between the two sides become keys: the left key reads the joined-so-far record, the
   * right key reads the right-side record with its own column names; the rest of ON is the
   * residual over the combined record.
   */
  private join(
    join: A.Join,
    left: PlanNode,
    right: { scan: ScanNode; info: SourceInfo | undefined },
    leftRelations: Relation[],
    rightRelation: Relation,
    outer: Scope | null,
  ): JoinNode {
    const leftScope = new Scope(leftRelations, outer);
    const rightScope = new Scope([{ ...rightRelation, fields: new Map() }], outer);
    const combined = new Scope([...leftRelations, rightRelation], outer);
    const rowEnv = (scope: Scope): ExprEnv => ({ scope, clause: 'ON', aliases: [], aliasLimit: 0, aggregates: null, over: null });
    const lookup = right.info?.table === true || right.info?.bounded === true;
    const keys: JoinNode['keys'] = [];
    const residual: A.Expr[] = [];
    let between: TimeBetween | null = null;
    if (join.joinType === 'CROSS' && !lookup) {
      this.error(PlanCodes.Unplannable, 'CROSS JOIN needs a bounded right side', join.source.span, 'join a table or a file without watch, or use JOIN … ON with a time bound');
    }
    for (const conjunct of join.on ? conjuncts(join.on) : []) {
      const pair = conjunct.kind === 'Binary' && conjunct.op === '=' ? this.keyPair(conjunct, leftScope, rightScope) : null;
      const bound: TimeBetween | null = !lookup && !between && conjunct.kind === 'Between' ? this.timeBetween(conjunct, leftScope, rightScope) : null;
      if (pair) keys.push({ left: this.exprs.expr(pair.left, rowEnv(leftScope)), right: this.exprs.expr(pair.right, rowEnv(rightScope)) });
      else if (bound) between = bound;
      else residual.push(conjunct);
    }
    const withinMs = join.within?.ms;
    return {
      kind: 'join',
      joinKind: (join.joinType === 'CROSS' ? 'inner' : join.joinType.toLowerCase()) as JoinNode['joinKind'],
      strategy: lookup ? 'lookup' : 'interval',
      left,
      right: right.scan,
      rightAlias: rightRelation.alias,
      rightFields: Object.fromEntries(rightRelation.fields),
      keys,
      residual: residual.length ? residual.map((c) => this.exprs.expr(c, rowEnv(combined))).reduce((a, b) => ({ kind: 'binary', op: 'AND', left: a, right: b, type: 'boolean' })) : null,
      interval: lookup ? null : this.intervalBound(between, withinMs, rowEnv(leftScope), rowEnv(rightScope)),
    };
  }

  /**
   * The interval join's bound on `right.time − left.time` (§4.4): a BETWEEN on the two sides'
   * time columns sets the columns and the bound, WITHIN d gives [−d, d] (both: their
   * intersection); neither: the reference's [0, 1 h] over the records' event times.
   */
  private intervalBound(between: TimeBetween | null, withinMs: number | undefined, leftEnv: ExprEnv, rightEnv: ExprEnv): NonNullable<JoinNode['interval']> {
    const within = withinMs === undefined ? null : { lowerMs: -withinMs, upperMs: withinMs };
    if (!between) return { leftTime: null, rightTime: null, ...(within ?? { lowerMs: 0, upperMs: 3_600_000 }) };
    return {
      leftTime: this.exprs.expr(between.leftTime, leftEnv),
      rightTime: this.exprs.expr(between.rightTime, rightEnv),
      lowerMs: Math.max(between.lowerMs, within?.lowerMs ?? -Infinity),
      upperMs: Math.min(between.upperMs, within?.upperMs ?? Infinity),
    };
  }

  /**
   * `a.t BETWEEN b.t [± d1] AND b.t [± d2]` with `a` and `b` the two sides of the join (either
   * way round) and d1, d2 INTERVAL literals: as a bound on right.time − left.time.
   */
  private timeBetween(e: A.BetweenExpr, leftScope: Scope, rightScope: Scope): TimeBetween | null {
    if (e.negated || e.expr.kind !== 'Column') return null;
    const low = shiftedColumn(e.low);
    const high = shiftedColumn(e.high);
    if (!low || !high || !sameColumn(low.column, high.column)) return null;
    const subject = this.sideOf(e.expr, leftScope, rightScope);
    const other = this.sideOf(low.column, leftScope, rightScope);
    if (subject === 'right' && other === 'left') return { leftTime: low.column, rightTime: e.expr, lowerMs: low.ms, upperMs: high.ms };
    // left.t ∈ [right.t + d1, right.t + d2]  ⇔  right.t − left.t ∈ [−d2, −d1]
    if (subject === 'left' && other === 'right') return { leftTime: e.expr, rightTime: low.column, lowerMs: -high.ms, upperMs: -low.ms };
    return null;
  }

  /** `l = r` with one side reading only left relations and the other only the right one. */
  private keyPair(e: A.BinaryExpr, leftScope: Scope, rightScope: Scope): { left: A.Expr; right: A.Expr } | null {
    const a = this.sideOf(e.left, leftScope, rightScope);
    const b = this.sideOf(e.right, leftScope, rightScope);
    if (a === 'left' && b === 'right') return { left: e.left, right: e.right };
    if (a === 'right' && b === 'left') return { left: e.right, right: e.left };
    return null;
  }

  /** Which side of a join an ON operand reads: only left relations, only the right one, or neither/both (null). */
  private sideOf(x: A.Expr, leftScope: Scope, rightScope: Scope): 'left' | 'right' | null {
    const refs = columnRefs(x);
    if (refs.length === 0) return null;
    const inRight = (r: A.ColumnRef) => {
      const q = r.qualifier?.name ?? null;
      if (q !== null) return rightScope.relation(q) !== undefined;
      return leftScope.resolve(null, r.name.name).kind !== 'found' && rightScope.resolve(null, r.name.name).kind === 'found';
    };
    const sides = new Set(refs.map((r) => (inRight(r) ? 'right' : 'left')));
    return sides.size === 1 ? [...sides][0] : null;
  }

  /** A query without aggregation: one output row per input row (§8). */
  private rowQuery(select: A.Select, input: PlanNode, scope: Scope, env: (c: string, o: OverCollector | null, l: number) => ExprEnv): Planned {
    const over = new OverCollector();
    const names = new OutputNamer();
    const items: OutputItem[] = [];
    let eventTime: PlanExpr | null = null;
    let passThrough = false;
    select.items.forEach((item, index) => {
      if (item.kind !== 'ExprItem') {
        const qualifier = item.kind === 'QualifiedStar' ? item.qualifier.name : null;
        if (qualifier !== null && !scope.relation(qualifier)) {
          this.error(PlanCodes.UnknownQualifier, `unknown source or alias '${qualifier}'`, item.span);
          return;
        }
        const columns = scope.starColumns(qualifier);
        if (columns) {
          for (const c of columns) {
            names.reserve(c.name);
            items.push({ name: c.name, expr: c.expr, primaryKey: false });
          }
        } else if (select.items.length === 1 && select.joins.length === 0) {
          passThrough = true; // `SELECT *` over unknown columns: records flow through unchanged
        } else {
          this.error(PlanCodes.Unplannable, `cannot expand ${qualifier ? `${qualifier}.*` : '*'}: the columns of the source are unknown`, item.span, 'declare the source schema (schema file or column list), or list the columns');
        }
        return;
      }
      const expr = this.exprs.expr(item.expr, env('the select list', over, index));
      if (isEventTimeAlias(item)) eventTime = expr;
      else items.push({ name: names.name(item, index + 1, expr), expr, primaryKey: item.primaryKey });
    });

    const sortKeys = (select.orderBy ?? []).map((o) => ({
      expr: this.exprs.expr(o.expr, env('ORDER BY', over, Infinity)),
      descending: o.direction === 'DESC',
    }));
    let node = input;
    if (over.calls.length) node = { kind: 'over', input: node, calls: over.calls };
    if (sortKeys.length) node = { kind: 'sort', input: node, keys: sortKeys };
    if (passThrough) return { root: node, columns: outputColumns(input) };
    node = { kind: 'project', input: node, items, eventTime };
    return { root: node, columns: outputColumns(node) };
  }

  /** GROUP BY / WINDOW / aggregates: one Aggregate node fused with its select list (§6, §8). */
  private aggregateQuery(
    select: A.Select,
    input: PlanNode,
    scope: Scope,
    env: (c: string, o: OverCollector | null, l: number, a?: AggregateCollector | null) => ExprEnv,
  ): Planned {
    const groupBy = (select.groupBy ?? []).map((g) => this.exprs.expr(g, env('GROUP BY', null, Infinity)));
    const window = select.window ? this.window(select.window, env('WINDOW', null, 0)) : null;
    const aggregates = new AggregateCollector();
    const names = new OutputNamer();
    const items: OutputItem[] = [];
    let eventTime: PlanExpr | null = null;
    // ⊕X31 OVER in a grouped query: over the input records (case b) or over the output rows (case a).
    const inputOver = new OverCollector();
    const outputOver = new OverCollector(OUTPUT_OVER_PREFIX);
    const itemEnv = (index: number): ExprEnv => ({
      ...env('the select list', inputOver, index, aggregates),
      outputOver: { collector: outputOver, overGroups: (call) => overGroups(call, select) },
    });
    select.items.forEach((item, index) => {
      if (item.kind !== 'ExprItem') {
        const columns = scope.starColumns(item.kind === 'QualifiedStar' ? item.qualifier.name : null);
        if (!columns) {
          this.error(PlanCodes.Unplannable, 'cannot expand * in an aggregate query over a source of unknown columns', item.span, 'list the columns');
          return;
        }
        for (const c of columns) {
          names.reserve(c.name);
          items.push({ name: c.name, expr: bindGroupKeys(c.expr, groupBy), primaryKey: false });
        }
        return;
      }
      const expr = bindGroupKeys(this.exprs.expr(item.expr, itemEnv(index)), groupBy);
      if (isEventTimeAlias(item)) eventTime = expr;
      else items.push({ name: names.name(item, index + 1, expr), expr, primaryKey: item.primaryKey });
    });
    const having = select.having ? bindGroupKeys(this.exprs.expr(select.having, env('HAVING', null, Infinity, aggregates)), groupBy) : null;
    const emit = select.emit ? (select.emit.mode === 'CHANGES' ? 'changes' : 'final') : null;
    const grouped: PlanNode = inputOver.calls.length ? { kind: 'over', input, calls: inputOver.calls } : input;
    const aggregate: AggregateNode = { kind: 'aggregate', input: grouped, groupBy, aggregates: aggregates.calls, window, emit, having, items, eventTime };
    let node: PlanNode = outputOver.calls.length ? overOutputRows(aggregate, outputOver.calls, groupBy) : aggregate;
    const columns = outputColumns(node);
    if (select.orderBy?.length) {
      const keys = select.orderBy.map((o) => this.outputSortKey(o, items, groupBy, env('ORDER BY', null, Infinity, aggregates)));
      node = { kind: 'sort', input: node, keys: keys.filter((k): k is SortKey => k !== null) };
    }
    return { root: node, columns };
  }

  /** ORDER BY of an aggregate query reads the output rows: an output name or a selected expression. */
  private outputSortKey(o: A.OrderByItem, items: OutputItem[], groupBy: PlanExpr[], env: ExprEnv): SortKey | null {
    const descending = o.direction === 'DESC';
    if (o.expr.kind === 'Column' && !o.expr.qualifier) {
      const item = items.find((i) => i.name === (o.expr as A.ColumnRef).name.name);
      if (item) return { expr: { kind: 'column', name: item.name, qualifier: null, type: item.expr.type }, descending };
    }
    const key = exprKey(bindGroupKeys(this.exprs.expr(o.expr, env), groupBy));
    const item = items.find((i) => exprKey(i.expr) === key);
    if (item) return { expr: { kind: 'column', name: item.name, qualifier: null, type: item.expr.type }, descending };
    this.error(PlanCodes.OrderByNotInOutput, 'ORDER BY of an aggregate query must name an output column', o.expr.span, 'add the expression to the select list with an alias and order by the alias');
    return null;
  }

  private window(w: A.WindowSpec, env: ExprEnv): WindowSpec {
    const time = (c: A.ColumnRef | A.SystemColumnRef | undefined) => (c ? this.exprs.expr(c, env) : null);
    switch (w.kind) {
      case 'Tumbling':
        return { kind: 'tumbling', timeColumn: time(w.timeColumn), sizeMs: w.size.ms };
      case 'Sliding':
        return { kind: 'sliding', timeColumn: time(w.timeColumn), sizeMs: w.size.ms, advanceMs: w.advance.ms };
      case 'Session':
        return { kind: 'session', timeColumn: time(w.timeColumn), gapMs: w.gap.ms, partitionBy: time(w.partitionColumn) };
    }
  }
}

/** Hidden output fields of ⊕X31 OVER calls over grouped rows (`$` cannot start a user name). */
const OUTPUT_OVER_PREFIX = '$grouped_over';

/**
 * ⊕X31 case (a): which OVER calls of a grouped select read the grouped rows — those whose
 * arguments contain an aggregate or only use GROUP BY columns (`SUM(COUNT(*)) OVER (…)`,
 * `LAG(symbol) OVER (…)`); the others read input records.
 */
function overGroups(call: A.FunctionCall, select: A.Select): boolean {
  if (call.args.some(containsAggregate)) return true;
  const grouped = (select.groupBy ?? []).map((g) => JSON.stringify(g, positionless));
  const columns: A.Expr[] = [];
  const collect = (e: A.Expr) => (e.kind === 'Column' ? columns.push(e) : children(e).forEach(collect));
  call.args.forEach(collect);
  return columns.every((c) => grouped.includes(JSON.stringify(c, positionless)));
}

function positionless(key: string, value: unknown): unknown {
  return key === 'span' || key === 'qualifier' ? undefined : value;
}

/**
 * ⊕X31 case (a): the Aggregate computes every expression the OVER calls and the items around
 * them need as hidden fields; an Over node runs over its output rows (per partition, in emission
 * order); a Project computes the select items from them and drops the hidden fields.
 */
function overOutputRows(aggregate: AggregateNode, calls: OverCall[], groupBy: PlanExpr[]): PlanNode {
  const aggregateItems: OutputItem[] = [];
  const readsOver = (e: PlanExpr): boolean => {
    let found = e.kind === 'column' && e.name.startsWith(OUTPUT_OVER_PREFIX);
    mapChildren(e, (c) => { found ||= readsOver(c); return c; });
    return found;
  };
  /** Replaces each largest sub-expression without an OVER result by a hidden aggregate field. */
  const lift = (e: PlanExpr): PlanExpr => {
    if (readsOver(e)) return mapChildren(e, lift);
    const name = `$grouped${aggregateItems.length + 1}`;
    aggregateItems.push({ name, expr: bindGroupKeys(e, groupBy), primaryKey: false });
    return { kind: 'column', name, qualifier: null, type: e.type };
  };
  const liftedCalls = calls.map((c) => ({
    ...c,
    args: c.args.map(lift),
    partitionBy: c.partitionBy.map(lift),
    orderBy: c.orderBy.map((k) => ({ ...k, expr: lift(k.expr) })),
  }));
  const items = aggregate.items.map((item): OutputItem => {
    if (readsOver(item.expr)) return { ...item, expr: lift(item.expr) };
    aggregateItems.push(item);
    return { ...item, expr: { kind: 'column', name: item.name, qualifier: null, type: item.expr.type } };
  });
  const over: PlanNode = { kind: 'over', input: { ...aggregate, items: aggregateItems }, calls: liftedCalls };
  return { kind: 'project', input: over, items, eventTime: null };
}

function selectAliases(select: A.Select): SelectAlias[] {
  const out: SelectAlias[] = [];
  select.items.forEach((item, index) => {
    if (item.kind === 'ExprItem' && item.alias) out.push({ name: item.alias.name, index, expr: item.expr });
  });
  return out;
}

/** `expr AS _EVENT_TIME` (case-insensitive) sets the record's event time (§10.2). */
function isEventTimeAlias(item: A.ExprItem): boolean {
  return item.alias?.name.toUpperCase() === '_EVENT_TIME';
}

/** A BETWEEN in ON read as an interval join bound: the two time columns and right.time − left.time ∈ [lowerMs, upperMs]. */
interface TimeBetween {
  leftTime: A.ColumnRef;
  rightTime: A.ColumnRef;
  lowerMs: number;
  upperMs: number;
}

/** `col`, `col + INTERVAL …` or `col - INTERVAL …`: the column and the signed shift in ms. */
function shiftedColumn(e: A.Expr): { column: A.ColumnRef; ms: number } | null {
  if (e.kind === 'Column') return { column: e, ms: 0 };
  if (e.kind === 'Binary' && (e.op === '+' || e.op === '-') && e.left.kind === 'Column' && e.right.kind === 'Interval') {
    return { column: e.left, ms: e.op === '+' ? e.right.ms : -e.right.ms };
  }
  return null;
}

function sameColumn(a: A.ColumnRef, b: A.ColumnRef): boolean {
  return a.name.name === b.name.name && (a.qualifier?.name ?? null) === (b.qualifier?.name ?? null);
}

function conjuncts(e: A.Expr): A.Expr[] {
  return e.kind === 'Binary' && e.op === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function columnRefs(e: A.Expr): A.ColumnRef[] {
  if (e.kind === 'Column') return [e];
  return children(e).flatMap(columnRefs);
}
