/**
 * Output batches between the synchronous operator pipeline and the host's `for await`: batches
 * produced before the host starts iterating are kept, so none is lost; with `keep` false the
 * queue drops everything (runs that only write sinks must not hold their whole output).
 * One consumer; iteration ends after `end()` once the queue is drained.
 */
import type { Batch } from '../types/record';

export class OutputQueue {
  private readonly batches: Batch[] = [];
  private ended = false;
  private wake: (() => void) | null = null;

  constructor(private readonly keep: boolean) {}

  push(batch: Batch): void {
    if (!this.keep) return;
    this.batches.push(batch);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  async *iterator(): AsyncGenerator<Batch> {
    for (;;) {
      const batch = this.batches.shift();
      if (batch) {
        yield batch;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = null;
    wake?.();
  }
}
