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
import type { PlanNode, WindowSpec } from '../plan/logical';
import { columnsOf, recordsOf, type BatchColumns } from '../types/columns';
import type { Batch, StreamRecord } from '../types/record';

/** How often a running statement commits what its sink has acknowledged. */
export const COMMIT_INTERVAL_MS = 1000;

/**
 * When a processed record's effect has reached the output, so its offset may be committed:
 *  - `at-once`: filters and projections (DISTINCT, ORDER BY, LIMIT too: replays only duplicate);
 *  - `window`: one tumbling or sliding window aggregate: once the watermark has passed the end of
 *    the last window the record can belong to (that window has fired), so a replay after a crash
 *    rebuilds every window that was still open;
 *  - `at-end`: other state (GROUP BY without window, session windows, joins, OVER): only when the
 *    statement ends, so a restart re-reads the input and rebuilds the state.
 */
export type ReleaseRule = { kind: 'at-once' } | { kind: 'window'; window: Extract<WindowSpec, { kind: 'tumbling' | 'sliding' }> } | { kind: 'at-end' };

const PASS_THROUGH = new Set<PlanNode['kind']>(['scan', 'filter', 'project', 'sink', 'sort', 'limit', 'distinct']);

export function releaseRule(root: PlanNode): ReleaseRule {
  const aggregates: PlanNode[] = [];
  const walk = (node: PlanNode): boolean => {
    if (node.kind === 'aggregate') aggregates.push(node);
    else if (!PASS_THROUGH.has(node.kind)) return false;
    return node.kind === 'scan' || walk((node as { input: PlanNode }).input);
  };
  if (!walk(root)) return { kind: 'at-end' };
  if (aggregates.length === 0) return { kind: 'at-once' };
  const window = aggregates.length === 1 && aggregates[0].kind === 'aggregate' ? aggregates[0].window : null;
  return window && window.kind !== 'session' ? { kind: 'window', window } : { kind: 'at-end' };
}

/** The end of the last window a record with window time ≤ `t` can belong to. */
function lastWindowEnd(window: Extract<ReleaseRule, { kind: 'window' }>['window'], t: number): number {
  const advance = window.kind === 'sliding' ? window.advanceMs : window.sizeMs;
  return Math.floor(t / advance) * advance + window.sizeMs;
}

/** Processed offsets not released yet, as runs in offset order: `[from, …)` is done once the watermark reaches `doneAt`. */
interface Held {
  from: number;
  /** null while not known (dated by the next observe or snapshot; never under `at-end`). */
  doneAt: number | null;
}

export class DeliveredOffsets {
  /** Source name → partition → the offset after the last record processed. */
  private readonly next = new Map<string, Map<number, number>>();
  /** Source name → partition → runs of processed records whose effect may not be in the output yet. */
  private readonly held = new Map<string, Map<number, Held[]>>();

  constructor(
    private readonly rule: ReleaseRule = { kind: 'at-once' },
    /** The statement's watermark now: every batch observed before this moment has been processed. */
    private readonly watermark: () => number | null = () => null,
  ) {}

  observe(source: string, batch: Batch): void {
    let partitions = this.next.get(source);
    if (!partitions) this.next.set(source, (partitions = new Map()));
    let held = this.held.get(source);
    if (!held) this.held.set(source, (held = new Map()));
    const attached = columnsOf(batch);
    if (attached !== undefined && this.rule.kind === 'at-once') {
      // Its producer summed the offsets up already: no record needs to be read.
      for (const [partition, next] of attached.nextOffsets) if ((partitions.get(partition) ?? -1) < next) partitions.set(partition, next);
      return;
    }
    if (this.rule.kind !== 'at-once') for (const runs of held.values()) this.date(runs);
    if (attached !== undefined && this.holdBySummary(attached, partitions, held)) return;
    for (const record of recordsOf(batch)) {
      const next = partitions.get(record.partition) ?? -1;
      if (next > record.offset) continue;
      partitions.set(record.partition, record.offset + 1);
      if (this.rule.kind === 'at-once') continue;
      let runs = held.get(record.partition);
      if (!runs) held.set(record.partition, (runs = []));
      const doneAt = this.doneAt(record);
      if (runs.length === 0 || runs[runs.length - 1].doneAt !== doneAt) runs.push({ from: record.offset, doneAt });
    }
  }

  /**
   * `observe`'s loop from the batch's offset summary, when it gives the same runs: no record's
   * window end is known here (it would date each record), and each partition's first record is
   * new (so it starts or continues the newest run and every later one continues it). False,
   * changing nothing, otherwise.
   */
  private holdBySummary(attached: BatchColumns, partitions: Map<number, number>, held: Map<number, Held[]>): boolean {
    const rule = this.rule;
    if (rule.kind === 'window' && rule.window.timeColumn === null) return false;
    for (const [partition, first] of attached.firstOffsets) if ((partitions.get(partition) ?? -1) > first) return false;
    for (const [partition, first] of attached.firstOffsets) {
      let runs = held.get(partition);
      if (!runs) held.set(partition, (runs = []));
      if (runs.length === 0 || runs[runs.length - 1].doneAt !== null) runs.push({ from: first, doneAt: null });
      partitions.set(partition, attached.nextOffsets.get(partition)!);
    }
    return true;
  }

  /**
   * Per source, the offsets up to which every processed record's effect is in the output (the
   * runtime has processed every observed batch by now); with `ended`, everything processed (the
   * input ended and every window fired).
   */
  snapshot(ended = false): Map<string, PartitionOffset[]> {
    const out = new Map<string, PartitionOffset[]>();
    for (const [source, partitions] of this.next) {
      const held = this.held.get(source)!;
      const offsets: PartitionOffset[] = [];
      for (const [partition, next] of partitions) {
        const runs = held.get(partition) ?? [];
        this.date(runs);
        const watermark = this.watermark();
        while (runs.length > 0 && runs[0].doneAt !== null && watermark !== null && runs[0].doneAt <= watermark) runs.shift();
        offsets.push({ partition, offset: runs.length > 0 && !ended ? runs[0].from : next });
      }
      out.set(source, offsets);
    }
    return out;
  }

  /**
   * When a record of a windowed statement is in the output: when the watermark reaches the end of
   * the last window its time falls in. With a time column other than the event time the record's
   * window time is not known here (null): its run is dated by the watermark after it was processed.
   */
  private doneAt(record: StreamRecord): number | null {
    const rule = this.rule;
    if (rule.kind !== 'window' || rule.window.timeColumn !== null) return null;
    return lastWindowEnd(rule.window, record.eventTime ?? record.timestamp);
  }

  /** Dates the newest run: its records' window times are ≤ the watermark now (merged with an equal predecessor). */
  private date(runs: Held[]): void {
    const rule = this.rule;
    const last = runs[runs.length - 1];
    if (rule.kind !== 'window' || !last || last.doneAt !== null) return;
    const watermark = this.watermark();
    if (watermark === null || !Number.isFinite(watermark)) return;
    last.doneAt = lastWindowEnd(rule.window, watermark);
    if (runs.length >= 2 && runs[runs.length - 2].doneAt === last.doneAt) runs.pop();
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

  /**
   * Stops the timer; with `commitFinal` (the sink is closed, so flushed), commits what is released
   * — everything processed when the input ended (`completed`: every window has fired).
   */
  async stop(commitFinal: boolean, completed: boolean): Promise<void> {
    clearInterval(this.timer);
    await this.committing;
    if (commitFinal) await this.commitAcknowledged(false, completed);
  }

  private async commitAcknowledged(flush = true, completed = false): Promise<void> {
    const snapshot = this.offsets.snapshot(completed);
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
