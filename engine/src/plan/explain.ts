/**
 * `explain`: the plan as an indented tree, one node per line, children indented by two spaces.
 * Shown by the kernel and used in tests; expressions print in SQL-like form.
 */
import { formatValue } from '../types/values/format';
import type { Value } from '../types/values/types';
import type { AggregateCall, LogicalPlan, PlanExpr, PlanNode, Projection, WindowSpec, FrameBound } from './logical';
import { columnarShape } from './columnar';
import { columnarFilterOf } from './columnar-filter';
import { scanProjection } from './scan-projection';
import { lookupProjection } from './lookup-projection';
import { columnarOverShape, overProjection } from './columnar-over';

export function explain(plan: LogicalPlan | PlanNode): string {
  const lines: string[] = [];
  const root = 'root' in plan ? plan.root : plan;
  writeNode(root, 0, lines);
  if ('subqueries' in plan) {
    plan.subqueries.forEach((sub, id) => {
      lines.push(`Subquery #${id}`);
      writeNode(sub, 1, lines);
    });
  }
  return lines.join('\n');
}

function writeNode(node: PlanNode, depth: number, lines: string[], parent: PlanNode | null = null): void {
  lines.push('  '.repeat(depth) + describeNode(node, parent));
  for (const child of childrenOf(node)) writeNode(child, depth + 1, lines, node);
}

function childrenOf(node: PlanNode): PlanNode[] {
  switch (node.kind) {
    case 'scan':
      return [];
    case 'join':
      return [node.left, node.right];
    case 'union':
      return node.inputs;
    default:
      return [node.input];
  }
}

function describeNode(node: PlanNode, parent: PlanNode | null): string {
  switch (node.kind) {
    case 'scan': {
      const alias = node.alias ? ` AS ${node.alias}` : '';
      const bounded = node.bounded === null ? '' : node.bounded ? ' bounded' : ' unbounded';
      const schema = node.schema ? ` [${node.schema.map((c) => `${c.name}: ${c.type}`).join(', ')}]` : '';
      return `Scan ${node.source}${alias}${bounded}${schema}`;
    }
    case 'filter': {
      const columnar = parent?.kind === 'aggregate' ? columnarFilterOf(parent) !== null : parent?.kind === 'project' && scanProjection(parent)?.filter != null;
      return `Filter ${explainExpr(node.predicate)}${columnar ? ' exec=columnar' : ''}`;
    }
    case 'project':
      return `Project ${describeProjection(node)}${lookupProjection(node) ? ' exec=fused-lookup' : overProjection(node) ? ' exec=fused-over' : scanProjection(node) ? ' exec=columnar' : ''}`;
    case 'aggregate': {
      const parts = [
        `group=[${node.groupBy.map(explainExpr).join(', ')}]`,
        `aggs=[${node.aggregates
          .map((a, i) => `#${i} ${a.fn.name}(${a.distinct ? 'DISTINCT ' : ''}${aggregateArgs(a)})`)
          .join(', ')}]`,
      ];
      if (node.window) parts.push(`window=${describeWindow(node.window)}`);
      parts.push(`emit=${node.emit ? node.emit.toUpperCase() : 'default'}`);
      if (node.having) parts.push(`having=${explainExpr(node.having)}`);
      if (columnarShape(node)) parts.push('exec=columnar');
      return `Aggregate ${parts.join(' ')} → ${describeProjection(node)}`;
    }
    case 'distinct':
      return 'Distinct';
    case 'sort':
      return `Sort ${node.keys.map((k) => explainExpr(k.expr) + (k.descending ? ' DESC' : '')).join(', ')}`;
    case 'limit':
      return `Limit ${node.count}`;
    case 'join': {
      const keys = node.keys.map((k) => `${explainExpr(k.left)} = ${explainExpr(k.right)}`);
      if (node.residual) keys.push(explainExpr(node.residual));
      const time = node.interval?.leftTime && node.interval.rightTime ? ` of ${explainExpr(node.interval.rightTime)} - ${explainExpr(node.interval.leftTime)}` : '';
      const interval = node.interval ? ` within [${node.interval.lowerMs}ms, ${node.interval.upperMs}ms]${time}` : '';
      return `Join ${node.joinKind.toUpperCase()} ${node.strategy} on ${keys.join(' AND ') || 'TRUE'}${interval}`;
    }
    case 'over':
      return `Over ${node.calls
        .map((c) => {
          const spec = [
            c.buffer ? `BUFFER ${c.buffer.rows} ROWS` : '',
            c.partitionBy.length ? `PARTITION BY ${c.partitionBy.map(explainExpr).join(', ')}` : '',
            c.orderBy.length
              ? `ORDER BY ${c.orderBy.map((k) => explainExpr(k.expr) + (k.descending ? ' DESC' : '')).join(', ')}`
              : '',
            c.frame
              ? `${c.frame.units.toUpperCase()} BETWEEN ${boundText(c.frame.start)} AND ${boundText(c.frame.end)}`
              : '',
          ].filter(Boolean);
          return `${c.outputField} = ${c.functionName}(${c.args.map(explainExpr).join(', ')}) OVER (${spec.join(' ')})`;
        })
        .join(', ')}${columnarOverShape(node) ? ' exec=columnar' : ''}`;
    case 'union':
      return node.all ? 'Union ALL' : 'Union';
    case 'sink':
      return `Sink ${node.name}`;
  }
}

function describeProjection(p: Projection): string {
  const items = p.items.map((item) => {
    const expr = explainExpr(item.expr);
    const named = expr === item.name ? expr : `${expr} AS ${item.name}`;
    return item.primaryKey ? `${named} PRIMARY KEY` : named;
  });
  if (p.eventTime) items.push(`${explainExpr(p.eventTime)} AS _EVENT_TIME`);
  return items.join(', ');
}

function describeWindow(w: WindowSpec): string {
  const time = w.timeColumn ? `${explainExpr(w.timeColumn)}, ` : '';
  switch (w.kind) {
    case 'tumbling':
      return `TUMBLING(${time}${w.sizeMs}ms)`;
    case 'sliding':
      return `SLIDING(${time}${w.sizeMs}ms, ${w.advanceMs}ms)`;
    case 'session':
      return `SESSION(${time}${w.gapMs}ms${w.partitionBy ? `, ${explainExpr(w.partitionBy)}` : ''})`;
  }
}

function boundText(b: FrameBound): string {
  switch (b.kind) {
    case 'unboundedPreceding':
      return 'UNBOUNDED PRECEDING';
    case 'unboundedFollowing':
      return 'UNBOUNDED FOLLOWING';
    case 'currentRow':
      return 'CURRENT ROW';
    case 'preceding':
      return `${b.offset} PRECEDING`;
    case 'following':
      return `${b.offset} FOLLOWING`;
  }
}

/** `',', symbol` or `',', symbol ORDER BY ts DESC` (⊕X34 sort keys are the last args). */
function aggregateArgs(a: AggregateCall): string {
  const descending = a.orderDescending ?? [];
  const values = a.args.slice(0, a.args.length - descending.length);
  const keys = a.args.slice(values.length).map((k, i) => explainExpr(k) + (descending[i] ? ' DESC' : ''));
  const list = [...a.constantArgs.map(literalText), ...(values.length ? values.map(explainExpr) : ['*'])].join(', ');
  return keys.length ? `${list} ORDER BY ${keys.join(', ')}` : list;
}

function literalText(v: Value): string {
  if (v === null) return 'NULL';
  return typeof v === 'string' ? `'${v}'` : formatValue(v);
}

/** SQL-like text of an expression (aggregate and group refs print as `#agg<i>` / `#key<i>`). */
export function explainExpr(e: PlanExpr): string {
  switch (e.kind) {
    case 'literal':
      return literalText(e.value);
    case 'column':
      return e.qualifier ? `${e.qualifier}.${e.name}` : e.name;
    case 'system':
      return e.column;
    case 'call':
      return `${e.fn.name}(${e.args.map(explainExpr).join(', ')})`;
    case 'groupKey':
      return `#key${e.index}`;
    case 'aggregate':
      return `#agg${e.index}`;
    case 'case':
      return `CASE ${e.branches
        .map((b) => `WHEN ${explainExpr(b.when)} THEN ${explainExpr(b.then)}`)
        .join(' ')}${e.otherwise ? ` ELSE ${explainExpr(e.otherwise)}` : ''} END`;
    case 'cast':
      return `CAST(${explainExpr(e.expr)} AS ${e.target}${e.scale === undefined ? '' : ` scale ${e.scale}`})`;
    case 'in':
      return `${explainExpr(e.expr)} ${e.negated ? 'NOT IN' : 'IN'} (${e.list.map(explainExpr).join(', ')})`;
    case 'between':
      return `${explainExpr(e.expr)} ${e.negated ? 'NOT BETWEEN' : 'BETWEEN'} ${explainExpr(e.low)} AND ${explainExpr(e.high)}`;
    case 'like':
      return `${explainExpr(e.expr)} ${e.negated ? 'NOT LIKE' : 'LIKE'} ${explainExpr(e.pattern)}`;
    case 'isNull':
      return `${explainExpr(e.expr)} IS ${e.negated ? 'NOT NULL' : 'NULL'}`;
    case 'binary':
      return `(${explainExpr(e.left)} ${e.op} ${explainExpr(e.right)})`;
    case 'unary':
      return e.op === 'NOT' ? `NOT ${explainExpr(e.expr)}` : `-${explainExpr(e.expr)}`;
    case 'path':
      return explainExpr(e.expr) + e.steps.map((s) => ('field' in s ? `.${s.field}` : 'index' in s ? `[${s.index}]` : '.*')).join('');
    case 'subquery': {
      const ref = `(subquery #${e.id})`;
      switch (e.mode.kind) {
        case 'scalar':
          return ref;
        case 'exists':
          return `${e.mode.negated ? 'NOT EXISTS' : 'EXISTS'} ${ref}`;
        case 'in':
          return `${explainExpr(e.mode.expr)} ${e.mode.negated ? 'NOT IN' : 'IN'} ${ref}`;
        case 'quantified':
          return `${explainExpr(e.mode.expr)} ${e.mode.op} ${e.mode.quantifier} ${ref}`;
      }
    }
  }
}
