/**
 * One running query and its display: pumps the handle's output batches into the display, and
 * when the query ends (done, stopped, failed) publishes the final snapshot with that status.
 * The same object serves the foreground preview and, later, the background job.
 */
import type { QueryHandle, QuerySummary } from '@velostream/engine';
import type { LiveDisplay } from '../display/live-display';
import type { EndReason, ResultError, ResultStatus } from '../display/types';

export type TerminalStatus = Exclude<ResultStatus, 'running'>;

/** Why a run is stopped from outside; `for` (its own bound) ends it `done`, the others `stopped`. */
export type StopReason = Exclude<EndReason, 'complete' | 'error'>;

export interface RunEnd {
  status: TerminalStatus;
  summary: QuerySummary;
}

export class QueryRun {
  /** Settles once the final snapshot was published; never rejects. */
  readonly finished: Promise<RunEnd>;
  private stopRequested: { reason: StopReason; ms?: number } | undefined;
  private ended: RunEnd | undefined;

  constructor(
    readonly handle: QueryHandle,
    readonly display: LiveDisplay,
    /** Turns an engine error into what the display shows. */
    private readonly describeError: (summary: QuerySummary) => ResultError,
  ) {
    display.start();
    this.finished = this.pump();
  }

  get status(): ResultStatus {
    return this.ended?.status ?? 'running';
  }

  get end(): RunEnd | undefined {
    return this.ended;
  }

  /** Cancels the query (the first reason given wins); `ms` is the duration that ran out, if any. */
  stop(reason: StopReason, ms?: number): void {
    this.stopRequested ??= { reason, ...(ms !== undefined ? { ms } : {}) };
    this.handle.cancel();
  }

  private async pump(): Promise<RunEnd> {
    for await (const batch of this.handle) this.display.addRecords(batch);
    const summary = await this.handle.done;
    const stop = this.stopRequested;
    const status: TerminalStatus =
      summary.status === 'failed' ? 'failed' : stop?.reason === 'for' ? 'done' : stop || summary.status === 'cancelled' ? 'stopped' : 'done';
    const end = status === 'failed' ? { reason: 'error' as const } : (stop ?? { reason: status === 'done' ? ('complete' as const) : ('stop' as const) });
    await this.display.finish(status, end, status === 'failed' ? this.describeError(summary) : null);
    this.ended = { status, summary };
    return this.ended;
  }
}
