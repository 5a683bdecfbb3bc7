/**
 * Logical plan → chain of physical operators. Built top-down: each node's operator is created
 * with its downstream already built; each Scan at the bottom is where a source's batches enter.
 * A join has two inputs: its left and right subtrees become separate pipeline inputs, except a
 * lookup join's table that the host already holds (`RuntimeOptions.tables`). A UNION's branches
 * are separate chains over their own inputs, merged above them.
 */
import type { AggregateNode, JoinNode, LogicalPlan, OverNode, PlanNode, ScanNode } from '../plan/logical';
import type { Batch, StreamRecord } from '../types/record';
import type { ValueError } from '../types/values/errors';
import { DEFAULT_COMPILE_OPTIONS, type CompileOptions } from './compile';
import { newCounters, type Operator, type OperatorEnv, type Pace, type QueryCounters } from './operators/operator';
import { FilterOperator, ProjectOperator } from './operators/stateless';
import { DistinctOperator, LimitOperator, OutputOperator, SortOperator, type OutputRecordHook } from './operators/shaping';
import { UnionMerge } from './operators/union';
import { UnwindowedAggregate } from './aggregation/unwindowed';
import { TumblingAggregate } from './windows/tumbling';
import { SlidingAggregate } from './windows/sliding';
import { SessionAggregate } from './windows/session';
import { LookupJoin, type LookupFusion } from './joins/lookup';
import { IntervalJoin } from './joins/interval';
import { TableState } from './joins/table';
import { OverOperator } from './over/operator';
import { ColumnarOverOperator } from './over/columnar';
import { columnarOverShape, overProjection } from '../plan/columnar-over';
import { TableSubqueries } from './subqueries/tables';
import { ColumnarTumblingAggregate } from './columnar/tumbling';
import { ColumnarUnwindowedAggregate } from './columnar/unwindowed';
import { ColumnarSessionAggregate } from './columnar/session';
import { ColumnarSlidingAggregate } from './columnar/sliding';
import { columnarShape } from '../plan/columnar';
import { columnarFilterOf } from '../plan/columnar-filter';
import { ColumnarFilterOperator } from './operators/columnar-filter';
import { ColumnarProjectOperator } from './operators/columnar-project';
import { scanProjection } from '../plan/scan-projection';
import { lookupProjection } from '../plan/lookup-projection';

export interface RuntimeOptions {
  /** Wall clock for NOW()/CURRENT_TIMESTAMP (the harness pins it). Default Date.now. */
  now?: () => number;
  compile?: Partial<CompileOptions>;
  /** Called once per output record before its batch is delivered (metrics, alerts: §13.4). */
  onOutputRecord?: OutputRecordHook;
  /** Called for each input record skipped because an expression raised. */
  onRecordError?: (error: ValueError, record: StreamRecord) => void;
  /** Called for each record a window drops as too late. */
  onTooLate?: (record: StreamRecord) => void;
  /**
   * Tables the host holds (CREATE TABLE results, sources declared as tables), by the name a Scan
   * uses. A lookup join over such a name reads this state instead of an input; subqueries read
   * only these (§9.1).
   */
  tables?: (name: string) => TableState | undefined;
  /**
   * 'auto' (default): aggregates of the shapes plan/columnar.ts accepts run on columnar batches,
   * select lists plan/lookup-projection.ts accepts are fused into their lookup join;
   * 'rows': every operator runs record at a time (differential tests, benchmarks).
   */
  execution?: Execution;
}

export type Execution = 'auto' | 'rows';

/**
 * One place where a source's batches enter. `table` inputs fill a lookup join's table: the host
 * should run them to their end before (or while) feeding the stream inputs (D10); stream records
 * that arrive before the table input has ended are held back until it has.
 */
export interface PipelineInput {
  input: Operator;
  source: ScanNode;
  role: 'stream' | 'table';
}

export interface Pipeline {
  /** Where the first (left-most) stream source's batches go. */
  input: Operator;
  /** The Scan the input stands for. */
  source: ScanNode;
  /** Every input, left to right; `inputs[0]` is `input`. A query without joins has one. */
  inputs: PipelineInput[];
  counters: QueryCounters;
}

/**
 * `pace` is given by a driver that can run the rest of a large end-of-input firing after
 * yielding (query.ts); without it (subqueries, tests) every firing is delivered at once.
 */
export function buildPipeline(plan: LogicalPlan, deliver: (batch: Batch) => void, options: RuntimeOptions = {}, pace: Pace | null = null): Pipeline {
  const env: OperatorEnv = {
    counters: newCounters(),
    compile: { ...DEFAULT_COMPILE_OPTIONS, ...options.compile },
    now: options.now ?? Date.now,
    onRecordError: options.onRecordError ?? null,
    onTooLate: options.onTooLate ?? null,
  };
  if (plan.subqueries.length > 0 && env.compile.subqueries === null) {
    // Subqueries run their own small pipelines over table rows; they share this one's runtime.
    const tables = options.tables ?? (() => undefined);
    const subOptions = { now: env.now, tables: options.tables, onRecordError: options.onRecordError };
    env.compile.subqueries = new TableSubqueries(
      plan,
      tables,
      (root, subDeliver, compile) => buildPipeline({ root, subqueries: plan.subqueries }, subDeliver, { ...subOptions, compile }),
      env,
    );
  }
  const output = new OutputOperator(env, deliver, options.onOutputRecord ?? null);
  const inputs: PipelineInput[] = [];
  new Builder(env, options, inputs, pace).build(plan.root, output, 'stream');
  const first = inputs.find((i) => i.role === 'stream') ?? inputs[0];
  return { input: first.input, source: first.source, inputs, counters: env.counters };
}

/**
 * Plan nodes that take a firing's rows in any batches alike: an aggregate below only these may
 * deliver a large firing in slices (ORDER BY sorts each batch; OVER, joins, unions and outer
 * aggregates are left their one batch per firing).
 */
const SLICE_SAFE = new Set<PlanNode['kind']>(['sink', 'filter', 'project', 'limit', 'distinct']);

class Builder {
  /** The pace for an aggregate built now: null once a node above it needs whole firings. */
  private pace: Pace | null;

  constructor(
    private readonly env: OperatorEnv,
    private readonly options: RuntimeOptions,
    private readonly inputs: PipelineInput[],
    pace: Pace | null,
  ) {
    this.pace = pace;
  }

  build(node: PlanNode, downstream: Operator, role: PipelineInput['role']): void {
    const outer = this.pace;
    if (!SLICE_SAFE.has(node.kind)) this.pace = null;
    try {
      this.buildNode(node, downstream, role, outer);
    } finally {
      this.pace = outer;
    }
  }

  /** `pace`: the aggregate's own (whether the nodes above it allow slices). */
  private buildNode(node: PlanNode, downstream: Operator, role: PipelineInput['role'], pace: Pace | null): void {
    const env = this.env;
    switch (node.kind) {
      case 'scan':
        this.inputs.push({ input: downstream, source: node, role });
        return;
      case 'sink':
        return this.build(node.input, downstream, role);
      case 'filter':
        return this.build(node.input, new FilterOperator(node, env, downstream), role);
      case 'project': {
        const fusedOver = this.options.execution === 'rows' ? null : overProjection(node);
        if (fusedOver) return this.build(fusedOver.over.input, new ColumnarOverOperator(fusedOver.over, fusedOver.calls, env, downstream, fusedOver), role);
        const fromColumns = this.options.execution === 'rows' ? null : scanProjection(node);
        if (fromColumns) return this.build(fromColumns.scan, new ColumnarProjectOperator(node, fromColumns, env, downstream), role);
        const project = new ProjectOperator(node, env, downstream);
        const fused = this.options.execution === 'rows' ? null : lookupProjection(node);
        if (fused) return this.lookupJoin(fused.join, downstream, role, { shape: fused, project });
        return this.build(node.input, project, role);
      }
      case 'aggregate': {
        const aggregate = aggregateOperator(node, env, downstream, this.options.execution ?? 'auto', pace);
        const filtered = this.options.execution === 'rows' ? null : columnarFilterOf(node);
        if (filtered) return this.build(filtered.filter.input, new ColumnarFilterOperator(filtered.filter, filtered.comparisons, env, aggregate), role);
        return this.build(node.input, aggregate, role);
      }
      case 'distinct':
        return this.build(node.input, new DistinctOperator(downstream), role);
      case 'sort':
        return this.build(node.input, new SortOperator(node, env, downstream), role);
      case 'limit':
        return this.build(node.input, new LimitOperator(node.count, downstream), role);
      case 'join':
        return node.strategy === 'lookup' ? this.lookupJoin(node, downstream, role) : this.intervalJoin(node, downstream, role);
      case 'over':
        return this.build(node.input, overOperator(node, env, downstream, this.options.execution ?? 'auto'), role);
      case 'union': {
        // Plain UNION drops repeated rows with the same bounded memory as SELECT DISTINCT.
        const merged = new UnionMerge(node.inputs.length, node.all ? downstream : new DistinctOperator(downstream));
        node.inputs.forEach((branch, i) => this.build(branch, merged.inputs[i], role));
        return;
      }
    }
  }

  /** The right side is the host's table when it names one, else loaded here from its own input. */
  private lookupJoin(node: JoinNode, downstream: Operator, role: PipelineInput['role'], fused: LookupFusion | null = null): void {
    const held = node.right.kind === 'scan' ? this.options.tables?.(node.right.source) : undefined;
    const table = held ?? new TableState(node.right.kind === 'scan' ? node.right.source : 'join');
    const join = new LookupJoin(node, table, held !== undefined, this.env, downstream, fused);
    this.build(node.left, join, role);
    if (!held) this.build(node.right, join.tableInput(), 'table');
  }

  private intervalJoin(node: JoinNode, downstream: Operator, role: PipelineInput['role']): void {
    const join = new IntervalJoin(node, this.env, downstream);
    this.build(node.left, join.leftInput, role);
    this.build(node.right, join.rightInput, role);
  }
}

function overOperator(node: OverNode, env: OperatorEnv, downstream: Operator, execution: Execution): Operator {
  const columnar = execution === 'auto' ? columnarOverShape(node) : null;
  return columnar ? new ColumnarOverOperator(node, columnar, env, downstream) : new OverOperator(node, env, downstream);
}

function aggregateOperator(node: AggregateNode, env: OperatorEnv, downstream: Operator, execution: Execution, pace: Pace | null): Operator {
  const w = node.window;
  const columnar = execution === 'auto' ? columnarShape(node) : null;
  if (w === null) return columnar ? new ColumnarUnwindowedAggregate(node, columnar, env, downstream) : new UnwindowedAggregate(node, env, downstream);
  switch (w.kind) {
    case 'tumbling':
      return columnar ? new ColumnarTumblingAggregate(node, w, columnar, env, downstream, pace) : new TumblingAggregate(node, w, env, downstream, pace);
    case 'sliding':
      return columnar ? new ColumnarSlidingAggregate(node, w, columnar, env, downstream) : new SlidingAggregate(node, w, env, downstream);
    case 'session':
      return columnar ? new ColumnarSessionAggregate(node, w, columnar, env, downstream) : new SessionAggregate(node, w, env, downstream);
  }
}
