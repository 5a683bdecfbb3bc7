/**
 * The Prometheus metrics of a running job (deploy spec §2). The real Prometheus/Alertmanager/
 * promtool checks are the observability e2e (tests/e2e/observe).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { QueryProgressSnapshot } from '../api/query';
import { readAnnotations } from '../sql/annotationModel';
import { parse } from '../sql/parse';
import type { Batch } from '../types/record';
import { RunnerMetrics } from './metrics';

/** An app with a gauge, a conditional counter and an @alert. */
const SQL = fs.readFileSync(path.resolve(__dirname, '../../test/fixtures/deploy/market.sql'), 'utf8');

const batch = (rows: Array<[number, string, number]>): Batch =>
  rows.map(([id, symbol, price], i) => ({ fields: { id, symbol, price }, timestamp: 1000 + i, eventTime: null, offset: i, partition: 0, key: null, headers: null }));

const PROGRESS: QueryProgressSnapshot = { status: 'running', recordsIn: 0, recordsOut: 0, recordErrors: 0, badRecords: 0, lateRecords: 0, droppedTooLate: 0, duplicates: 0, replayed: 0, kafkaLag: null, watermark: null, groups: 0, windows: 0, elapsedMs: 5 };

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
    const progress = { ...PROGRESS, recordsIn: 3, recordsOut: 3, recordErrors: 1 };
    const columns = [{ name: 'id', type: 'integer' as const }, { name: 'symbol', type: 'string' as const }, { name: 'price', type: 'integer' as const }];
    const job = metrics.track({ app: 'market', job: 'priced', worker: 'w1' }, () => progress, columns, [], statement.metrics, statement.alerts);
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

  test('@alert state is kept per output key: each key fires and resolves on its own (dialect spec §13.6)', async () => {
    const metrics = new RunnerMetrics();
    const sql = `-- @alert: errors > 100
CREATE TABLE per_service AS SELECT service PRIMARY KEY, COUNT(*) AS errors FROM logs GROUP BY service
WITH ('logs.type' = 'file_source', 'logs.path' = './logs.csv', 'logs.format' = 'csv');`;
    const statement = readAnnotations(parse(sql)).statements[0];
    const columns = [{ name: 'service', type: 'string' as const }, { name: 'errors', type: 'integer' as const }];
    const rows = (pairs: Array<[string, number]>): Batch => pairs.map(([service, errors], i) => ({ fields: { service, errors }, timestamp: i, eventTime: null, offset: i, partition: 0, key: null, headers: null }));
    const job = metrics.track({ app: 'ops', job: 'per_service', worker: 'w1' }, () => PROGRESS, columns, ['service'], statement.metrics, statement.alerts);
    job.observe(rows([['api', 150], ['db', 20], ['api', 170]]));
    await eventually(async () => {
      const text = await metrics.text();
      expect(text).toContain('velo_alert_condition{app="ops",job="per_service",worker="w1",alert="per_service_alert_1",key="api"} 1');
      expect(text).toContain('velo_alert_condition{app="ops",job="per_service",worker="w1",alert="per_service_alert_1",key="db"} 0');
    });
    // db rising does not resolve api; api's own FALSE record does.
    job.observe(rows([['db', 120]]));
    await eventually(async () => expect(await metrics.text()).toContain('alert="per_service_alert_1",key="db"} 1'));
    expect(await metrics.text()).toContain('alert="per_service_alert_1",key="api"} 1');
    job.observe(rows([['api', 10]]));
    await eventually(async () => expect(await metrics.text()).toContain('alert="per_service_alert_1",key="api"} 0'));
    expect(await metrics.text()).toContain('alert="per_service_alert_1",key="db"} 1');
    job.stop();
  });
});
