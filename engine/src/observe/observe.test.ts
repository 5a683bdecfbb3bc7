/**
 * The Prometheus metrics of a running job (deploy spec §2). The real Prometheus/Alertmanager/
 * promtool checks are the observability e2e (tests/e2e/observe).
 */
import { readAnnotations } from '../sql/annotationModel';
import { parse } from '../sql/parse';
import type { Batch } from '../types/record';
import { RunnerMetrics } from './metrics';

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

const batch = (rows: Array<[number, string, number]>): Batch =>
  rows.map(([id, symbol, price], i) => ({ fields: { id, symbol, price }, timestamp: 1000 + i, eventTime: null, offset: i, partition: 0, key: null, headers: null }));

async function eventually(check: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await check();
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('runner metrics', () => {
  test('job counters follow progress; @metric gauges/counters (with condition) and @alert gauges follow output', async () => {
    const metrics = new RunnerMetrics();
    const statement = readAnnotations(parse(SQL)).statements[0];
    const progress = { status: 'running' as const, recordsIn: 3, recordsOut: 3, recordErrors: 1, badRecords: 0, lateRecords: 0, droppedTooLate: 0, watermark: null, groups: 0, windows: 0, elapsedMs: 5 };
    const columns = [{ name: 'id', type: 'integer' as const }, { name: 'symbol', type: 'string' as const }, { name: 'price', type: 'integer' as const }];
    const job = metrics.track({ app: 'market', job: 'priced', worker: 'w1' }, () => progress, columns, statement.metrics, statement.alerts);
    job.observe(batch([[1, 'AAPL', 50], [2, 'AAPL', 150], [3, 'MSFT', 600]]));
    await eventually(async () => {
      const text = await metrics.text();
      expect(text).toContain('velo_job_records_in_total{app="market",job="priced",worker="w1"} 3');
      expect(text).toContain('velo_job_errors_total{app="market",job="priced",worker="w1"} 1');
      expect(text).toContain('velo_trade_price{app="market",job="priced",worker="w1",symbol="AAPL"} 150');
      expect(text).toContain('velo_big_trades_total{app="market",job="priced",worker="w1",symbol="AAPL"} 1');
      expect(text).toContain('velo_big_trades_total{app="market",job="priced",worker="w1",symbol="MSFT"} 1');
      expect(text).toContain('velo_alert_condition{app="market",job="priced",worker="w1",alert="priced_alert_1"} 1');
    });
    job.observe(batch([[4, 'MSFT', 90]]));
    progress.recordsIn = 4;
    await eventually(async () => {
      const text = await metrics.text();
      expect(text).toContain('velo_alert_condition{app="market",job="priced",worker="w1",alert="priced_alert_1"} 0');
      expect(text).toContain('velo_job_records_in_total{app="market",job="priced",worker="w1"} 4');
    });
    job.stop();
    expect(await metrics.text()).toContain('velo_job_up{app="market",job="priced",worker="w1"} 0');
  });
});
