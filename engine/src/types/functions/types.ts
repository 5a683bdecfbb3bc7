import type { Value, SqlType } from '../values/types';
import type { StreamRecord } from '../record';

/**
 * Function catalogue contracts (dialect spec §11). The validator reads the metadata (names,
 * arities, kinds, signatures, docs); the runtime calls the implementations; the kernel shows
 * the docs in completion and inspection. Nothing here knows about the AST.
 */

/** What a scalar function may read besides its arguments. */
export interface EvalContext {
  /** The record being evaluated (HEADER, TIMESTAMP(), SET_HEADER write to its headers). */
  record: StreamRecord;
  /** Bounds of the window being emitted (_WINDOW_START, TUMBLE_START), else null. */
  windowStart: number | null;
  windowEnd: number | null;
  /** Wall clock for NOW()/CURRENT_TIMESTAMP; the harness pins it for determinism. */
  now(): number;
}

export type FunctionKind = 'scalar' | 'aggregate' | 'window';

export interface FunctionInfo {
  /** Canonical upper-case name. */
  name: string;
  aliases: string[];
  kind: FunctionKind;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
  /** e.g. `ROUND(x[, places])`. */
  signature: string;
  /** One or two sentences shown in completion and inspection. */
  doc: string;
  /** Static result type given argument types, for planning and validation. */
  returnType(args: SqlType[]): SqlType;
  /** Extension form id (§2) when the function is not portable to the reference, e.g. 'X15'. */
  extension?: string;
  /** Aggregates/window functions that may also run under OVER (§7.3). */
  allowedWithOver?: boolean;
  /** A short usage example shown by detailed inspection, e.g. `ROUND(12.345, 2) → 12.35`. */
  example?: string;
}

export interface ScalarFunction extends FunctionInfo {
  kind: 'scalar';
  call(args: Value[], ctx: EvalContext): Value;
}

/**
 * Aggregate state for one group (or one pane of a sliding window). `merge` combines panes so
 * sliding windows cost the same whatever their size/slide ratio.
 */
export interface Accumulator {
  add(args: Value[]): void;
  merge(other: Accumulator): void;
  result(): Value;
}

export interface AggregateFunction extends FunctionInfo {
  kind: 'aggregate';
  /**
   * How many leading call arguments are evaluated per row and passed to `add` (COUNT(*) passes
   * none). The remaining call arguments must be constants, handed once to `create` as
   * `constantArgs` (STRING_AGG's separator, PERCENTILE_CONT's p).
   */
  valueArgs: number;
  /**
   * PERCENTILE_CONT/DISC: the `WITHIN GROUP (ORDER BY x)` value is the one argument of `add`,
   * and `returnType` receives the call argument types followed by the type of x.
   */
  withinGroup: boolean;
  /**
   * ⊕X34 STRING_AGG/LISTAGG take `ORDER BY y [DESC], …` inside their parentheses: the sort key
   * values follow the value arguments in `add`, and `create` receives one `descending` flag per key.
   */
  ordered?: boolean;
  /** `distinct` for COUNT(DISTINCT x)/SUM(DISTINCT x); `options` for constant arguments such as the percentile p or a separator. */
  create(options: { distinct: boolean; constantArgs: Value[]; descending?: readonly boolean[] }): Accumulator;
}

/**
 * Ranking and offset functions that only run under OVER (§7.3). The runtime evaluates them over
 * its row buffers; `window.ts` has pure helpers for that.
 */
export interface WindowFunction extends FunctionInfo {
  kind: 'window';
}

export type CatalogueFunction = ScalarFunction | AggregateFunction | WindowFunction;
