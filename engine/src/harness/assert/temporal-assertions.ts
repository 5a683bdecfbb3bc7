/**
 * Temporal and statistical assertions (harness spec §7.5): window containment and alignment,
 * distribution shape, percentiles and event ordering over one captured output.
 */
import type { AssertionContext, AssertionResult } from './output';
import { listOffending } from './output';
import { percentileOf } from './performance-assertions';
import { fail, formatNumber, pass, skip, type Fields } from './record-assertions';
import { fieldValue, toNumber, toText, toTimestampMs } from './values';

type Check = (f: Fields, ctx: AssertionContext) => AssertionResult;

const windowBoundary: Check = (f, ctx) => {
  const type = 'window_boundary';
  const tol = typeof f.tolerance_ms === 'number' ? f.tolerance_ms : 0;
  const startField = (f.window_start_field as string | undefined) ?? 'window_start';
  const endField = (f.window_end_field as string | undefined) ?? 'window_end';
  const size = f.window_size_ms as number | undefined;
  const bad: { index: number; value: string }[] = [];
  let checked = 0;
  ctx.output.records.forEach((r, i) => {
    const ts = toTimestampMs(fieldValue(r, f.timestamp_field as string));
    const start = toTimestampMs(fieldValue(r, startField));
    const end = toTimestampMs(fieldValue(r, endField));
    if (ts === undefined || start === undefined || end === undefined) return;
    checked++;
    if (f.verify_containment !== false && (ts < start - tol || ts > end + tol)) bad.push({ index: i, value: `${ts} ∉ [${start}, ${end}]` });
    if (f.verify_alignment === true && size !== undefined && size > 0 && start % size !== 0) bad.push({ index: i, value: `start ${start} not aligned to ${size}` });
  });
  if (bad.length === 0) return pass(type, `Window boundaries valid for ${checked} records in ${ctx.output.location}`);
  return fail(type, `Window boundary violations in ${ctx.output.location}`, 'start ≤ timestamp ≤ end', listOffending(bad));
};

function numbersOf(ctx: AssertionContext, field: string): number[] {
  const out: number[] = [];
  for (const r of ctx.output.records) {
    const n = toNumber(fieldValue(r, field));
    if (n !== undefined) out.push(n);
  }
  return out;
}

const distribution: Check = (f, ctx) => {
  const type = 'distribution';
  const field = f.field as string;
  const values = numbersOf(ctx, field);
  const minRecords = typeof f.min_records === 'number' ? f.min_records : 100;
  if (values.length < minRecords) return skip(type, `Distribution not checked: ${values.length} values of '${field}' (< ${minRecords})`, `${values.length} values of '${field}', fewer than min_records ${minRecords}`);
  const tol = typeof f.tolerance === 'number' ? f.tolerance : 0.1;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const L = ctx.output.location;
  switch (f.distribution_type) {
    case 'normal':
      if (typeof f.mean === 'number' && Math.abs(mean - f.mean) > Math.abs(f.mean) * tol + 1e-6) {
        return fail(type, `Mean of '${field}' in ${L} off target`, `${f.mean} ± ${tol * 100}%`, formatNumber(mean));
      }
      if (typeof f.std_dev === 'number' && Math.abs(std - f.std_dev) > Math.abs(f.std_dev) * tol + 1e-6) {
        return fail(type, `Standard deviation of '${field}' in ${L} off target`, `${f.std_dev} ± ${tol * 100}%`, formatNumber(std));
      }
      break;
    case 'uniform':
      if (typeof f.min_value === 'number' && min < f.min_value * (1 - tol)) return fail(type, `Minimum of '${field}' in ${L} below range`, `>= ${f.min_value * (1 - tol)}`, formatNumber(min));
      if (typeof f.max_value === 'number' && max > f.max_value * (1 + tol)) return fail(type, `Maximum of '${field}' in ${L} above range`, `<= ${f.max_value * (1 + tol)}`, formatNumber(max));
      break;
    case 'exponential':
      if (min < 0) return fail(type, `Negative values of '${field}' in ${L}`, '>= 0', formatNumber(min));
      break;
  }
  return pass(type, `Distribution of '${field}' in ${L} is ${f.distribution_type} (mean ${formatNumber(mean)}, std ${formatNumber(std)})`);
};

const PERCENTILES: [string, number][] = [
  ['p50', 50],
  ['p75', 75],
  ['p90', 90],
  ['p95', 95],
  ['p99', 99],
  ['p999', 99.9],
];

const percentile: Check = (f, ctx) => {
  const type = 'percentile';
  const field = f.field as string;
  const values = numbersOf(ctx, field).sort((a, b) => a - b);
  const minRecords = typeof f.min_records === 'number' ? f.min_records : 10;
  if (values.length < minRecords) return skip(type, `Percentiles not checked: ${values.length} values of '${field}' (< ${minRecords})`, `${values.length} values of '${field}', fewer than min_records ${minRecords}`);
  const greater = f.mode === 'greater_than';
  const shown: string[] = [];
  for (const [key, p] of PERCENTILES) {
    const limit = f[key];
    if (typeof limit !== 'number') continue;
    const v = percentileOf(values, p);
    shown.push(`${key}=${formatNumber(v)}`);
    if (greater ? v < limit : v > limit) {
      return fail(type, `${key} of '${field}' in ${ctx.output.location} is ${formatNumber(v)}`, `${greater ? '>=' : '<='} ${limit}`, formatNumber(v));
    }
  }
  return pass(type, `Percentiles of '${field}' in ${ctx.output.location} within limits${shown.length ? ` (${shown.join(', ')})` : ' (no constraints)'}`);
};

const eventOrdering: Check = (f, ctx) => {
  const type = 'event_ordering';
  const field = f.timestamp_field as string;
  const partitionField = f.partition_field as string | undefined;
  const descending = f.direction === 'descending';
  const window = typeof f.window_size_ms === 'number' ? f.window_size_ms : 0;
  const last = new Map<string, number>();
  const inversions: { index: number; value: string }[] = [];
  const gaps: { index: number; value: string }[] = [];
  let pairs = 0;
  ctx.output.records.forEach((r, i) => {
    const ts = toTimestampMs(fieldValue(r, field));
    if (ts === undefined) return;
    const part = partitionField === undefined ? '' : toText(fieldValue(r, partitionField));
    const prev = last.get(part);
    last.set(part, ts);
    if (prev === undefined) return;
    pairs++;
    const step = descending ? prev - ts : ts - prev;
    if (step < 0 && -step > window) inversions.push({ index: i, value: `${prev} → ${ts}` });
    if (typeof f.max_gap_ms === 'number' && Math.abs(ts - prev) > f.max_gap_ms) gaps.push({ index: i, value: `${Math.abs(ts - prev)}ms` });
  });
  const L = ctx.output.location;
  const percent = pairs === 0 ? 0 : (inversions.length / pairs) * 100;
  if (gaps.length > 0) return fail(type, `Gaps between events in ${L} exceed ${f.max_gap_ms}ms`, `<= ${f.max_gap_ms}ms`, listOffending(gaps));
  if (typeof f.max_out_of_order_percent === 'number') {
    if (percent > f.max_out_of_order_percent) return fail(type, `Out-of-order events in ${L}: ${percent.toFixed(2)}%`, `<= ${f.max_out_of_order_percent}%`, `${percent.toFixed(2)}%: ${listOffending(inversions)}`);
  } else if (f.allow_gaps === false && inversions.length > 0) {
    return fail(type, `Out-of-order events in ${L}`, descending ? 'descending' : 'ascending', listOffending(inversions));
  }
  return pass(type, `Event ordering in ${L}: ${inversions.length} of ${pairs} pairs out of order (${percent.toFixed(2)}%)`);
};

export const TEMPORAL_ASSERTIONS: Readonly<Record<string, Check>> = {
  window_boundary: windowBoundary,
  distribution,
  percentile,
  event_ordering: eventOrdering,
};
