/**
 * Record and content assertions (harness spec §7.3) over one captured output. Each function
 * takes the assertion's canonical fields (spec/assertion-catalog.ts) and the context, and
 * returns a result whose message, expected and actual follow §7.2.
 */
import type { AssertionContext, AssertionResult, CapturedRecord } from './output';
import { listOffending } from './output';
import { evaluateArithmetic, evaluateTemplate, type TemplateScope } from './template';
import { fieldValue, toNumber, toText, toTimestampMs } from './values';

export type Fields = Record<string, unknown>;
type Check = (f: Fields, ctx: AssertionContext) => AssertionResult;

const pass = (type: string, message: string, extra: Partial<AssertionResult> = {}): AssertionResult => ({ type, passed: true, message, ...extra });
/** Nothing could be checked: reported as skipped with the reason, never as passed. */
const skip = (type: string, message: string, reason: string): AssertionResult => ({ type, passed: false, skipReason: reason, message });
const fail = (type: string, message: string, expected?: string, actual?: string, extra: Partial<AssertionResult> = {}): AssertionResult => ({
  type,
  passed: false,
  message,
  ...(expected !== undefined ? { expected } : {}),
  ...(actual !== undefined ? { actual } : {}),
  ...extra,
});

/** Count-based assertions cannot trust a truncated capture (§3.7). */
function truncated(type: string, ctx: AssertionContext): AssertionResult | undefined {
  const at = ctx.output.truncatedAt;
  return at === undefined ? undefined : fail(type, `output truncated at ${at} records (from ${ctx.output.location})`, undefined, `${at}+ records`);
}

export function templateScope(ctx: AssertionContext): TemplateScope {
  const inputCounts = Object.fromEntries([...ctx.inputs].map(([name, data]) => [name, data.records.length]));
  return { records: ctx.output.records, inputCounts, outputCounts: ctx.outputCounts, variables: ctx.variables };
}

const recordCount: Check = (f, ctx) => {
  const type = 'record_count';
  const cut = truncated(type, ctx);
  if (cut) return cut;
  const n = ctx.output.records.length;
  const L = ctx.output.location;
  if (typeof f.expression === 'string') {
    const e = evaluateArithmetic(f.expression, templateScope(ctx));
    if (!e.ok) return fail(type, `Record count from ${L} doesn't match expression`, `(from '${f.expression}')`, `${n}: ${e.message}`);
    const target = Math.round(e.value);
    if (Math.abs(n - target) <= Math.max(1, 0.001 * e.value)) return pass(type, `Record count: ${n} (from ${L})`, { expected: `${target}`, actual: `${n}` });
    return fail(type, `Record count from ${L} doesn't match expression`, `${target} (from '${f.expression}')`, `${n}`);
  }
  if (typeof f.equals === 'number') {
    return n === f.equals ? pass(type, `Record count matches: ${n} (from ${L})`) : fail(type, `Record count mismatch (from ${L})`, `${f.equals}`, `${n}`);
  }
  if (typeof f.greater_than === 'number' && !(n > f.greater_than)) return fail(type, `Expected > ${f.greater_than} records from ${L}`, `> ${f.greater_than}`, `${n}`);
  if (typeof f.less_than === 'number' && !(n < f.less_than)) return fail(type, `Expected < ${f.less_than} records from ${L}`, `< ${f.less_than}`, `${n}`);
  if (Array.isArray(f.between)) {
    const [a, b] = f.between as number[];
    if (n < a || n > b) return fail(type, `Expected between ${a} and ${b} records from ${L}`, `[${a}, ${b}]`, `${n}`);
  }
  const none = f.greater_than === undefined && f.less_than === undefined && f.between === undefined;
  return pass(type, `Record count: ${n} (from ${L})${none ? ' (no constraints)' : ''}`);
};

const schemaContains: Check = (f, ctx) => {
  const type = 'schema_contains';
  const L = ctx.output.location;
  const wanted = f.fields as string[];
  const first = ctx.output.records[0];
  if (!first) return fail(type, `No records to check schema from ${L}`, wanted.join(', '), '(no records)');
  const missing = wanted.filter((name) => fieldValue(first, name) === undefined);
  if (missing.length > 0) return fail(type, `Missing required fields in ${L}: [${missing.join(', ')}]`, wanted.join(', '), Object.keys(first.fields).sort().join(', '));
  if (typeof f.key_field === 'string' && !ctx.output.records.some((r) => r.key !== null && r.key !== '')) {
    return fail(type, `No record in ${L} has a message key (key_field '${f.key_field}')`, `key_field ${f.key_field}`, 'no keys');
  }
  return pass(type, `All required fields present in ${L}: ${wanted.join(', ')}`);
};

const noNulls: Check = (f, ctx) => {
  const type = 'no_nulls';
  const L = ctx.output.location;
  const records = ctx.output.records;
  const names = (f.fields as string[] | undefined)?.length ? (f.fields as string[]) : Object.keys(records[0]?.fields ?? {});
  const nulls: { index: string; value: string }[] = [];
  records.forEach((r, i) => {
    for (const name of names) if (fieldValue(r, name) === null) nulls.push({ index: String(i), value: name });
  });
  if (nulls.length === 0) return pass(type, `No null values in ${L} for: ${names.join(', ')}`);
  const shown = nulls.slice(0, 10).map((n) => `${n.value}[${n.index}]`);
  if (nulls.length > 10) shown.push(`… (+${nulls.length - 10} more)`);
  return fail(type, `Found null values in ${L}`, 'no nulls', `nulls at: ${shown.join(', ')}`, { details: { null_count: String(nulls.length) } });
};

const fieldInSet: Check = (f, ctx) => {
  const type = 'field_in_set';
  const field = f.field as string;
  const allowed = new Set(f.values as string[]);
  const bad: { index: number; value: string }[] = [];
  ctx.output.records.forEach((r, i) => {
    const v = fieldValue(r, field);
    if (v !== undefined && !allowed.has(toText(v))) bad.push({ index: i, value: toText(v) });
  });
  if (bad.length === 0) return pass(type, `All '${field}' values in ${ctx.output.location} are in allowed set`);
  return fail(type, `Field '${field}' in ${ctx.output.location} has invalid values`, `one of: ${[...allowed].join(', ')}`, `invalid: ${listOffending(bad)}`);
};

/** Whether one value satisfies a field_values operator (§7.3). */
export function satisfies(v: unknown, operator: string, expected: unknown, range?: number[]): boolean {
  const value = v as Parameters<typeof toText>[0];
  switch (operator) {
    case 'between': {
      const n = toNumber(value);
      return n !== undefined && n >= range![0] && n <= range![1];
    }
    case 'equals':
    case 'not_equals': {
      let eq: boolean;
      if (typeof expected === 'boolean') eq = value === expected || toText(value) === String(expected);
      else if (typeof expected === 'number') {
        const n = toNumber(value);
        eq = n !== undefined && Math.abs(n - expected) <= 1e-4;
      } else eq = toText(value) === String(expected);
      return operator === 'equals' ? eq : !eq;
    }
    case 'greater_than':
    case 'less_than':
    case 'greater_than_or_equals':
    case 'less_than_or_equals': {
      const n = toNumber(value);
      const limit = toNumber(expected as string | number);
      if (n === undefined || limit === undefined) return false;
      if (operator === 'greater_than') return n > limit;
      if (operator === 'less_than') return n < limit;
      if (operator === 'greater_than_or_equals') return n >= limit;
      return n <= limit;
    }
    case 'contains':
      return toText(value).includes(String(expected));
    case 'starts_with':
      return toText(value).startsWith(String(expected));
    case 'ends_with':
      return toText(value).endsWith(String(expected));
    case 'matches':
      return new RegExp(String(expected)).test(toText(value));
    default:
      return false;
  }
}

const fieldValues: Check = (f, ctx) => {
  const type = 'field_values';
  const field = f.field as string;
  const operator = f.operator as string;
  const range = f.range as number[] | undefined;
  const condition = operator === 'between' ? `between [${range![0]}, ${range![1]}]` : `${operator} ${String(f.value)}`;
  const bad: { index: number; value: string }[] = [];
  ctx.output.records.forEach((r, i) => {
    const v = fieldValue(r, field);
    if (v !== undefined && !satisfies(v, operator, f.value, range)) bad.push({ index: i, value: toText(v) });
  });
  if (bad.length === 0) return pass(type, `All '${field}' values in ${ctx.output.location} satisfy ${condition}`);
  return fail(type, `Field '${field}' in ${ctx.output.location} has values that don't match`, condition, `failures: ${listOffending(bad)}`, {
    details: { failures: String(bad.length), checked: String(ctx.output.records.length) },
  });
};

const aggregateCheck: Check = (f, ctx) => {
  const type = 'aggregate_check';
  const fn = f.function as string;
  const field = f.field as string;
  const L = ctx.output.location;
  const label = `${fn}(${field})`;
  const values: number[] = [];
  const nonNumeric: { index: number; value: string }[] = [];
  ctx.output.records.forEach((r, i) => {
    const v = field === '*' ? 1 : fieldValue(r, field);
    if (v === undefined || v === null) return;
    const n = toNumber(v);
    if (n === undefined) nonNumeric.push({ index: i, value: toText(v) });
    else values.push(n);
  });
  if (values.length === 0 && !(fn === 'COUNT' && nonNumeric.length > 0)) {
    return fail(type, `No values found for field '${field}' in ${L}`, undefined, nonNumeric.length ? `non-numeric: ${listOffending(nonNumeric)}` : '(no values)');
  }
  const actual =
    fn === 'SUM' ? values.reduce((s, v) => s + v, 0)
    : fn === 'COUNT' ? values.length + nonNumeric.length
    : fn === 'AVG' ? values.reduce((s, v) => s + v, 0) / values.length
    : fn === 'MIN' ? Math.min(...values)
    : Math.max(...values);
  const tolerance = typeof f.tolerance === 'number' ? f.tolerance : 1e-4;
  const shown = formatNumber(actual);
  if (f.min !== undefined || f.max !== undefined) {
    const lo = (f.min as number | undefined) ?? Number.NEGATIVE_INFINITY;
    const hi = (f.max as number | undefined) ?? Number.POSITIVE_INFINITY;
    const ok = actual >= lo - tolerance && actual <= hi + tolerance;
    const expected = `[${f.min ?? '-∞'}, ${f.max ?? '∞'}]`;
    return ok ? pass(type, `${label} in ${L} = ${shown} (expected: ${expected})`) : fail(type, `${label} mismatch in ${L}`, expected, shown);
  }
  let expected: number;
  if (typeof f.expected === 'number') expected = f.expected;
  else {
    const e = evaluateArithmetic(String(f.expected), templateScope(ctx));
    if (!e.ok) return fail(type, `${label} mismatch in ${L}`, String(f.expected), `${shown}: ${e.message}`);
    expected = e.value;
  }
  const op = f.operator as string;
  const ok =
    op === 'equals' ? Math.abs(actual - expected) <= tolerance
    : op === 'not_equals' ? Math.abs(actual - expected) > tolerance
    : satisfies(actual, op, expected);
  const expectedText = op === 'equals' ? formatNumber(expected) : `${op} ${formatNumber(expected)}`;
  return ok ? pass(type, `${label} in ${L} = ${shown} (expected: ${expectedText})`) : fail(type, `${label} mismatch in ${L}`, expectedText, shown);
};

const joinCoverage: Check = (f, ctx) => {
  const type = 'join_coverage';
  const leftName = (f.left_source as string | undefined) ?? ctx.fromSource;
  const left = leftName === undefined ? 0 : ctx.inputs.get(leftName)?.records.length ?? 0;
  const out = ctx.output.records.length;
  const min = f.min_match_rate as number;
  if (left === 0) return pass(type, `JOIN match rate: n/a (no records from left source '${leftName ?? '?'}')`);
  const rate = out / left;
  const actual = `${(rate * 100).toFixed(1)}% (${out}/${left} records)`;
  if (out === 0) return fail(type, 'No output records from JOIN', `>= ${(min * 100).toFixed(1)}%`, actual);
  if (rate < min) return fail(type, 'JOIN match rate below threshold', `>= ${(min * 100).toFixed(1)}%`, actual);
  return pass(type, `JOIN match rate: ${actual}`);
};

const keyOf = (r: CapturedRecord, fields: readonly string[]) => fields.map((k) => toText(fieldValue(r, k))).join('|');

const noDuplicates: Check = (f, ctx) => {
  const type = 'no_duplicates';
  const cut = truncated(type, ctx);
  if (cut) return cut;
  const keys = f.key_fields as string[];
  const seen = new Map<string, number>();
  const dups: { index: number; value: string }[] = [];
  ctx.output.records.forEach((r, i) => {
    const k = keyOf(r, keys);
    if (seen.has(k)) dups.push({ index: i, value: k });
    else seen.set(k, i);
  });
  const L = ctx.output.location;
  const total = ctx.output.records.length;
  const percent = total === 0 ? 0 : (dups.length / total) * 100;
  if (dups.length === 0 || f.allow_updates === true) {
    return pass(type, `No duplicate keys in ${L} for: ${keys.join(', ')}${dups.length ? ` (${dups.length} updates allowed)` : ''}`);
  }
  if (typeof f.max_duplicate_percent === 'number') {
    if (percent <= f.max_duplicate_percent) return pass(type, `Duplicate keys in ${L}: ${percent.toFixed(2)}% <= ${f.max_duplicate_percent}%`);
    return fail(type, `Too many duplicate keys in ${L}`, `<= ${f.max_duplicate_percent}%`, `${percent.toFixed(2)}% (${dups.length}/${total}): ${listOffending(dups)}`);
  }
  return fail(type, `Found ${dups.length} duplicate keys in ${L}`, 'unique keys', `duplicates: ${listOffending(dups)}`);
};

/** Orders two values as numbers, else timestamps, else strings (§7.3 ordering). */
export function compareValues(a: unknown, b: unknown): number {
  const va = a as Parameters<typeof toNumber>[0];
  const vb = b as Parameters<typeof toNumber>[0];
  const na = toNumber(va);
  const nb = toNumber(vb);
  if (na !== undefined && nb !== undefined) return na - nb;
  const ta = toTimestampMs(va);
  const tb = toTimestampMs(vb);
  if (ta !== undefined && tb !== undefined) return ta - tb;
  const sa = toText(va);
  const sb = toText(vb);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

const ordering: Check = (f, ctx) => {
  const type = 'ordering';
  const field = f.field as string;
  const descending = f.direction === 'descending';
  const allowEqual = f.allow_equal !== false;
  const partitionBy = f.partition_by as string | undefined;
  const last = new Map<string, { index: number; value: unknown }>();
  const bad: { index: number; value: string }[] = [];
  ctx.output.records.forEach((r, i) => {
    const v = fieldValue(r, field);
    const part = partitionBy === undefined ? '' : toText(fieldValue(r, partitionBy));
    if (v === undefined || v === null) return;
    const prev = last.get(part);
    last.set(part, { index: i, value: v });
    if (!prev) return;
    const c = compareValues(prev.value, v) * (descending ? -1 : 1);
    if (c > 0 || (c === 0 && !allowEqual)) bad.push({ index: i, value: `${toText(prev.value as never)} then ${toText(v)}` });
  });
  const direction = descending ? 'descending' : 'ascending';
  if (bad.length === 0) return pass(type, `Field '${field}' in ${ctx.output.location} is ${direction}${partitionBy ? ` per ${partitionBy}` : ''}`);
  return fail(type, `Field '${field}' in ${ctx.output.location} is not ${direction}`, direction, `out of order: ${listOffending(bad)}`);
};

const completeness: Check = (f, ctx) => {
  const type = 'completeness';
  const keyField = f.key_field as string;
  const sourceName = (f.input_source as string | undefined) ?? ctx.fromSource;
  const input = sourceName === undefined ? undefined : ctx.inputs.get(sourceName);
  const min = (f.min_completeness as number | undefined) ?? 1;
  const required = (f.required_fields as string[] | undefined) ?? [];
  const inputKeys = new Set((input?.records ?? []).map((r) => toText(fieldValue(r, keyField))));
  const outputKeys = new Set(ctx.output.records.map((r) => toText(fieldValue(r, keyField))));
  const present = [...inputKeys].filter((k) => outputKeys.has(k));
  const rate = inputKeys.size === 0 ? 1 : present.length / inputKeys.size;
  const missingFields: { index: number; value: string }[] = [];
  ctx.output.records.forEach((r, i) => {
    const absent = required.filter((name) => fieldValue(r, name) === undefined);
    if (absent.length) missingFields.push({ index: i, value: absent.join('+') });
  });
  const actual = `${(rate * 100).toFixed(1)}% (${present.length}/${inputKeys.size} keys)`;
  if (rate < min) {
    const missing = [...inputKeys].filter((k) => !outputKeys.has(k)).map((k, i) => ({ index: i, value: k }));
    return fail(type, `Completeness below threshold in ${ctx.output.location}`, `>= ${(min * 100).toFixed(1)}%`, `${actual}; missing keys: ${listOffending(missing)}`);
  }
  if (missingFields.length) return fail(type, `Records in ${ctx.output.location} lack required fields`, required.join(', '), `missing: ${listOffending(missingFields)}`);
  return pass(type, `Completeness: ${actual} (from ${ctx.output.location})`);
};

const dataQuality: Check = (f, ctx) => {
  const type = 'data_quality';
  const records = ctx.output.records;
  const violations: { index: number; value: string }[] = [];
  const dirty = new Set<number>();
  const violate = (i: number, what: string) => {
    violations.push({ index: i, value: what });
    dirty.add(i);
  };
  const refSets = new Map<string, Set<string>>();
  const referenceSet = (source: string, field: string): Set<string> => {
    const key = `${source}.${field}`;
    let set = refSets.get(key);
    if (!set) {
      const rows = ctx.inputs.get(source)?.records ?? ctx.tableRows(source) ?? [];
      set = new Set(rows.map((r) => toText(fieldValue(r, field))));
      refSets.set(key, set);
    }
    return set;
  };
  records.forEach((r, i) => {
    for (const name of (f.no_nulls_in as string[] | undefined) ?? []) {
      const v = fieldValue(r, name);
      if (v === null || v === undefined) violate(i, `${name} is null`);
    }
    for (const name of (f.no_empty_strings_in as string[] | undefined) ?? []) {
      const v = fieldValue(r, name);
      if (typeof v === 'string' && v.trim() === '') violate(i, `${name} is empty`);
    }
    for (const range of (f.numeric_ranges as { field: string; min?: number; max?: number }[] | undefined) ?? []) {
      const n = toNumber(fieldValue(r, range.field));
      if (n === undefined || (range.min !== undefined && n < range.min) || (range.max !== undefined && n > range.max)) violate(i, `${range.field}=${toText(fieldValue(r, range.field))}`);
    }
    for (const p of (f.string_patterns as { field: string; pattern: string }[] | undefined) ?? []) {
      if (!new RegExp(p.pattern).test(toText(fieldValue(r, p.field)))) violate(i, `${p.field} !~ ${p.pattern}`);
    }
    for (const ref of (f.referential_integrity as { field: string; reference_source: string; reference_field: string }[] | undefined) ?? []) {
      const v = toText(fieldValue(r, ref.field));
      if (!referenceSet(ref.reference_source, ref.reference_field).has(v)) violate(i, `${ref.field}=${v} not in ${ref.reference_source}`);
    }
  });
  const L = ctx.output.location;
  const score = records.length === 0 ? 1 : (records.length - dirty.size) / records.length;
  if (typeof f.min_quality_score === 'number') {
    const actual = `${(score * 100).toFixed(1)}% clean (${records.length - dirty.size}/${records.length})`;
    if (score >= f.min_quality_score) return pass(type, `Data quality score in ${L}: ${actual}`);
    return fail(type, `Data quality score below threshold in ${L}`, `>= ${(f.min_quality_score * 100).toFixed(1)}%`, `${actual}; ${listOffending(violations)}`);
  }
  if (violations.length === 0) return pass(type, `No data quality violations in ${L}`);
  return fail(type, `Found ${violations.length} data quality violations in ${L}`, 'no violations', listOffending(violations));
};

const template: Check = (f, ctx) => {
  const type = 'template';
  const label = (f.description as string | undefined) ?? String(f.expression);
  const result = evaluateTemplate(String(f.expression), templateScope(ctx));
  if (!result.ok) return fail(type, `Template evaluation error: ${result.message}`, String(f.expression));
  const v = result.value;
  const ok = typeof v === 'boolean' ? v : Array.isArray(v) ? v.length > 0 : v !== null && v !== 0 && v !== '';
  const shown = Array.isArray(v) ? `${v.length} records` : String(v);
  return ok ? pass(type, `Template holds: ${label}`) : fail(type, `Template does not hold: ${label}`, 'true', shown);
};

export const RECORD_ASSERTIONS: Readonly<Record<string, Check>> = {
  record_count: recordCount,
  schema_contains: schemaContains,
  no_nulls: noNulls,
  field_in_set: fieldInSet,
  field_values: fieldValues,
  aggregate_check: aggregateCheck,
  join_coverage: joinCoverage,
  no_duplicates: noDuplicates,
  ordering,
  completeness,
  data_quality: dataQuality,
  template,
};

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return Number.isInteger(n) ? String(n) : String(Number(n.toFixed(6)));
}

export { pass, fail, skip };
