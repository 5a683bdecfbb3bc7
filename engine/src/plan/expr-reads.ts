/**
 * What an expression reads, by walking its tree: the runtime uses it to compile (constant
 * folding, header copies) and to decide what aggregation state keeps; `plan/columnar.ts` uses it
 * to choose the execution path, so explain and the runtime agree.
 */
import type { AggregateNode, PlanExpr } from './logical';

/**
 * Functions whose result depends on more than their arguments (clock, record, headers, window):
 * never folded. Everything else with constant arguments is evaluated once at compile time.
 */
export const CONTEXTUAL_FUNCTIONS = new Set([
  'NOW', 'CURRENT_TIMESTAMP', 'CURRENT_DATE', 'TIMESTAMP', 'UNIX_TIMESTAMP',
  'HEADER', 'HAS_HEADER', 'HEADER_KEYS', 'SET_HEADER', 'REMOVE_HEADER',
  'TUMBLE_START', 'TUMBLE_END', 'RANDOM', 'RAND', 'UUID',
]);

/** True when `expr` reads payload columns or record system columns (not window bounds). */
export function readsInputRecord(expr: PlanExpr): boolean {
  return someNode(
    expr,
    (e) =>
      e.kind === 'column' ||
      (e.kind === 'system' && e.column !== '_WINDOW_START' && e.column !== '_WINDOW_END') ||
      (e.kind === 'call' && CONTEXTUAL_FUNCTIONS.has(e.fn.name)) ||
      e.kind === 'subquery',
  );
}

/** Depth-first search over an expression tree. */
export function someNode(expr: PlanExpr, test: (e: PlanExpr) => boolean): boolean {
  if (test(expr)) return true;
  return childExprs(expr).some((child) => someNode(child, test));
}

export function childExprs(e: PlanExpr): PlanExpr[] {
  switch (e.kind) {
    case 'call':
      return e.args;
    case 'case':
      return [...e.branches.flatMap((b) => [b.when, b.then]), ...(e.otherwise ? [e.otherwise] : [])];
    case 'cast':
    case 'isNull':
    case 'unary':
    case 'path':
      return [e.expr];
    case 'in':
      return [e.expr, ...e.list];
    case 'between':
      return [e.expr, e.low, e.high];
    case 'like':
      return [e.expr, e.pattern];
    case 'binary':
      return [e.left, e.right];
    case 'subquery':
      return e.mode.kind === 'in' || e.mode.kind === 'quantified' ? [e.mode.expr] : [];
    default:
      return [];
  }
}

/** Whether HAVING or the select list of an aggregate read ungrouped input columns (groups then keep their last record). */
export function readsInputAfterAggregation(node: AggregateNode): boolean {
  const exprs = [...node.items.map((i) => i.expr), node.eventTime, node.having];
  return exprs.some((e) => e !== null && readsInputRecord(e));
}
