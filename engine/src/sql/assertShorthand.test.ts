import { parseAssertShorthand } from './assertShorthand';

const assertion = (line: string) => {
  const result = parseAssertShorthand(line);
  if (!result.ok) throw new Error(result.message);
  return result.assertion;
};

describe('the @assert shorthand table (harness spec §11)', () => {
  test.each([
    ['record_count > 5', { type: 'record_count', greater_than: 5 }],
    ['record_count >= 5', { type: 'record_count', greater_than: 4 }],
    ['record_count < 5', { type: 'record_count', less_than: 5 }],
    ['record_count <= 5', { type: 'record_count', less_than: 6 }],
    ['record_count == 5', { type: 'record_count', equals: 5 }],
    ['record_count = 5', { type: 'record_count', equals: 5 }],
    ['record_count between 2 and 9', { type: 'record_count', between: [2, 9] }],
    ['record_count == {{inputs.trades.count}} * 0.5', { type: 'record_count', expression: '{{inputs.trades.count}} * 0.5' }],
    ['no_nulls', { type: 'no_nulls', fields: [] }],
    ['no_nulls(symbol, volume)', { type: 'no_nulls', fields: ['symbol', 'volume'] }],
    ['schema_contains(symbol, volume)', { type: 'schema_contains', fields: ['symbol', 'volume'] }],
    ['field_values(price > 0)', { type: 'field_values', field: 'price', operator: 'greater_than', value: 0 }],
    ['field_values(side <> "X")', { type: 'field_values', field: 'side', operator: 'not_equals', value: 'X' }],
    ["field_values(name starts_with 'AA')", { type: 'field_values', field: 'name', operator: 'starts_with', value: 'AA' }],
    ['field_values(active = true)', { type: 'field_values', field: 'active', operator: 'equals', value: true }],
    ["field_values(side in ('BUY', 'SELL'))", { type: 'field_in_set', field: 'side', values: ['BUY', 'SELL'] }],
    ['field_in_set(side, BUY, SELL)', { type: 'field_in_set', field: 'side', values: ['BUY', 'SELL'] }],
    ['aggregate_check(SUM(volume) = 1000 ± 0.5)', { type: 'aggregate_check', function: 'SUM', field: 'volume', expected: 1000, tolerance: 0.5 }],
    ['aggregate_check(avg(price) == 12.5)', { type: 'aggregate_check', function: 'AVG', field: 'price', expected: 12.5 }],
    ['no_duplicates(order_id, symbol)', { type: 'no_duplicates', key_fields: ['order_id', 'symbol'] }],
    ['ordering(ts desc)', { type: 'ordering', field: 'ts', direction: 'descending' }],
    ['ordering(ts)', { type: 'ordering', field: 'ts', direction: 'ascending' }],
    ['join_coverage >= 0.8', { type: 'join_coverage', min_match_rate: 0.8 }],
    ['execution_time < 1000ms', { type: 'execution_time', max_ms: 999 }],
    ['execution_time <= 2s', { type: 'execution_time', max_ms: 2000 }],
    ['execution_time > 10ms', { type: 'execution_time', min_ms: 11 }],
    ['memory_usage <= 256MB', { type: 'memory_usage', max_bytes: 268_435_456 }],
    ['throughput > 10000/s', { type: 'throughput', min_records_per_second: 10000 }],
    ['{{ all(record.price > 0 for record in records) }}', { type: 'template', expression: '{{ all(record.price > 0 for record in records) }}' }],
    ['{type: percentile, field: latency_ms, p99: 250}', { type: 'percentile', field: 'latency_ms', p99: 250 }],
  ])('%s', (line, expected) => {
    expect(assertion(line)).toEqual(expected);
  });

  test('columns named by an assertion are reported for schema checks', () => {
    const result = parseAssertShorthand('no_duplicates(order_id, symbol)');
    expect(result.ok && result.columns).toEqual(['order_id', 'symbol']);
  });

  test.each([
    ['record_count is big', "'record_count is big' is not an @assert form"],
    ['field_values(price > cheap)', "'cheap' is not a number, 'text', true or false"],
    ['aggregate_check(MEDIAN(x) = 1)', 'aggregate_check supports SUM, COUNT, AVG, MIN and MAX, not MEDIAN'],
    ['{field: x}', 'a mapping assertion needs a type, e.g. {type: no_nulls, fields: [id]}'],
    ['schema_contains()', 'list at least one column'],
  ])('malformed: %s', (line, message) => {
    const result = parseAssertShorthand(line);
    expect(result.ok ? 'accepted' : result.message).toBe(message);
  });
});
