/**
 * Read-only walks over the SQL AST that the planner needs before translating: the children of
 * an expression, whether it contains an aggregate, and the column names a SELECT uses (to name
 * colliding join columns `right_<col>` when schemas are unknown).
 */
import type { ColumnRef, Expr, OrderByItem, Select } from '../sql/ast';
import { lookupFunction } from '../runtime/functions/catalogue';

/** Direct sub-expressions, not entering subqueries (they are separate scopes). */
export function exprChildren(e: Expr): Expr[] {
  switch (e.kind) {
    case 'FunctionCall':
      return [...e.args, ...(e.withinGroup ?? []).map((o) => o.expr), ...overExprs(e)];
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
      return [e.expr];
    case 'InList':
      return [e.expr, ...e.list];
    case 'InSubquery':
      return [e.expr];
    case 'Between':
      return [e.expr, e.low, e.high];
    case 'Like':
      return [e.expr, e.pattern];
    case 'Quantified':
      return [e.left];
    default:
      return [];
  }
}

function overExprs(call: Extract<Expr, { kind: 'FunctionCall' }>): Expr[] {
  const over = call.over;
  if (!over) return [];
  return [...over.partitionBy, ...over.orderBy.map((o: OrderByItem) => o.expr)];
}

export function someExpr(e: Expr, test: (e: Expr) => boolean): boolean {
  return test(e) || exprChildren(e).some((c) => someExpr(c, test));
}

/** An aggregate call (not under OVER): `COUNT(*)`, `SUM(x)`, `PERCENTILE_CONT(p) WITHIN GROUP …`. */
export function isAggregateCall(e: Expr): boolean {
  return e.kind === 'FunctionCall' && !e.over && lookupFunction(e.upperName)?.kind === 'aggregate';
}

export function containsAggregate(e: Expr): boolean {
  if (isAggregateCall(e)) return true;
  if (e.kind === 'FunctionCall' && e.over) return false;
  return exprChildren(e).some(containsAggregate);
}

/** Every expression of a SELECT's own clauses (not of its subqueries). */
export function selectExprs(select: Select): Expr[] {
  const out: Expr[] = [];
  for (const item of select.items) if (item.kind === 'ExprItem') out.push(item.expr);
  for (const join of select.joins) out.push(join.on);
  if (select.where) out.push(select.where);
  out.push(...(select.groupBy ?? []));
  if (select.having) out.push(select.having);
  out.push(...(select.orderBy ?? []).map((o) => o.expr));
  return out;
}

/**
 * The column names a SELECT's own clauses use: per qualifier (`o.id`, `c.id` → {o: {id}, c: {id}})
 * and unqualified (`id`; select aliases included, as they look alike here).
 */
export interface ColumnUses {
  qualified: Map<string, Set<string>>;
  unqualified: Set<string>;
}

export function columnUses(select: Select): ColumnUses {
  const uses: ColumnUses = { qualified: new Map(), unqualified: new Set() };
  const visit = (e: Expr) => {
    if (e.kind === 'Column') {
      const ref = e as ColumnRef;
      if (ref.qualifier) {
        const names = uses.qualified.get(ref.qualifier.name) ?? new Set<string>();
        names.add(ref.name.name);
        uses.qualified.set(ref.qualifier.name, names);
      } else uses.unqualified.add(ref.name.name);
    }
    exprChildren(e).forEach(visit);
  };
  selectExprs(select).forEach(visit);
  return uses;
}
