/**
 * The physical operator contract: push-based, a batch at a time, never awaiting. Each operator
 * owns its downstream and pushes the batches it produces; `flush(true)` means the input ended
 * (bounded source: windows and EMIT FINAL groups are emitted, D2).
 */
import type { Batch, StreamRecord } from '../../types/record';
import type { CompileOptions } from '../compile';
import { RowContext } from '../context';
import { ValueError } from '../../types/values/errors';

export interface Operator {
  push(batch: Batch): void;
  flush(endOfInput: boolean): void;
  /** Takes deferred batches (types/columns.ts), building their records itself when it needs them. */
  readonly takesDeferred?: boolean;
}

/**
 * Leaves the rest of a large end-of-input firing for later: the query's driver yields to the
 * event loop (so the host takes the rows delivered so far while they are young garbage) and
 * then runs `rest` before anything else; see `TumblingAggregate.flush`.
 */
export type Pace = (rest: () => void) => void;

/** Live counters of one query; operators update them in place, `progress()` copies them. */
export interface QueryCounters {
  recordsIn: number;
  recordsOut: number;
  /** Records skipped because an expression raised (type error, bad CAST, overflow). */
  recordErrors: number;
  /** Records that arrived after their window closed but within the allowed lateness (§6.2). */
  lateRecords: number;
  /** Records too late for every window they belong to (dropped, §6.2). */
  droppedTooLate: number;
  /** Max event timestamp seen by the windowed aggregate, epoch ms; null before the first record. */
  watermark: number | null;
  /** Aggregation state held: groups (per window/pane/session) and open or retained windows. */
  groups: number;
  windows: number;
}

export function newCounters(): QueryCounters {
  return {
    recordsIn: 0,
    recordsOut: 0,
    recordErrors: 0,
    lateRecords: 0,
    droppedTooLate: 0,
    watermark: null,
    groups: 0,
    windows: 0,
  };
}

/** What every operator of one query shares. */
export interface OperatorEnv {
  counters: QueryCounters;
  compile: CompileOptions;
  now: () => number;
  /** Called for each record skipped because of a `ValueError` (first-error reporting, DLQ). */
  onRecordError: ((error: ValueError, record: StreamRecord) => void) | null;
  /** Called for each record a window drops as too late (`late.data.strategy = dead_letter`). */
  onTooLate: ((record: StreamRecord) => void) | null;
}

export function newContext(env: OperatorEnv): RowContext {
  return new RowContext(env.now);
}

/** Counts a per-record evaluation error; anything else is a bug and propagates. */
export function recordError(env: OperatorEnv, error: unknown, record: StreamRecord): void {
  if (!(error instanceof ValueError)) throw error;
  env.counters.recordErrors++;
  env.onRecordError?.(error, record);
}
