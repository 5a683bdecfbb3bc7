/**
 * What a planned statement's result looks like to whoever presents it (kernel spec §3.4–§3.5):
 * each column with its role, the group keys, the window, the EMIT clause, the default display
 * mode and whether a LIMIT bounds it. Hosts read this instead of walking plan nodes.
 */
import type { SqlType } from '../types/values/types';
import type { AggregateNode, PlanExpr, PlanNode, ProjectNode } from './logical';
import type { PlannedStatement } from './planner';

export type ColumnRole = 'group_key' | 'window_start' | 'window_end' | 'event_time' | 'value';

/** append: every output row is new; update: rows replace the row with the same group key; single: one row replaced. */
export type DisplayMode = 'append' | 'update' | 'single';

export interface ResultColumnInfo {
  name: string;
  type: SqlType;
  role: ColumnRole;
}

export type ResultWindow =
  | { kind: 'tumbling'; sizeMs: number }
  | { kind: 'sliding'; sizeMs: number; slideMs: number }
  | { kind: 'session'; gapMs: number };

export interface ResultDescription {
  columns: ResultColumnInfo[];
  /** Output columns holding the GROUP BY keys (the message key, §10.4); empty without GROUP BY. */
  groupKeys: string[];
  window: ResultWindow | null;
  /** EMIT as written; `default` when the statement has none (§8 then decides). */
  emit: 'changes' | 'final' | 'default';
  mode: DisplayMode;
  /** A LIMIT bounds the output, whatever the sources. */
  limited: boolean;
  sources: string[];
  sinks: string[];
}

export function describeResult(planned: PlannedStatement): ResultDescription {
  const projection = topProjection(planned.plan.root);
  const aggregate = projection?.kind === 'aggregate' ? projection : null;
  const roles = new Map<string, ColumnRole>(projection?.items.map((item) => [item.name, roleOf(item.expr, aggregate !== null)]) ?? []);
  return {
    columns: (planned.columns ?? []).map((column) => ({ name: column.name, type: column.type, role: roles.get(column.name) ?? 'value' })),
    groupKeys: aggregate ? [...planned.keyColumns] : [],
    window: aggregate?.window ? windowOf(aggregate.window) : null,
    emit: planned.emit ?? 'default',
    mode: aggregate ? (aggregate.groupBy.length > 0 ? 'update' : 'single') : 'append',
    limited: hasLimit(planned.plan.root),
    sources: [...planned.sources],
    sinks: planned.output ? [planned.output] : [],
  };
}

/** The node that builds the output records: below sinks, limits, sorts and DISTINCT; a UNION's first branch. */
function topProjection(node: PlanNode): ProjectNode | AggregateNode | null {
  switch (node.kind) {
    case 'project':
    case 'aggregate':
      return node;
    case 'union':
      return topProjection(node.inputs[0]);
    case 'scan':
    case 'join':
      return null;
    default:
      return topProjection(node.input);
  }
}

function roleOf(expr: PlanExpr, inAggregate: boolean): ColumnRole {
  if (expr.kind === 'system') {
    if (expr.column === '_WINDOW_START') return 'window_start';
    if (expr.column === '_WINDOW_END') return 'window_end';
    if (expr.column === '_EVENT_TIME') return 'event_time';
  }
  return inAggregate && expr.kind === 'groupKey' ? 'group_key' : 'value';
}

function windowOf(window: NonNullable<AggregateNode['window']>): ResultWindow {
  switch (window.kind) {
    case 'tumbling':
      return { kind: 'tumbling', sizeMs: window.sizeMs };
    case 'sliding':
      return { kind: 'sliding', sizeMs: window.sizeMs, slideMs: window.advanceMs };
    case 'session':
      return { kind: 'session', gapMs: window.gapMs };
  }
}

function hasLimit(node: PlanNode): boolean {
  if (node.kind === 'limit') return true;
  return node.kind === 'sink' ? hasLimit(node.input) : false;
}
