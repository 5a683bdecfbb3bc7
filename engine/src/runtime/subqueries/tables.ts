/**
 * Subqueries over tables (dialect §9.1): the `SubqueryRuntime` the expression compiler calls for
 * IN / EXISTS / scalar / ANY / ALL (compile.ts applies each form's NULL rules, §5.3). A subquery
 * runs its plan over the current rows of the table its FROM names — a CREATE TABLE result or a
 * table the host declares — and yields the first column of its rows.
 *
 *  - Correlated subqueries read the outer record through `CompileOptions.outer`: the record is
 *    substituted per evaluation, so the plan runs once per outer row.
 *  - An uncorrelated subquery's result is cached until the table changes (its `version`).
 *  - Aggregates in a subquery report their final rows (not one row per table row), and an
 *    aggregate without GROUP BY over no rows still yields its one row (COUNT(*) = 0, MAX = NULL).
 */
import type { AggregateNode, LogicalPlan, PlanExpr, PlanNode, ScanNode } from '../../plan/logical';
import type { Batch, StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import type { CompileOptions, OuterRecord, SubqueryRuntime } from '../compile';
import { someNode } from '../compile';
import { emptyRecord } from '../context';
import { QueryError, unsupported } from '../errors';
import type { Operator, OperatorEnv } from '../operators/operator';
import { isCorrelatedColumn } from '../../plan/planner-scope';
import { AggregateEmitter, Grouping } from '../aggregation/groups';
import type { TableState } from '../joins/table';

/** Builds a subquery's operator pipeline; physical.ts supplies it (no import cycle). */
export type SubqueryPipelineBuilder = (
  root: PlanNode,
  deliver: (batch: Batch) => void,
  compile: CompileOptions,
) => { input: Operator };

export class TableSubqueries implements SubqueryRuntime {
  private readonly subqueries: Subquery[];

  constructor(
    plan: LogicalPlan,
    tables: (name: string) => TableState | undefined,
    build: SubqueryPipelineBuilder,
    env: OperatorEnv,
  ) {
    const compile: CompileOptions = { ...env.compile, subqueries: this };
    this.subqueries = plan.subqueries.map(
      (root) => new Subquery(root, tables, build, compile, env),
    );
  }

  values(id: number, outer: StreamRecord): Value[] {
    return this.subqueries[id].values(outer);
  }
}

class Subquery {
  private readonly root: PlanNode;
  private readonly table: TableState;
  private readonly correlated: boolean;
  private readonly outer: OuterRecord = { record: emptyRecord() };
  private readonly compile: CompileOptions;
  /** The aggregate without GROUP BY this subquery ends in, if any (it always yields one row). */
  private readonly globalAggregate: AggregateNode | null;
  private cached: { version: number; values: Value[] } | null = null;

  constructor(
    root: PlanNode,
    tables: (name: string) => TableState | undefined,
    private readonly build: SubqueryPipelineBuilder,
    compile: CompileOptions,
    private readonly env: OperatorEnv,
  ) {
    this.root = withFinalAggregates(root);
    const scan = onlyScan(root);
    const table = tables(scan.source);
    if (!table)
      throw new QueryError(
        'VR601',
        `subquery source must be a table: no table named '${scan.source}' is available to this query`,
      );
    this.table = table;
    this.correlated = planExprs(root).some((e) =>
      someNode(e, (x) => isCorrelatedColumn(x) || x.kind === 'subquery'),
    );
    this.compile = { ...compile, outer: this.outer };
    this.globalAggregate = finalAggregate(this.root);
  }

  values(outer: StreamRecord): Value[] {
    const cached = this.cached;
    if (cached && cached.version === this.table.version) return cached.values;
    this.outer.record = outer;
    const values: Value[] = [];
    const collect: Operator = {
      push: (batch) => {
        for (const r of batch) values.push(firstField(r));
      },
      flush: () => {},
    };
    const pipeline = this.build(this.root, (batch) => collect.push(batch), this.compile);
    pipeline.input.push([...this.table.rows()]);
    pipeline.input.flush(true);
    if (values.length === 0 && this.globalAggregate)
      this.emitEmptyGroup(this.globalAggregate, collect);
    if (!this.correlated) this.cached = { version: this.table.version, values };
    return values;
  }

  /** SQL's one row of an aggregate over no rows (subject to its HAVING). */
  private emitEmptyGroup(node: AggregateNode, collect: Operator): void {
    const env = { ...this.env, compile: this.compile };
    const grouping = new Grouping(node, env);
    const emitter = new AggregateEmitter(node, env, grouping, collect);
    emitter.emit(grouping.newGroup(), null, null);
    emitter.flush(true);
  }
}

function firstField(r: StreamRecord): Value {
  for (const name in r.fields) return r.fields[name];
  return null;
}

/** §9.1: a subquery reads one table; joins inside subqueries are not supported. */
function onlyScan(node: PlanNode): ScanNode {
  switch (node.kind) {
    case 'scan':
      return node;
    case 'join':
    case 'union':
      throw unsupported('a JOIN or UNION inside a subquery');
    default:
      return onlyScan(node.input);
  }
}

/** The same plan with every aggregate emitting its final rows at the end of the table's rows. */
function withFinalAggregates(node: PlanNode): PlanNode {
  switch (node.kind) {
    case 'scan':
    case 'join':
    case 'union':
      return node;
    case 'aggregate':
      return { ...node, emit: 'final', input: withFinalAggregates(node.input) };
    default:
      return { ...node, input: withFinalAggregates(node.input) } as PlanNode;
  }
}

/** The aggregate without GROUP BY or WINDOW under the shaping nodes at the top of the plan. */
function finalAggregate(node: PlanNode): AggregateNode | null {
  switch (node.kind) {
    case 'aggregate':
      return node.groupBy.length === 0 && node.window === null ? node : null;
    case 'sink':
    case 'sort':
    case 'limit':
    case 'distinct':
      return finalAggregate(node.input);
    default:
      return null;
  }
}

/** Every expression a plan node and its inputs evaluate. */
function planExprs(node: PlanNode): PlanExpr[] {
  switch (node.kind) {
    case 'scan':
      return [];
    case 'filter':
      return [node.predicate, ...planExprs(node.input)];
    case 'project':
      return [
        ...node.items.map((i) => i.expr),
        ...(node.eventTime ? [node.eventTime] : []),
        ...planExprs(node.input),
      ];
    case 'aggregate':
      return [
        ...node.groupBy,
        ...node.aggregates.flatMap((a) => a.args),
        ...node.items.map((i) => i.expr),
        ...[node.having, node.eventTime].filter((e): e is PlanExpr => e !== null),
        ...planExprs(node.input),
      ];
    case 'sort':
      return [...node.keys.map((k) => k.expr), ...planExprs(node.input)];
    case 'over':
      return [
        ...node.calls.flatMap((c) => [
          ...c.args,
          ...c.partitionBy,
          ...c.orderBy.map((k) => k.expr),
        ]),
        ...planExprs(node.input),
      ];
    case 'join':
    case 'union':
      return [];
    default:
      return planExprs(node.input);
  }
}
