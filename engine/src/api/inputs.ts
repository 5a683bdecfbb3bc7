/**
 * The record streams a planned statement's pipeline inputs read: each Scan's source, CTEs
 * chained as intermediate streams (§9.2: a CTE's emissions feed the queries reading it), and an
 * optional cap on input records per source (`velo run --records N`).
 */
import type { Result } from '../connectors/errors';
import type { LogicalPlan, PlanNode, ScanNode } from '../plan/logical';
import type { PlannedStatement } from '../plan/planner';
import type { RuntimeOptions } from '../runtime/physical';
import { runQueryInputs } from '../runtime/query';
import type { Batch } from '../types/record';
import { recordsOf } from '../types/columns';
import { columnarInputs } from '../plan/deferred-inputs';
import type { EngineError } from './errors';
import { tapped } from './batch-taps';
import { OutputQueue } from './output-queue';
import type { OpenOptions } from './sources';

export type OpenSource = (name: string, options?: OpenOptions) => Result<AsyncIterable<Batch>>;

/**
 * The Scans a plan reads (subqueries excluded: their tables are the subquery runtime's). With
 * `held`, the right side of a lookup join whose table the host holds is left out, as the
 * runtime reads that table instead of an input (runtime/physical.ts).
 */
export function scansOf(node: PlanNode, held: (name: string) => boolean = () => false): ScanNode[] {
  switch (node.kind) {
    case 'scan':
      return [node];
    case 'join': {
      const rightHeld = node.strategy === 'lookup' && node.right.kind === 'scan' && held(node.right.source);
      return [...scansOf(node.left, held), ...(rightHeld ? [] : scansOf(node.right, held))];
    }
    case 'union':
      return node.inputs.flatMap((input) => scansOf(input, held));
    default:
      return scansOf(node.input, held);
  }
}

/**
 * Opens the source of every Scan of the plan (a CTE name becomes its plan run over its own
 * inputs) and returns the per-Scan lookup the runtime's runner asks. Any source that cannot be
 * opened fails the whole statement before it starts.
 */
export function planInputs(
  planned: PlannedStatement,
  open: OpenSource,
  runtime: RuntimeOptions,
  maxInputRecords: number | undefined,
  /** Inputs start once this settles (the bounded tables are loaded). */
  ready: Promise<void> = Promise.resolve(),
  /** Sees every batch a source input hands to the pipeline (delivery tracking). */
  observe?: (source: string, batch: Batch) => void,
): Result<(scan: ScanNode) => AsyncIterable<Batch>, EngineError> {
  const held = (name: string) => runtime.tables?.(name) !== undefined;
  const ctes = new Map(planned.ctes.map((c) => [c.name, c.plan]));
  // Scans read straight by a columnar operator take deferred batches (types/columns.ts); a
  // record cap slices them, so it needs the records.
  const deferrable = maxInputRecords === undefined && runtime.execution !== 'rows' ? columnarInputs(planned.plan.root) : new Set();
  const opened = new Map<ScanNode, AsyncIterable<Batch>>();
  const inputsOf = (plan: LogicalPlan): Result<Map<ScanNode, AsyncIterable<Batch>>, EngineError> => {
    const out = new Map<ScanNode, AsyncIterable<Batch>>();
    for (const scan of scansOf(plan.root, held)) {
      const cte = ctes.get(scan.source);
      if (cte) {
        const upstream = inputsOf(cte);
        if (!upstream.ok) return upstream;
        out.set(scan, throughPlan(cte, (s) => upstream.value.get(s)!, runtime));
        continue;
      }
      const source = open(scan.source, { deferRecords: deferrable.has(scan) });
      if (!source.ok) return source;
      const capped = maxInputRecords === undefined ? source.value : firstRecords(source.value, maxInputRecords);
      out.set(scan, tapped(capped, { before: ready, each: observe ? (batch) => observe(scan.source, batch) : undefined }));
    }
    return { ok: true, value: out };
  };
  const inputs = inputsOf(planned.plan);
  if (!inputs.ok) return inputs;
  for (const [scan, input] of inputs.value) opened.set(scan, input);
  return { ok: true, value: (scan) => opened.get(scan) ?? emptyInput() };
}

async function* emptyInput(): AsyncGenerator<Batch> {}

/** Runs a CTE's plan over its inputs and yields its output batches (an intermediate stream, §9.2). */
async function* throughPlan(
  plan: LogicalPlan,
  sourceFor: (scan: ScanNode) => AsyncIterable<Batch>,
  runtime: RuntimeOptions,
): AsyncGenerator<Batch> {
  const out = new OutputQueue(true);
  const query = runQueryInputs(plan, sourceFor, (batch) => out.push(batch), runtime);
  void query.done.then(() => out.end());
  try {
    yield* out.iterator();
    const outcome = await query.done;
    if (outcome.status === 'failed') throw outcome.error;
  } finally {
    query.cancel();
  }
}

/** The first `limit` records of `input`; then the input counts as ended (windows flush, D2). */
async function* firstRecords(input: AsyncIterable<Batch>, limit: number): AsyncGenerator<Batch> {
  let left = limit;
  if (left <= 0) return;
  for await (const batch of input) {
    if (batch.length >= left) {
      yield recordsOf(batch).slice(0, left);
      return;
    }
    left -= batch.length;
    yield batch;
  }
}
