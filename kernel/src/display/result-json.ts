/** `application/vnd.velostream.result+json`, version 1 (§3.4). */
import type { ResultView } from './types';
import { elapsedMs, recordsPerSecond } from './summary';
import { jsonValue } from './values';

export const RESULT_MIME = 'application/vnd.velostream.result+json';

export function resultJson(view: ResultView): Record<string, unknown> {
  const { meta, counters, timing } = view;
  return {
    version: 1,
    display_id: meta.displayId,
    query_id: meta.queryId,
    job: meta.job,
    statement: meta.statement,
    statement_index: meta.statementIndex,
    status: meta.status,
    end_reason: meta.end?.reason ?? null,
    mode: meta.mode,
    emit: meta.emit,
    bounded: meta.bounded,
    columns: meta.columns.map(({ name, type, role }) => ({ name, type, role })),
    rows: view.rows.map((row) => meta.columns.map((column, i) => jsonValue(row[i], column.role))),
    keys: meta.keys,
    viz: meta.viz,
    counters: { ...counters },
    timing: {
      started_at: new Date(timing.startedAt).toISOString(),
      updated_at: new Date(timing.updatedAt).toISOString(),
      elapsed_ms: elapsedMs(view),
      records_per_second: Math.round(recordsPerSecond(view) * 10) / 10,
    },
    sources: meta.sources,
    sinks: meta.sinks,
    error: meta.error,
  };
}
