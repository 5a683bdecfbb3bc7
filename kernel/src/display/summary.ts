/** The one-line summary that heads every text and HTML rendering of a result (§3.3). */
import type { ResultView } from './types';

const grouped = (n: number) => Math.round(n).toLocaleString('en-US');

/** `1 row` / `57 rows`. */
export function rowCount(n: number): string {
  return `${grouped(n)} ${n === 1 ? 'row' : 'rows'}`;
}

/** `showing 2 of 57 rows` when the row limit cuts the table, else `57 rows`. */
function rowsPart(total: number, limit: number): string {
  return total > limit ? `showing ${grouped(limit)} of ${rowCount(total)}` : rowCount(total);
}

export function elapsedMs(view: ResultView): number {
  return Math.max(0, view.timing.updatedAt - view.timing.startedAt);
}

export function recordsPerSecond(view: ResultView): number {
  const seconds = elapsedMs(view) / 1000;
  return seconds > 0 ? view.counters.records_in / seconds : 0;
}

/** Summary of a live result: status, rows, mode, counters, rate, elapsed, job. */
export function liveSummary(view: ResultView): string {
  const { meta, counters } = view;
  const parts = [
    meta.status,
    `${rowsPart(view.shown.length, view.rowLimit)} (${meta.mode})`,
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
