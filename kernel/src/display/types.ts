/**
 * The vocabulary of a result display (kernel spec §3): what a result is made of, independent of
 * how it is rendered or where its rows come from.
 */
import type { Value } from '@velostream/engine';

export type DisplayMode = 'append' | 'update' | 'single';
export type ResultStatus = 'running' | 'done' | 'stopped' | 'failed';
export type EmitKind = 'changes' | 'final' | 'default';
/**
 * Why a run ended (result+json `end_reason`). `for` ends with status `done`: the cell's own
 * `--for` bound was reached; the kernel's caps and user stops end with `stopped`.
 */
export type EndReason =
  | 'complete'
  | 'for'
  | 'preview'
  | 'batch_timeout'
  | 'stop'
  | 'interrupt'
  | 'replaced'
  | 'owner'
  | 'shutdown'
  | 'max_jobs'
  | 'error';

export interface EndCause {
  reason: EndReason;
  /** The duration that ended the run (`--for`, preview, batch_timeout). */
  ms?: number;
}

export type ColumnRole = 'group_key' | 'window_start' | 'window_end' | 'event_time' | 'value';

/** One output column; `type` is the display type name of §3.4 (`INTEGER`, `DECIMAL(2)`, …). */
export interface ResultColumn {
  name: string;
  type: string;
  role: ColumnRole;
  /** A count the kernel made (listings): shown with thousands separators, like the summaries. */
  count?: boolean;
}

export type VizKind =
  | 'line'
  | 'bar'
  | 'area'
  | 'scatter'
  | 'pie'
  | 'gauge'
  | 'heatmap'
  | 'table'
  | 'none';

export interface VizSpec {
  kind: VizKind;
  x: string | null;
  y: string[];
  series: string | null;
  title: string | null;
  origin: 'inferred' | 'annotation' | 'option';
}

export interface WindowKeys {
  kind: 'tumbling' | 'sliding' | 'session';
  size_ms?: number;
  slide_ms?: number;
  gap_ms?: number;
}

export interface ResultKeys {
  group: string[];
  window: WindowKeys | null;
}

export interface Counters {
  records_in: number;
  records_out: number;
  rows_kept: number;
  rows_evicted: number;
  late_records: number;
  updates_sent: number;
}

export interface ResultError {
  ename: string;
  evalue: string;
  line: number | null;
  column: number | null;
}

/** Everything about a result except its rows: fixed when the query starts, status and counters change. */
export interface ResultMeta {
  displayId: string;
  queryId: string;
  job: string | null;
  statement: string;
  statementIndex: number;
  status: ResultStatus;
  mode: DisplayMode;
  emit: EmitKind;
  bounded: boolean;
  columns: ResultColumn[];
  keys: ResultKeys;
  viz: VizSpec;
  sources: string[];
  sinks: string[];
  error: ResultError | null;
  /** Set with the terminal status. */
  end: EndCause | null;
}

export interface Timing {
  startedAt: number;
  updatedAt: number;
}

/** What a renderer needs: the metadata, the snapshot's rows in both orders and the counters. */
export interface ResultView {
  meta: ResultMeta;
  /** The materialised snapshot in JSON order (§3.4 `rows`). */
  rows: Value[][];
  /** The rows in display order (§3.5), not yet cut to the row limit. */
  shown: Value[][];
  counters: Counters;
  timing: Timing;
  /** Row limit of text/plain. */
  rowLimit: number;
  /** Row limit of text/html (append mode shows fewer rows unless `rows` was set). */
  htmlRowLimit: number;
}

/** Display types whose values are numbers (right-aligned, chartable). */
export function isNumericType(type: string): boolean {
  return type === 'INTEGER' || type === 'FLOAT' || type.startsWith('DECIMAL');
}

/** Numbers align right in tables; window bounds print as timestamps, so they read as text. */
export function alignsRight(column: ResultColumn): boolean {
  return isNumericType(column.type) && column.role !== 'window_start' && column.role !== 'window_end';
}
