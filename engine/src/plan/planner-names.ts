/**
 * Output field names of select items (dialect spec §4.2): the alias if given; a column reference
 * keeps its bare name (`o.id` → `id`, a system column as written; a colliding right-side join
 * column is `right_<col>`, §4.4); a function call gets its
 * lower-case name, suffixed `_2`, `_3` when that name is already taken; any other expression
 * gets `expr_<position>` (1-based position in the select list).
 */
import type { ExprItem } from '../sql/ast';
import type { PlanExpr } from './logical';

export class OutputNamer {
  private readonly taken = new Set<string>();

  /** Records a name produced elsewhere (`*` expansion), so later function names avoid it. */
  reserve(name: string): void {
    this.taken.add(name);
  }

  /** `planned` is the item's translation: a column keeps its field name (`right_id` after a join). */
  name(item: ExprItem, position: number, planned: PlanExpr): string {
    const name = !item.alias && item.expr.kind === 'Column' && planned.kind === 'column' ? planned.name : this.baseName(item, position);
    this.taken.add(name);
    return name;
  }

  private baseName(item: ExprItem, position: number): string {
    if (item.alias) return item.alias.name;
    const e = item.expr;
    switch (e.kind) {
      case 'Column':
        return e.name.name;
      case 'SystemColumn':
        return e.text;
      case 'FunctionCall': {
        const base = e.name.toLowerCase();
        if (!this.taken.has(base)) return base;
        let n = 2;
        while (this.taken.has(`${base}_${n}`)) n++;
        return `${base}_${n}`;
      }
      default:
        return `expr_${position}`;
    }
  }
}
