import { Scaled, SqlDate, Timestamp } from '../../types/values/types';
import { CsvDecoder, parseCsv, type Row } from './csv-decoder';
import { CsvEncoder } from './csv-encoder';
import { inferCell } from './infer';
import { parseFieldType } from './schema';

describe('CSV value inference (§12.3, D4)', () => {
  test.each([
    ['12.50', new Scaled(1250, 2)],
    ['-0.05', new Scaled(-5, 2)],
    ['150.25', new Scaled(15025, 2)],
    ['123456789012345678.5', new Scaled(1234567890123456785n, 1)],
    ['-3', -3],
    ['0', 0],
    ['007', 7],
    ['9007199254740993', 9007199254740993n],
    ['1.5e3', 1500],
    ['2.5E-1', 0.25],
    ['-1e2', -100],
    ['yes', true],
    ['No', false],
    ['TRUE', true],
    ['false', false],
    ['NULL', null],
    ['null', null],
    ['', null],
    ['Null', 'Null'],
    ['+1', '+1'],
    ['1.', '1.'],
    ['.5', '.5'],
    ['1e', '1e'],
    ['12abc', '12abc'],
    ['-', '-'],
    ['AAPL', 'AAPL'],
    ['2024-01-15T10:00:00', new Timestamp(Date.UTC(2024, 0, 15, 10, 0, 0))],
    ['2024-01-15T10:00:00.250', new Timestamp(Date.UTC(2024, 0, 15, 10, 0, 0, 250))],
    ['2025-02-01T10:30:00Z', new Timestamp(Date.UTC(2025, 1, 1, 10, 30))],
    ['2025-02-01T10:30:00+02:00', new Timestamp(Date.UTC(2025, 1, 1, 8, 30))],
    ['2024-01-15 09:30:00', new Timestamp(Date.UTC(2024, 0, 15, 9, 30))],
    ['2023-01-15', new SqlDate(Date.UTC(2023, 0, 15))],
    ['2023-02-29', '2023-02-29'],
    ['2024-13-01T00:00:00', '2024-13-01T00:00:00'],
    ['2024-01-15T10:00:00 UTC', '2024-01-15T10:00:00 UTC'],
  ])('%p', (text, expected) => {
    expect(inferCell(text)).toEqual(expected);
  });

  test('an ISO date-time is written back exactly as it was read', () => {
    const { rows } = parseCsv('ts\n2024-01-15T10:00:00\n2024-01-15T10:00:00.125\n');
    expect(new CsvEncoder().encode(rows)).toBe('ts\n2024-01-15T10:00:00\n2024-01-15T10:00:00.125\n');
  });

  test('decimals keep their textual scale through a read/write round trip', () => {
    const { rows } = parseCsv('price\n2750.50\n100.00\n');
    expect(new CsvEncoder().encode(rows)).toBe('price\n2750.50\n100.00\n');
  });
});

describe('CSV reading', () => {
  test('quoted fields: delimiters, doubled quotes, line breaks; quoted cells stay strings', () => {
    const text = 'id,note,n\r\n1,"a, ""b""",2\r\n2,"line1\nline2","42"\r\n';
    const { rows, problems } = parseCsv(text);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { id: 1, note: 'a, "b"', n: 2 },
      { id: 2, note: 'line1\nline2', n: '42' },
    ]);
  });

  test('blank lines are skipped, a BOM is dropped, the last line needs no line break', () => {
    const { rows, columns } = parseCsv('\uFEFFa;b\n\n1;x\n\n2;y', { delimiter: ';' });
    expect(columns).toEqual(['a', 'b']);
    expect(rows).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  test('a non-ASCII delimiter and non-ASCII text decode as written', () => {
    const { rows, problems } = parseCsv('a¦b¦c\n1¦café¦"x¦y"\n-2.5¦日本¦\n', { delimiter: '¦' });
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { a: 1, b: 'café', c: 'x¦y' },
      { a: new Scaled(-25, 1), b: '日本', c: null },
    ]);
  });

  test('without a header, columns are column_0, column_1, …', () => {
    expect(parseCsv('1,a\n2,b\n', { hasHeader: false }).rows).toEqual([
      { column_0: 1, column_1: 'a' },
      { column_0: 2, column_1: 'b' },
    ]);
  });

  test('a bad row is reported with its line and skipped; later rows still load', () => {
    const text = 'a,b,c\n1,2,3\n4,5\n"multi\nline",7,8\n9,"x"y,10\n11,12,13\n';
    const { rows, problems } = parseCsv(text);
    expect(rows.map((r) => r.a)).toEqual([1, 'multi\nline', 11]);
    expect(problems).toEqual([
      { line: 3, expected: '3 fields', message: 'expected 3 fields, found 2' },
      { line: 6, message: 'unexpected text after the closing quote of field 2' },
    ]);
  });

  test('an unterminated quote at end of input is a bad row, not a crash', () => {
    const { rows, problems } = parseCsv('a,b\n1,2\n3,"open\n');
    expect(rows).toEqual([{ a: 1, b: 2 }]);
    expect(problems).toEqual([{ line: 3, message: 'unterminated quoted field' }]);
  });

  test('a declared schema overrides inference; a misfit names line, column and expected type', () => {
    const schema = new Map(
      [parseFieldType('id', 'string'), parseFieldType('price', 'decimal', 4), parseFieldType('qty', 'integer')].map((f) => [f!.name, f!]),
    );
    const { rows, problems } = parseCsv('id,price,qty\n007,1.5,3\n008,2.25,x\n009,NULL,4\n', { schema });
    expect(rows).toEqual([
      { id: '007', price: new Scaled(15000, 4), qty: 3 },
      { id: '009', price: null, qty: 4 },
    ]);
    expect(problems).toEqual([
      { line: 3, column: 3, field: 'qty', expected: 'integer', message: "column 3 (qty): expected integer, found 'x'" },
    ]);
  });

  test('records split across chunks at any position decode identically', () => {
    const text = 'a,b\n1,"x\ny"\n2,"q""q"\r\n3,z\n';
    const whole = parseCsv(text).rows;
    for (let cut = 1; cut < text.length; cut++) {
      const rows: Row[] = [];
      const decoder = new CsvDecoder({}, () => {
        throw new Error('unexpected problem');
      });
      decoder.push(text.slice(0, cut), rows);
      decoder.push(text.slice(cut), rows);
      decoder.end(rows);
      expect(rows).toEqual(whole);
    }
  });
});

describe('CSV writing', () => {
  test('header and columns in alphabetical order of field name; NULL is empty', () => {
    const out = new CsvEncoder().encode([
      { symbol: 'AAPL', price: new Scaled(15025, 2), volume: 100, flag: null },
      { symbol: 'MSFT', price: new Scaled(35000, 2), volume: 150, flag: true },
    ]);
    expect(out).toBe('flag,price,symbol,volume\n,150.25,AAPL,100\ntrue,350.00,MSFT,150\n');
  });

  test('values are printed per §5.4 (Float without exponent, integral Float without fraction)', () => {
    expect(new CsvEncoder().encode([{ a: 20.0, b: 1e21, c: 0.1 + 0.2 }])).toBe('a,b,c\n20,1000000000000000000000,0.30000000000000004\n');
  });

  test('quoting round trip: delimiter, quotes and line breaks survive write then read', () => {
    const rows = [{ s: 'a,b' }, { s: 'say "hi"' }, { s: 'two\nlines' }, { s: 'cr\r\nlf' }, { s: 'plain' }];
    const text = new CsvEncoder().encode(rows);
    expect(text).toBe('s\n"a,b"\n"say ""hi"""\n"two\nlines"\n"cr\r\nlf"\nplain\n');
    expect(parseCsv(text).rows).toEqual(rows);
  });

  test('columns are fixed by the first batch; a later new field is reported once and left out', () => {
    const dropped: string[] = [];
    const encoder = new CsvEncoder({ onDroppedField: (f) => dropped.push(f) });
    expect(encoder.encode([{ b: 1, a: 2 }])).toBe('a,b\n2,1\n');
    expect(encoder.encode([{ a: 3, c: 4 }, { c: 5 }])).toBe('3,\n,\n');
    expect(dropped).toEqual(['c']);
  });

  test('custom delimiter quotes cells containing it; no header when disabled', () => {
    expect(new CsvEncoder({ delimiter: '|', header: false }).encode([{ x: 'a|b', y: 'c,d' }])).toBe('"a|b"|c,d\n');
  });
});
