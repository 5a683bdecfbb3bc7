/**
 * The one interface between the outside world and batches of records (dialect spec §10, §12).
 *
 * Every connector — file, memory, in-process topic store, Kafka, the synthetic generator — is a
 * `Source` or a `Sink`. Records always travel as `Batch`es: a source hands out up to
 * `maxRecords` per `poll`, a sink takes whole batches, so no layer awaits per record.
 *
 * This module knows nothing about CSV, YAML or Kafka; it only fixes the contract.
 */
import type { Batch } from '../types/record';
import type { ConnectorProblem } from './errors';
import type { DeclaredSchema } from './formats/schema';

/** Default records per poll; large enough to amortise the per-batch work of operators. */
export const DEFAULT_BATCH_SIZE = 1000;
/** Default time an unbounded source's iterator waits for data before polling again. */
export const DEFAULT_POLL_WAIT_MS = 100;

/** Position within one partition: the offset of the next record to be read. */
export interface PartitionOffset {
  partition: number;
  offset: number;
}

export interface Source {
  /** The object's name in the SQL statement (`trades` for `'trades.type'`). */
  readonly name: string;
  /** The `<name>.type` value it was built from (`file_source`, `kafka_source`, …). */
  readonly type: string;
  /**
   * True when the source ends by itself (a file without `watch`, a finished memory feed).
   * Bounded right-hand join sides are loaded completely as lookup tables (D10).
   */
  readonly bounded: boolean;
  /** Partition ids this source reads, ascending. Files and memory sources have `[0]`. */
  partitions(): readonly number[];
  /**
   * Up to `maxRecords` records. Resolves as soon as at least one is available; with `[]` when
   * `waitMs` (default 0) passes with none, or while paused; with `null` once the source is
   * exhausted (bounded) or closed. Never rejects for a bad record: those are reported through
   * `ConnectorContext.report` and skipped. Rejects only on an I/O failure of the whole source.
   */
  poll(maxRecords: number, waitMs?: number): Promise<Batch | null>;
  /** The next offset to be read, per partition. */
  position(): PartitionOffset[];
  /** Marks records before these offsets as processed (Kafka commit; bookkeeping elsewhere). */
  commit(offsets?: readonly PartitionOffset[]): Promise<void>;
  /** While paused, `poll` returns `[]` without consuming (back-pressure, `PAUSE JOB`). */
  pause(): void;
  resume(): void;
  isPaused(): boolean;
  /** Messages received again after a reconnect and skipped (Kafka); absent where it cannot happen. */
  duplicates?(): number;
  /** Records an earlier reader of the same consumer group had processed, read again after a failover (Kafka). */
  replayed?(): number;
  /** Records in the source's log not handed out yet (Kafka consumer lag); absent or null when unknown. */
  lag?(): number | null;
  close(): Promise<void>;
  /** Batches until the source ends or is closed; empty polls are not yielded. */
  [Symbol.asyncIterator](): AsyncIterator<Batch>;
}

export interface Sink {
  readonly name: string;
  readonly type: string;
  /** Accepts a whole batch; may buffer. The batch is not retained after the promise settles. */
  write(batch: Batch): Promise<void>;
  /** Makes everything written so far durable/visible (file bytes on disk, messages produced). */
  flush(): Promise<void>;
  /** Flushes, then releases resources. Idempotent. */
  close(): Promise<void>;
}

/** What a connector may use from its host; injected so tests and the harness stay deterministic. */
export interface ConnectorContext {
  /** Clock for `_TIMESTAMP` of records read from files and memory (epoch ms). */
  now(): number;
  /** Record-level problems (bad CSV rows, unparseable event times). */
  report(problem: ConnectorProblem): void;
  /** The statement (job) the connector serves, once planned: its output name or `statement N`. */
  job?: string;
}

/** What the planner knows about a source beyond its properties. */
export interface SourceOptions {
  /** Column types from the statement or a schema file; they override CSV inference (§12.3). */
  schema?: DeclaredSchema;
  /**
   * The reader takes deferred batches (types/columns.ts `deferredBatch`): a source that can may
   * hand out typed columns and build records only when they are read (CSV files feeding a
   * columnar operator).
   */
  deferRecords?: boolean;
}

export const systemClockContext = (report: (p: ConnectorProblem) => void = () => {}): ConnectorContext => ({
  now: Date.now,
  report,
});

/**
 * Shared plumbing for sources: pause state, commit bookkeeping and the async iterator.
 * Subclasses implement `poll`, `position` and `close`.
 */
export abstract class BaseSource implements Source {
  private paused = false;
  private committed: PartitionOffset[] = [];

  constructor(
    readonly name: string,
    readonly type: string,
  ) {}

  abstract readonly bounded: boolean;
  abstract partitions(): readonly number[];
  abstract poll(maxRecords: number, waitMs?: number): Promise<Batch | null>;
  abstract position(): PartitionOffset[];
  abstract close(): Promise<void>;

  async commit(offsets?: readonly PartitionOffset[]): Promise<void> {
    this.committed = offsets ? offsets.map((o) => ({ ...o })) : this.position();
  }

  /** Offsets last committed (all zero before the first commit). */
  committedOffsets(): PartitionOffset[] {
    return this.committed.map((o) => ({ ...o }));
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  isPaused(): boolean {
    return this.paused;
  }

  /** A plain iterator rather than an async generator: one promise step per batch (api/batch-taps.ts says why). */
  [Symbol.asyncIterator](): AsyncIterator<Batch> {
    return { next: () => this.nextBatch() };
  }

  private async nextBatch(): Promise<IteratorResult<Batch>> {
    for (;;) {
      const batch = await this.poll(DEFAULT_BATCH_SIZE, DEFAULT_POLL_WAIT_MS);
      if (batch === null) return { done: true, value: undefined };
      if (batch.length > 0) return { done: false, value: batch };
    }
  }
}

/** Resolves after `ms`, or at once when `ms <= 0`. */
export function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
