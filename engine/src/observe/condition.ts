/**
 * A SQL query over a job's output records, fed batch by batch (`@metric_condition`,
 * `@alert`): the engine itself evaluates the expression, so conditions mean exactly what they
 * mean in a SELECT. Results arrive asynchronously, one output batch per fed batch.
 */
import { Catalog } from '../api/catalog';
import { OutputQueue } from '../api/output-queue';
import { startQuery, type QueryHandle } from '../api/query';
import type { PlanColumn } from '../plan/logical';
import type { Batch } from '../types/record';

/** The name the fed records have in the query's FROM. */
export const OUTPUT_SOURCE = 'velo_job_output';

export class DerivedQuery {
  /** The fed batches, read by the query as its source. */
  private readonly feed = new OutputQueue(true);
  private readonly handle: QueryHandle;

  /** `select` reads `FROM velo_job_output`; `onBatch` gets each output batch. */
  constructor(select: string, columns: PlanColumn[], onBatch: (batch: Batch) => void) {
    const handle = startQuery(select, new Catalog(), { sources: { [OUTPUT_SOURCE]: { data: this.feed.iterator(), columns, bounded: false } } });
    this.handle = handle;
    void (async () => {
      for await (const batch of handle) onBatch(batch);
    })();
  }

  push(batch: Batch): void {
    this.feed.push(batch);
  }

  stop(): void {
    this.feed.end();
    this.handle.cancel();
  }
}
