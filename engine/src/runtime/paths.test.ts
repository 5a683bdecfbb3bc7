import { Struct } from '../types/values/types';
import { readPath } from './paths';

const doc = new Map<string, unknown>([
  ['profile', new Map([['email', 'ada@example.com']])],
  ['positions', new Map([['AAPL', new Map([['shares', 10]])], ['MSFT', new Map([['shares', 5]])]])],
  ['items', [new Map([['name', 'pen']]), new Map([['name', 'ink']])]],
]) as never;

describe('X34 paths into nested values', () => {
  test('fields and 0-based indexes; a missing key or index is NULL', () => {
    expect(readPath(doc, [{ field: 'profile' }, { field: 'email' }])).toBe('ada@example.com');
    expect(readPath(doc, [{ field: 'items' }, { index: 1 }, { field: 'name' }])).toBe('ink');
    expect(readPath(doc, [{ field: 'items' }, { index: 2 }, { field: 'name' }])).toBeNull();
    expect(readPath(doc, [{ field: 'profile' }, { field: 'phone' }])).toBeNull();
    expect(readPath(null, [{ field: 'a' }])).toBeNull();
  });

  test('a wildcard yields an ARRAY of the matches in document order; later steps apply to each', () => {
    expect(readPath(doc, [{ field: 'positions' }, { wildcard: true }, { field: 'shares' }])).toEqual([10, 5]);
    expect(readPath(doc, [{ field: 'items' }, { wildcard: true }, { field: 'name' }])).toEqual(['pen', 'ink']);
    expect(readPath(doc, [{ field: 'items' }, { wildcard: true }, { field: 'price' }])).toEqual([]);
  });

  test('STRUCT values and JSON text (a JSON column is parsed on demand)', () => {
    expect(readPath(new Struct(new Map([['a', 1]])), [{ field: 'a' }])).toBe(1);
    expect(readPath('{"a": {"b": [1, 2, 3]}}', [{ field: 'a' }, { field: 'b' }, { index: 2 }])).toBe(3);
    expect(readPath('not json', [{ field: 'a' }])).toBeNull();
  });
});
