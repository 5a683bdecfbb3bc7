/**
 * Runs a planned query: pulls batches from its sources (any async iterables of batches — a
 * connector `Source` is one; one per pipeline input), pushes each through the operator pipeline, hands output batches to
 * a callback, and at the end of a bounded input flushes windows and EMIT FINAL groups (D2).
 *
 * Cancellation is prompt: the loop checks the flag between batches, yields to the event loop
 * (setImmediate) after each batch so `cancel()` can run, and stops waiting on an idle source.
 */
import type { LogicalPlan, ScanNode } from '../plan/logical';
import type { Batch } from '../types/record';
import { recordsOf } from '../types/columns';
import { buildPipeline, type PipelineInput, type RuntimeOptions } from './physical';
import type { QueryCounters } from './operators/operator';

export type QueryStatus = 'running' | 'completed' | 'cancelled' | 'failed';

export interface QueryProgress extends QueryCounters {
  status: QueryStatus;
}

export interface QueryOutcome {
  status: Exclude<QueryStatus, 'running'>;
  /** The error that stopped a failed query (QueryError, or a source I/O failure). */
  error?: unknown;
}

export interface RunningQuery {
  /** Settles when the query completes, is cancelled or fails; never rejects. */
  readonly done: Promise<QueryOutcome>;
  cancel(): void;
  /** A snapshot of the counters, readable at any time. */
  progress(): QueryProgress;
  /** The watermark now (what `progress().watermark` says, without the snapshot: read per batch). */
  watermark(): number | null;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function runQuery(
  plan: LogicalPlan,
  source: AsyncIterable<Batch>,
  onBatch: (batch: Batch) => void,
  options: RuntimeOptions = {},
): RunningQuery {
  return runQueryInputs(plan, () => source, onBatch, options);
}

/**
 * Runs a plan with one source per pipeline input (a join has two): `sourceFor` is asked once
 * per input Scan. Inputs are read concurrently; each input's end flushes it (a lookup join's
 * table input releases the stream side, an interval join ends when both sides have), and the
 * query completes when every input has ended.
 */
export function runQueryInputs(
  plan: LogicalPlan,
  sourceFor: (scan: ScanNode) => AsyncIterable<Batch>,
  onBatch: (batch: Batch) => void,
  options: RuntimeOptions = {},
): RunningQuery {
  const pipeline = buildPipeline(plan, onBatch, options);
  let status: QueryStatus = 'running';
  /** The waits for a source's next batch in progress; cancel (or a failed input) ends them all. */
  const waits = new Set<() => void>();
  const wakeOnCancel = (): void => waits.forEach((wake) => wake());

  /**
   * The next batch, or 'cancelled' when woken. A fresh promise per wait: racing every batch
   * against one long-lived "cancelled" promise would leave a reaction on it per batch, keeping
   * every batch ever read alive until the query ends.
   */
  function nextOrCancelled(iterator: AsyncIterator<Batch>): Promise<IteratorResult<Batch> | 'cancelled'> {
    return new Promise((resolve, reject) => {
      const wake = () => resolve('cancelled');
      waits.add(wake);
      iterator.next().then(
        (next) => {
          waits.delete(wake);
          resolve(next);
        },
        (error: unknown) => {
          waits.delete(wake);
          reject(error);
        },
      );
    });
  }

  async function feed(input: PipelineInput): Promise<void> {
    const iterator = sourceFor(input.source)[Symbol.asyncIterator]();
    let ended = false;
    try {
      for (;;) {
        if (status !== 'running') return;
        const next = await nextOrCancelled(iterator);
        if (next === 'cancelled' || status !== 'running') return;
        if (next.done) {
          ended = true;
          input.input.flush(true);
          return;
        }
        pipeline.counters.recordsIn += next.value.length;
        input.input.push(input.input.takesDeferred ? next.value : recordsOf(next.value));
        await yieldToEventLoop();
      }
    } finally {
      if (!ended) void Promise.resolve(iterator.return?.()).catch(() => {});
    }
  }

  async function run(): Promise<QueryOutcome> {
    try {
      await Promise.all(pipeline.inputs.map(feed));
      if (status !== 'running') return { status: 'cancelled' };
      status = 'completed';
      return { status };
    } catch (error) {
      status = 'failed';
      wakeOnCancel(); // stop the other inputs
      return { status, error };
    }
  }

  const done = run();
  return {
    done,
    cancel() {
      if (status !== 'running') return;
      status = 'cancelled';
      wakeOnCancel();
    },
    progress: () => ({ ...pipeline.counters, status }),
    watermark: () => pipeline.counters.watermark,
  };
}
