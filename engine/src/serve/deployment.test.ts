/**
 * The deployable package of an app (kernel spec §4.6, deploy spec §2): alert rules and their
 * promtool test, the Grafana dashboard against Grafana's schema, the manifest. The real
 * Prometheus/promtool checks are the observability e2e (tests/e2e/observe).
 */
import { validateDashboard } from '../observe/dashboard';
import { buildDeployment } from './deployment';

const SQL = `-- SQL Application: market
-- @metric: velo_trade_price
-- @metric_type: gauge
-- @metric_help: "Last traded price"
-- @metric_labels: symbol
-- @metric_field: price
-- @metric: velo_big_trades_total
-- @metric_type: counter
-- @metric_labels: symbol
-- @metric_condition: price > 100
-- @alert: price > 500
-- @alert_for: 2s
-- @alert_severity: critical
CREATE STREAM priced AS SELECT id, symbol, price FROM trades
WITH ('trades.type' = 'file_source', 'trades.path' = './trades.csv', 'trades.format' = 'csv',
      'priced.type' = 'file_sink', 'priced.path' = './out/priced.csv', 'priced.format' = 'csv');
`;

describe('deployment artifacts', () => {
  const deployment = buildDeployment({ app: 'market', sql: SQL, baseDir: '/data' });

  test('alerts.yml: one rule per @alert over the runner gauge, with its for and severity', () => {
    expect(deployment.files['alerts.yml']).toContain('alert: priced_alert_1');
    expect(deployment.files['alerts.yml']).toMatch(/expr: velo_alert_condition\{app="market", job="priced", alert="priced_alert_1"\}\s+== 1/);
    expect(deployment.files['alerts.yml']).toContain('for: 2s');
    expect(deployment.files['alerts.test.yml']).toContain('alertname: priced_alert_1');
    expect(deployment.untestedAlerts).toEqual([]);
  });

  test('YAML alerts keep their PromQL; ones too complex for a synthetic series are reported untested', () => {
    const d = buildDeployment({ app: 'm2', sql: SQL, baseDir: '/', alerts: [{ name: 'SlowJob', expr: 'velo_job_watermark_lag_seconds > 30', for: '1m' }, { name: 'Ratio', expr: 'rate(a[1m]) / rate(b[1m]) > 2' }] });
    expect(d.alerts.map((a) => a.name)).toEqual(['priced_alert_1', 'SlowJob', 'Ratio']);
    expect(d.files['alerts.test.yml']).toContain('alertname: SlowJob');
    expect(d.untestedAlerts).toEqual(['Ratio']);
    expect(() => buildDeployment({ app: 'm3', sql: SQL, baseDir: '/', alerts: [{ name: 'x', expr: 'up == 0', for: 'soon' }] })).toThrow(/'for' must be a duration/);
  });

  test('the dashboard has a throughput panel per job and panels per @metric, valid against Grafana’s schema', () => {
    const board = JSON.parse(deployment.files['market.dashboard.json']);
    expect(deployment.panels).toEqual(['priced: records per second', 'velo_trade_price', 'velo_trade_price (last)', 'velo_big_trades_total per second']);
    expect(board.templating.list.map((v: { name: string }) => v.name)).toEqual(['datasource', 'app', 'job']);
    expect(validateDashboard(board)).toEqual([]);
    board.panels[0].gridPos.w = 30;
    board.panels[1].kind = 'graph';
    expect(validateDashboard(board)).toEqual(expect.arrayContaining(['/panels/0/gridPos/w: must be <= 24']));
  });

  test('the manifest lists jobs, metrics and checksums; an invalid app is refused with positions', () => {
    expect(deployment.manifest).toMatchObject({ app: 'market', baseDir: '/data', jobs: [{ name: 'priced', sources: ['trades'], sink: 'priced', sinkType: 'file_sink' }] });
    expect(JSON.parse(deployment.files['deploy.json']).checksums['market.sql']).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(() => buildDeployment({ app: 'bad', sql: 'CREATE STREAM x AS SELEC 1 FROM y;', baseDir: '/' })).toThrow(expect.objectContaining({ diagnostics: [expect.objectContaining({ line: 1 })] }));
  });

  test('an app without a header gets one', () => {
    const d = buildDeployment({ app: 'plain', sql: SQL.split('\n').slice(1).join('\n'), baseDir: '/', version: '2.1.0' });
    expect(d.files['plain.sql'].startsWith('-- SQL Application: plain\n-- Version: 2.1.0\n')).toBe(true);
  });
});

