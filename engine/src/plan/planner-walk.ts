/**
 * Read-only walks over the SQL AST that the planner needs before translating: whether an
 * expression contains an aggregate, and the column names a SELECT uses (to name colliding join
 * columns `right_<col>` when schemas are unknown). Expression children come from the shared
 * AST walker (sql/walk.ts).
 */
import type { Expr, Select } from '../sql/ast';
import { isGroupAggregate } from '../sql/validator/functions';
import { children, clauseExprs } from '../sql/walk';

/** Whether `e` contains a group aggregate; a windowed call (under OVER) is not looked into. */
export function containsAggregate(e: Expr): boolean {
  if (isGroupAggregate(e)) return true;
  if (e.kind === 'FunctionCall' && e.over) return false;
  return children(e).some(containsAggregate);
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
      if (e.qualifier) {
        const names = uses.qualified.get(e.qualifier.name) ?? new Set<string>();
        names.add(e.name.name);
        uses.qualified.set(e.qualifier.name, names);
      } else uses.unqualified.add(e.name.name);
    }
    children(e).forEach(visit);
  };
  // SELECT, ON, WHERE, GROUP BY, HAVING and ORDER BY; the WINDOW clause's columns are left out.
  for (const { clause, expr } of clauseExprs(select)) if (clause !== 'WINDOW') visit(expr);
  return uses;
}
