/**
 * A SQL query over a job's output records, fed batch by batch (`@metric_condition`,
 * `@alert`): the engine itself evaluates the expression, so conditions mean exactly what they
 * mean in a SELECT. Results arrive asynchronously, one output batch per fed batch.
 */
import { Catalog } from '../api/catalog';
import { startQuery, type QueryHandle } from '../api/query';
import type { PlanColumn } from '../plan/logical';
import type { Batch } from '../runtime/record';

/** The name the fed records have in the query's FROM. */
export const OUTPUT_SOURCE = 'velo_job_output';

export class DerivedQuery {
  private readonly queued: Batch[] = [];
  private wake: (() => void) | null = null;
  private ended = false;
  private readonly handle: QueryHandle;

  /** `select` reads `FROM velo_job_output`; `onBatch` gets each output batch. */
  constructor(select: string, columns: PlanColumn[], onBatch: (batch: Batch) => void) {
    const handle = startQuery(select, new Catalog(), { sources: { [OUTPUT_SOURCE]: { data: this.feed(), columns, bounded: false } } });
    this.handle = handle;
    void (async () => {
      for await (const batch of handle) onBatch(batch);
    })();
  }

  push(batch: Batch): void {
    this.queued.push(batch);
    this.notify();
  }

  stop(): void {
    this.ended = true;
    this.notify();
    this.handle.cancel();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }

  private async *feed(): AsyncGenerator<Batch> {
    for (;;) {
      const batch = this.queued.shift();
      if (batch) {
        yield batch;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
