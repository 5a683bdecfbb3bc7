import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { offlineAnalyzer } from '../analyse/rules';
import { renderReport } from '../report/render';
import type { TestReport } from '../report/types';
import { loadSpec, parseSpec } from '../spec/load-spec';
import { runTests } from './run-tests';

const FIXTURE = path.join(__dirname, '../../../test/fixtures/trade_stats');

/** The report without the fields §3.9 allows to differ between runs. */
function stable(report: TestReport): unknown {
  return {
    ...report,
    run_id: '',
    start_time: '',
    end_time: '',
    duration_ms: 0,
    queries: report.queries.map((q) => ({ ...q, duration_ms: 0, performance: { ...q.performance, execution_time_ms: 0, records_per_second: 0, memory_peak_bytes: 0, memory_growth_bytes: 0 } })),
  };
}

function tempApp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-run-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('runTests on the worked example (§14)', () => {
  const spec = loadSpec(path.join(FIXTURE, 'trade_stats.test.yaml')).spec!;
  const run = () => runTests({ sqlFile: path.join(FIXTURE, 'trade_stats.sql'), spec, schemasDir: path.join(FIXTURE, 'schemas') });

  test('passes with the spec seed, in process, every input record consumed', async () => {
    const report = await run();
    expect(report.harness).toMatchObject({ mode: 'in-process', seed: 7, now: '2025-01-01T00:00:00.000Z', clock: 'virtual' });
    expect(report.summary).toMatchObject({ total: 1, passed: 1, total_assertions: 4, passed_assertions: 4 });
    const q = report.queries[0];
    expect(q.record_counts.inputs).toEqual({ trades: 5000 });
    expect(q.performance.records_in).toBe(5000);
    expect(Object.keys(q.record_counts.outputs)).toEqual(['symbol_stats_out']);
  });

  test('the same seed twice gives identical JSON reports apart from timing fields', async () => {
    const [a, b] = [await run(), await run()];
    expect(stable(a)).toEqual(stable(b));
    expect(a.run_id).not.toBe(b.run_id);
  });

  test('another seed changes the generated data but not the verdict', async () => {
    const report = await runTests({ sqlFile: path.join(FIXTURE, 'trade_stats.sql'), spec, schemasDir: path.join(FIXTURE, 'schemas'), seed: 8 });
    expect(report.harness.seed).toBe(8);
    expect(report.summary.passed).toBe(1);
  });
});

const SIMPLE_SCHEMA = `name: orders
fields:
  - {name: id, type: integer, constraints: {sequence: {start: 1}}}
  - {name: amount, type: integer, constraints: {range: {min: 1, max: 50}}}
  - {name: region, type: string, nullable: true, null_probability: 0.5, constraints: {enum_values: {values: [EU, US]}}}
`;

const FILTER_SQL = `CREATE STREAM big_orders AS SELECT id, amount, region FROM orders WHERE amount > 100
WITH ('orders.type' = 'kafka_source', 'big_orders.type' = 'kafka_sink', 'big_orders.topic' = 'big_orders_out');`;

describe('failures, routing and analysis', () => {
  test('a filter that drops everything fails with expected/actual and a rule finding with evidence', async () => {
    const dir = tempApp({ 'schemas/orders.schema.yaml': SIMPLE_SCHEMA, 'app.sql': FILTER_SQL });
    const { spec } = parseSpec('application: a\nqueries:\n  - name: big_orders\n    inputs: [{source: orders, records: 200}]\n    assertions:\n      - {type: record_count, greater_than: 0}\n', path.join(dir, 'app.test.yaml'));
    const report = await runTests({ sqlFile: path.join(dir, 'app.sql'), spec: spec!, schemasDir: path.join(dir, 'schemas'), analyzers: [offlineAnalyzer] });
    const q = report.queries[0];
    expect(q.status).toBe('failed');
    expect(q.assertions[0]).toMatchObject({ passed: false, message: "Expected > 0 records from topic 'big_orders_out'", expected: '> 0', actual: '0' });
    const finding = q.analysis.find((f) => f.rule === 'filter_removes_everything')!;
    expect(finding.evidence[0]).toBe('amount > 100: 0.0% of 200 input rows pass (input range 1…50)');
    expect(finding.assertion_index).toBe(0);
    const text = renderReport(report, 'text');
    expect(text).toContain('💡 filter_removes_everything');
    expect(text.trimEnd().split('\n').pop()).toBe('0 passed, 1 failed');
  });

  test('nulls from a nullable input field are explained; outputs[] routes by topic; an unmatched sink warns and runs on empty output', async () => {
    const dir = tempApp({ 'schemas/orders.schema.yaml': SIMPLE_SCHEMA, 'app.sql': FILTER_SQL.replace('amount > 100', 'amount > 0') });
    const yaml = `application: a
queries:
  - name: big_orders
    inputs: [{source: orders, records: 100}]
    outputs:
      - sink: big_orders_out
        assertions: [{type: no_nulls, fields: [region]}]
      - sink: elsewhere
        assertions: [{type: record_count, equals: 0}]
`;
    const { spec } = parseSpec(yaml, path.join(dir, 'app.test.yaml'));
    const report = await runTests({ sqlFile: path.join(dir, 'app.sql'), spec: spec!, schemasDir: path.join(dir, 'schemas'), analyzers: [offlineAnalyzer] });
    const q = report.queries[0];
    expect(q.assertions.map((a) => [a.type, a.passed, a.sink])).toEqual([
      ['no_nulls', false, 'big_orders_out'],
      ['record_count', true, 'elsewhere'],
    ]);
    expect(q.analysis.map((f) => f.rule)).toEqual(expect.arrayContaining(['nulls_from_input', 'sink_not_captured']));
    expect(report.warnings.some((w) => w.message.startsWith("outputs[].sink 'elsewhere' matched no captured sink (captured: big_orders_out)"))).toBe(true);
  });

  test('a missing schema is a query error naming the spec line; from_previous republishes a capture', async () => {
    const dir = tempApp({
      'schemas/orders.schema.yaml': SIMPLE_SCHEMA,
      'app.sql': `${FILTER_SQL.replace('amount > 100', 'amount > 25')}
CREATE STREAM eu AS SELECT id, amount FROM big_orders WHERE region = 'EU'
WITH ('big_orders.type' = 'kafka_source', 'big_orders.topic' = 'big_orders_out', 'eu.type' = 'kafka_sink');
CREATE STREAM lost AS SELECT * FROM nowhere WITH ('nowhere.type' = 'kafka_source', 'lost.type' = 'kafka_sink');`,
    });
    const yaml = `application: a
queries:
  - name: eu
    inputs: [{source: big_orders, from_previous: big_orders}]
    assertions: [{type: field_in_set, field: id, values: ['0']}]
  - name: big_orders
    inputs: [{source: orders, records: 100}]
  - name: lost
    inputs:
      - source: nowhere
`;
    const specFile = path.join(dir, 'app.test.yaml');
    const { spec } = parseSpec(yaml, specFile);
    const report = await runTests({ sqlFile: path.join(dir, 'app.sql'), spec: spec!, schemasDir: path.join(dir, 'schemas'), cwd: dir });
    const byName = Object.fromEntries(report.queries.map((q) => [q.name, q]));
    expect(report.queries.map((q) => q.name)).toEqual(['big_orders', 'eu', 'lost']);
    const passedBig = byName.big_orders.record_counts.outputs.big_orders_out;
    expect(byName.eu.record_counts.inputs.big_orders).toBe(passedBig);
    expect(byName.eu.status).toBe('failed');
    expect(byName.lost.status).toBe('error');
    expect(byName.lost.error).toMatch(/^\.\/app\.test\.yaml:10:9: input 'nowhere': no schema for source 'nowhere'/);
  });
});

describe('file-only mode', () => {
  test('deploys the application, reads the file sink back, and file assertions work', async () => {
    const dir = tempApp({
      'in.csv': 'symbol,volume\nAAPL,100\nMSFT,20\nGOOG,300\n',
      'app.sql': `CREATE STREAM big AS SELECT symbol, volume FROM trades WHERE volume >= 50
WITH ('trades.type' = 'file_source', 'trades.path' = './in.csv', 'trades.format' = 'csv',
      'big.type' = 'file_sink', 'big.path' = './out/big.csv', 'big.format' = 'csv');`,
    });
    const yaml = `application: files
queries:
  - name: big
    inputs: []
    assertions:
      - {type: file_exists, path: ./out/big.csv}
      - {type: file_row_count, path: ./out/big.csv, equals: 2}
      - {type: record_count, equals: 2}
      - {type: field_in_set, field: symbol, values: [AAPL, GOOG]}
`;
    const { spec } = parseSpec(yaml, path.join(dir, 'app.test.yaml'));
    const report = await runTests({ sqlFile: path.join(dir, 'app.sql'), spec: spec! });
    expect(report.harness.mode).toBe('file-only');
    expect(report.queries[0].assertions.map((a) => a.passed)).toEqual([true, true, true, true]);
    expect(report.queries[0].record_counts.outputs).toEqual({ [path.join(dir, 'out/big.csv')]: 2 });
  });
});
