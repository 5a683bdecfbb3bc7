/**
 * Warnings about the shape of one SELECT (dialect spec §4.2, §4.5, §5.1, §6.2, §8, §10.4):
 * grouping consistency, `GROUP BY 1`, ORDER BY and EMIT FINAL without WINDOW, NOT precedence,
 * unaliased computed columns, double-quoted items, ignored PRIMARY KEY, windows without event
 * time over files, and stream–stream joins without a time bound.
 */
import type * as A from '../ast';
import type { SourceProperties } from './registry';
import { V } from './codes';
import type { Reporter } from './context';
import { lookupFunction } from '../../types/functions/catalogue';
import { containsAggregate, isGroupAggregate } from './functions';
import { clauseExprs, sameExpr, sourceName, walk } from '../walk';

/** Where a select sits: its output is a result (main), feeds a query (cte) or is a value (subquery). */
export type SelectRole = 'main' | 'cte' | 'subquery';

export function checkQueryShape(select: A.Select, role: SelectRole, reporter: Reporter): void {
  for (const { expr } of clauseExprs(select)) notPrecedence(expr, reporter);
  for (const key of select.groupBy ?? []) {
    if (key.kind === 'Integer' || key.kind === 'Decimal' || key.kind === 'String') {
      reporter.report(V.GroupByLiteral, {
        message: `GROUP BY ${key.kind === 'String' ? 'a string literal' : key.text} groups by a constant, not by a column position`,
        span: key.span,
        hint: 'name the column: GROUP BY symbol (positions are not supported)',
      });
    }
  }
  if (select.orderBy && !select.window) {
    reporter.report(V.OrderByWithoutWindow, {
      message: 'ORDER BY without WINDOW sorts each input batch only, never the whole stream',
      span: select.orderBy[0].span,
      hint: 'add a WINDOW to sort the rows of each window firing, or drop ORDER BY',
    });
  }
  if (select.emit?.mode === 'FINAL' && !select.window) {
    reporter.report(V.EmitFinalWithoutWindow, {
      message: 'EMIT FINAL without WINDOW emits only when a bounded input ends (never for a stream)',
      span: select.emit.span,
      hint: 'add a WINDOW, or use EMIT CHANGES for a running result',
    });
  }
  ungroupedColumns(select, reporter);
  if (role === 'main') for (const item of select.items) if (item.kind === 'ExprItem') itemWarnings(item, reporter);
}

const COMPARISON_OPS = new Set(['=', '!=', '<>', '<', '>', '<=', '>=']);

/** `NOT a = b` reads `(NOT a) = b` (§5.1). */
function notPrecedence(expr: A.Expr, reporter: Reporter): void {
  walk(expr, (e, parent) => {
    if (e.kind !== 'Not' || !parent || !isComparisonLeft(parent, e)) return;
    reporter.report(V.NotPrecedence, {
      message: 'NOT applies only to the next operand; write NOT (a = b)',
      span: parent.span,
      hint: 'NOT binds tighter than comparisons here, as in Velostream; add parentheses to say what you mean',
    });
  });
}

function isComparisonLeft(parent: A.Expr, e: A.Expr): boolean {
  switch (parent.kind) {
    case 'Binary':
      return COMPARISON_OPS.has(parent.op) && parent.left === e;
    case 'Like':
    case 'Between':
    case 'InList':
    case 'InSubquery':
    case 'IsNull':
      return parent.expr === e;
    case 'Quantified':
      return parent.left === e;
    default:
      return false;
  }
}

/** Select items that read columns outside both GROUP BY and an aggregate (§8). */
function ungroupedColumns(select: A.Select, reporter: Reporter): void {
  const keys = select.groupBy ?? [];
  const aggregates = select.items.some((i) => i.kind === 'ExprItem' && containsAggregate(i.expr));
  if (keys.length === 0 && !aggregates) return;
  const keyNames = new Set(keys.flatMap((k) => (k.kind === 'Column' ? [k.name.name] : [])));
  for (const item of select.items) {
    if (item.kind !== 'ExprItem') continue;
    if (keys.some((k) => sameExpr(k, item.expr)) || (item.alias && keyNames.has(item.alias.name))) continue;
    const loose = looseColumns(item.expr, keys, keyNames);
    if (loose.length === 0) continue;
    const name = loose[0].name.name;
    reporter.report(V.UngroupedColumn, {
      message: `column '${name}' is neither in GROUP BY nor inside an aggregate`,
      span: loose[0].span,
      hint: `add ${name} to GROUP BY, or aggregate it (e.g. LAST_VALUE(${name}))`,
    });
  }
}

function looseColumns(expr: A.Expr, keys: readonly A.Expr[], keyNames: ReadonlySet<string>): A.ColumnRef[] {
  const loose: A.ColumnRef[] = [];
  walk(expr, (e) => {
    // Aggregates, OVER calls and unknown functions (already an error) end the search.
    if (e.kind === 'FunctionCall' && (isGroupAggregate(e) || e.over || !lookupFunction(e.upperName))) return false;
    if (keys.some((k) => sameExpr(k, e))) return false;
    if (e.kind === 'Column' && !keyNames.has(e.name.name)) loose.push(e);
  });
  return loose;
}

function itemWarnings(item: A.ExprItem, reporter: Reporter): void {
  const e = item.expr;
  if (e.kind === 'String' && e.quote === '"') {
    reporter.report(V.DoubleQuotedItem, {
      message: 'double quotes make a string literal, not an identifier',
      span: e.span,
      hint: `write ${e.value} without quotes to read the column`,
    });
    return;
  }
  if (item.alias || e.kind === 'Column' || e.kind === 'SystemColumn') return;
  if (item.primaryKey) {
    reporter.report(V.IgnoredPrimaryKey, {
      message: 'PRIMARY KEY on an unaliased expression is ignored',
      span: item.span,
      hint: 'give the expression an alias: expr AS id PRIMARY KEY',
    });
  }
  reporter.report(V.UnaliasedComputed, {
    message: 'alias computed columns: this one gets a generated name that differs from Velostream',
    span: e.span,
    hint: 'add AS <name> so the output field has a stable name',
  });
}

/** Properties of a named source of the statement, once resolved. */
export type PropertiesOf = (name: string) => SourceProperties | undefined;

const isFileSource = (p: SourceProperties | undefined) => p?.type?.startsWith('file_source') ?? false;

/** Checks that need the sources' resolved WITH properties. */
export function checkSourceShape(select: A.Select, props: PropertiesOf, reporter: Reporter): void {
  const w = select.window;
  const from = select.from;
  if (w && from && (!w.timeColumn || w.timeColumn.kind === 'SystemColumn' && w.timeColumn.name === '_EVENT_TIME')) {
    const p = props(sourceName(from));
    if (isFileSource(p) && p!.get('event.time.field') === undefined) {
      reporter.report(V.WindowWithoutEventTime, {
        message: `windowed query over file source '${sourceName(from)}' without event time: windows follow read time`,
        span: w.span,
        hint: "set 'event.time.field' in WITH, or name the time column: TUMBLING(ts, 1m)",
      });
    }
  }
  for (const join of select.joins) {
    if (join.within || !from || !join.on || hasBetween(join.on)) continue;
    const left = props(sourceName(from));
    const right = props(sourceName(join.source));
    const unbounded = (p: SourceProperties | undefined) => p?.type === 'kafka_source' && !p.declaresTable;
    if (unbounded(left) && unbounded(right)) {
      reporter.report(V.DefaultJoinBound, {
        message: 'stream–stream join without WITHIN: the default bound right.time − left.time ∈ [0, 1 h] applies',
        span: join.span,
        hint: 'add WITHIN INTERVAL 10 MINUTES (or a BETWEEN on the time columns) to state the bound',
      });
    }
  }
}

function hasBetween(e: A.Expr): boolean {
  let found = false;
  walk(e, (x) => {
    if (x.kind === 'Between') found = true;
  });
  return found;
}
