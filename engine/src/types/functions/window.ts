/**
 * Functions that exist only under OVER (dialect spec §7.3) and pure helpers the runtime uses to
 * evaluate them over a partition's buffered rows. Aggregates allowed under OVER (AVG, SUM, MIN,
 * MAX, COUNT, STDDEV…, FIRST_VALUE, LAST_VALUE) are catalogued as aggregates with
 * `allowedWithOver`.
 *
 * Ranking follows §7.2: the current row is ranked as if it were the last row of the partition in
 * ORDER BY order, i.e. against every buffered row including itself.
 */
import type { Value } from '../values/types';
import { orderCompare } from '../values/compare';
import { sameAs, windowFunction } from './define';
import type { WindowFunction } from './types';

/** The ORDER BY values of one row, and the direction of each ORDER BY item. */
export type SortKey = readonly Value[];

export function compareSortKeys(a: SortKey, b: SortKey, descending: readonly boolean[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = orderCompare(a[i], b[i]);
    if (c !== 0) return descending[i] ? -c : c;
  }
  return 0;
}

/** LAG(x, offset, default): the value `offset` rows before `current` in `values`, else `fallback`. */
export function lag(values: readonly Value[], current: number, offset = 1, fallback: Value = null): Value {
  const i = current - offset;
  return i >= 0 && i < values.length ? values[i] : fallback;
}

/** LEAD(x, offset, default): only rows already received count, so usually the default (§7.3). */
export function lead(values: readonly Value[], current: number, offset = 1, fallback: Value = null): Value {
  const i = current + offset;
  return i >= 0 && i < values.length ? values[i] : fallback;
}

/** RANK: 1 + the number of rows ordered strictly before the current row's key. */
export function rank(keys: readonly SortKey[], current: SortKey, descending: readonly boolean[]): number {
  let before = 0;
  for (const k of keys) if (compareSortKeys(k, current, descending) < 0) before++;
  return before + 1;
}

/** DENSE_RANK: 1 + the number of distinct keys ordered strictly before the current row's key. */
export function denseRank(keys: readonly SortKey[], current: SortKey, descending: readonly boolean[]): number {
  const before: SortKey[] = [];
  for (const k of keys) {
    if (compareSortKeys(k, current, descending) < 0 && !before.some((b) => compareSortKeys(b, k, descending) === 0)) before.push(k);
  }
  return before.length + 1;
}

/** PERCENT_RANK: (rank − 1) / (rows − 1), 0 for a single row. */
export function percentRank(keys: readonly SortKey[], current: SortKey, descending: readonly boolean[]): number {
  return keys.length <= 1 ? 0 : (rank(keys, current, descending) - 1) / (keys.length - 1);
}

/** CUME_DIST: share of rows ordered at or before the current row's key. */
export function cumeDist(keys: readonly SortKey[], current: SortKey, descending: readonly boolean[]): number {
  let atOrBefore = 0;
  for (const k of keys) if (compareSortKeys(k, current, descending) <= 0) atOrBefore++;
  return keys.length === 0 ? 1 : atOrBefore / keys.length;
}

/**
 * NTILE(buckets) of the row at 0-based `position` among `rows`: the first `rows % buckets`
 * buckets hold one row more than the others.
 */
export function ntile(buckets: number, position: number, rows: number): number {
  const size = Math.floor(rows / buckets);
  const larger = rows % buckets; // buckets holding size + 1 rows
  const inLarger = larger * (size + 1);
  if (position < inLarger) return Math.floor(position / (size + 1)) + 1;
  return size === 0 ? position + 1 : larger + Math.floor((position - inLarger) / size) + 1;
}

/** NTH_VALUE(x, n): the n-th (1-based) value of the frame, NULL when the frame is shorter. */
export function nthValue(frame: readonly Value[], n: number): Value {
  return n >= 1 && n <= frame.length ? frame[n - 1] : null;
}

export const windowFunctions: WindowFunction[] = [
  windowFunction({
    name: 'LAG', min: 1, max: 3, signature: 'LAG(x[, offset[, default]]) OVER (…)', returns: sameAs(0),
    doc: 'x of the row `offset` rows (default 1) before the current one in the partition; `default` (else NULL) when there is none.',
    example: 'LAG(price, 1) OVER (PARTITION BY symbol ORDER BY event_ts)',
  }),
  windowFunction({
    name: 'LEAD', min: 1, max: 3, signature: 'LEAD(x[, offset[, default]]) OVER (…)', returns: sameAs(0),
    doc: 'x of the row `offset` rows after the current one among rows already received (in a stream usually the default).',
  }),
  windowFunction({
    name: 'ROW_NUMBER', min: 0, signature: 'ROW_NUMBER() OVER (…)', returns: 'integer',
    doc: 'Position of the row in its partition, from 1.',
  }),
  windowFunction({
    name: 'RANK', min: 0, signature: 'RANK() OVER (… ORDER BY …)', returns: 'integer',
    doc: 'Rank by ORDER BY with gaps after ties (1, 1, 3).',
  }),
  windowFunction({
    name: 'DENSE_RANK', min: 0, signature: 'DENSE_RANK() OVER (… ORDER BY …)', returns: 'integer',
    doc: 'Rank by ORDER BY without gaps (1, 1, 2).',
  }),
  windowFunction({
    name: 'NTH_VALUE', min: 2, signature: 'NTH_VALUE(x, n) OVER (…)', returns: sameAs(0),
    doc: 'x of the n-th row (from 1) of the frame; NULL when the frame has fewer rows.',
  }),
  windowFunction({
    name: 'PERCENT_RANK', min: 0, signature: 'PERCENT_RANK() OVER (… ORDER BY …)', returns: 'float',
    doc: '(rank − 1) / (rows in partition − 1), between 0 and 1.',
  }),
  windowFunction({
    name: 'CUME_DIST', min: 0, signature: 'CUME_DIST() OVER (… ORDER BY …)', returns: 'float',
    doc: 'Share of partition rows ordered at or before the current row.',
  }),
  windowFunction({
    name: 'NTILE', min: 1, signature: 'NTILE(n) OVER (…)', returns: 'integer',
    doc: 'Bucket number (1..n) of the row when the partition is split into n nearly equal buckets.',
  }),
];
