/**
 * Every assertion type of harness spec §7 with the fields it reads and their kinds. The spec
 * loader validates assertions against this table (unknown keys warn, wrong kinds are errors);
 * `normaliseAssertion` turns the alternative forms of §4.6 into the canonical fields the
 * evaluators read. Evaluators live in `../assert/`; this module knows only shapes.
 */

import { canonicalOperator, FIELD_OPERATORS } from '../../sql/assertOperators';

export type FieldKind =
  | 'string'
  /** A list of scalars, stringified. */
  | 'strings'
  | 'number'
  | 'integer'
  | 'boolean'
  /** A number in 0–1. */
  | 'rate'
  /** `[a, b]` of numbers. */
  | 'pair'
  /** A number, string or boolean, kept as written. */
  | 'scalar'
  /** A map of string → scalar (metric labels). */
  | 'labels'
  | { oneOf: readonly string[] }
  | { listOf: Readonly<Record<string, FieldKind>>; required: readonly string[] };

export type AssertionFamily = 'records' | 'performance' | 'temporal' | 'fault' | 'file' | 'metric' | 'template';

export interface AssertionShape {
  family: AssertionFamily;
  fields: Readonly<Record<string, FieldKind>>;
  required: readonly string[];
  /** Keys of alternative forms (§4.6), accepted and normalised away. */
  alternatives?: Readonly<Record<string, FieldKind>>;
}

export const METRIC_OPERATORS = ['equals', 'greater_than', 'greater_than_or_equal', 'less_than', 'less_than_or_equal', 'between'] as const;


const metricFields = { name: 'string', operator: { oneOf: METRIC_OPERATORS }, value: 'number', between: 'pair', labels: 'labels' } as const;

export const ASSERTION_TYPES: Readonly<Record<string, AssertionShape>> = {
  record_count: {
    family: 'records',
    fields: { equals: 'integer', greater_than: 'number', less_than: 'number', between: 'pair', expression: 'string' },
    required: [],
    alternatives: { operator: { oneOf: ['greater_than', 'less_than', 'equals'] }, expected: 'number', min: 'number', max: 'number' },
  },
  schema_contains: { family: 'records', fields: { fields: 'strings', key_field: 'string' }, required: ['fields'] },
  no_nulls: { family: 'records', fields: { fields: 'strings' }, required: [] },
  field_in_set: { family: 'records', fields: { field: 'string', values: 'strings' }, required: ['field', 'values'] },
  field_values: {
    family: 'records',
    fields: { field: 'string', operator: 'string', value: 'scalar' },
    required: ['field'],
    alternatives: { between: 'pair', min: 'number', max: 'number' },
  },
  aggregate_check: {
    family: 'records',
    fields: { function: { oneOf: ['SUM', 'COUNT', 'AVG', 'MIN', 'MAX'] }, field: 'string', expected: 'scalar', tolerance: 'number' },
    required: [],
    alternatives: { expression: 'string', operator: 'string', min: 'number', max: 'number' },
  },
  join_coverage: { family: 'records', fields: { min_match_rate: 'rate', left_source: 'string', right_source: 'string' }, required: ['min_match_rate'] },
  no_duplicates: {
    family: 'records',
    fields: { key_fields: 'strings', allow_updates: 'boolean', max_duplicate_percent: 'number' },
    required: ['key_fields'],
  },
  unique_values: { family: 'records', fields: { fields: 'strings' }, required: ['fields'] },
  ordering: {
    family: 'records',
    fields: { field: 'string', direction: { oneOf: ['ascending', 'descending', 'asc', 'desc'] }, partition_by: 'string', allow_equal: 'boolean' },
    required: ['field'],
  },
  completeness: {
    family: 'records',
    fields: { input_source: 'string', key_field: 'string', min_completeness: 'rate', required_fields: 'strings' },
    required: ['key_field'],
  },
  data_quality: {
    family: 'records',
    fields: {
      no_nulls_in: 'strings',
      no_empty_strings_in: 'strings',
      numeric_ranges: { listOf: { field: 'string', min: 'number', max: 'number' }, required: ['field'] },
      string_patterns: { listOf: { field: 'string', pattern: 'string' }, required: ['field', 'pattern'] },
      referential_integrity: {
        listOf: { field: 'string', reference_source: 'string', reference_field: 'string' },
        required: ['field', 'reference_source', 'reference_field'],
      },
      min_quality_score: 'rate',
    },
    required: [],
  },
  template: { family: 'template', fields: { expression: 'string' }, required: ['expression'] },
  execution_time: { family: 'performance', fields: { max_ms: 'number', min_ms: 'number' }, required: [] },
  memory_usage: { family: 'performance', fields: { max_bytes: 'number', max_mb: 'number', max_growth_bytes: 'number' }, required: [] },
  throughput: {
    family: 'performance',
    fields: { min_records_per_second: 'number', max_records_per_second: 'number', expected_records_per_second: 'number', tolerance_percent: 'number' },
    required: [],
  },
  latency: {
    family: 'performance',
    fields: {
      timestamp_field: 'string',
      max_latency_ms: 'number',
      avg_latency_ms: 'number',
      p99_latency_ms: 'number',
      p95_latency_ms: 'number',
      p50_latency_ms: 'number',
      min_records: 'integer',
    },
    required: ['timestamp_field'],
  },
  window_boundary: {
    family: 'temporal',
    fields: {
      timestamp_field: 'string',
      window_start_field: 'string',
      window_end_field: 'string',
      window_size_ms: 'number',
      tolerance_ms: 'number',
      verify_containment: 'boolean',
      verify_alignment: 'boolean',
    },
    required: ['timestamp_field'],
  },
  distribution: {
    family: 'temporal',
    fields: {
      field: 'string',
      distribution_type: { oneOf: ['normal', 'uniform', 'exponential', 'custom'] },
      mean: 'number',
      std_dev: 'number',
      min_value: 'number',
      max_value: 'number',
      tolerance: 'number',
      min_records: 'integer',
    },
    required: ['field', 'distribution_type'],
  },
  percentile: {
    family: 'temporal',
    fields: {
      field: 'string',
      p50: 'number',
      p75: 'number',
      p90: 'number',
      p95: 'number',
      p99: 'number',
      p999: 'number',
      mode: { oneOf: ['less_than', 'greater_than'] },
      min_records: 'integer',
    },
    required: ['field'],
  },
  event_ordering: {
    family: 'temporal',
    fields: {
      timestamp_field: 'string',
      partition_field: 'string',
      window_size_ms: 'number',
      direction: { oneOf: ['ascending', 'descending', 'asc', 'desc'] },
      allow_gaps: 'boolean',
      max_out_of_order_percent: 'number',
      max_gap_ms: 'number',
    },
    required: ['timestamp_field'],
  },
  dlq_count: { family: 'fault', fields: { topic: 'string', equals: 'integer', max: 'integer', min: 'integer', error_types: 'strings' }, required: [] },
  error_rate: { family: 'fault', fields: { max_rate: 'rate', max_percent: 'number', error_types: 'strings', min_records: 'integer' }, required: [] },
  table_freshness: { family: 'fault', fields: { table: 'string', max_age_ms: 'number', max_lag_ms: 'number', min_records: 'integer' }, required: ['table'] },
  file_exists: { family: 'file', fields: { path: 'string', min_size_bytes: 'integer', max_size_bytes: 'integer' }, required: ['path'] },
  file_row_count: {
    family: 'file',
    fields: { path: 'string', format: 'string', equals: 'integer', greater_than: 'number', less_than: 'number', skip_header: 'boolean' },
    required: ['path'],
  },
  file_contains: {
    family: 'file',
    fields: { path: 'string', format: 'string', field: 'string', expected_values: 'strings', mode: { oneOf: ['all', 'any'] } },
    required: ['path', 'field', 'expected_values'],
  },
  file_matches: {
    family: 'file',
    fields: {
      actual_path: 'string',
      expected_path: 'string',
      format: 'string',
      compare_fields: 'strings',
      ignore_fields: 'strings',
      ignore_order: 'boolean',
      numeric_tolerance: 'number',
    },
    required: ['actual_path', 'expected_path'],
  },
  metric_counter: { family: 'metric', fields: metricFields, required: ['name'] },
  metric_gauge: { family: 'metric', fields: { ...metricFields, tolerance: 'number' }, required: ['name'] },
  metric_exists: {
    family: 'metric',
    fields: { name: 'string', metric_type: { oneOf: ['counter', 'gauge', 'histogram'] } },
    required: ['name'],
    alternatives: { expected_type: { oneOf: ['counter', 'gauge', 'histogram'] } },
  },
};

/** Keys every assertion may carry. */
export const COMMON_ASSERTION_KEYS = ['type', 'description'] as const;

export const ASSERTION_TYPE_NAMES: readonly string[] = Object.keys(ASSERTION_TYPES).filter((t) => t !== 'unique_values');

export type Normalised = { ok: true; type: string; fields: Record<string, unknown> } | { ok: false; message: string };

/**
 * Canonical type and fields of an assertion whose fields already have the right kinds: the
 * alternative forms of §4.6 are rewritten, and cross-field rules (a bound must be usable) are
 * checked. The message of a failure starts with the offending key.
 */
export function normaliseAssertion(type: string, raw: Record<string, unknown>): Normalised {
  const f = { ...raw };
  const take = (key: string): unknown => {
    const v = f[key];
    delete f[key];
    return v;
  };
  switch (type) {
    case 'unique_values':
      return { ok: true, type: 'no_duplicates', fields: { key_fields: take('fields') } };
    case 'record_count': {
      const operator = take('operator') as string | undefined;
      const expected = take('expected') as number | undefined;
      if (operator !== undefined || expected !== undefined) {
        if (operator === undefined || expected === undefined) return { ok: false, message: 'operator: record_count with operator needs expected (and vice versa)' };
        f[operator] = expected;
      }
      const min = take('min') as number | undefined;
      const max = take('max') as number | undefined;
      if (min !== undefined || max !== undefined) f.between = [min ?? Number.NEGATIVE_INFINITY, max ?? Number.POSITIVE_INFINITY];
      return { ok: true, type, fields: f };
    }
    case 'aggregate_check': {
      const expression = take('expression') as string | undefined;
      if (expression !== undefined) {
        const m = /^\s*(\w+)\s*\(\s*([\w.]+|\*)\s*\)\s*$/.exec(expression);
        if (!m) return { ok: false, message: `expression: expected FUNCTION(field), got '${expression}'` };
        f.function = m[1].toUpperCase();
        f.field = m[2];
      }
      if (typeof f.function === 'string') f.function = f.function.toUpperCase();
      if (!['SUM', 'COUNT', 'AVG', 'MIN', 'MAX'].includes(String(f.function))) {
        return { ok: false, message: `function: expected one of SUM, COUNT, AVG, MIN, MAX, got '${f.function ?? 'nothing'}'` };
      }
      if (f.field === undefined) return { ok: false, message: 'field: required key is missing' };
      const operator = take('operator') as string | undefined;
      const canonical = operator === undefined ? 'equals' : canonicalOperator(operator);
      if (canonical === undefined || !['equals', 'greater_than', 'less_than', 'greater_than_or_equals', 'less_than_or_equals', 'not_equals'].includes(canonical)) {
        return { ok: false, message: `operator: expected a comparison operator, got '${operator}'` };
      }
      f.operator = canonical;
      const min = take('min');
      const max = take('max');
      if (min !== undefined) f.min = min;
      if (max !== undefined) f.max = max;
      if (f.expected === undefined && min === undefined && max === undefined) return { ok: false, message: 'expected: required key is missing' };
      if (f.expected !== undefined && typeof f.expected === 'string' && !/^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(f.expected) && !/\{\{.*\}\}/.test(f.expected)) {
        return { ok: false, message: `expected: expected a number, numeric string or {{template}}, got '${f.expected}'` };
      }
      if (typeof f.expected === 'boolean') return { ok: false, message: `expected: expected a number, got ${f.expected}` };
      return { ok: true, type, fields: f };
    }
    case 'field_values': {
      const between = take('between') as [number, number] | undefined;
      const min = take('min') as number | undefined;
      const max = take('max') as number | undefined;
      if (between !== undefined || min !== undefined || max !== undefined) {
        f.operator = 'between';
        f.range = between ?? [min ?? Number.NEGATIVE_INFINITY, max ?? Number.POSITIVE_INFINITY];
        return { ok: true, type, fields: f };
      }
      if (f.operator === undefined) return { ok: false, message: 'operator: required key is missing' };
      const canonical = canonicalOperator(String(f.operator));
      if (canonical === undefined) return { ok: false, message: `operator: expected one of ${FIELD_OPERATORS.join(', ')}, got '${f.operator}'` };
      f.operator = canonical;
      if (f.value === undefined) return { ok: false, message: 'value: required key is missing' };
      if (['greater_than', 'less_than', 'greater_than_or_equals', 'less_than_or_equals'].includes(canonical) && !isNumeric(f.value)) {
        return { ok: false, message: `value: ${canonical} needs a numeric value, got '${String(f.value)}'` };
      }
      if (canonical === 'matches') {
        try {
          new RegExp(String(f.value));
        } catch (e) {
          return { ok: false, message: `value: invalid regular expression: ${(e as Error).message}` };
        }
      }
      return { ok: true, type, fields: f };
    }
    case 'ordering':
    case 'event_ordering':
      if (f.direction === 'asc') f.direction = 'ascending';
      if (f.direction === 'desc') f.direction = 'descending';
      return { ok: true, type, fields: f };
    case 'metric_exists': {
      const expectedType = take('expected_type');
      if (expectedType !== undefined && f.metric_type === undefined) f.metric_type = expectedType;
      return { ok: true, type, fields: f };
    }
    case 'metric_counter':
    case 'metric_gauge':
      if (f.operator === 'between' && f.between === undefined) return { ok: false, message: 'between: operator between needs between: [a, b]' };
      if (f.operator !== 'between' && f.operator !== undefined && f.value === undefined) return { ok: false, message: 'value: required key is missing' };
      return { ok: true, type, fields: f };
    case 'no_duplicates':
      if ((f.key_fields as string[]).length === 0) return { ok: false, message: 'key_fields: expected a non-empty list' };
      return { ok: true, type, fields: f };
    default:
      return { ok: true, type, fields: f };
  }
}

const isNumeric = (v: unknown): boolean => typeof v === 'number' || (typeof v === 'string' && /^\s*-?\d+(\.\d+)?([eE][+-]?\d+)?\s*$/.test(v));
