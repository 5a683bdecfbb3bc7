import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Scaled } from '../../types/values/types';
import { evaluateAssertion } from './evaluate';
import { assertion, context, records } from './testing';
import type { AssertionContext } from './output';

const run = (yaml: string, ctx: AssertionContext) => evaluateAssertion(assertion(yaml), ctx);

const trades = [
  { symbol: 'AAPL', price: 150.5, qty: 10, side: 'BUY' },
  { symbol: 'MSFT', price: 300, qty: 5, side: 'SELL' },
  { symbol: 'AAPL', price: 151, qty: null, side: 'HOLD' },
];

describe('record_count', () => {
  test('equals passes and fails with expected/actual', () => {
    expect(run('{type: record_count, equals: 3}', context(trades))).toMatchObject({ passed: true, message: "Record count matches: 3 (from topic 'out')" });
    expect(run('{type: record_count, equals: 9999}', context(trades))).toMatchObject({
      passed: false,
      message: "Record count mismatch (from topic 'out')",
      expected: '9999',
      actual: '3',
    });
  });
  test('bounds are strict, between inclusive, equals decides alone', () => {
    expect(run('{type: record_count, greater_than: 3}', context(trades))).toMatchObject({ passed: false, expected: '> 3', actual: '3' });
    expect(run('{type: record_count, greater_than: 2, less_than: 4}', context(trades)).passed).toBe(true);
    expect(run('{type: record_count, between: [3, 3]}', context(trades)).passed).toBe(true);
    expect(run('{type: record_count, between: [4, 9]}', context(trades))).toMatchObject({ passed: false, expected: '[4, 9]' });
    expect(run('{type: record_count, operator: less_than, expected: 3}', context(trades)).passed).toBe(false);
    expect(run('{type: record_count, min: 1, max: 3}', context(trades)).passed).toBe(true);
  });
  test('expression over inputs and variables, unknown template names the known ones', () => {
    const ctx = context(trades, { inputs: new Map([['trades', { source: 'trades', records: records(new Array(6).fill({})) }]]), variables: { factor: '0.5' } });
    expect(run("{type: record_count, expression: '{{inputs.trades.count}} * {{variables.factor}}'}", ctx).passed).toBe(true);
    expect(run("{type: record_count, expression: '{{inputs.trades.count}}'}", ctx)).toMatchObject({ passed: false, expected: "6 (from '{{inputs.trades.count}}')" });
    const unknown = run("{type: record_count, expression: '{{inputs.orders.count}}'}", ctx);
    expect(unknown.passed).toBe(false);
    expect(unknown.actual).toContain('{{inputs.trades.count}}');
  });
  test('a truncated capture fails count-based checks', () => {
    const ctx = context(trades);
    ctx.output.truncatedAt = 3;
    expect(run('{type: record_count, equals: 3}', ctx)).toMatchObject({ passed: false, message: "output truncated at 3 records (from topic 'out')" });
  });
});

describe('schema_contains', () => {
  test('checks the first record, empty output fails', () => {
    expect(run('{type: schema_contains, fields: [symbol, price]}', context(trades)).message).toBe("All required fields present in topic 'out': symbol, price");
    expect(run('{type: schema_contains, fields: [symbol, nonexistent_field]}', context(trades))).toMatchObject({
      passed: false,
      message: "Missing required fields in topic 'out': [nonexistent_field]",
      actual: 'price, qty, side, symbol',
    });
    expect(run('{type: schema_contains, fields: [a]}', context([]))).toMatchObject({ passed: false, actual: '(no records)' });
  });
  test('qualified names resolve to the bare output column; key_field needs a key', () => {
    expect(run('{type: schema_contains, fields: [m.symbol]}', context(trades)).passed).toBe(true);
    expect(run('{type: schema_contains, fields: [symbol], key_field: symbol}', context(trades)).passed).toBe(false);
    const keyed = context(trades);
    keyed.output.records[1].key = 'MSFT';
    expect(run('{type: schema_contains, fields: [symbol], key_field: symbol}', keyed).passed).toBe(true);
  });
});

describe('no_nulls', () => {
  test('explicit nulls fail with positions, absent fields do not, empty passes', () => {
    expect(run('{type: no_nulls, fields: [qty]}', context(trades))).toMatchObject({ passed: false, actual: 'nulls at: qty[2]' });
    expect(run('{type: no_nulls, fields: [symbol, missing]}', context(trades)).passed).toBe(true);
    expect(run('{type: no_nulls}', context([]))).toMatchObject({ passed: true });
    expect(run('{type: no_nulls}', context(trades)).passed).toBe(false);
  });
});

describe('field_in_set and field_values', () => {
  test('field_in_set stringifies and lists offenders', () => {
    expect(run('{type: field_in_set, field: side, values: [BUY, SELL]}', context(trades))).toMatchObject({ passed: false, expected: 'one of: BUY, SELL', actual: 'invalid: [2]=HOLD' });
    expect(run('{type: field_in_set, field: flag, values: [0, 1]}', context([{ flag: 0 }, { flag: 1 }])).passed).toBe(true);
  });
  test('ordering operators need numbers; null fails, absent skipped', () => {
    expect(run('{type: field_values, field: price, operator: greater_than, value: 100}', context(trades)).message).toBe(
      "All 'price' values in topic 'out' satisfy greater_than 100",
    );
    expect(run('{type: field_values, field: qty, operator: ">", value: 0}', context(trades))).toMatchObject({ passed: false, actual: 'failures: [2]=NULL' });
    expect(run('{type: field_values, field: nope, operator: gt, value: 0}', context(trades)).passed).toBe(true);
  });
  test('equals compares booleans, strings and numbers within 1e-4; exact decimals read as numbers', () => {
    expect(run('{type: field_values, field: active, operator: equals, value: true}', context([{ active: true }, { active: false }]))).toMatchObject({ passed: false, actual: 'failures: [1]=false' });
    expect(run('{type: field_values, field: p, operator: eq, value: 12.5}', context([{ p: new Scaled(1250, 2) }, { p: 12.50001 }])).passed).toBe(true);
    expect(run('{type: field_values, field: symbol, operator: starts_with, value: A}', context(trades)).passed).toBe(false);
    expect(run("{type: field_values, field: symbol, operator: matches, value: '^[A-Z]{4}$'}", context(trades)).passed).toBe(true);
    expect(run('{type: field_values, field: price, between: [150, 301]}', context(trades)).passed).toBe(true);
  });
});

describe('aggregate_check', () => {
  test('functions over numeric values, tolerance, expression form, template expected', () => {
    expect(run('{type: aggregate_check, function: SUM, field: qty, expected: 15}', context(trades)).message).toBe("SUM(qty) in topic 'out' = 15 (expected: 15)");
    expect(run('{type: aggregate_check, function: avg, field: price, expected: 200.5}', context(trades)).passed).toBe(true);
    expect(run('{type: aggregate_check, expression: MAX(price), expected: 299}', context(trades))).toMatchObject({ passed: false, message: "MAX(price) mismatch in topic 'out'", expected: '299', actual: '300' });
    expect(run('{type: aggregate_check, function: MIN, field: price, expected: 150, tolerance: 0.5}', context(trades)).passed).toBe(true);
    const ctx = context(trades, { variables: { total: '15' } });
    expect(run("{type: aggregate_check, function: SUM, field: qty, expected: '{{variables.total}}'}", ctx).passed).toBe(true);
    expect(run('{type: aggregate_check, function: SUM, field: nothing, expected: 1}', context(trades)).message).toBe("No values found for field 'nothing' in topic 'out'");
  });
});

describe('join_coverage, no_duplicates, ordering, completeness, data_quality', () => {
  const withInput = (n: number) => context(trades, { fromSource: 'orders', inputs: new Map([['orders', { source: 'orders', records: records(new Array(n).fill({})) }]]) });
  test('join_coverage is output ÷ left input', () => {
    expect(run('{type: join_coverage, min_match_rate: 0.5}', withInput(4)).message).toBe('JOIN match rate: 75.0% (3/4 records)');
    expect(run('{type: join_coverage, min_match_rate: 0.8}', withInput(10))).toMatchObject({ passed: false, expected: '>= 80.0%', actual: '30.0% (3/10 records)' });
    expect(run('{type: join_coverage, min_match_rate: 0.8}', context([], { fromSource: 'orders', inputs: withInput(5).inputs }))).toMatchObject({ message: 'No output records from JOIN' });
  });
  test('no_duplicates with allow_updates and a percentage', () => {
    expect(run('{type: no_duplicates, key_fields: [symbol]}', context(trades))).toMatchObject({ passed: false, actual: 'duplicates: [2]=AAPL' });
    expect(run('{type: no_duplicates, key_fields: [symbol], allow_updates: true}', context(trades)).passed).toBe(true);
    expect(run('{type: no_duplicates, key_fields: [symbol], max_duplicate_percent: 40}', context(trades)).passed).toBe(true);
    expect(run('{type: unique_values, fields: [symbol, side]}', context(trades)).passed).toBe(true);
  });
  test('ordering per partition, numbers before strings', () => {
    expect(run('{type: ordering, field: price}', context(trades)).passed).toBe(false);
    expect(run('{type: ordering, field: price, partition_by: symbol}', context(trades)).passed).toBe(true);
    expect(run('{type: ordering, field: qty, direction: descending}', context(trades)).passed).toBe(true);
    expect(run('{type: ordering, field: v, allow_equal: false}', context([{ v: 1 }, { v: 1 }]))).toMatchObject({ passed: false, actual: 'out of order: [1]=1 then 1' });
  });
  test('completeness over distinct input keys', () => {
    const ctx = context(trades, { inputs: new Map([['t', { source: 't', records: records([{ symbol: 'AAPL' }, { symbol: 'MSFT' }, { symbol: 'NVDA' }]) }]]) });
    expect(run('{type: completeness, input_source: t, key_field: symbol}', ctx)).toMatchObject({ passed: false, actual: '66.7% (2/3 keys); missing keys: [0]=NVDA' });
    expect(run('{type: completeness, input_source: t, key_field: symbol, min_completeness: 0.6}', ctx).passed).toBe(true);
  });
  test('data_quality violations and score', () => {
    const yaml = "{type: data_quality, no_nulls_in: [qty], numeric_ranges: [{field: price, max: 200}], string_patterns: [{field: symbol, pattern: '^A'}]}";
    const result = run(yaml, context(trades));
    expect(result.passed).toBe(false);
    expect(result.actual).toBe('[1]=price=300, [1]=symbol !~ ^A, [2]=qty is null');
    expect(run(yaml.replace('}]}', '}], min_quality_score: 0.3}'), context(trades)).passed).toBe(true);
  });
  test('template: booleans decide, errors name the reason', () => {
    expect(run("{type: template, expression: '{{ all(record.price > 100 for record in records) }}'}", context(trades)).passed).toBe(true);
    expect(run("{type: template, expression: 'sum(record.qty for record in records if record.side == \"BUY\") == 10'}", context(trades)).passed).toBe(true);
    expect(run("{type: template, expression: 'records[5].price > 0'}", context(trades)).message).toBe('Template evaluation error: records[5] is out of range (3 records)');
    expect(run("{type: template, expression: 'records.length == 2'}", context(trades)).passed).toBe(false);
  });
});

describe('performance assertions use the measurements', () => {
  test('execution_time, throughput, memory_usage, latency', () => {
    const ctx = context(trades);
    expect(run('{type: execution_time, max_ms: 1000}', ctx).message).toBe('Execution time 100ms <= 1000ms');
    expect(run('{type: execution_time, max_ms: 50}', ctx)).toMatchObject({ passed: false, message: 'Execution time 100ms exceeds maximum 50ms', expected: '<= 50ms', actual: '100ms' });
    expect(run('{type: throughput, min_records_per_second: 1000}', ctx).message).toBe('Throughput 10000.00 records/sec >= 1000.00');
    expect(run('{type: throughput, min_records_per_second: 20000}', ctx)).toMatchObject({ passed: false, actual: '10000.00 records/sec' });
    expect(run('{type: throughput, expected_records_per_second: 9000, tolerance_percent: 5}', ctx).passed).toBe(false);
    expect(run('{type: memory_usage, max_mb: 256}', ctx).message).toBe('Memory usage within bounds (peak: 80.00 MB) (growth: +10.00 MB)');
    expect(run('{type: memory_usage, max_mb: 64}', ctx)).toMatchObject({ passed: false, message: 'Peak memory 80.00 MB exceeds maximum 64.00 MB' });
    const stamped = context(Array.from({ length: 10 }, (_, i) => ({ ts: 10_000 - i * 100 })));
    expect(run('{type: latency, timestamp_field: ts, max_latency_ms: 900}', stamped).passed).toBe(true);
    expect(run('{type: latency, timestamp_field: ts, p50_latency_ms: 400}', stamped)).toMatchObject({ passed: false, actual: '500ms' });
  });
});

describe('temporal and statistical assertions', () => {
  test('window_boundary containment and alignment', () => {
    const rows = [
      { ts: 1500, window_start: 1000, window_end: 2000 },
      { ts: 2500, window_start: 1000, window_end: 2000 },
    ];
    expect(run('{type: window_boundary, timestamp_field: ts}', context(rows))).toMatchObject({ passed: false, actual: '[1]=2500 ∉ [1000, 2000]' });
    expect(run('{type: window_boundary, timestamp_field: ts, tolerance_ms: 500, verify_alignment: true, window_size_ms: 1000}', context(rows)).passed).toBe(true);
  });
  test('distribution, percentile, event_ordering', () => {
    const rows = Array.from({ length: 100 }, (_, i) => ({ v: i, ts: i % 10 === 9 ? i - 5 : i }));
    expect(run('{type: distribution, field: v, distribution_type: uniform, min_value: 0, max_value: 99}', context(rows)).passed).toBe(true);
    expect(run('{type: distribution, field: v, distribution_type: normal, mean: 60, tolerance: 0.1}', context(rows))).toMatchObject({ passed: false, actual: '49.5' });
    expect(run('{type: percentile, field: v, p50: 50, p99: 99}', context(rows)).passed).toBe(true);
    expect(run('{type: percentile, field: v, p90: 80}', context(rows))).toMatchObject({ passed: false, actual: '90' });
    expect(run('{type: event_ordering, timestamp_field: ts, max_out_of_order_percent: 5}', context(rows)).passed).toBe(false);
    expect(run('{type: event_ordering, timestamp_field: ts, max_out_of_order_percent: 10.2}', context(rows)).passed).toBe(true);
    expect(run('{type: event_ordering, timestamp_field: ts, window_size_ms: 10, allow_gaps: false}', context(rows)).passed).toBe(true);
  });
});

describe('fault assertions', () => {
  test('dlq_count filters by error_type, error_rate, table_freshness', () => {
    const dlq = records([{}, {}, {}]).map((r, i) => ({ ...r, headers: new Map([['error_type', i === 0 ? 'ParseError' : 'Timeout']]) }));
    const ctx = context(trades, { topicRecords: (t) => (t === 'out-dlq' ? dlq : []), hasTopic: (t) => t === 'out-dlq' });
    expect(run('{type: dlq_count, equals: 3}', ctx).passed).toBe(true);
    expect(run('{type: dlq_count, max: 0, error_types: [parse]}', ctx)).toMatchObject({ passed: false, actual: '1' });
    const errors = context(trades, { job: { recordsIn: 100, recordErrors: 5, lateRecords: 0, droppedTooLate: 0, watermark: null } });
    expect(run('{type: error_rate, max_rate: 0.01}', errors)).toMatchObject({ passed: false, actual: '5.00% (5/100 records)' });
    expect(run('{type: error_rate, max_percent: 10}', errors).passed).toBe(true);
    const fresh = context([{ event_time: 9_000 }]);
    expect(run('{type: table_freshness, table: out, max_age_ms: 2000}', fresh).passed).toBe(true);
    expect(run('{type: table_freshness, table: out, max_age_ms: 500}', fresh)).toMatchObject({ passed: false, actual: '1000ms' });
  });

  test('assertions that could not check anything are skipped with the reason, never passed', () => {
    const few = context(trades, { job: { recordsIn: 3, recordErrors: 0, lateRecords: 0, droppedTooLate: 0, watermark: null } });
    expect(run('{type: error_rate, max_rate: 0.01}', few)).toEqual({
      type: 'error_rate',
      passed: false,
      skipReason: '3 records consumed, fewer than min_records 10',
      message: 'Error rate not checked: 3 records consumed (< 10)',
      sink: 'out',
    });
    expect(run('{type: error_rate, max_rate: 0.01, min_records: 3}', few).passed).toBe(true);
    const twoStamped = context([{ ts: 9_000 }, { ts: 9_500 }]);
    expect(run('{type: latency, timestamp_field: ts, max_latency_ms: 10}', twoStamped)).toMatchObject({ passed: false, skipReason: "2 records with 'ts', fewer than min_records 10" });
    expect(run('{type: table_freshness, table: dim, max_age_ms: 10}', context(trades, { tableRows: () => [] }))).toMatchObject({
      passed: false,
      skipReason: "no event_time/timestamp/created_at/updated_at/_timestamp values in 'dim'",
    });
    expect(run('{type: dlq_count, equals: 0}', context(trades))).toMatchObject({ passed: false, skipReason: "the job has no dead-letter queue 'out-dlq'" });
    expect(run('{type: percentile, field: price, p50: 1}', context(trades)).skipReason).toMatch(/fewer than min_records 10/);
  });
});

describe('file assertions', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-files-'));
  fs.writeFileSync(path.join(dir, 'out.csv'), 'symbol,price,size\nAAPL,150.004,SMALL\nMSFT,300,LARGE\n');
  fs.writeFileSync(path.join(dir, 'expected.csv'), 'symbol,price,size\nMSFT,300.00,LARGE\nAAPL,150.00,SMALL\n');
  const ctx = context([], { baseDir: dir });
  test('file_exists and file_row_count', () => {
    expect(run('{type: file_exists, path: out.csv, min_size_bytes: 10}', ctx).passed).toBe(true);
    expect(run('{type: file_exists, path: nope.csv}', ctx)).toMatchObject({ passed: false, message: 'File not found: nope.csv', expected: 'file exists', actual: 'file not found' });
    expect(run('{type: file_row_count, path: out.csv, format: Csv, equals: 2}', ctx).passed).toBe(true);
    expect(run('{type: file_row_count, path: out.csv, format: CsvNoHeader, equals: 2, skip_header: true}', ctx).passed).toBe(true);
    expect(run('{type: file_row_count, path: out.csv, greater_than: 2}', ctx).passed).toBe(false);
  });
  test('file_contains all/any', () => {
    expect(run('{type: file_contains, path: out.csv, field: size, expected_values: [SMALL, MEDIUM]}', ctx)).toMatchObject({ passed: false, message: "Column 'size' of out.csv lacks expected values: [MEDIUM]" });
    expect(run('{type: file_contains, path: out.csv, field: size, expected_values: [SMALL, MEDIUM], mode: any}', ctx).passed).toBe(true);
  });
  test('file_matches: unordered multiset with tolerance, ordered row by row', () => {
    expect(run('{type: file_matches, actual_path: out.csv, expected_path: expected.csv, numeric_tolerance: 0.01}', ctx).passed).toBe(true);
    expect(run('{type: file_matches, actual_path: out.csv, expected_path: expected.csv, numeric_tolerance: 0.0001}', ctx).passed).toBe(false);
    expect(run('{type: file_matches, actual_path: out.csv, expected_path: expected.csv, ignore_order: false, numeric_tolerance: 0.01}', ctx)).toMatchObject({
      passed: false,
      message: "out.csv differs from expected.csv at row 1, field 'symbol'",
    });
  });
});

describe('metric assertions', () => {
  test('counter sums series, gauge checks every series, exists checks the kind', () => {
    const ctx = context([]);
    ctx.metrics.apply({ name: 'c', type: 'counter', typeGiven: true, labels: ['s'], buckets: [], span: null as never }, records([{ s: 'A' }, { s: 'B' }, { s: 'A' }]));
    ctx.metrics.apply({ name: 'g', type: 'gauge', typeGiven: true, labels: ['s'], field: 'v', buckets: [], span: null as never }, records([{ s: 'A', v: 5 }, { s: 'B', v: 50 }]));
    expect(run('{type: metric_counter, name: c, operator: equals, value: 3}', ctx).passed).toBe(true);
    expect(run('{type: metric_counter, name: c, operator: equals, value: 2, labels: {s: A}}', ctx).passed).toBe(true);
    expect(run('{type: metric_counter, name: missing, value: 0}', ctx).message).toBe("Counter 'missing' not found or not registered");
    expect(run('{type: metric_gauge, name: g, operator: between, between: [0, 10]}', ctx)).toMatchObject({ passed: false, actual: 'min 5, max 50 over 2 series' });
    expect(run('{type: metric_gauge, name: g, operator: less_than, value: 10, labels: {s: A}}', ctx).passed).toBe(true);
    expect(run('{type: metric_exists, name: g, expected_type: gauge}', ctx).passed).toBe(true);
    expect(run('{type: metric_exists, name: g, metric_type: histogram}', ctx)).toMatchObject({ passed: false, actual: 'gauge' });
  });
});
