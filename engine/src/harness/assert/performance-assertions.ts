/**
 * Performance assertions (harness spec §7.4) over the runner's real measurements: execution
 * time of the job, process RSS sampled during the query, throughput of consumed input, and
 * latency of output records against the run clock.
 */
import type { AssertionContext, AssertionResult } from './output';
import { fail, formatNumber, pass, skip, type Fields } from './record-assertions';
import { fieldValue, toTimestampMs } from './values';

type Check = (f: Fields, ctx: AssertionContext) => AssertionResult;

const MIB = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / MIB).toFixed(2)} MB`;

/** Value at index `min(⌊p/100·n⌋, n−1)` of the ascending values (§7.4). */
export function percentileOf(sorted: readonly number[], p: number): number {
  return sorted[Math.min(Math.floor((p / 100) * sorted.length), sorted.length - 1)];
}

const executionTime: Check = (f, ctx) => {
  const type = 'execution_time';
  const ms = Math.round(ctx.performance.executionMs);
  if (typeof f.max_ms === 'number' && ms > f.max_ms) return fail(type, `Execution time ${ms}ms exceeds maximum ${f.max_ms}ms`, `<= ${f.max_ms}ms`, `${ms}ms`);
  if (typeof f.min_ms === 'number' && ms < f.min_ms) return fail(type, `Execution time ${ms}ms below minimum ${f.min_ms}ms`, `>= ${f.min_ms}ms`, `${ms}ms`);
  if (typeof f.max_ms === 'number') return pass(type, `Execution time ${ms}ms <= ${f.max_ms}ms`);
  if (typeof f.min_ms === 'number') return pass(type, `Execution time ${ms}ms >= ${f.min_ms}ms`);
  return pass(type, `Execution time ${ms}ms (no constraints)`);
};

const memoryUsage: Check = (f, ctx) => {
  const type = 'memory_usage';
  const { memoryPeakBytes: peak, memoryStartBytes: start, memoryEndBytes: end } = ctx.performance;
  const growth = end - start;
  const limit = typeof f.max_bytes === 'number' ? f.max_bytes : typeof f.max_mb === 'number' ? f.max_mb * MIB : undefined;
  if (limit !== undefined && peak > limit) return fail(type, `Peak memory ${mb(peak)} exceeds maximum ${mb(limit)}`, `<= ${mb(limit)}`, mb(peak));
  if (typeof f.max_growth_bytes === 'number' && growth > f.max_growth_bytes) {
    return fail(type, `Memory growth ${mb(growth)} exceeds maximum ${mb(f.max_growth_bytes)}`, `<= ${mb(f.max_growth_bytes)}`, mb(growth));
  }
  const none = limit === undefined && f.max_growth_bytes === undefined ? ' (no constraints)' : '';
  return pass(type, `Memory usage within bounds (peak: ${mb(peak)}) (growth: ${growth >= 0 ? '+' : ''}${mb(growth)})${none}`);
};

const throughput: Check = (f, ctx) => {
  const type = 'throughput';
  const { executionMs, recordsIn, recordsOut } = ctx.performance;
  const rate = executionMs <= 0 ? (recordsIn > 0 ? Number.POSITIVE_INFINITY : 0) : recordsIn / (executionMs / 1000);
  const outRate = executionMs <= 0 ? 0 : recordsOut / (executionMs / 1000);
  const details = { output_records_per_second: outRate.toFixed(2), records_in: String(recordsIn), execution_ms: String(Math.round(executionMs)) };
  const r = rate.toFixed(2);
  if (typeof f.min_records_per_second === 'number' && rate < f.min_records_per_second) {
    const y = f.min_records_per_second.toFixed(2);
    return fail(type, `Throughput ${r} records/sec below minimum ${y} records/sec`, `>= ${y} records/sec`, `${r} records/sec`, { details });
  }
  if (typeof f.max_records_per_second === 'number' && rate > f.max_records_per_second) {
    const y = f.max_records_per_second.toFixed(2);
    return fail(type, `Throughput ${r} records/sec above maximum ${y} records/sec`, `<= ${y} records/sec`, `${r} records/sec`, { details });
  }
  if (typeof f.expected_records_per_second === 'number') {
    const tolerance = typeof f.tolerance_percent === 'number' ? f.tolerance_percent : 20;
    const lo = f.expected_records_per_second * (1 - tolerance / 100);
    const hi = f.expected_records_per_second * (1 + tolerance / 100);
    if (rate < lo || rate > hi) {
      return fail(type, `Throughput ${r} records/sec outside ${f.expected_records_per_second.toFixed(2)} ± ${tolerance}%`, `${lo.toFixed(2)}–${hi.toFixed(2)} records/sec`, `${r} records/sec`, { details });
    }
  }
  const bound = typeof f.min_records_per_second === 'number' ? ` >= ${f.min_records_per_second.toFixed(2)}` : '';
  return pass(type, `Throughput ${r} records/sec${bound}`, { details });
};

const latency: Check = (f, ctx) => {
  const type = 'latency';
  const field = f.timestamp_field as string;
  const minRecords = typeof f.min_records === 'number' ? f.min_records : 10;
  const latencies: number[] = [];
  for (const r of ctx.output.records) {
    const ts = toTimestampMs(fieldValue(r, field));
    if (ts !== undefined) latencies.push(Math.max(0, ctx.now - ts));
  }
  if (latencies.length < minRecords) return skip(type, `Latency not checked: ${latencies.length} records with '${field}' (< ${minRecords})`, `${latencies.length} records with '${field}', fewer than min_records ${minRecords}`);
  latencies.sort((a, b) => a - b);
  const stats: [string, number | undefined, number][] = [
    ['max', f.max_latency_ms as number | undefined, latencies[latencies.length - 1]],
    ['avg', f.avg_latency_ms as number | undefined, latencies.reduce((s, v) => s + v, 0) / latencies.length],
    ['p99', f.p99_latency_ms as number | undefined, percentileOf(latencies, 99)],
    ['p95', f.p95_latency_ms as number | undefined, percentileOf(latencies, 95)],
    ['p50', f.p50_latency_ms as number | undefined, percentileOf(latencies, 50)],
  ];
  for (const [name, limit, value] of stats) {
    if (limit !== undefined && value > limit) return fail(type, `${name} latency ${formatNumber(value)}ms exceeds ${limit}ms (from ${ctx.output.location})`, `<= ${limit}ms`, `${formatNumber(value)}ms`);
  }
  const [, , max] = stats[0];
  const [, , p50] = stats[4];
  return pass(type, `Latency within bounds (p50: ${formatNumber(p50)}ms, max: ${formatNumber(max)}ms)`);
};

export const PERFORMANCE_ASSERTIONS: Readonly<Record<string, Check>> = {
  execution_time: executionTime,
  memory_usage: memoryUsage,
  throughput,
  latency,
};
