/**
 * One `f(…) OVER (…)` call as the OVER operator evaluates it (dialect §7): what the function is,
 * the per-row inputs it needs (`Entry`), and the per-partition state contract both evaluation
 * models implement — rows kept in a buffer (buffered.ts) or O(1) running state (running.ts).
 */
import type { OverCall } from '../../plan/logical';
import type { Value } from '../../types/values/types';
import type { AggregateFunction } from '../../types/functions/types';
import { lookupFunction } from '../../types/functions/catalogue';
import { argumentError, intArg } from '../../types/functions/args';
import { unsupported } from '../errors';

/** The window functions of §7.3 that are not aggregates. */
export type PositionalFunction =
  | 'LAG'
  | 'LEAD'
  | 'ROW_NUMBER'
  | 'RANK'
  | 'DENSE_RANK'
  | 'PERCENT_RANK'
  | 'CUME_DIST'
  | 'NTILE'
  | 'NTH_VALUE';

const POSITIONAL = new Set<string>([
  'LAG',
  'LEAD',
  'ROW_NUMBER',
  'RANK',
  'DENSE_RANK',
  'PERCENT_RANK',
  'CUME_DIST',
  'NTILE',
  'NTH_VALUE',
]);

export type OverFunction =
  { kind: 'aggregate'; fn: AggregateFunction } | { kind: 'positional'; name: PositionalFunction };

export function overFunction(call: OverCall): OverFunction {
  const fn = lookupFunction(call.functionName);
  if (fn?.kind === 'aggregate' && fn.allowedWithOver) return { kind: 'aggregate', fn };
  if (fn?.kind === 'window' && POSITIONAL.has(fn.name))
    return { kind: 'positional', name: fn.name as PositionalFunction };
  throw unsupported(`${call.functionName} with OVER`);
}

/** One input row as a call sees it: its evaluated arguments, ORDER BY values and time. */
export interface Entry {
  args: Value[];
  order: Value[];
  time: number;
}

/** The state of one partition of one call. */
export interface PartitionState {
  /** Adds the row and returns the call's value for it (the row is the current row). */
  accept(entry: Entry): Value;
  /** EMIT ON BUFFER FULL: whether the buffer holds its n rows. */
  readonly full: boolean;
}

/** A count argument such as LAG's offset or NTILE's buckets (constant in practice); absent/NULL → `fallback`. */
export function countArg(
  fn: PositionalFunction,
  v: Value | undefined,
  fallback: number,
  min: number,
): number {
  if (v === undefined || v === null) return fallback;
  const n = intArg(fn, v);
  if (n < min) throw argumentError(fn, `expects a count of at least ${min}, got ${n}`);
  return n;
}
