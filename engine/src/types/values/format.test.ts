import { Interval, Scaled, SqlDate, Struct, Timestamp } from './types';
import { fieldsToJson, formatFloat, formatValue, toJson } from './format';
import { parseIsoTimestamp } from './time';

describe('formatValue (§5.4 printing)', () => {
  test('ScaledInteger prints exactly `scale` fraction digits', () => {
    expect(formatValue(new Scaled(12345, 2))).toBe('123.45');
    expect(formatValue(new Scaled(1250, 2))).toBe('12.50');
    expect(formatValue(new Scaled(-5, 2))).toBe('-0.05');
    expect(formatValue(new Scaled(0, 3))).toBe('0.000');
    expect(formatValue(new Scaled(42, 0))).toBe('42');
    expect(formatValue(new Scaled(12345678901234567890123n, 4))).toBe('1234567890123456789.0123');
  });

  test('Float prints shortest round-trip text without exponent', () => {
    expect(formatValue(20.0)).toBe('20');
    expect(formatValue(3.5)).toBe('3.5');
    expect(formatValue(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatFloat(1e21)).toBe('1000000000000000000000');
    expect(formatFloat(1.5e-7)).toBe('0.00000015');
    expect(formatFloat(-2.5e-7)).toBe('-0.00000025');
    expect(formatFloat(1.234e22)).toBe('12340000000000000000000');
  });

  test('Timestamp prints ISO without zone, milliseconds only when non-zero', () => {
    const ms = Date.UTC(2024, 0, 1, 10, 0, 0);
    expect(formatValue(new Timestamp(ms))).toBe('2024-01-01T10:00:00');
    expect(formatValue(new Timestamp(ms + 7))).toBe('2024-01-01T10:00:00.007');
    expect(formatValue(new SqlDate(Date.UTC(2024, 1, 29)))).toBe('2024-02-29');
  });

  test('scalars, NULL, intervals and containers', () => {
    expect(formatValue(true)).toBe('true');
    expect(formatValue(false)).toBe('false');
    expect(formatValue(null)).toBe('');
    expect(formatValue(9007199254740993n)).toBe('9007199254740993');
    expect(formatValue(new Interval(300_000))).toBe('300000');
    expect(formatValue([1, 'a', null, new Scaled(1250, 2)])).toBe('[1,"a",null,12.50]');
    expect(formatValue(new Map([['k', true]]))).toBe('{"k":true}');
    expect(formatValue(new Struct(new Map([['x', [1, 2]]])))).toBe('{"x":[1,2]}');
  });
});

describe('toJson', () => {
  test('decimals are exact strings, instants ISO strings, big integers exact literals', () => {
    expect(toJson(new Scaled(1250, 2))).toBe('"12.50"');
    expect(toJson(new Timestamp(Date.UTC(2024, 0, 1)))).toBe('"2024-01-01T00:00:00"');
    expect(toJson(12345678901234567890n)).toBe('12345678901234567890');
    expect(toJson(NaN)).toBe('null');
    expect(toJson('say "hi"')).toBe('"say \\"hi\\""');
    expect(fieldsToJson({ a: 1, b: null, c: [new Scaled(1, 1)] })).toBe('{"a":1,"b":null,"c":["0.1"]}');
  });
});

describe('parseIsoTimestamp', () => {
  test('dates, date-times, fractions and zones', () => {
    expect(parseIsoTimestamp('2024-01-01')).toBe(Date.UTC(2024, 0, 1));
    expect(parseIsoTimestamp('2024-01-01T10:00:00')).toBe(Date.UTC(2024, 0, 1, 10));
    expect(parseIsoTimestamp('2024-01-01 10:00:00.5')).toBe(Date.UTC(2024, 0, 1, 10, 0, 0, 500));
    expect(parseIsoTimestamp('2024-01-01T10:00:00Z')).toBe(Date.UTC(2024, 0, 1, 10));
    expect(parseIsoTimestamp('2024-01-01T10:00:00+02:00')).toBe(Date.UTC(2024, 0, 1, 8));
    expect(parseIsoTimestamp('2024-02-30')).toBeNull();
    expect(parseIsoTimestamp('hello')).toBeNull();
  });
});
