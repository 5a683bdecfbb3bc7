/**
 * Offline failure analysis (harness spec §9.1): rules over the statement's shape, the inputs,
 * the captured outputs, schemas and job statistics. Every rule that fires adds one finding with
 * evidence (sample values) and a suggested fix. Findings never change a verdict.
 */
import type * as A from '../../sql/ast';
import type { CapturedRecord } from '../assert/output';
import { fieldValue, toNumber, toText } from '../assert/values';
import { closestName } from '../../types/names';
import { assertionOutcome, type AnalysisFinding } from '../report/types';
import { columnName } from '../run/app-model';
import type { FailedQuery, FailureAnalyzer } from './types';

type Rule = (q: FailedQuery) => AnalysisFinding | AnalysisFinding[] | undefined;

const SAMPLES = 5;

const finding = (rule: string, summary: string, evidence: string[], suggestion: string, assertionIndex?: number): AnalysisFinding => ({
  rule,
  source: 'rules',
  summary,
  evidence,
  suggestion,
  ...(assertionIndex !== undefined ? { assertion_index: assertionIndex } : {}),
});

function failedIndex(q: FailedQuery, ...types: string[]): number | undefined {
  const i = q.assertions.findIndex((a) => assertionOutcome(a.result) === 'failed' && types.includes(a.result.type));
  return i < 0 ? undefined : i;
}

const outputCount = (q: FailedQuery) => q.outputs.reduce((n, o) => n + o.records.length, 0);
const inputRecords = (q: FailedQuery, source: string | undefined): CapturedRecord[] => (source === undefined ? [] : q.inputs.get(source)?.records ?? []);

/** Distinct stringified values of a field with up to 5 samples. */
function distinct(records: readonly CapturedRecord[], field: string): { values: Map<string, unknown>; sample: string[] } {
  const values = new Map<string, unknown>();
  for (const r of records) {
    const v = fieldValue(r, field);
    if (v !== undefined && v !== null && !values.has(toText(v))) values.set(toText(v), v);
  }
  return { values, sample: [...values.keys()].slice(0, SAMPLES) };
}

const joinKeysNeverMatch: Rule = (q) => {
  const st = q.statement;
  if (!st?.joinSource || st.shape.joinKeys.length === 0) return undefined;
  const index = failedIndex(q, 'join_coverage');
  if (index === undefined && outputCount(q) > 0) return undefined;
  const key = st.shape.joinKeys[0];
  const left = inputRecords(q, st.fromSource);
  const right = inputRecords(q, st.joinSource);
  if (left.length === 0 || right.length === 0) return undefined;
  const l = distinct(left, key.left);
  const r = distinct(right, key.right).values.size > 0 ? distinct(right, key.right) : distinct(right, key.left);
  const overlap = [...l.values.keys()].filter((k) => r.values.has(k));
  const evidence = [
    `${st.fromSource}: ${left.length} rows, ${l.values.size} distinct keys, e.g. [${l.sample.join(', ')}]`,
    `${st.joinSource}: ${right.length} rows, ${r.values.size} distinct keys, e.g. [${r.sample.join(', ')}]`,
    `overlap: ${overlap.length} keys`,
  ];
  const leftTypes = new Set([...l.values.values()].map((v) => typeof v));
  const rightTypes = new Set([...r.values.values()].map((v) => typeof v));
  if ([...l.values.keys()].some((k) => /^REF_[A-Z0-9_]+_\d+$/.test(k))) evidence.push('cause: generated REF_… placeholders (the reference could not be resolved)');
  else if (leftTypes.size === 1 && rightTypes.size === 1 && [...leftTypes][0] !== [...rightTypes][0]) evidence.push(`cause: type mismatch (${[...leftTypes][0]} vs ${[...rightTypes][0]})`);
  else {
    const norm = (s: string) => s.trim().toLowerCase();
    const normalized = new Set([...r.values.keys()].map(norm));
    if (overlap.length === 0 && [...l.values.keys()].some((k) => normalized.has(norm(k)))) evidence.push('cause: keys differ only in case or whitespace');
    else if (overlap.length === 0) evidence.push('cause: disjoint key sets');
  }
  if (overlap.length > 0 && index === undefined) return undefined;
  const schema = st.joinSource;
  return finding(
    'join_keys_never_match',
    `${st.fromSource}.${key.left} and ${st.joinSource}.${key.right} share ${overlap.length === 0 ? 'no value' : `only ${overlap.length} values`}`,
    evidence,
    `add \`references: {schema: ${schema}, field: ${key.right}}\` to ${st.fromSource}.${key.left}, or enum_values aligned with the table file`,
    index,
  );
};

const COMPARISONS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<>': (a, b) => a !== b,
  '>': (a, b) => a > b,
  '<': (a, b) => a < b,
  '>=': (a, b) => a >= b,
  '<=': (a, b) => a <= b,
};

function conjuncts(e: A.Expr | undefined): A.Expr[] {
  if (!e) return [];
  return e.kind === 'Binary' && e.op === 'AND' ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

function literalOf(e: A.Expr): number | string | boolean | undefined {
  if (e.kind === 'Integer') return Number(e.value);
  if (e.kind === 'Decimal') return Number(e.text);
  if (e.kind === 'Float' || e.kind === 'String' || e.kind === 'Boolean') return e.value;
  return undefined;
}

function termPasses(v: unknown, op: string, literal: number | string | boolean): boolean {
  if (v === null || v === undefined) return false;
  if (typeof literal === 'number') {
    const n = toNumber(v as never);
    return n !== undefined && COMPARISONS[op](n, literal);
  }
  const text = toText(v as never);
  const lit = String(literal);
  return op === '=' ? text === lit : op === '!=' || op === '<>' ? text !== lit : COMPARISONS[op](text.localeCompare(lit), 0);
}

const filterRemovesEverything: Rule = (q) => {
  const st = q.statement;
  if (!st?.shape.where) return undefined;
  const input = inputRecords(q, st.fromSource);
  if (input.length === 0 || outputCount(q) > Math.max(0, input.length * 0.01)) return undefined;
  const evidence: string[] = [];
  const rates: number[] = [];
  for (const term of conjuncts(st.shape.where)) {
    if (term.kind !== 'Binary' || !COMPARISONS[term.op]) continue;
    const field = columnName(term.left);
    const literal = literalOf(term.right);
    if (!field || literal === undefined) continue;
    const passing = input.filter((r) => termPasses(fieldValue(r, field), term.op, literal)).length;
    rates.push(passing / input.length);
    const rate = ((passing / input.length) * 100).toFixed(1);
    let line = `${field} ${term.op} ${String(literal)}: ${rate}% of ${input.length} input rows pass`;
    if (passing === 0) {
      const nums = input.map((r) => toNumber(fieldValue(r, field) as never)).filter((n): n is number => n !== undefined);
      if (nums.length > 0) line += ` (input range ${Math.min(...nums)}…${Math.max(...nums)})`;
      else line += ` (values e.g. [${distinct(input, field).sample.join(', ')}])`;
    }
    evidence.push(line);
  }
  // Only a predicate that rejects (nearly) every input row explains an empty output.
  if (!rates.some((r) => r <= 0.01)) return undefined;
  return finding(
    'filter_removes_everything',
    `the WHERE clause keeps ${outputCount(q)} of ${input.length} input rows`,
    evidence,
    'widen the schema range/enum so some rows pass, or fix the predicate',
    failedIndex(q, 'record_count'),
  );
};

function eventTimes(records: readonly CapturedRecord[]): number[] {
  return records.map((r) => {
    const header = r.headers?.get('_event_time');
    return header !== undefined ? Number(header) : r.timestamp;
  });
}

const windowNeverClosed: Rule = (q) => {
  const st = q.statement;
  const size = st?.shape.windowMs;
  if (!st || !size || outputCount(q) > 0) return undefined;
  const times = eventTimes(inputRecords(q, st.fromSource));
  if (times.length === 0) return undefined;
  const min = Math.min(...times);
  const max = Math.max(...times);
  const windows = new Set(times.map((t) => Math.floor(t / size))).size;
  const lastEnd = (Math.floor(max / size) + 1) * size;
  const findings: AnalysisFinding[] = [
    finding(
      'window_never_closed',
      `the inputs span ${max - min}ms over ${windows} window(s) of ${size}ms; no window closed`,
      [`event times ${new Date(min).toISOString()} … ${new Date(max).toISOString()}`, `last window ends at ${new Date(lastEnd).toISOString()}, after the latest event`],
      `use time_simulation spanning at least 2 windows (e.g. start_time: "-${3 * size}ms", sequential: true), or add later events`,
      failedIndex(q, 'record_count'),
    ),
  ];
  if (max - min < size / 10 && !(st.fromSource && q.schemas.get(st.fromSource)?.fields.some((f) => f.constraints.timestampEpochMs))) {
    findings.push(
      finding(
        'event_time_not_advancing',
        'event times come from the run clock and are nearly equal',
        [`span of event times: ${max - min}ms for ${times.length} records`],
        'add time_simulation to the input, or a timestamp_epoch_ms field used as event time',
      ),
    );
  }
  return findings;
};

const nullGroupKey: Rule = (q) => {
  const st = q.statement;
  if (!st || st.shape.groupBy.length === 0) return undefined;
  const input = inputRecords(q, st.fromSource);
  const schema = st.fromSource ? q.schemas.get(st.fromSource) : undefined;
  const evidence: string[] = [];
  for (const key of st.shape.groupBy) {
    const nulls = input.filter((r) => fieldValue(r, key) === null).length;
    const nullable = schema?.fields.find((f) => f.name === key)?.nullProbability ?? 0;
    if (nulls > 0 || nullable > 0) evidence.push(`${key}: ${nulls} null of ${input.length} input rows${nullable > 0 ? ` (nullable in schema, p=${nullable})` : ''}`);
  }
  if (evidence.length === 0) return undefined;
  return finding('null_group_key', `GROUP BY ${st.shape.groupBy.join(', ')} receives NULL keys`, evidence, 'set `nullable: false` on the key field or group by COALESCE(key, …)', failedIndex(q, 'no_nulls'));
};

const nullsInOutput: Rule = (q) => {
  const index = failedIndex(q, 'no_nulls');
  if (index === undefined) return undefined;
  const st = q.statement;
  const actual = q.assertions[index].result.actual ?? '';
  const fields = [...new Set([...actual.matchAll(/(\w+)\[\d+\]/g)].map((m) => m[1]))];
  if (st?.shape.joinType && /LEFT|RIGHT|FULL/.test(st.shape.joinType)) {
    return finding('nulls_from_outer_join', `${fields.join(', ')} come from the optional side of a ${st.shape.joinType} JOIN`, [`${actual}`], 'use an INNER JOIN, or `references` so every key has a match');
  }
  const input = inputRecords(q, st?.fromSource);
  const evidence = fields
    .map((f) => ({ f, n: input.filter((r) => fieldValue(r, f) === null).length }))
    .filter(({ n }) => n > 0)
    .map(({ f, n }) => `${f}: ${n} of ${input.length} input rows are null (${((n / input.length) * 100).toFixed(1)}%)`);
  if (evidence.length === 0) return undefined;
  return finding('nulls_from_input', 'the nulls are copied from nullable input fields', evidence, 'set `nullable: false` or lower `null_probability` on those fields', index);
};

const missingOutputField: Rule = (q) => {
  const index = failedIndex(q, 'schema_contains');
  if (index === undefined) return undefined;
  const first = q.outputs.find((o) => o.records.length > 0)?.records[0];
  if (!first) return undefined;
  const actual = Object.keys(first.fields);
  const message = q.assertions[index].result.message;
  const missing = /\[(.*)\]/.exec(message)?.[1].split(', ') ?? [];
  const near = missing.map((m) => ({ m, near: closestName(m.split('.').pop()!, actual, 3) })).filter((x) => x.near);
  return finding(
    'missing_output_field',
    `the output has no field ${missing.map((m) => `'${m}'`).join(', ')}`,
    [`output fields: ${actual.join(', ')}`, ...near.map((x) => `'${x.m}' is close to '${x.near}'`)],
    near.length > 0 ? `use ${near.map((x) => `'${x.near}'`).join(', ')} or fix the alias in SQL` : 'fix the alias in SQL or the expected field name',
    index,
  );
};

const typeMismatch: Rule = (q) => {
  const index = q.assertions.findIndex((a) => assertionOutcome(a.result) === 'failed' && (a.result.type === 'field_values' || a.result.type === 'aggregate_check') && typeof a.spec.fields.field === 'string');
  if (index < 0) return undefined;
  const field = q.assertions[index].spec.fields.field as string;
  const samples = q.outputs.flatMap((o) => o.records).map((r) => fieldValue(r, field)).filter((v) => typeof v === 'string' && toNumber(v) === undefined).slice(0, SAMPLES);
  const numericOp = ['greater_than', 'less_than', 'greater_than_or_equals', 'less_than_or_equals', 'between'].includes(String(q.assertions[index].spec.fields.operator)) || q.assertions[index].result.type === 'aggregate_check';
  if (samples.length === 0 || !numericOp) return undefined;
  return finding('type_mismatch', `numeric check on '${field}' met strings`, [`values: ${samples.map((s) => JSON.stringify(s)).join(', ')}`], `CAST(${field} AS DOUBLE) in SQL or change the schema type`, index);
};

const placeholderInSpec: Rule = (q) => {
  const hits = q.assertions.map((a, i) => ({ i, text: JSON.stringify(a.spec.fields) })).filter((x) => /TODO_(FIELD|VALUE)/.test(x.text));
  if (hits.length === 0) return undefined;
  return finding('placeholder_in_spec', 'the spec still holds TODO placeholders', hits.map((h) => `assertion ${h.i + 1}: ${h.text}`), 'fill in real field names and values', hits[0].i);
};

const sinkNotCaptured: Rule = (q) =>
  q.unmatchedSinks.length === 0
    ? undefined
    : finding('sink_not_captured', `outputs[].sink ${q.unmatchedSinks.map((s) => `'${s}'`).join(', ')} matched no captured sink`, [`captured: ${q.outputs.map((o) => o.name).join(', ') || 'none'}`], 'use the sink topic name in outputs[].sink');

const fileNotFound: Rule = (q) => {
  const index = q.assertions.findIndex((a) => assertionOutcome(a.result) === 'failed' && a.result.message.startsWith('File not found'));
  if (index < 0) return undefined;
  const missing = q.assertions[index].result.message.replace('File not found: ', '');
  const base = missing.split(/[\\/]/).pop();
  const same = q.writtenFiles.filter((f) => f.split(/[\\/]/).pop() === base);
  return finding('file_not_found', `${missing} was not written`, [`files the application wrote: ${q.writtenFiles.join(', ') || 'none'}`, ...same.map((f) => `same name: ${f}`)], 'correct the path (relative to the spec file)', index);
};

const timeout: Rule = (q) => {
  if (!q.timedOut) return undefined;
  const published = [...q.inputs.values()].reduce((n, i) => n + i.records.length, 0);
  return finding('timeout', 'the query did not finish in time', [`consumed ${q.job?.recordsIn ?? 0} of ${published} published records`], 'raise --timeout-ms or check that every source ends');
};

const slowQuery: Rule = (q) => {
  const index = failedIndex(q, 'execution_time', 'throughput');
  if (index === undefined) return undefined;
  const p = q.report.performance;
  return finding('slow_query', 'processing took longer than the limit', [`processing ${p.execution_time_ms}ms for ${p.records_in} records (${p.records_per_second} records/s)`, `query total ${q.report.duration_ms}ms (generation, publishing, capture included)`], 'raise the limit or lower `records`', index);
};

const lateRecords: Rule = (q) => {
  const late = (q.job?.lateRecords ?? 0) + (q.job?.droppedTooLate ?? 0);
  if (late === 0) return undefined;
  return finding('late_records_dropped', `${late} records arrived late for their window`, [`late: ${q.job?.lateRecords ?? 0}, dropped: ${q.job?.droppedTooLate ?? 0}`], 'use a smaller jitter_ms or allow more lateness');
};

const RULES: Rule[] = [
  joinKeysNeverMatch,
  filterRemovesEverything,
  windowNeverClosed,
  nullGroupKey,
  nullsInOutput,
  missingOutputField,
  typeMismatch,
  lateRecords,
  placeholderInSpec,
  sinkNotCaptured,
  fileNotFound,
  timeout,
  slowQuery,
];

export function analyseOffline(q: FailedQuery): AnalysisFinding[] {
  return RULES.flatMap((rule) => {
    const out = rule(q);
    return out === undefined ? [] : Array.isArray(out) ? out : [out];
  });
}

export const offlineAnalyzer: FailureAnalyzer = { analyzeFailure: async (q) => analyseOffline(q) };

