/**
 * At-least-once delivery for a running statement: source offsets are committed only once every
 * record derived from them has been acknowledged by the sink.
 *
 * `observe` sees each input batch as the pipeline takes it (after any `--records` cap), so the
 * offsets it tracks are those of records the query has processed — a source may have fetched
 * further. The runtime pushes a batch through the pipeline synchronously, so at any timer tick
 * every observed record's output is already queued for the sink: a commit takes the observed
 * offsets, waits for the sink queue and `flush` (the broker's acks), then commits them.
 */
import type { PartitionOffset, Source, Sink } from '../connectors/connector';
import type { Batch } from '../types/record';
import { columnsOf } from '../types/columns';

/** How often a running statement commits what its sink has acknowledged. */
export const COMMIT_INTERVAL_MS = 1000;

export class DeliveredOffsets {
  /** Source name → partition → the offset after the last record processed. */
  private readonly next = new Map<string, Map<number, number>>();

  observe(source: string, batch: Batch): void {
    let partitions = this.next.get(source);
    if (!partitions) this.next.set(source, (partitions = new Map()));
    const attached = columnsOf(batch);
    if (attached !== undefined) {
      // Its producer summed the offsets up already: no record needs to be read.
      for (const [partition, next] of attached.nextOffsets) if ((partitions.get(partition) ?? -1) < next) partitions.set(partition, next);
      return;
    }
    // Records of a batch mostly share a partition: one map read and write per run of them.
    let partition = NaN;
    let next = 0;
    for (const record of batch) {
      if (record.partition !== partition) {
        if (partition === partition) partitions.set(partition, next);
        partition = record.partition;
        next = partitions.get(partition) ?? 0;
      }
      if (record.offset + 1 > next) next = record.offset + 1;
    }
    if (partition === partition) partitions.set(partition, next);
  }

  snapshot(): Map<string, PartitionOffset[]> {
    const out = new Map<string, PartitionOffset[]>();
    for (const [source, partitions] of this.next) out.set(source, [...partitions].map(([partition, offset]) => ({ partition, offset })));
    return out;
  }
}

export class OffsetCommitter {
  private committing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly offsets: DeliveredOffsets,
    private readonly sources: () => readonly Source[],
    /** Settles when everything handed to the sink so far is written (the statement's write queue). */
    private readonly written: () => Promise<void>,
    private readonly sink: Sink | null,
    /** False once the sink failed: nothing more may be committed. */
    private readonly healthy: () => boolean,
  ) {
    this.timer = setInterval(() => void this.commit(), COMMIT_INTERVAL_MS);
    this.timer.unref();
  }

  /** Commits what is acknowledged now; a commit already running is awaited instead. */
  commit(): Promise<void> {
    this.committing ??= this.commitAcknowledged().finally(() => (this.committing = null));
    return this.committing;
  }

  /** Stops the timer; with `commitFinal`, commits everything processed (the sink is closed, so flushed). */
  async stop(commitFinal: boolean): Promise<void> {
    clearInterval(this.timer);
    await this.committing;
    if (commitFinal) await this.commitAcknowledged(false);
  }

  private async commitAcknowledged(flush = true): Promise<void> {
    const snapshot = this.offsets.snapshot();
    if (snapshot.size === 0) return;
    try {
      await this.written();
      if (flush) await this.sink?.flush();
    } catch {
      return; // the statement reports the sink failure; nothing is committed
    }
    if (!this.healthy()) return;
    await Promise.all(
      this.sources().map((source) => {
        const upTo = snapshot.get(source.name);
        return upTo ? source.commit(upTo).catch(() => {}) : undefined;
      }),
    );
  }
}
