/**
 * One running query and its display: pumps the handle's output batches into the display, and
 * when the query ends (done, stopped, failed) publishes the final snapshot with that status.
 * The same object serves the foreground preview and, later, the background job.
 */
import type { QueryHandle, QuerySummary } from '@velostream/engine';
import type { LiveDisplay } from '../display/live-display';
import type { ResultError, ResultStatus } from '../display/types';

export type TerminalStatus = Exclude<ResultStatus, 'running'>;

export interface RunEnd {
  status: TerminalStatus;
  summary: QuerySummary;
}

export class QueryRun {
  /** Settles once the final snapshot was published; never rejects. */
  readonly finished: Promise<RunEnd>;
  private stopRequested = false;
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

  /** Cancels the query; it ends with status `stopped`. */
  stop(): void {
    this.stopRequested = true;
    this.handle.cancel();
  }

  private async pump(): Promise<RunEnd> {
    for await (const batch of this.handle) this.display.addRecords(batch);
    const summary = await this.handle.done;
    const status: TerminalStatus =
      summary.status === 'failed' ? 'failed' : this.stopRequested || summary.status === 'cancelled' ? 'stopped' : 'done';
    await this.display.finish(status, status === 'failed' ? this.describeError(summary) : null);
    this.ended = { status, summary };
    return this.ended;
  }
}
