import { Scaled, SqlDate, Timestamp } from '../../types/values/types';
import { encodeWireJson, RecordWriter, wireJsonEncoder } from './wire';

const ROW = {
  s: 'a "q"',
  i: 42,
  f: 1.5,
  d: new Scaled(12340, 2),
  small: new Scaled(-5, 3),
  b: true,
  t: new Timestamp(Date.UTC(2025, 0, 1, 12, 30, 0, 0)),
  day: new SqlDate(Date.UTC(2024, 1, 29)),
  n: null,
};

describe('wire JSON (§5.2)', () => {
  it('writes decimals as numbers with P digits, timestamps with milliseconds and no zone, dates as days', () => {
    const expected =
      '{"s":"a \\"q\\"","i":42,"f":1.5,"d":123.40,"small":-0.005,"b":true,"t":"2025-01-01T12:30:00.000","day":"2024-02-29","n":null}';
    expect(encodeWireJson(ROW)).toBe(expected);
    expect(wireJsonEncoder(Object.keys(ROW))(ROW)).toBe(expected);
  });
});

describe('RecordWriter', () => {
  const rows = [
    { a: 1, b: 'x,y' },
    { a: 2, b: null },
  ];

  it('writes JSON Lines', () => {
    const w = new RecordWriter('jsonl', ['a', 'b']);
    expect(w.write(rows) + w.finish()).toBe('{"a":1,"b":"x,y"}\n{"a":2,"b":null}\n');
  });

  it('writes one JSON array across batches', () => {
    const w = new RecordWriter('json', ['a', 'b']);
    expect(w.write(rows.slice(0, 1)) + w.write([]) + w.write(rows.slice(1)) + w.finish()).toBe(
      '[\n{"a":1,"b":"x,y"},\n{"a":2,"b":null}\n]\n',
    );
    const empty = new RecordWriter('json', ['a']);
    expect(empty.finish()).toBe('[]\n');
  });

  it('writes CSV with a header in declaration order, quoting and empty nulls', () => {
    const w = new RecordWriter('csv', ['b', 'a']);
    expect(w.write(rows) + w.finish()).toBe('b,a\n"x,y",1\n,2\n');
    expect(new RecordWriter('csv', ['b', 'a']).finish()).toBe('b,a\n');
  });
});
