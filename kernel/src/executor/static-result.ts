/**
 * Results that cannot change (kernel spec §3.1): SELECT without FROM, listings, `%jobs`,
 * `%describe`, … — an `execute_result` with the same MIME set as live results, status `done`.
 */
import type { SqlType, Value } from '@velostream/engine';
import { staticBundle } from '../display/bundle';
import type { ResultColumn } from '../display/types';
import { displayType } from '../display/values';
import { NO_CHART } from '../display/viz';
import type { MimeBundle } from '../session/executor';

export interface StaticTable {
  columns: readonly (ResultColumn | { name: string; type: SqlType })[];
  rows: Value[][];
  statement?: string;
  statementIndex?: number;
}

export function staticTable(table: StaticTable, rowLimit: number): MimeBundle {
  const columns: ResultColumn[] = table.columns.map((c, i) =>
    'role' in c ? c : { name: c.name, type: displayType(c.type, firstValue(table.rows, i)), role: 'value' },
  );
  const now = Date.now();
  return staticBundle({
    meta: {
      displayId: '',
      queryId: '',
      job: null,
      statement: table.statement ?? '',
      statementIndex: table.statementIndex ?? 0,
      status: 'done',
      mode: 'append',
      emit: 'default',
      bounded: true,
      columns,
      keys: { group: [], window: null },
      viz: NO_CHART,
      sources: [],
      sinks: [],
      error: null,
      end: { reason: 'complete' },
    },
    rows: table.rows,
    shown: table.rows,
    counters: { records_in: 0, records_out: table.rows.length, rows_kept: table.rows.length, rows_evicted: 0, late_records: 0, updates_sent: 0 },
    timing: { startedAt: now, updatedAt: now },
    rowLimit,
    htmlRowLimit: rowLimit,
  });
}

/**
 * A listing of text columns (magic outputs). Columns named in `counts` are integers the kernel
 * counted and print with thousands separators.
 */
export function textListing(
  names: readonly string[],
  rows: (string | number | null)[][],
  options: { rowLimit?: number; counts?: readonly string[] } = {},
): MimeBundle {
  const numeric = (i: number) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || r[i] === null);
  return staticTable(
    {
      columns: names.map((name, i): ResultColumn => ({
        name,
        type: numeric(i) ? 'INTEGER' : 'STRING',
        role: 'value',
        ...(options.counts?.includes(name) ? { count: true } : {}),
      })),
      rows,
    },
    options.rowLimit ?? 1000,
  );
}

/** The column's first non-NULL value: decimals show their scale, untyped columns their value's type. */
function firstValue(rows: readonly Value[][], index: number): Value {
  return rows.find((row) => row[index] !== null && row[index] !== undefined)?.[index] ?? null;
}
