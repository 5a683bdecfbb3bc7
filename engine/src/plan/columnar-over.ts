/**
 * Which OVER operators run on typed columns (runtime/over/columnar.ts), decided from the plan's
 * shape alone so `explain` shows the choice the runtime makes (`exec=columnar`). Covered: every
 * call is COUNT / SUM / AVG / MIN / MAX of a column (or COUNT(*)) over a `ROWS WINDOW BUFFER n
 * ROWS` without a frame clause, partitioned by at most one column, ordered by
 * columns. These aggregates do not depend on the order of the rows in the buffer (exact sums;
 * equal extremes are the same value), so the ORDER BY values are never needed. Everything else
 * runs record at a time; the data can still send the operator back to the record path.
 */
import type { OverCall, OverNode, ProjectNode } from './logical';
import { columnName } from './columnar';

export type ColumnarOverKind = 'count' | 'sum' | 'avg' | 'min' | 'max';

export interface ColumnarOverCall {
  kind: ColumnarOverKind;
  /** The argument column; null for COUNT(*). */
  argument: string | null;
  /** The PARTITION BY column; null for one partition. */
  partition: string | null;
  /** The ORDER BY columns (their values matter only to the record path a fallback hands over to). */
  order: string[];
  /** The buffer's n rows. */
  capacity: number;
  /** EMIT ON BUFFER FULL. */
  onlyWhenFull: boolean;
  /** EXPIRE AFTER … INACTIVITY; null: NEVER. */
  expireAfterMs: number | null;
}

/** One entry per call of the node, or null when any call needs the record path. */
export function columnarOverShape(node: OverNode): ColumnarOverCall[] | null {
  const calls: ColumnarOverCall[] = [];
  for (const call of node.calls) {
    const shape = columnarOverCall(call);
    if (shape === null) return null;
    calls.push(shape);
  }
  return calls;
}

function columnarOverCall(call: OverCall): ColumnarOverCall | null {
  const buffer = call.buffer;
  if (buffer === null || buffer.rows < 1 || call.frame !== null) return null;
  const kind = KINDS[call.functionName];
  if (kind === undefined || call.partitionBy.length > 1 || call.args.length > 1) return null;
  if (!call.orderBy.every((k) => columnName(k.expr) !== null)) return null;
  const partition = call.partitionBy.length === 0 ? null : columnName(call.partitionBy[0]);
  const argument = call.args.length === 0 ? null : columnName(call.args[0]);
  if ((partition === null && call.partitionBy.length > 0) || (argument === null && kind !== 'count')) return null;
  if (argument === null && call.args.length > 0) return null;
  const order = call.orderBy.map((k) => columnName(k.expr)!);
  return { kind, argument, partition, order, capacity: buffer.rows, onlyWhenFull: buffer.emit === 'onBufferFull', expireAfterMs: buffer.expireAfterMs };
}

const KINDS: Partial<Record<string, ColumnarOverKind>> = { COUNT: 'count', SUM: 'sum', AVG: 'avg', MIN: 'min', MAX: 'max' };


/** One output field of a fused select list: an input column, or the value of call `call`. */
export type OverProjectedField = { name: string; column: string } | { name: string; call: number };

export interface OverProjection {
  over: OverNode;
  calls: ColumnarOverCall[];
  fields: OverProjectedField[];
}

/**
 * A select list the columnar OVER below it emits itself (`exec=fused-over` on the Project): plain
 * columns directly over an OVER of the columnar shape, each an input column or a call's value —
 * so no OVER record is built between, and a CSV source's rows are emitted from its typed columns.
 */
export function overProjection(node: ProjectNode): OverProjection | null {
  const over = node.input;
  if (over.kind !== 'over' || node.eventTime !== null || node.items.some((item) => item.primaryKey)) return null;
  const calls = columnarOverShape(over);
  if (calls === null) return null;
  // A later call with the same output field overwrites an earlier one's value, as in the OVER record.
  const callOf = new Map(over.calls.map((call, i) => [call.outputField, i]));
  const fields: OverProjectedField[] = [];
  for (const item of node.items) {
    const column = columnName(item.expr);
    // `fields[name]` of an absent name reads the prototype: keep such names on the general path.
    if (column === null || item.name === '__proto__' || column in Object.prototype) return null;
    const call = callOf.get(column);
    fields.push(call === undefined ? { name: item.name, column } : { name: item.name, call });
  }
  return { over, calls, fields };
}
