import {
  columnRows,
  jobCounters,
  metricRows,
  newQueryCell,
  RateHistory,
  sourceSummary,
} from './catalog-model';
import type { Catalog, CatalogJob, CatalogSource } from './types';

const TRADES: CatalogSource = {
  name: 'trades',
  kind: 'stream',
  bounded: false,
  binding: 'kafka',
  topic: 'trades-v1',
  key_field: 'symbol',
  event_time: 'ts',
  columns: [
    { name: 'symbol', type: 'STRING', nullable: false, role: 'key' },
    { name: 'price', type: 'DECIMAL(2)', nullable: true, role: 'value' },
    { name: 'ts', type: 'TIMESTAMP', nullable: false, role: 'value' },
  ],
};

function job(name: string, rate: number, status = 'running'): CatalogJob {
  return {
    name,
    status,
    rate,
    records_in: 12345,
    records_out: 67,
    cell_id: null,
    display_id: 'd',
    statement: 'SELECT 1',
    started_at: '',
    error: null,
  };
}

function catalog(jobs: CatalogJob[]): Catalog {
  return { connections: [], sources: [TRADES], jobs, metrics: [], params: [], settings: {} };
}

describe('schema browser model', () => {
  it('marks the key and the event-time column and keeps types', () => {
    expect(columnRows(TRADES)).toEqual([
      { name: 'symbol', type: 'STRING', nullable: false, marks: ['key'] },
      { name: 'price', type: 'DECIMAL(2)', nullable: true, marks: [] },
      { name: 'ts', type: 'TIMESTAMP', nullable: false, marks: ['event time'] },
    ]);
  });

  it('summarises a source and writes the New query cell over its columns', () => {
    expect(sourceSummary(TRADES)).toBe('stream · unbounded · kafka (trades-v1)');
    expect(
      sourceSummary({ ...TRADES, bounded: true, binding: 'synthetic', topic: undefined }),
    ).toBe('stream · bounded · synthetic');
    expect(newQueryCell(TRADES)).toBe('SELECT symbol, price, ts FROM trades LIMIT 10;');
    expect(newQueryCell({ ...TRADES, columns: [] })).toBe('SELECT * FROM trades LIMIT 10;');
  });

  it('formats job counters and one metric row per series', () => {
    expect(jobCounters(job('j', 1500))).toBe('12,345 in · 67 out · 1,500/s');
    const metrics = metricRows({
      ...catalog([]),
      metrics: [
        {
          name: 'velo_records_in_total',
          type: 'counter',
          help: '',
          job: 'j',
          series: [
            { labels: { symbol: 'AAPL' }, value: 4200 },
            { labels: {}, value: 7 },
          ],
        },
      ],
    });
    expect(metrics).toEqual([
      { name: 'velo_records_in_total', job: 'j', labels: 'symbol=AAPL', value: '4,200' },
      { name: 'velo_records_in_total', job: 'j', labels: '', value: '7' },
    ]);
  });

  it('draws the last 60 s of a running job’s rate and forgets older samples and unlisted jobs', () => {
    const history = new RateHistory();
    history.record(catalog([job('a', 0)]), 0);
    expect(history.sparkline('a', 0, 60, 10)).toBe(''); // one sample draws no line
    history.record(catalog([job('a', 100)]), 30_000);
    history.record(catalog([job('a', 50)]), 60_000);
    // x: seconds into the window; y: rate scaled to the highest (100), a pixel inside the box.
    expect(history.sparkline('a', 60_000, 60, 10)).toBe('30,1 60,5');
    history.record(catalog([job('a', 50, 'stopped')]), 61_000);
    expect(history.sparkline('a', 61_000, 60, 10)).toBe('29,1 59,5'); // stopped: no new sample
    history.record(catalog([]), 62_000);
    expect(history.sparkline('a', 62_000, 60, 10)).toBe('');
  });
});
