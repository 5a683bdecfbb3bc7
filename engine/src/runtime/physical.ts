/**
 * Logical plan → chain of physical operators. Built top-down: each node's operator is created
 * with its downstream already built; the Scan at the bottom is where the source's batches enter.
 */
import type { AggregateNode, LogicalPlan, PlanNode, ScanNode } from '../plan/logical';
import type { Batch, StreamRecord } from './record';
import type { ValueError } from './values/errors';
import { DEFAULT_COMPILE_OPTIONS, type CompileOptions } from './compile';
import { unsupported } from './errors';
import { newCounters, type Operator, type OperatorEnv, type QueryCounters } from './operators/operator';
import { FilterOperator, ProjectOperator } from './operators/stateless';
import { DistinctOperator, LimitOperator, OutputOperator, SortOperator, type OutputRecordHook } from './operators/shaping';
import { UnwindowedAggregate } from './aggregation/unwindowed';
import { TumblingAggregate } from './windows/tumbling';
import { SlidingAggregate } from './windows/sliding';
import { SessionAggregate } from './windows/session';

export interface RuntimeOptions {
  /** Wall clock for NOW()/CURRENT_TIMESTAMP (the harness pins it). Default Date.now. */
  now?: () => number;
  compile?: Partial<CompileOptions>;
  /** Called once per output record before its batch is delivered (metrics, alerts: §13.4). */
  onOutputRecord?: OutputRecordHook;
  /** Called for each input record skipped because an expression raised. */
  onRecordError?: (error: ValueError, record: StreamRecord) => void;
}

export interface Pipeline {
  /** Where the source's batches go. */
  input: Operator;
  /** The Scan the input stands for. */
  source: ScanNode;
  counters: QueryCounters;
}

export function buildPipeline(plan: LogicalPlan, deliver: (batch: Batch) => void, options: RuntimeOptions = {}): Pipeline {
  const env: OperatorEnv = {
    counters: newCounters(),
    compile: { ...DEFAULT_COMPILE_OPTIONS, ...options.compile },
    now: options.now ?? Date.now,
    onRecordError: options.onRecordError ?? null,
  };
  const output = new OutputOperator(env, deliver, options.onOutputRecord ?? null);
  const { input, source } = build(plan.root, output, env);
  return { input, source, counters: env.counters };
}

function build(node: PlanNode, downstream: Operator, env: OperatorEnv): { input: Operator; source: ScanNode } {
  switch (node.kind) {
    case 'scan':
      return { input: downstream, source: node };
    case 'sink':
      return build(node.input, downstream, env);
    case 'filter':
      return build(node.input, new FilterOperator(node, env, downstream), env);
    case 'project':
      return build(node.input, new ProjectOperator(node, env, downstream), env);
    case 'aggregate':
      return build(node.input, aggregateOperator(node, env, downstream), env);
    case 'distinct':
      return build(node.input, new DistinctOperator(downstream), env);
    case 'sort':
      return build(node.input, new SortOperator(node, env, downstream), env);
    case 'limit':
      return build(node.input, new LimitOperator(node.count, downstream), env);
    case 'join':
      throw unsupported('JOIN');
    case 'over':
      throw unsupported('OVER');
    case 'union':
      throw unsupported('UNION');
  }
}

function aggregateOperator(node: AggregateNode, env: OperatorEnv, downstream: Operator): Operator {
  const w = node.window;
  if (w === null) return new UnwindowedAggregate(node, env, downstream);
  switch (w.kind) {
    case 'tumbling':
      return new TumblingAggregate(node, w, env, downstream);
    case 'sliding':
      return new SlidingAggregate(node, w, env, downstream);
    case 'session':
      return new SessionAggregate(node, w, env, downstream);
  }
}
