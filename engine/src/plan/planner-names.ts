/**
 * Output field names of select items (dialect spec §4.2): the alias if given; a column reference
 * keeps its bare name (`o.id` → `id`, a system column as written; a colliding right-side join
 * column is `right_<col>`, §4.4); a function call gets its lower-case name; any other expression
 * gets `expr_<position>` (1-based position in the select list). A name an earlier item already
 * has is suffixed `_2`, `_3` (the §4.2 rule for function names, applied to every item), so two
 * items never write the same output field.
 */
import type { ExprItem } from '../sql/ast';
import type { PlanExpr } from './logical';

export class OutputNamer {
  private readonly taken = new Set<string>();

  /** Records a name produced elsewhere (`*` expansion), so later items avoid it. */
  reserve(name: string): void {
    this.taken.add(name);
  }

  /** `planned` is the item's translation: a column keeps its field name (`right_id` after a join). */
  name(item: ExprItem, position: number, planned: PlanExpr): string {
    const base = !item.alias && item.expr.kind === 'Column' && planned.kind === 'column' ? planned.name : baseName(item, position);
    let name = base;
    for (let n = 2; this.taken.has(name); n++) name = `${base}_${n}`;
    this.taken.add(name);
    return name;
  }
}

function baseName(item: ExprItem, position: number): string {
  if (item.alias) return item.alias.name;
  const e = item.expr;
  switch (e.kind) {
    case 'Column':
      return e.name.name;
    case 'SystemColumn':
      return e.text;
    case 'FunctionCall':
      return e.name.toLowerCase();
    default:
      return `expr_${position}`;
  }
}
