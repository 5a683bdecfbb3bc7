/**
 * Counting replays after a failover (deploy spec §3): a group member commits, with each offset,
 * how far it had processed the partition (the commit's metadata). A member that is assigned the
 * partition later — another runner after a rebalance, or the same job after a restart — reads
 * from the committed offset, and the records below that mark are ones an earlier member already
 * processed: they are counted as replayed (`velo_job_replayed_records_total`).
 */
import type { Kafka } from 'kafkajs';

export class ReplayCounter {
  private marks: Promise<Map<number, number>> = Promise.resolve(new Map());
  private counted = 0;

  constructor(
    private readonly kafka: Kafka,
    private readonly groupId: string,
    private readonly topic: string,
  ) {}

  /** A new assignment: the marks are read again from the group's committed offsets (one retry; without them nothing is counted). */
  assigned(): void {
    this.marks = this.fetchMarks()
      .catch(() => this.fetchMarks())
      .catch(() => new Map());
  }

  /** The commit metadata that records how far this member processed a partition. */
  metadata(processedUpTo: number | undefined): string | null {
    return processedUpTo === undefined ? null : String(processedUpTo);
  }

  /** Counts the offsets (first reads in this process) that an earlier member had processed. */
  async count(partition: number, offsets: readonly number[]): Promise<void> {
    const mark = (await this.marks).get(partition);
    if (mark === undefined) return;
    for (const offset of offsets) if (offset < mark) this.counted++;
  }

  total(): number {
    return this.counted;
  }

  private async fetchMarks(): Promise<Map<number, number>> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const [topic] = await admin.fetchOffsets({ groupId: this.groupId, topics: [this.topic] });
      const marks = new Map<number, number>();
      for (const p of topic?.partitions ?? []) {
        const mark = Number(p.metadata);
        if (p.metadata && Number.isInteger(mark) && mark > Number(p.offset)) marks.set(p.partition, mark);
      }
      return marks;
    } finally {
      await admin.disconnect().catch(() => {});
    }
  }
}
