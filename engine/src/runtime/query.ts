/**
 * Runs a planned query: pulls batches from one source (any async iterable of batches — a
 * connector `Source` is one), pushes each through the operator pipeline, hands output batches to
 * a callback, and at the end of a bounded input flushes windows and EMIT FINAL groups (D2).
 *
 * Cancellation is prompt: the loop checks the flag between batches, yields to the event loop
 * (setImmediate) after each batch so `cancel()` can run, and stops waiting on an idle source.
 */
import type { LogicalPlan } from '../plan/logical';
import type { Batch } from './record';
import { buildPipeline, type RuntimeOptions } from './physical';
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
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export function runQuery(
  plan: LogicalPlan,
  source: AsyncIterable<Batch>,
  onBatch: (batch: Batch) => void,
  options: RuntimeOptions = {},
): RunningQuery {
  const pipeline = buildPipeline(plan, onBatch, options);
  let status: QueryStatus = 'running';
  let wakeOnCancel: () => void = () => {};
  const cancelled = new Promise<'cancelled'>((resolve) => {
    wakeOnCancel = () => resolve('cancelled');
  });

  async function run(): Promise<QueryOutcome> {
    const iterator = source[Symbol.asyncIterator]();
    try {
      for (;;) {
        const next = await Promise.race([iterator.next(), cancelled]);
        if (next === 'cancelled' || status === 'cancelled') break;
        if (next.done) {
          pipeline.input.flush(true);
          status = 'completed';
          return { status };
        }
        pipeline.counters.recordsIn += next.value.length;
        pipeline.input.push(next.value);
        await yieldToEventLoop();
      }
      return { status: 'cancelled' };
    } catch (error) {
      status = 'failed';
      return { status, error };
    } finally {
      if (status !== 'completed') void Promise.resolve(iterator.return?.()).catch(() => {});
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
  };
}
