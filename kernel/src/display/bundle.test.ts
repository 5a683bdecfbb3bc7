import { Scaled, Timestamp } from '@velostream/engine';
import { liveBundle, staticBundle } from './bundle';
import { RESULT_MIME } from './result-json';
import type { ResultView } from './types';
import { chartSvg, col, meta } from '../../test/helpers/display';

const view = (overrides: Partial<ResultView> = {}): ResultView => ({
  meta: meta({ columns: [col('x', 'INTEGER')] }),
  rows: [[3]],
  shown: [[3]],
  counters: { records_in: 10240, records_out: 57, rows_kept: 57, rows_evicted: 0, late_records: 0, updates_sent: 3 },
  timing: { startedAt: Date.UTC(2026, 0, 1), updatedAt: Date.UTC(2026, 0, 1) + 5000 },
  rowLimit: 50,
  htmlRowLimit: 50,
  ...overrides,
});

describe('static bundle', () => {
  it('SELECT 1 + 2 AS x gives exactly "1 row\\nx\\n-\\n3" and all three MIME types', () => {
    const data = staticBundle(view());
    expect(data['text/plain']).toBe('1 row\nx\n-\n3');
    expect(Object.keys(data).sort()).toEqual(['application/vnd.velostream.result+json', 'text/html', 'text/plain']);
  });
});

describe('live bundle', () => {
  const windowed = meta({
    mode: 'update',
    job: 'q12_1',
    columns: [col('symbol', 'STRING', 'group_key'), col('window_end', 'TIMESTAMP', 'window_end'), col('avg_price', 'DECIMAL(2)')],
    keys: { group: ['symbol'], window: { kind: 'tumbling', size_ms: 60000 } },
    viz: { kind: 'line', x: 'window_end', y: ['avg_price'], series: 'symbol', title: null, origin: 'inferred' },
  });
  const rows = [
    ['MSFT', new Timestamp(Date.UTC(2026, 0, 1, 10, 2)), new Scaled(41105, 2)],
    ['AAPL', new Timestamp(Date.UTC(2026, 0, 1, 10, 2)), new Scaled(18920, 2)],
    ['AAPL', new Timestamp(Date.UTC(2026, 0, 1, 10, 1)), new Scaled(18900, 2)],
  ];

  it('text/plain: summary line with counts, rate, elapsed and job, then the cut table', () => {
    const data = liveBundle(view({ meta: windowed, rows, shown: rows, rowLimit: 2 }));
    expect(data['text/plain']).toBe(
      [
        'running · showing 2 of 3 rows (update) · in 10,240 · out 57 · 2,048 rec/s · 5.0 s · job q12_1 · %stop q12_1',
        'symbol | window_end              | avg_price',
        '-------+-------------------------+----------',
        'MSFT   | 2026-01-01 10:02:00.000 |    411.05',
        'AAPL   | 2026-01-01 10:02:00.000 |    189.20',
      ].join('\n'),
    );
  });

  it('text/html: escaped summary, the SVG chart as an image at the output width, a table of at most rowLimit rows, no scripts', () => {
    const html = liveBundle(view({ meta: { ...windowed, statement: '<b>' }, rows: [...rows, ['<script>', null, null]], shown: rows, rowLimit: 2, htmlRowLimit: 2 }))['text/html'] as string;
    // an <img>, not inline <svg>: JupyterLab's sanitizer strips <svg> from untrusted outputs
    expect(html).not.toContain('<svg');
    expect(html).toMatch(/<img class="velostream-chart" src="data:image\/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="avg_price by window_end" width="100%"/);
    const svg = chartSvg(html)!;
    expect(svg).toContain('role="img"');
    expect(svg).toContain('viewBox="0 0 640 200"');
    expect(svg).toContain('<title>avg_price by window_end</title>');
    expect(html.match(/<tr>/g)).toHaveLength(3); // header + 2 rows
    expect(html).toContain('<td style="text-align:right">411.05</td>');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('http://www.w3.org/1999');
  });

  it('result+json v1 carries every key of §3.4 with decimals as strings and window bounds as epoch ms', () => {
    const json = liveBundle(view({ meta: windowed, rows, shown: rows }))[RESULT_MIME] as Record<string, unknown>;
    expect(json).toEqual({
      version: 1,
      display_id: 'vs-12345678-1',
      query_id: 'q1',
      job: 'q12_1',
      statement: 'SELECT * FROM t',
      statement_index: 0,
      status: 'running',
      end_reason: null,
      mode: 'update',
      emit: 'default',
      bounded: true,
      columns: [
        { name: 'symbol', type: 'STRING', role: 'group_key' },
        { name: 'window_end', type: 'TIMESTAMP', role: 'window_end' },
        { name: 'avg_price', type: 'DECIMAL(2)', role: 'value' },
      ],
      rows: [
        ['MSFT', Date.UTC(2026, 0, 1, 10, 2), '411.05'],
        ['AAPL', Date.UTC(2026, 0, 1, 10, 2), '189.20'],
        ['AAPL', Date.UTC(2026, 0, 1, 10, 1), '189.00'],
      ],
      keys: { group: ['symbol'], window: { kind: 'tumbling', size_ms: 60000 } },
      viz: { kind: 'line', x: 'window_end', y: ['avg_price'], series: 'symbol', title: null, origin: 'inferred' },
      counters: { records_in: 10240, records_out: 57, rows_kept: 57, rows_evicted: 0, late_records: 0, updates_sent: 3 },
      timing: { started_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:05.000Z', elapsed_ms: 5000, records_per_second: 2048 },
      sources: ['t'],
      sinks: [],
      error: null,
    });
  });

  it('JSON values: big integers and non-finite floats as strings, timestamps as ISO with Z', () => {
    const m = meta({ columns: [col('a', 'INTEGER'), col('b', 'FLOAT'), col('c', 'TIMESTAMP')] });
    const row = [2n ** 60n, Number.NEGATIVE_INFINITY, new Timestamp(0)];
    const json = liveBundle(view({ meta: m, rows: [row], shown: [row] }))[RESULT_MIME] as { rows: unknown[][] };
    expect(json.rows).toEqual([['1152921504606846976', '-Infinity', '1970-01-01T00:00:00.000Z']]);
  });

  it('aligns strings and window bounds left, numbers right, each header with its column (text and HTML)', () => {
    const m = meta({ mode: 'update', columns: [col('symbol', 'STRING', 'group_key'), col('ws', 'INTEGER', 'window_start'), col('avg', 'FLOAT')] });
    const row = ['MSFT', Date.UTC(2026, 0, 1, 10, 2), 15.024388397846185];
    const data = liveBundle(view({ meta: m, rows: [row], shown: [row] }));
    expect(data['text/html']).toContain(
      '<th style="text-align:left" title="STRING">symbol</th><th style="text-align:left" title="INTEGER">ws</th><th style="text-align:right" title="FLOAT">avg</th>',
    );
    expect(data['text/html']).toContain(
      '<td style="text-align:left">MSFT</td><td style="text-align:left">2026-01-01 10:02:00.000</td><td style="text-align:right">15.024388</td>',
    );
    expect((data['text/plain'] as string).split('\n').slice(1)).toEqual([
      'symbol | ws                      |       avg',
      '-------+-------------------------+----------',
      'MSFT   | 2026-01-01 10:02:00.000 | 15.024388',
    ]);
    expect((data[RESULT_MIME] as { rows: unknown[][] }).rows[0][2]).toBe(15.024388397846185);
  });

  it('append mode: the newest rows, how many the query produced and how many are kept', () => {
    const m = meta({ columns: [col('n', 'INTEGER')] });
    const kept = Array.from({ length: 1000 }, (_, i) => [i]);
    const counters = { records_in: 15095, records_out: 15095, rows_kept: 1000, rows_evicted: 14095, late_records: 0, updates_sent: 3 };
    const data = liveBundle(view({ meta: m, rows: kept, shown: [...kept].reverse(), counters, rowLimit: 50, htmlRowLimit: 10 }));
    expect(data['text/html']).toContain('newest 10 of 15,095 rows (append, 1,000 kept)');
    expect((data['text/html'] as string).match(/<tr>/g)).toHaveLength(11);
    expect((data['text/plain'] as string).split('\n')[0]).toContain('newest 50 of 15,095 rows (append, 1,000 kept)');
    expect((data['text/plain'] as string).split('\n')[3]).toBe('999');
  });

  it('end states: done after a --for bound, stopped with its cause', () => {
    const summary = (m: Partial<ResultView['meta']>) => (liveBundle(view({ meta: meta({ columns: [col('x', 'INTEGER')], ...m }) }))['text/plain'] as string).split(' · ')[0];
    expect(summary({ status: 'done', end: { reason: 'for', ms: 6000 } })).toBe('done (--for 6 s)');
    expect(summary({ status: 'done', end: { reason: 'complete' } })).toBe('done');
    expect(summary({ status: 'stopped', end: { reason: 'stop' } })).toBe('stopped (%stop)');
    expect(summary({ status: 'stopped', end: { reason: 'batch_timeout', ms: 60000 } })).toBe('stopped at batch_timeout (60 s)');
  });

  it('a failed result names the error in the summary', () => {
    const failed = meta({ status: 'failed', columns: [col('x', 'INTEGER')], error: { ename: 'ExecutionError', evalue: 'boom', line: null, column: null } });
    expect((liveBundle(view({ meta: failed, rows: [], shown: [] }))['text/plain'] as string).split('\n')[0]).toBe(
      'failed · 0 rows (append) · in 10,240 · out 57 · 2,048 rec/s · 5.0 s · ExecutionError: boom',
    );
  });
});
