/**
 * `application/vnd.velostream.result+json` version 1 as the kernel sends it (kernel spec §3.4).
 * Readers ignore unknown keys, so every field here is one the extension actually uses.
 */
export const RESULT_MIME = 'application/vnd.velostream.result+json';

export type ResultStatus = 'running' | 'done' | 'stopped' | 'failed';
export type ColumnRole = 'group_key' | 'window_start' | 'window_end' | 'event_time' | 'value';
export type VizKind = 'line' | 'bar' | 'area' | 'scatter' | 'pie' | 'gauge' | 'heatmap' | 'table' | 'none';

/** A JSON cell: numbers, strings (DECIMALs, big integers, timestamps, non-finite floats), booleans, null, nested values. */
export type Cell = null | boolean | number | string | Cell[] | { [key: string]: Cell };

export interface ResultColumn {
  name: string;
  type: string;
  role: ColumnRole;
}

export interface VizSpec {
  kind: VizKind;
  x: string | null;
  y: string[];
  series: string | null;
  title: string | null;
}

export interface ResultJson {
  version: number;
  display_id: string;
  query_id: string;
  job: string | null;
  statement: string;
  status: ResultStatus;
  mode: 'append' | 'update' | 'single';
  bounded: boolean;
  columns: ResultColumn[];
  rows: Cell[][];
  viz: VizSpec;
  counters: {
    records_in: number;
    records_out: number;
    rows_kept: number;
    rows_evicted: number;
    late_records: number;
    updates_sent: number;
  };
  timing: { started_at: string; updated_at: string; elapsed_ms: number; records_per_second: number };
  error: { ename: string; evalue: string; line: number | null; column: number | null } | null;
}

/** Display types whose values are numbers (right-aligned, chartable, sorted numerically). */
export function isNumericType(type: string): boolean {
  return type === 'INTEGER' || type === 'FLOAT' || type.startsWith('DECIMAL');
}

/** Columns whose numbers are instants (epoch ms) or whose strings are ISO timestamps. */
export function isTimeColumn(column: ResultColumn): boolean {
  return (
    column.type === 'TIMESTAMP' ||
    column.role === 'window_start' ||
    column.role === 'window_end' ||
    column.role === 'event_time'
  );
}
