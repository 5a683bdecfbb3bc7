/**
 * Which WHERE clauses run on typed columns (issue 15): a Filter straight over a Scan that feeds a
 * columnar aggregate (plan/columnar.ts) or a select list built from columns (scan-projection.ts), whose predicate is comparisons of a column with a
 * literal joined by AND — an exact number (Integer or DECIMAL) with = != < <= > >=, or a String
 * with = and !=. The runtime (runtime/operators/columnar-filter.ts) then selects the rows of a
 * batch from its columns, and the source need not build the records it drops.
 */
import { Scaled, type Value } from '../types/values/types';
import type { AggregateNode, ComparisonOp, FilterNode, PlanExpr, PlanNode } from './logical';
import { columnarShape, columnName } from './columnar';

/** `column op literal`, the column on the left. */
export interface ColumnComparison {
  column: string;
  op: ComparisonOp;
  /** A safe integer, a DECIMAL whose unscaled value is a safe integer, or a String. */
  literal: number | Scaled | string;
}

/** A Filter straight over a Scan and its comparisons, when its predicate runs on columns. */
export interface ColumnarFilter {
  filter: FilterNode;
  comparisons: ColumnComparison[];
}

/** The Filter a columnar aggregate reads, when that filter runs on columns. */
export function columnarFilterOf(node: AggregateNode): ColumnarFilter | null {
  return columnarShape(node) === null ? null : columnarFilter(node.input);
}

/** `node` as a Filter straight over a Scan whose predicate runs on columns, or null. */
export function columnarFilter(node: PlanNode): ColumnarFilter | null {
  if (node.kind !== 'filter' || node.input.kind !== 'scan') return null;
  const comparisons: ColumnComparison[] = [];
  return conjuncts(node.predicate, comparisons) ? { filter: node, comparisons } : null;
}

const FLIPPED: Record<ComparisonOp, ComparisonOp> = { '=': '=', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };

function conjuncts(e: PlanExpr, out: ColumnComparison[]): boolean {
  if (e.kind !== 'binary') return false;
  if (e.op === 'AND') return conjuncts(e.left, out) && conjuncts(e.right, out);
  if (!(e.op in FLIPPED)) return false;
  const op = e.op as ComparisonOp;
  const left = columnName(e.left);
  const right = columnName(e.right);
  const comparison =
    left !== null ? comparisonOf(left, op, literalOf(e.right)) : right !== null ? comparisonOf(right, FLIPPED[op], literalOf(e.left)) : null;
  if (comparison === null) return false;
  out.push(comparison);
  return true;
}

function comparisonOf(column: string, op: ComparisonOp, literal: Value | undefined): ColumnComparison | null {
  if (typeof literal === 'number' && Number.isSafeInteger(literal)) return { column, op, literal };
  if (literal instanceof Scaled && typeof literal.unscaled === 'number') return { column, op, literal };
  if (typeof literal === 'string' && (op === '=' || op === '!=')) return { column, op, literal };
  return null;
}

/** The value of a literal, or of a negated numeric literal; undefined for anything else. */
function literalOf(e: PlanExpr): Value | undefined {
  if (e.kind === 'literal') return e.value;
  if (e.kind === 'unary' && e.op === 'NEG' && e.expr.kind === 'literal') {
    const v = e.expr.value;
    if (typeof v === 'number') return 0 - v;
    if (v instanceof Scaled && typeof v.unscaled === 'number') return new Scaled(0 - v.unscaled, v.scale);
  }
  return undefined;
}
