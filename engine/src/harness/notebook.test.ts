import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAssertLines, runCellTests } from './notebook';

const CELL = `-- @data.source: trades
-- @data.symbol: enum ["AAPL", "MSFT"]
-- @data.price.type: float
-- @data.price: range [10, 20]
-- @assert: record_count == 50
-- @assert: field_values(price >= 10)
-- @assert: field_in_set(symbol, AAPL, MSFT)
CREATE STREAM priced AS SELECT symbol, price FROM trades
WITH ('trades.type' = 'kafka_source', 'priced.type' = 'kafka_sink');`;

describe('%%test entry point', () => {
  test('@assert lines become spec assertions; a malformed line names its line', () => {
    const { assertions, errors } = parseAssertLines(CELL);
    expect(errors).toEqual([]);
    expect(assertions.map((a) => [a.type, a.fields, a.position.line])).toEqual([
      ['record_count', { equals: 50 }, 5],
      ['field_values', { field: 'price', operator: 'greater_than_or_equals', value: 10 }, 6],
      ['field_in_set', { field: 'symbol', values: ['AAPL', 'MSFT'] }, 7],
    ]);
    const bad = parseAssertLines('SELECT 1\n-- @assert: record_count is big\n-- @assert: {type: recrod_count}');
    expect(bad.errors.map((e) => [e.line, e.message])).toEqual([
      [2, "'record_count is big' is not an @assert form"],
      [3, "@assert.type: unknown assertion type 'recrod_count' (did you mean 'record_count'?)"],
    ]);
  });

  test('runs a cell against data generated from its @data hints and returns the structured report', async () => {
    const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-cell-'));
    const result = await runCellTests(CELL, { records: 50, baseDir });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const q = result.report.queries[0];
    expect(q.name).toBe('priced');
    expect(q.record_counts.inputs).toEqual({ trades: 50 });
    expect(q.assertions.map((a) => [a.type, a.passed])).toEqual([
      ['record_count', true],
      ['field_values', true],
      ['field_in_set', true],
    ]);
  });

  test('without @assert lines the generated default assertions run', async () => {
    const result = await runCellTests(CELL.replace(/^-- @assert.*\n/gm, ''), { records: 20, baseDir: os.tmpdir() });
    if (!result.ok) throw new Error('unexpected errors');
    expect(result.report.queries[0].assertions.map((a) => a.type)).toEqual(['record_count', 'schema_contains']);
    expect(result.report.summary.passed).toBe(1);
  });
});
