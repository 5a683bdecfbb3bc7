/**
 * Which select lists run fused into the lookup join below them (runtime/joins/projected.ts),
 * decided from the plan's shape alone so `explain` shows the choice the runtime makes: a
 * Project of plain columns directly over a lookup join on `=` keys without a residual condition,
 * both sides' columns known. Each output field is then copied straight from the stream record or
 * the table row, without building the joined record in between. Everything else (expressions,
 * PRIMARY KEY, `AS _EVENT_TIME`, a residual ON, CROSS JOIN) projects the joined record.
 */
import type { JoinNode, ProjectNode } from './logical';
import { outputColumns } from './logical';
import { isCorrelatedColumn } from './planner-scope';

/** One output field: the field of the stream (left) record or of the table (right) row it copies. */
export interface ProjectedField {
  name: string;
  side: 'left' | 'right';
  field: string;
}

export interface LookupProjection {
  join: JoinNode;
  fields: ProjectedField[];
  /** The table's declared columns: a row holding exactly these is read field by field. */
  rightColumns: string[];
  /** The stream column that is the whole ON key, when it is one plain column; else null. */
  leftKeyColumn: string | null;
}

export function lookupProjection(node: ProjectNode): LookupProjection | null {
  const join = node.input;
  if (join.kind !== 'join' || join.strategy !== 'lookup' || join.keys.length === 0 || join.residual !== null) return null;
  if (node.eventTime !== null || node.items.some((item) => item.primaryKey)) return null;
  const left = outputColumns(join.left);
  const right = outputColumns(join.right);
  const joined = outputColumns(join);
  if (left === null || right === null || joined === null) return null;
  // A joined field named like a right column holds that column (it is written after the left ones).
  const rightFieldOf = new Map(joined.slice(left.length).map((c, i) => [c.name, right[i].name]));
  const fields: ProjectedField[] = [];
  for (const item of node.items) {
    const e = item.expr;
    if (e.kind !== 'column' || isCorrelatedColumn(e) || item.name === '__proto__') return null;
    const rightField = rightFieldOf.get(e.name);
    const field = rightField ?? e.name;
    // `fields[name]` of an absent name reads the prototype: keep such names on the general path.
    if (field in Object.prototype || e.name in Object.prototype) return null;
    fields.push({ name: item.name, side: rightField === undefined ? 'left' : 'right', field });
  }
  const key = join.keys.length === 1 ? join.keys[0].left : null;
  const leftKeyColumn = key?.kind === 'column' && !isCorrelatedColumn(key) ? key.name : null;
  return { join, fields, rightColumns: right.map((c) => c.name), leftKeyColumn };
}
