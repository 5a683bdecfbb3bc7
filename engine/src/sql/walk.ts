/**
 * Read-only navigation of the AST shared by the validator's rule families and the planner: the
 * query a statement runs, its sink, the selects of a query, expression children and subqueries.
 */
import type * as A from './ast';
import { withDerivedAsCtes } from './derived';

/** The query part of a statement, with the sink it writes to and its WITH properties. */
export interface StatementQuery {
  query: A.Query;
  /** CREATE name, INTO target or INSERT target. */
  sink?: A.Identifier;
  /** Statement-level WITH. */
  properties?: A.Properties;
  /** Which CREATE form the query belongs to, if any. */
  create?: 'CreateStream' | 'CreateTable';
  columns?: A.ColumnDefinition[];
}

/** The query of a statement, with ⊕X23 derived tables read as CTEs (`derived.ts`). */
export function statementQuery(statement: A.Statement): StatementQuery | undefined {
  const target = writtenStatementQuery(statement);
  return target && { ...target, query: withDerivedAsCtes(target.query) };
}

function writtenStatementQuery(statement: A.Statement): StatementQuery | undefined {
  switch (statement.kind) {
    case 'Select':
      return { query: statement.query, sink: statement.into, properties: statement.properties };
    case 'CreateStream':
    case 'CreateTable':
      return { query: statement.query, sink: statement.name, properties: statement.properties, create: statement.kind, columns: statement.columns };
    case 'Insert':
      return { query: statement.query, sink: statement.target, properties: statement.properties };
    case 'StartJob':
    case 'DeployJob':
      return jobQuery(statement.body, statement.properties);
    default:
      return undefined;
  }
}

function jobQuery(body: A.JobBody, properties: A.Properties | undefined): StatementQuery {
  if (body.kind === 'Select') return { query: body.query, sink: body.into, properties };
  const inner = body.statement;
  return { query: inner.query, sink: inner.name, properties: inner.properties ?? properties, create: body.kind, columns: inner.columns };
}

/** The SELECT branches of a query body (several for UNION), left to right. */
export function branches(body: A.QueryBody): A.Select[] {
  return body.kind === 'Union' ? [...branches(body.left), body.right] : [body];
}

/** Every SELECT branch of a query: its CTEs' (in order), then its body's. */
export function querySelects(query: A.Query): A.Select[] {
  return [...query.ctes.flatMap((c) => branches(c.body)), ...branches(query.body)];
}

/** The select that decides the shape of a query's output (its first branch). */
export function mainSelect(query: A.Query): A.Select {
  return branches(query.body)[0];
}

/** Direct sub-expressions, not descending into subqueries. */
export function children(e: A.Expr): A.Expr[] {
  switch (e.kind) {
    case 'FunctionCall':
      return [...e.args, ...overExprs(e.over), ...[...(e.withinGroup ?? []), ...(e.argOrderBy ?? [])].map((o) => o.expr)];
    case 'Binary':
      return [e.left, e.right];
    case 'Negate':
    case 'Not':
      return [e.operand];
    case 'Case':
      return [...(e.operand ? [e.operand] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])];
    case 'Cast':
    case 'Extract':
    case 'IsNull':
    case 'InSubquery':
      return [e.expr];
    case 'InList':
      return [e.expr, ...e.list];
    case 'Between':
      return [e.expr, e.low, e.high];
    case 'Like':
      return [e.expr, e.pattern];
    case 'Quantified':
      return [e.left];
    case 'Path':
      return [e.root];
    default:
      return [];
  }
}

function overExprs(over: A.OverClause | undefined): A.Expr[] {
  if (!over) return [];
  return [...over.partitionBy, ...over.orderBy.map((o) => o.expr)];
}

/** The subquery an expression node introduces, if any. */
export function subqueryOf(e: A.Expr): A.Select | undefined {
  switch (e.kind) {
    case 'InSubquery':
    case 'Exists':
    case 'ScalarSubquery':
    case 'Quantified':
      return e.subquery;
    default:
      return undefined;
  }
}

/** Visits `e` and its sub-expressions depth-first (not into subqueries); `visit` returning false skips children. */
export function walk(e: A.Expr, visit: (e: A.Expr, parent: A.Expr | undefined) => boolean | void, parent?: A.Expr): void {
  if (visit(e, parent) === false) return;
  for (const child of children(e)) walk(child, visit, e);
}

/** Every subquery directly inside `e` (not nested in another subquery). */
export function subqueriesIn(e: A.Expr): A.Select[] {
  const found: A.Select[] = [];
  walk(e, (x) => {
    const sub = subqueryOf(x);
    if (sub) found.push(sub);
  });
  return found;
}

export type Clause = 'SELECT' | 'WHERE' | 'ON' | 'GROUP BY' | 'HAVING' | 'ORDER BY' | 'WINDOW';

/** The expressions of one select by clause (not those of its subqueries). */
export function clauseExprs(select: A.Select): Array<{ clause: Clause; expr: A.Expr }> {
  const out: Array<{ clause: Clause; expr: A.Expr }> = [];
  for (const item of select.items) if (item.kind === 'ExprItem') out.push({ clause: 'SELECT', expr: item.expr });
  for (const join of select.joins) if (join.on) out.push({ clause: 'ON', expr: join.on });
  if (select.where) out.push({ clause: 'WHERE', expr: select.where });
  for (const g of select.groupBy ?? []) out.push({ clause: 'GROUP BY', expr: g });
  if (select.window) for (const c of windowColumns(select.window)) out.push({ clause: 'WINDOW', expr: c });
  if (select.having) out.push({ clause: 'HAVING', expr: select.having });
  for (const o of select.orderBy ?? []) out.push({ clause: 'ORDER BY', expr: o.expr });
  return out;
}

export function windowColumns(w: A.WindowSpec): Array<A.ColumnRef | A.SystemColumnRef> {
  const cols: Array<A.ColumnRef | A.SystemColumnRef | undefined> = [w.timeColumn, w.kind === 'Session' ? w.partitionColumn : undefined];
  return cols.filter((c): c is A.ColumnRef | A.SystemColumnRef => c !== undefined);
}

/** Named sources of a select's FROM and JOINs. */
export function sourcesOf(select: A.Select): A.Source[] {
  return [...(select.from ? [select.from] : []), ...select.joins.map((j) => j.source)];
}

/** The name a source is known by in properties (`trades`, or the URI text). */
export function sourceName(source: A.Source): string {
  if (source.kind === 'DerivedSource') return source.alias?.name ?? '(SELECT …)';
  return source.kind === 'NamedSource' ? source.name.name : source.uri;
}

export function sourceSpan(source: A.Source): A.Span {
  return source.kind === 'NamedSource' ? source.name.span : source.span;
}

/** Structural equality ignoring positions and as-written spellings. */
export function sameExpr(a: A.Expr, b: A.Expr): boolean {
  return JSON.stringify(a, stripPositions) === JSON.stringify(b, stripPositions);
}

const POSITION_KEYS = new Set(['span', 'nameSpan', 'partSpan']);

function stripPositions(key: string, value: unknown): unknown {
  if (POSITION_KEYS.has(key)) return undefined;
  if (typeof value === 'bigint') return value.toString();
  return value;
}
