import { readAnnotations } from './annotationModel';
import { parse } from './parse';
import { validate } from './validator';

const read = (sql: string) => readAnnotations(parse(sql));
const codesOf = (sql: string) => read(sql).diagnostics.map((d) => d.code);

const CREATE = 'CREATE STREAM out AS SELECT symbol, price, COUNT(*) AS n FROM trades GROUP BY symbol, price';

describe('application and job annotations', () => {
  test('header annotations of the first statement configure the application', () => {
    const model = read(`-- @app: trading
-- @version: 2.1.0
-- @phase: production
-- @observability.metrics.enabled: true
-- @observability.profiling.enabled: prod
-- @deployment.region: \${AWS_REGION:us-east-1}
-- @sla.latency.p99: 50ms
-- @job_mode: Adaptive
-- @batch_size: 5000
-- @partitioning_strategy: hash
${CREATE}`);
    expect(model.diagnostics).toEqual([]);
    expect(model.application).toEqual({
      id: 'trading',
      version: '2.1.0',
      phase: 'production',
      observability: { metrics: true, profiling: 'prod' },
      deployment: { region: '${AWS_REGION:us-east-1}' },
      info: { 'sla.latency.p99': '50ms' },
    });
    expect(model.statements[0].job).toEqual({ mode: 'adaptive', batchSize: 5000, partitioningStrategy: 'hash' });
    expect(model.statements[0].name).toBe('out');
  });

  test('in the first statement, lines after @name belong to the statement, not the application', () => {
    const model = read(`-- @app: md\n-- @description: the app\n-- @name: ticks\n-- @description: the statement\n-- @observability.tracing.enabled: false\n${CREATE}`);
    expect(model.application).toMatchObject({ id: 'md', description: 'the app', observability: {} });
    expect(model.statements[0]).toMatchObject({ name: 'ticks', description: 'the statement', observability: { tracing: false } });
  });

  test('invalid values are warnings and ignored; unknown keys get a did-you-mean', () => {
    const model = read(`-- @job_mode: turbo\n-- @batch_size: lots\n-- @metric_typo: x\n-- @name: q1\n${CREATE}`);
    expect(model.diagnostics.map((d) => [d.code, d.severity, d.message, d.hint])).toEqual([
      ['VA402', 'warning', "invalid @job_mode value 'turbo' (ignored)", 'use one of: simple, transactional, adaptive'],
      ['VA402', 'warning', "@batch_size must be a whole number, got 'lots' (ignored)", 'write digits only, e.g. 1000'],
      ['VA401', 'warning', 'unknown annotation @metric_typo (ignored)', 'did you mean metric_type?'],
    ]);
    expect(model.statements[0]).toMatchObject({ name: 'q1', job: {} });
  });

  test("generated ' # …' comments in structured values are cut off with a warning", () => {
    const model = read(`-- @job_mode: simple  # Options: simple, adaptive\n${CREATE}`);
    expect(model.diagnostics.map((d) => d.code)).toEqual(['VA403']);
    expect(model.statements[0].job.mode).toBe('simple');
  });
});

describe('metrics', () => {
  test('a full gauge and a histogram block', () => {
    const model = read(`-- @metric: velo_price
-- @metric_type: gauge
-- @metric_help: "Current price"
-- @metric_field: price
-- @metric_labels: symbol, meta.venue
-- @metric: velo_price_hist
-- @metric_type: histogram
-- @metric_field: price
-- @metric_buckets: [0.5, 1, 2.5]
-- @metric_condition: price > 100
-- @metric_sample_rate: 0.25
${CREATE}`);
    expect(model.diagnostics).toEqual([]);
    const [gauge, hist] = model.statements[0].metrics;
    expect(gauge).toMatchObject({ name: 'velo_price', type: 'gauge', help: 'Current price', field: 'price', labels: ['symbol', 'meta.venue'] });
    expect(hist).toMatchObject({ type: 'histogram', buckets: [0.5, 1, 2.5], sampleRate: 0.25, condition: { text: 'price > 100', columns: ['price'] } });
  });

  test('missing type: counter plus a warning (D5), with default buckets', () => {
    const model = read(`-- @metric: velo_total\n${CREATE}`);
    expect(model.diagnostics.map((d) => [d.code, d.severity])).toEqual([['VA412', 'warning']]);
    expect(model.statements[0].metrics[0]).toMatchObject({ type: 'counter', typeGiven: false });
  });

  test('statement errors: bad name, unsorted buckets, gauge without field, sample rate', () => {
    expect(codesOf(`-- @metric: 9lives\n-- @metric_type: counter\n${CREATE}`)).toEqual(['VA410']);
    expect(read(`-- @metric: m\n-- @metric_type: histogram\n-- @metric_field: price\n-- @metric_buckets: 1, 0.5\n${CREATE}`).diagnostics[0].message).toBe(
      'invalid @metric_buckets: buckets must be strictly ascending: 0.5 follows 1',
    );
    expect(codesOf(`-- @metric: m\n-- @metric_type: histogram\n-- @metric_field: price\n-- @metric_buckets: [0, 1]\n${CREATE}`)).toEqual(['VA414']);
    expect(codesOf(`-- @metric: m\n-- @metric_type: gauge\n${CREATE}`)).toEqual(['VA413']);
    expect(codesOf(`-- @metric: m\n-- @metric_type: counter\n-- @metric_sample_rate: 1.5\n${CREATE}`)).toEqual(['VA415']);
    expect(codesOf(`-- @metric: m\n-- @metric_type: meter\n${CREATE}`)).toEqual(['VA411']);
  });

  test('metrics on CREATE TABLE are ignored with a warning', () => {
    const model = read(`-- @metric: m\n-- @metric_type: counter\nCREATE TABLE t AS SELECT a FROM s`);
    expect(model.diagnostics.map((d) => [d.code, d.severity])).toEqual([['VA417', 'warning']]);
    expect(model.statements[0].metrics).toEqual([]);
  });

  test('a block key without its @metric line is ignored with a warning', () => {
    expect(codesOf(`-- @metric_type: counter\n${CREATE}`)).toEqual(['VA404']);
  });
});

describe('studio annotations', () => {
  test('alert, viz and assert blocks of the spec example 12', () => {
    const model = read(`-- @name: error_rates
-- @alert: errors > 100
-- @alert_for: 5m
-- @alert_severity: critical
-- @alert_summary: {service} has {errors} errors per minute
-- @viz: line x=ws y=errors series=service
-- @viz_title: Errors
-- @assert: record_count > 0
-- @assert: no_nulls(service, errors)
CREATE STREAM error_rates AS SELECT service, _window_start AS ws, COUNT(*) AS errors FROM logs GROUP BY service WINDOW TUMBLING(1m)`);
    expect(model.diagnostics).toEqual([]);
    const s = model.statements[0];
    expect(s.alerts).toMatchObject([{ name: 'error_rates_alert_1', forMs: 300_000, severity: 'critical', condition: { columns: ['errors'] } }]);
    expect(s.viz).toMatchObject([{ kind: 'line', x: 'ws', y: ['errors'], series: 'service', title: 'Errors' }]);
    expect(s.asserts.map((a) => a.assertion)).toEqual([
      { type: 'record_count', greater_than: 0 },
      { type: 'no_nulls', fields: ['service', 'errors'] },
    ]);
  });

  test('bad ★ values are errors', () => {
    expect(codesOf(`-- @alert: errors >\n${CREATE}`)).toEqual(['VA420']);
    expect(codesOf(`-- @alert: n > 1\n-- @alert_for: 5 minutes\n-- @alert_severity: loud\n${CREATE}`)).toEqual(['VA421', 'VA422']);
    expect(codesOf(`-- @viz: donut\n${CREATE}`)).toEqual(['VA423']);
    expect(codesOf(`-- @viz: bar colour=red\n${CREATE}`)).toEqual(['VA424']);
    expect(codesOf(`-- @assert: looks good\n${CREATE}`)).toEqual(['VA425']);
    expect(read(`-- @viz: indicator\n${CREATE}`).statements[0].viz[0].kind).toBe('gauge');
  });

  test('the validator checks ★ columns against the output schema', () => {
    const sql = `-- @alert: erors > 1\n-- @viz: line x=symbol y=n,volume\n-- @assert: no_nulls(price)\n${CREATE}`;
    expect(validate(sql).map((d) => [d.code, d.message, d.hint])).toEqual([
      ['VA426', "unknown column 'erors' in @alert", 'the output columns are: symbol, price, n'],
      ['VA426', "unknown column 'volume' in @viz", 'the output columns are: symbol, price, n'],
    ]);
  });
});
