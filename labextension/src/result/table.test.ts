import { cellView, shortFloat } from './cells';
import { toCsv, toTsv } from './export';
import { col } from './fixtures.test-util';
import { nextSort, sortedOrder } from './sort';
import { errorText, summaryText } from './summary';
import { resultModel } from './fixtures.test-util';

describe('table cells', () => {
  it('shows floats with at most 6 decimals and the full value on hover', () => {
    expect(cellView(0.123456789, col('x', 'FLOAT'))).toEqual({ text: '0.123457', title: '0.123456789', kind: 'number' });
    expect(cellView(2.5, col('x', 'FLOAT'))).toEqual({ text: '2.5', title: undefined, kind: 'number' });
    expect(shortFloat(-0.0000001)).toBe('0');
  });

  it('keeps DECIMAL strings exact, marks NULL, prints window bounds and timestamps as instants', () => {
    expect(cellView('411.050', col('p', 'DECIMAL(3)'))).toEqual({ text: '411.050', kind: 'number' });
    expect(cellView(null, col('p', 'FLOAT')).kind).toBe('null');
    expect(cellView(1767261720000, col('w', 'INTEGER', 'window_start')).text).toBe('2026-01-01 10:02:00.000');
    expect(cellView('2026-01-01T10:02:00.000Z', col('t', 'TIMESTAMP')).text).toBe('2026-01-01 10:02:00.000');
    expect(cellView(true, col('b', 'BOOLEAN')).text).toBe('TRUE');
  });
});

describe('sorting', () => {
  const columns = [col('symbol', 'STRING'), col('price', 'DECIMAL(2)')];
  const rows = [
    ['MSFT', '411.05'],
    ['AAPL', '99.50'],
    [null, '100.00'],
    ['GOOG', null],
  ];

  it('sorts numbers numerically and text by locale, NULLs last in both directions', () => {
    expect(sortedOrder(rows, columns, { column: 1, descending: false })).toEqual([1, 2, 0, 3]);
    expect(sortedOrder(rows, columns, { column: 1, descending: true })).toEqual([0, 2, 1, 3]);
    expect(sortedOrder(rows, columns, { column: 0, descending: false })).toEqual([1, 3, 0, 2]);
    expect(sortedOrder(rows, columns, null)).toEqual([0, 1, 2, 3]);
  });

  it('cycles a header through ascending, descending and snapshot order', () => {
    const first = nextSort(null, 1);
    expect(first).toEqual({ column: 1, descending: false });
    const second = nextSort(first, 1);
    expect(second).toEqual({ column: 1, descending: true });
    expect(nextSort(second, 1)).toBeNull();
    expect(nextSort(second, 0)).toEqual({ column: 0, descending: false });
  });
});

describe('export and header', () => {
  const columns = [col('name', 'STRING'), col('v', 'FLOAT')];
  it('writes RFC 4180 CSV with full values and TSV for the clipboard', () => {
    expect(toCsv(columns, [['a,"b"', 0.123456789], [null, 1]])).toBe('name,v\r\n"a,""b""",0.123456789\r\n,1\r\n');
    expect(toTsv(columns, [['a\tb', 2]])).toBe('name\tv\na b\t2');
  });

  it('summarises rows, counters, rate and time, and errors with their position', () => {
    expect(summaryText(resultModel(columns, [['a', 1], ['b', 2]], {}))).toBe('2 rows · in 10,240 · out 57 · 2,048 rec/s · 5.0 s');
    expect(errorText({ ename: 'ExecutionError', evalue: 'division by zero', line: 3, column: 12 })).toBe('ExecutionError: division by zero (line 3, column 12)');
    expect(errorText({ ename: 'SqlSyntaxError', evalue: 'expected FROM (line 2, column 1)', line: 2, column: 1 })).toBe('SqlSyntaxError: expected FROM (line 2, column 1)');
  });
});
