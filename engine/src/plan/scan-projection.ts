/**
 * A select list straight over a Scan — or over a WHERE that runs on columns (columnar-filter.ts)
 * over a Scan — that the runtime builds from a deferred batch's typed columns
 * (runtime/operators/columnar-project.ts, `exec=columnar` on the Project): plain columns and
 * products of two columns, without PRIMARY KEY or `AS _EVENT_TIME` — so an output record's key
 * is none and its time, offset and partition are its input's, which the columns carry.
 */
import type { ProjectNode, ScanNode } from './logical';
import { columnName } from './columnar';
import { columnarFilter, type ColumnarFilter } from './columnar-filter';

export type ScanProjectedField = { name: string; column: string } | { name: string; product: [string, string] };

export interface ScanProjection {
  scan: ScanNode;
  fields: ScanProjectedField[];
  /** A WHERE between the Scan and the select list, run on the columns too. */
  filter: ColumnarFilter | null;
}

export function scanProjection(node: ProjectNode): ScanProjection | null {
  const filter = columnarFilter(node.input);
  const scan = filter === null ? node.input : filter.filter.input;
  if (scan.kind !== 'scan' || node.eventTime !== null) return null;
  const fields: ScanProjectedField[] = [];
  for (const item of node.items) {
    // A literal's `__proto__` key would set the prototype instead: keep such names on the general path.
    if (item.primaryKey || item.name === '__proto__') return null;
    const e = item.expr;
    const column = columnName(e);
    if (column !== null) fields.push({ name: item.name, column });
    else if (e.kind === 'binary' && e.op === '*') {
      const [a, b] = [columnName(e.left), columnName(e.right)];
      if (a === null || b === null) return null;
      fields.push({ name: item.name, product: [a, b] });
    } else return null;
  }
  return { scan, fields, filter };
}
