import { Scaled, Timestamp } from '@velostream/engine';
import { textTable } from './text-table';
import { col } from '../../test/helpers/display';

describe('textTable', () => {
  it('renders SELECT 1 + 2 AS x exactly', () => {
    expect(textTable([col('x', 'INTEGER')], [[3]])).toBe('x\n-\n3');
  });

  it('right-aligns numbers, left-aligns the rest, trims trailing spaces, prints NULL', () => {
    const columns = [col('symbol', 'STRING'), col('window_end', 'TIMESTAMP', 'window_end'), col('avg_price', 'DECIMAL(2)')];
    const rows = [
      ['MSFT', new Timestamp(Date.UTC(2026, 0, 1, 10, 2)), new Scaled(41105, 2)],
      ['AAPL', null, new Scaled(18920, 2)],
    ];
    expect(textTable(columns, rows)).toBe(
      [
        'symbol | window_end              | avg_price',
        '-------+-------------------------+----------',
        'MSFT   | 2026-01-01 10:02:00.000 |    411.05',
        'AAPL   | NULL                    |    189.20',
      ].join('\n'),
    );
  });

  it('prints epoch-ms window bounds as timestamps and cuts cells at 40 characters', () => {
    const text = textTable([col('ws', 'INTEGER', 'window_start'), col('s', 'STRING')], [[0, 'x'.repeat(50)]]);
    const row = text.split('\n')[2];
    expect(row.startsWith('1970-01-01 00:00:00.000 | ')).toBe(true);
    expect(row.endsWith('x'.repeat(39) + '…')).toBe(true);
  });
});
