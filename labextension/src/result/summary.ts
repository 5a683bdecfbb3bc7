/** The header line of a result: status, rows, counters, rate, elapsed time, job (kernel spec §3.3 wording). */
import type { ResultJson } from './types';

const count = (n: number) => n.toLocaleString('en-US');

export function summaryText(model: ResultJson): string {
  const { counters, timing, rows } = model;
  const parts = [rows.length === 1 ? '1 row' : `${count(rows.length)} rows`];
  if (counters.rows_evicted > 0) parts.push(`${count(counters.rows_evicted)} evicted`);
  if (counters.records_in > 0 || counters.records_out > 0) {
    parts.push(`in ${count(counters.records_in)}`, `out ${count(counters.records_out)}`);
    parts.push(`${count(Math.round(timing.records_per_second))} rec/s`);
  }
  if (timing.elapsed_ms > 0) parts.push(`${(timing.elapsed_ms / 1000).toFixed(1)} s`);
  if (counters.late_records > 0) parts.push(`${count(counters.late_records)} late`);
  return parts.join(' · ');
}

/** `ename: evalue`, with the position when the kernel knows it and the message does not say it already. */
export function errorText(error: NonNullable<ResultJson['error']>): string {
  const text = `${error.ename}: ${error.evalue}`;
  if (error.line === null || /\(line \d+, column \d+\)$/.test(error.evalue)) return text;
  return `${text} (line ${error.line}, column ${error.column ?? 1})`;
}
