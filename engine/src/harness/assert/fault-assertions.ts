/**
 * Fault-tolerance assertions (harness spec §7.6): dead-letter records written during the
 * query, the job's record-level error rate, and freshness of a table's latest timestamp.
 */
import type { AssertionContext, AssertionResult } from './output';
import { fail, formatNumber, pass, skip, type Fields } from './record-assertions';
import { fieldValue, toTimestampMs } from './values';

type Check = (f: Fields, ctx: AssertionContext) => AssertionResult;

const TIMESTAMP_FIELDS = ['event_time', 'timestamp', 'created_at', 'updated_at', '_timestamp'];

export const FAULT_ASSERTIONS: Readonly<Record<string, Check>> = {
  dlq_count(f, ctx) {
    const type = 'dlq_count';
    const topic = (f.topic as string | undefined) ?? `${ctx.output.name}-dlq`;
    if (!ctx.hasTopic(topic)) return skip(type, `DLQ count not checked: no dead-letter topic '${topic}'`, `the job has no dead-letter queue '${topic}'`);
    const kinds = ((f.error_types as string[] | undefined) ?? []).map((k) => k.toLowerCase());
    const records = ctx.topicRecords(topic).filter((r) => {
      if (kinds.length === 0) return true;
      const kind = (r.headers?.get('error_type') ?? '').toLowerCase();
      return kinds.some((k) => kind.includes(k));
    });
    const n = records.length;
    if (typeof f.equals === 'number') {
      return n === f.equals ? pass(type, `DLQ count matches: ${n} (from topic '${topic}')`) : fail(type, `DLQ count mismatch (from topic '${topic}')`, `${f.equals}`, `${n}`);
    }
    if (typeof f.max === 'number' && n > f.max) return fail(type, `DLQ count ${n} exceeds maximum ${f.max} (from topic '${topic}')`, `<= ${f.max}`, `${n}`);
    if (typeof f.min === 'number' && n < f.min) return fail(type, `DLQ count ${n} below minimum ${f.min} (from topic '${topic}')`, `>= ${f.min}`, `${n}`);
    return pass(type, `DLQ count: ${n} (from topic '${topic}')`);
  },

  error_rate(f, ctx) {
    const type = 'error_rate';
    const consumed = ctx.job.recordsIn;
    const minRecords = typeof f.min_records === 'number' ? f.min_records : 10;
    if (consumed < minRecords) return skip(type, `Error rate not checked: ${consumed} records consumed (< ${minRecords})`, `${consumed} records consumed, fewer than min_records ${minRecords}`);
    const rate = ctx.job.recordErrors / consumed;
    const max = typeof f.max_rate === 'number' ? f.max_rate : typeof f.max_percent === 'number' ? f.max_percent / 100 : undefined;
    const actual = `${(rate * 100).toFixed(2)}% (${ctx.job.recordErrors}/${consumed} records)`;
    if (max !== undefined && rate > max) return fail(type, 'Error rate above maximum', `<= ${(max * 100).toFixed(2)}%`, actual);
    return pass(type, `Error rate: ${actual}${max === undefined ? ' (no constraints)' : ''}`);
  },

  table_freshness(f, ctx) {
    const type = 'table_freshness';
    const table = String(f.table);
    const rows = ctx.output.aliases.includes(table) || ctx.output.name === table ? ctx.output.records : ctx.tableRows(table);
    if (rows === undefined) return fail(type, `Table '${table}' not found`, `table '${table}'`, 'not found');
    if (typeof f.min_records === 'number' && rows.length < f.min_records) return fail(type, `Table '${table}' has too few rows`, `>= ${f.min_records}`, `${rows.length}`);
    let latest: number | undefined;
    for (const r of rows) {
      for (const name of TIMESTAMP_FIELDS) {
        const ts = toTimestampMs(fieldValue(r, name));
        if (ts !== undefined) {
          latest = latest === undefined ? ts : Math.max(latest, ts);
          break;
        }
      }
    }
    if (latest === undefined) return skip(type, `Table '${table}' has no timestamp to check`, `no ${TIMESTAMP_FIELDS.join('/')} values in '${table}'`);
    const age = ctx.now - latest;
    if (typeof f.max_age_ms === 'number' && age > f.max_age_ms) return fail(type, `Table '${table}' is stale`, `age <= ${f.max_age_ms}ms`, `${formatNumber(age)}ms`);
    if (typeof f.max_lag_ms === 'number' && ctx.job.watermark !== null) {
      const lag = ctx.job.watermark - latest;
      if (lag > f.max_lag_ms) return fail(type, `Table '${table}' lags its input`, `lag <= ${f.max_lag_ms}ms`, `${formatNumber(lag)}ms`);
    }
    return pass(type, `Table '${table}' is fresh (age ${formatNumber(age)}ms)`);
  },
};
