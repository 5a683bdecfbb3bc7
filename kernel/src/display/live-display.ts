/**
 * One live result display (§3.1, §3.6): owns the snapshot, folds output records into it and
 * publishes it under one display_id — the first `display_data` at the first refresh tick or at
 * the end, then throttled `update_display_data` (≤ `refresh` per second, only when something
 * changed), and always one final snapshot carrying the terminal status.
 */
import type { StreamRecord } from '@velostream/engine';
import type { OutputPublisher } from '../session/executor';
import { liveBundle } from './bundle';
import { Snapshot } from './snapshot';
import type { Counters, EndCause, ResultColumn, ResultError, ResultMeta, ResultStatus, ResultView, VizSpec } from './types';
import { displayType } from './values';

/** Counters the query knows (the display adds its own). */
export interface QueryCounters {
  records_in: number;
  records_out: number;
  late_records: number;
}

export interface LiveDisplayOptions {
  output: OutputPublisher;
  /** Live updates on (JupyterLab) or only one display with the final or preview snapshot. */
  live: boolean;
  /** Max updates per second; 0 = final snapshot only. */
  refresh: number;
  rowLimit: number;
  /** Rows of text/html (fewer than `rowLimit` for append mode unless `rows` was set). */
  htmlRowLimit: number;
  keepRows: number;
  counters(): QueryCounters;
  /** Chooses the chart again once column types are known from data (inferred charts only). */
  chooseViz(columns: readonly ResultColumn[]): VizSpec;
  now?: () => number;
}

export class LiveDisplay {
  readonly meta: ResultMeta;
  private readonly snapshot: Snapshot;
  private readonly now: () => number;
  private readonly startedAt: number;
  private timer: NodeJS.Timeout | undefined;
  private displayed = false;
  private finished = false;
  private updatesSent = 0;
  /** What the last published bundle reflected, to skip updates that would change nothing. */
  private publishedVersion = -1;
  private publishedRecordsIn = -1;
  private publishedJob: string | null = null;
  /** The last publication queued; each waits for the one before it. */
  private sending: Promise<void> = Promise.resolve();
  /** A non-final publication queued and not yet rendered. */
  private queuedUpdate: Promise<void> | undefined;
  private readonly unresolved: Set<number>;

  constructor(
    meta: ResultMeta,
    private readonly options: LiveDisplayOptions,
  ) {
    this.meta = { ...meta, columns: meta.columns.map((c) => ({ ...c })) };
    this.snapshot = new Snapshot(meta.mode, this.meta.columns, options.keepRows);
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.unresolved = new Set(
      this.meta.columns.flatMap((c, i) => (c.type === 'NULL' || c.type === 'DECIMAL' ? [i] : [])),
    );
  }

  get displayId(): string {
    return this.meta.displayId;
  }

  get status(): ResultStatus {
    return this.meta.status;
  }

  /** Starts the refresh ticks (live mode with refresh > 0). */
  start(): void {
    if (!this.options.live || this.options.refresh <= 0 || this.timer) return;
    const interval = Math.max(1, Math.round(1000 / this.options.refresh));
    this.timer = setInterval(() => void this.tick(), interval);
  }

  /** Folds one output batch into the snapshot. */
  addRecords(records: readonly StreamRecord[]): void {
    const names = this.meta.columns.map((c) => c.name);
    for (const record of records) {
      const row = names.map((name) => record.fields[name] ?? null);
      if (this.unresolved.size > 0) this.resolveTypes(row);
      this.snapshot.add(row, String(record.key ?? ''));
    }
  }

  /** The job name once the query runs as a background job. */
  setJob(name: string): void {
    this.meta.job = name;
  }

  /** One refresh tick: the first display, or an update when rows or counters changed. */
  tick(): Promise<void> {
    if (this.finished) return this.sending;
    // An update still waits for its turn: it will show what changed since.
    if (this.queuedUpdate) return this.queuedUpdate;
    if (this.displayed && !this.changed()) return this.sending;
    return this.publish(false);
  }

  /** Publishes the current snapshot now if nothing was shown yet (end of the preview period). */
  showNow(): Promise<void> {
    return this.displayed || this.finished ? this.sending : this.publish(false);
  }

  /** Ends the display: the final snapshot with its terminal status and cause, never coalesced. */
  finish(status: Exclude<ResultStatus, 'running'>, end: EndCause, error: ResultError | null = null): Promise<void> {
    if (this.finished) return this.sending;
    this.finished = true;
    clearInterval(this.timer);
    this.meta.status = status;
    this.meta.end = end;
    this.meta.error = error;
    return this.publish(true);
  }

  /** The result as renderers see it, at this moment. */
  view(): ResultView {
    const counters = this.options.counters();
    const all: Counters = {
      records_in: counters.records_in,
      records_out: counters.records_out,
      late_records: counters.late_records,
      rows_kept: this.snapshot.rowsKept,
      rows_evicted: this.snapshot.rowsEvicted,
      updates_sent: this.updatesSent,
    };
    return {
      meta: this.meta,
      rows: this.snapshot.rows(),
      shown: this.snapshot.shown(),
      counters: all,
      timing: { startedAt: this.startedAt, updatedAt: this.now() },
      rowLimit: this.options.rowLimit,
      htmlRowLimit: this.options.htmlRowLimit,
    };
  }

  private changed(): boolean {
    return (
      this.snapshot.version !== this.publishedVersion ||
      this.options.counters().records_in !== this.publishedRecordsIn ||
      this.meta.job !== this.publishedJob
    );
  }

  /**
   * Queues a publication behind the previous one and renders it only when its turn comes, so a
   * backed-up IOPub holds at most one unsent update per display, and the one that goes out shows
   * the newest snapshot (the updates in between are never built).
   */
  private publish(final: boolean): Promise<void> {
    const first = !this.displayed;
    this.displayed = true;
    const turn = this.sending.then(() => {
      if (!final) this.queuedUpdate = undefined;
      // An update overtaken by finish() has nothing to add: the final snapshot follows it.
      if (!first && !final && this.finished) return;
      return this.render(first, final);
    });
    if (!final) this.queuedUpdate = turn;
    this.sending = turn;
    return turn;
  }

  private render(first: boolean, final: boolean): Promise<void> {
    if (!first) this.updatesSent++;
    this.publishedVersion = this.snapshot.version;
    this.publishedRecordsIn = this.options.counters().records_in;
    this.publishedJob = this.meta.job;
    const data = liveBundle(this.view());
    const displayId = this.meta.displayId;
    return first
      ? this.output.displayData(data, { displayId })
      : this.output.updateDisplayData(data, { displayId, coalesce: !final });
  }

  private get output(): OutputPublisher {
    return this.options.output;
  }

  private resolveTypes(row: readonly unknown[]): void {
    let changed = false;
    for (const i of [...this.unresolved]) {
      const value = row[i] as Parameters<typeof displayType>[1];
      if (value === null || value === undefined) continue;
      const column = this.meta.columns[i];
      column.type = displayType(column.type === 'DECIMAL' ? 'decimal' : 'any', value);
      this.unresolved.delete(i);
      changed = true;
    }
    if (changed && this.meta.viz.origin === 'inferred')
      this.meta.viz = this.options.chooseViz(this.meta.columns);
  }
}
