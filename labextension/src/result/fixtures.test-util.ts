/** Result models for the unit tests, shaped as the kernel sends them (kernel spec §3.4). */
import type { Cell, ResultColumn, ResultJson, VizSpec } from './types';

export function resultModel(columns: ResultColumn[], rows: Cell[][], viz: Partial<VizSpec>, status: ResultJson['status'] = 'running'): ResultJson {
  return {
    version: 1,
    display_id: 'vs-0000abcd-1',
    query_id: 'q1',
    job: null,
    statement: 'SELECT …',
    status,
    mode: 'update',
    bounded: false,
    columns,
    rows,
    viz: { kind: 'none', x: null, y: [], series: null, title: null, ...viz },
    counters: { records_in: 10240, records_out: 57, rows_kept: rows.length, rows_evicted: 0, late_records: 0, updates_sent: 3 },
    timing: { started_at: '2026-01-01T10:00:00.000Z', updated_at: '2026-01-01T10:00:05.000Z', elapsed_ms: 5000, records_per_second: 2048 },
    error: null,
  };
}

export const col = (name: string, type: string, role: ResultColumn['role'] = 'value'): ResultColumn => ({ name, type, role });
