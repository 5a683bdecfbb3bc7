/**
 * Progress of long engine work (a `%%test` query's processing) as a Jupyter progress display:
 * one `display_data` per phase, then throttled `update_display_data` under the same display id,
 * ending with the phase's final count and time.
 */
import type { ProgressFactory, ProgressReporter } from '@velostream/engine';
import type { OutputPublisher } from '../session/executor';
import { escapeMarkup } from './escape';

/** At most four redraws per second, as for live query displays (kernel spec §3.6). */
const MIN_UPDATE_INTERVAL_MS = 250;

export function progressDisplays(output: OutputPublisher, nextDisplayId: () => string, now: () => number = Date.now): ProgressFactory {
  return (label, total) => new ProgressDisplay(output, nextDisplayId(), label, total, now);
}

class ProgressDisplay implements ProgressReporter {
  private readonly startedAt: number;
  /** The first display counts as an update. */
  private lastUpdateAt: number;
  private lastDone = 0;

  constructor(
    private readonly output: OutputPublisher,
    private readonly displayId: string,
    private readonly label: string,
    private readonly total: number,
    private readonly now: () => number,
  ) {
    this.startedAt = now();
    this.lastUpdateAt = this.startedAt;
    void this.output.displayData(this.bundle(0, false), { displayId });
  }

  update(done: number): void {
    const t = this.now();
    if (done === this.lastDone || t - this.lastUpdateAt < MIN_UPDATE_INTERVAL_MS) return;
    this.lastUpdateAt = t;
    this.lastDone = done;
    void this.output.updateDisplayData(this.bundle(done, false), { displayId: this.displayId, coalesce: true });
  }

  finish(done: number): void {
    void this.output.updateDisplayData(this.bundle(done, true), { displayId: this.displayId });
  }

  private bundle(done: number, finished: boolean): Record<string, string> {
    const seconds = ((this.now() - this.startedAt) / 1000).toFixed(1);
    const count = `${done.toLocaleString('en-US')} of ${this.total.toLocaleString('en-US')} records`;
    const text = finished ? `${this.label}: ${count} in ${seconds} s` : `${this.label}: ${count} · ${seconds} s`;
    return {
      'text/plain': text,
      'text/html': `<div>${finished ? '' : `<progress value="${done}" max="${Math.max(1, this.total)}"></progress> `}${escapeMarkup(text)}</div>`,
    };
  }
}
