import { Scaled, SqlDate, Timestamp } from './types';
import { castTargetOf, castValue } from './cast';
import { formatValue } from './format';
import { valueErrorCode } from './testkit';

const cast = (v: Parameters<typeof castValue>[0], type: string, scale?: number) => {
  const target = castTargetOf(type);
  if (target === null) throw new Error(`unknown type ${type}`);
  return castValue(v, target, scale);
};

describe('CAST (§5.2)', () => {
  test('type names and aliases are case-insensitive; unknown names are rejected', () => {
    expect(castTargetOf('bigint')).toBe('INTEGER');
    expect(castTargetOf('Double')).toBe('FLOAT');
    expect(castTargetOf('varchar')).toBe('STRING');
    expect(castTargetOf('DATETIME')).toBe('TIMESTAMP');
    expect(castTargetOf('numeric')).toBe('DECIMAL');
    expect(castTargetOf('MONEY')).toBeNull();
  });

  test('NULL casts to NULL', () => {
    expect(cast(null, 'INTEGER')).toBeNull();
    expect(cast(null, 'STRING')).toBeNull();
  });

  test('to INTEGER truncates toward zero', () => {
    expect(cast('42', 'INT')).toBe(42);
    expect(cast(' -7 ', 'INT')).toBe(-7);
    expect(cast('12.7', 'INT')).toBe(12);
    expect(cast(-12.7, 'INT')).toBe(-12);
    expect(cast(new Scaled(1299, 2), 'INT')).toBe(12);
    expect(cast('9223372036854775807', 'BIGINT')).toBe(9223372036854775807n);
    expect(cast(true, 'INT')).toBe(1);
  });

  test('to FLOAT, STRING and BOOLEAN', () => {
    expect(cast('1.5e3', 'FLOAT')).toBe(1500);
    expect(cast(new Scaled(1250, 2), 'DOUBLE')).toBe(12.5);
    expect(cast(new Scaled(1250, 2), 'STRING')).toBe('12.50');
    expect(cast(20.0, 'TEXT')).toBe('20');
    expect(cast('yes', 'BOOLEAN')).toBe(true);
    expect(cast('FALSE', 'BOOL')).toBe(false);
    expect(cast(0, 'BOOLEAN')).toBe(false);
  });

  test('Integer ↔ Timestamp use epoch milliseconds; ISO text parses; DATE drops the time', () => {
    expect(cast(0, 'TIMESTAMP')).toEqual(new Timestamp(0));
    expect(cast(new Timestamp(1704103200000), 'INTEGER')).toBe(1704103200000);
    expect(formatValue(cast('2024-01-01T10:00:00', 'TIMESTAMP'))).toBe('2024-01-01T10:00:00');
    expect(cast('2024-03-05T10:30:00', 'DATE')).toEqual(new SqlDate(Date.UTC(2024, 2, 5)));
    expect(formatValue(cast(new Timestamp(Date.UTC(2024, 2, 5, 23, 59)), 'DATE'))).toBe('2024-03-05');
  });

  test('DECIMAL keeps exact digits or rounds to a declared scale; SCALED_INTEGER has scale 4', () => {
    expect(cast('12.50', 'DECIMAL')).toEqual(new Scaled(1250, 2));
    expect(cast(0.1, 'DECIMAL')).toEqual(new Scaled(1, 1));
    expect(cast(7, 'NUMERIC')).toEqual(new Scaled(7, 0));
    expect(formatValue(cast('2.345', 'DECIMAL', 2))).toBe('2.35');
    expect(formatValue(cast('-2.345', 'DECIMAL', 2))).toBe('-2.35');
    expect(formatValue(cast(1.23456, 'SCALED_INTEGER'))).toBe('1.2346');
    expect(formatValue(cast('2.5', 'SCALED_INTEGER'))).toBe('2.5000');
    expect(formatValue(cast(3, 'SCALED_INTEGER'))).toBe('3.0000');
  });

  test('unparseable input is a CAST_ERROR record error, not a crash', () => {
    expect(valueErrorCode(() => cast('abc', 'INTEGER'))).toBe('CAST_ERROR');
    expect(valueErrorCode(() => cast('maybe', 'BOOLEAN'))).toBe('CAST_ERROR');
    expect(valueErrorCode(() => cast('not a date', 'TIMESTAMP'))).toBe('CAST_ERROR');
    expect(valueErrorCode(() => cast('1.2.3', 'DECIMAL'))).toBe('CAST_ERROR');
    expect(valueErrorCode(() => cast(NaN, 'INTEGER'))).toBe('CAST_ERROR');
  });
});
