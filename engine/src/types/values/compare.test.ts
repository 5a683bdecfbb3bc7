import { Interval, Scaled, SqlDate, Timestamp, type Value } from './types';
import { compositeKey, groupKey, isTruthy, orderCompare, sqlCompare, sqlEquals } from './compare';
import { valueErrorCode } from './testkit';

describe('§5.3 NULL and boolean logic', () => {
  test('equality is two-valued: NULL = NULL is TRUE, NULL = x is FALSE', () => {
    expect(sqlEquals(null, null)).toBe(true);
    expect(sqlEquals(null, 1)).toBe(false);
    expect(sqlEquals('a', null)).toBe(false);
  });

  test('ordering comparisons with a NULL operand report null (the predicate is FALSE)', () => {
    expect(sqlCompare(null, 1)).toBeNull();
    expect(sqlCompare(1, null)).toBeNull();
    expect(sqlCompare(null, null)).toBeNull();
  });

  test('truthiness: Boolean as is, numbers ≠ 0, non-empty String, NULL FALSE, others an error', () => {
    expect([true, false, null, 0, 2, -0.5, '', 'x', new Scaled(0, 2), new Scaled(1, 2), 0n, 3n].map(isTruthy)).toEqual([
      true, false, false, false, true, true, false, true, false, true, false, true,
    ]);
    expect(valueErrorCode(() => isTruthy(new Timestamp(0)))).toBe('TYPE_ERROR');
  });
});

describe('comparisons', () => {
  test('numbers compare by value across Integer, Float and ScaledInteger', () => {
    expect(sqlEquals(new Scaled(1250, 2), new Scaled(125, 1))).toBe(true); // 12.50 = 12.5
    expect(sqlEquals(new Scaled(1250, 2), 12.5)).toBe(true);
    expect(sqlEquals(new Scaled(10000, 2), 100)).toBe(true); // price = 100
    expect(sqlEquals(new Scaled(1, 1), 0.1)).toBe(true);
    expect(sqlEquals(9007199254740993n, 9007199254740992)).toBe(false);
    expect(sqlCompare(new Scaled(1999, 2), 20)).toBe(-1);
    expect(sqlCompare(20.5, new Scaled(2049, 2))).toBe(1);
    expect(sqlCompare(9007199254740993n, 9007199254740992)).toBe(1);
  });

  test('Timestamp, Date and epoch-ms Integer are mutually comparable', () => {
    const t = Date.UTC(2024, 0, 1);
    expect(sqlEquals(new Timestamp(t), t)).toBe(true);
    expect(sqlEquals(new SqlDate(t), new Timestamp(t))).toBe(true);
    expect(sqlCompare(new Timestamp(t), t + 1)).toBe(-1);
    expect(sqlCompare(new Timestamp(t), '2023-12-31T23:59:59')).toBe(1);
  });

  test('Strings compare by code point', () => {
    expect(sqlCompare('apple', 'banana')).toBeLessThan(0);
    expect(sqlCompare('Z', 'a')).toBeLessThan(0);
    expect(sqlCompare('\uFF01', '\u{1F600}')).toBeLessThan(0); // U+FF01 < U+1F600 although UTF-16 orders them the other way
    expect(sqlEquals('a', 'a')).toBe(true);
  });

  test('other mixed pairs are type errors', () => {
    expect(valueErrorCode(() => sqlEquals('1', 1))).toBe('TYPE_ERROR');
    expect(valueErrorCode(() => sqlCompare(true, 1))).toBe('TYPE_ERROR');
    expect(valueErrorCode(() => sqlCompare(new Interval(1), 1))).toBe('TYPE_ERROR');
  });

  test('containers compare element-wise for equality', () => {
    expect(sqlEquals([1, new Scaled(150, 2)], [1, 1.5])).toBe(true);
    expect(sqlEquals(new Map([['a', 1]]), new Map([['a', 1]]))).toBe(true);
    expect(sqlEquals([1, 2], [1])).toBe(false);
  });
});

describe('total order (ORDER BY, MIN/MAX)', () => {
  test('NULL first, numbers by value across types, type classes never throw', () => {
    const values: Value[] = [3, null, 'b', 1.5, new Scaled(100, 2), true, 'a'];
    const sorted = [...values].sort(orderCompare);
    expect(sorted).toEqual([null, true, new Scaled(100, 2), 1.5, 3, 'a', 'b']);
  });
});

describe('grouping keys', () => {
  test('equal numbers share a key whatever their type or scale', () => {
    expect(groupKey(new Scaled(1250, 2))).toBe(groupKey(new Scaled(125, 1)));
    expect(groupKey(new Scaled(125, 1))).toBe(groupKey(12.5));
    expect(groupKey(new Scaled(1000, 2))).toBe(groupKey(10));
    expect(groupKey(new Scaled(1000, 0))).not.toBe(groupKey(1));
    expect(groupKey(9007199254740993n)).not.toBe(groupKey(9007199254740992));
  });

  test('different types and NULL have distinct keys', () => {
    expect(new Set([null, '1', 1, true, 'N', new Timestamp(1)].map(groupKey)).size).toBe(6);
  });

  test('composite keys do not collide when strings contain separators', () => {
    expect(compositeKey(['a|b', 'c'])).not.toBe(compositeKey(['a', 'b|c']));
    expect(compositeKey(['a\u0000', 'b'])).not.toBe(compositeKey(['a', '\u0000b']));
    expect(compositeKey([new Scaled(150, 2), 'x'])).toBe(compositeKey([1.5, 'x']));
  });
});
