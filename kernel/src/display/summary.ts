/** The one-line summary that heads every text and HTML rendering of a result (§3.3). */
import type { EndCause, ResultMeta, ResultView } from './types';

/** `29,910`: every count a display prints has thousands separators. */
export const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

/** `1 row` / `57 rows`. */
export function rowCount(n: number): string {
  return `${grouped(n)} ${n === 1 ? 'row' : 'rows'}`;
}

/** `6 s`, `1.5 s`, `500 ms`. */
export function durationText(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/** `showing 2 of 57 rows` when the row limit cuts the table, else `57 rows`. */
function rowsPart(total: number, limit: number): string {
  return total > limit ? `showing ${grouped(limit)} of ${rowCount(total)}` : rowCount(total);
}

/**
 * Append mode shows the newest rows: `newest 10 of 15,095 rows (append, 1,000 kept)` counts every
 * row the query produced, and says how many the snapshot still holds when older ones were dropped.
 */
function appendRowsPart(view: ResultView, limit: number): string {
  const kept = view.shown.length;
  const produced = Math.max(view.counters.records_out, kept);
  if (kept === 0 || (kept <= limit && produced === kept)) return `${rowCount(kept)} (append)`;
  const newest = `newest ${grouped(Math.min(limit, kept))} of ${rowCount(produced)}`;
  return produced > kept ? `${newest} (append, ${grouped(kept)} kept)` : `${newest} (append)`;
}

export function elapsedMs(view: ResultView): number {
  return Math.max(0, view.timing.updatedAt - view.timing.startedAt);
}

export function recordsPerSecond(view: ResultView): number {
  const seconds = elapsedMs(view) / 1000;
  return seconds > 0 ? view.counters.records_in / seconds : 0;
}

/** The status word, and for a finished run why it ended, so a bound reached never reads as a failure. */
export function statusText(meta: Pick<ResultMeta, 'status' | 'end'>): string {
  const { status, end } = meta;
  if (status === 'done') return end?.reason === 'for' ? `done (--for ${durationText(end.ms ?? 0)})` : 'done';
  if (status !== 'stopped' || !end) return status;
  return `stopped ${stopCause(end)}`;
}

function stopCause(end: EndCause): string {
  const after = durationText(end.ms ?? 0);
  switch (end.reason) {
    case 'preview':
      return `after the ${after} preview (batch mode)`;
    case 'batch_timeout':
      return `at batch_timeout (${after})`;
    case 'interrupt':
      return '(interrupted)';
    case 'replaced':
      return '(a new job took its name)';
    case 'owner':
      return '(its cell was re-run or deleted)';
    case 'shutdown':
      return '(kernel shutdown)';
    case 'max_jobs':
      return '(max_jobs reached)';
    default:
      return '(%stop)';
  }
}

/** Summary of a live result at a row limit: status, rows, mode, counters, rate, elapsed, job. */
export function liveSummary(view: ResultView, limit: number): string {
  const { meta, counters } = view;
  const rows = meta.mode === 'append' ? appendRowsPart(view, limit) : `${rowsPart(view.shown.length, limit)} (${meta.mode})`;
  const parts = [
    statusText(meta),
    rows,
    `in ${grouped(counters.records_in)}`,
    `out ${grouped(counters.records_out)}`,
    `${grouped(recordsPerSecond(view))} rec/s`,
    `${(elapsedMs(view) / 1000).toFixed(1)} s`,
  ];
  if (meta.job) parts.push(`job ${meta.job}`);
  if (meta.job && meta.status === 'running') parts.push(`%stop ${meta.job}`);
  if (meta.error) parts.push(`${meta.error.ename}: ${meta.error.evalue}`);
  return parts.join(' · ');
}

/** Summary of a static result: only the row count. */
export function staticSummary(total: number, limit: number): string {
  return rowsPart(total, limit);
}
