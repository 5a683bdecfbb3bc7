/**
 * What a planned statement's result looks like to the display (kernel spec §3.4–§3.5): column
 * roles, keys, the default display mode and the EMIT clause. Reads the engine's logical plan only.
 */
import type { AggregateNode, PlanNode, PlannedStatement, ProjectNode, PlanExpr } from '@velostream/engine';
import type { ColumnRole, DisplayMode, EmitKind, ResultColumn, ResultKeys } from '../display/types';
import { displayType } from '../display/values';

export interface ResultShape {
  columns: ResultColumn[];
  keys: ResultKeys;
  mode: DisplayMode;
  emit: EmitKind;
  sources: string[];
  sinks: string[];
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
  if (inAggregate && expr.kind === 'groupKey') return 'group_key';
  return 'value';
}

export function resultShape(planned: PlannedStatement): ResultShape {
  const projection = topProjection(planned.plan.root);
  const aggregate = projection?.kind === 'aggregate' ? projection : null;
  const roles = new Map<string, ColumnRole>(
    projection?.items.map((item) => [item.name, roleOf(item.expr, aggregate !== null)]) ?? [],
  );
  const columns: ResultColumn[] = (planned.columns ?? []).map((column) => ({
    name: column.name,
    type: displayType(column.type),
    role: roles.get(column.name) ?? 'value',
  }));
  const window = aggregate?.window ?? null;
  return {
    columns,
    keys: {
      group: aggregate ? planned.keyColumns : [],
      window: window && {
        kind: window.kind,
        ...(window.kind === 'session' ? { gap_ms: window.gapMs } : { size_ms: window.sizeMs }),
        ...(window.kind === 'sliding' ? { slide_ms: window.advanceMs } : {}),
      },
    },
    mode: aggregate ? (aggregate.groupBy.length > 0 ? 'update' : 'single') : 'append',
    emit: planned.emit ?? 'default',
    sources: planned.sources,
    sinks: planned.output ? [planned.output] : [],
  };
}
