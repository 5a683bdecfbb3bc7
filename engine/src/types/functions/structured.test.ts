import { Scaled, Struct } from '../values/types';
import { formatValue } from '../values/format';
import { valueErrorCode } from '../values/testkit';
import { callFunction as call, testContext, testRecord } from './testkit';

describe('conditional functions and CAST', () => {
  test('COALESCE returns the first non-NULL argument', () => {
    expect(call('COALESCE', [null, null, 3])).toBe(3);
    expect(call('COALESCE', [null, 'unknown'])).toBe('unknown');
    expect(call('COALESCE', [null])).toBeNull();
  });

  test('NULLIF compares with =, so 12.50 and 12.5 are equal', () => {
    expect(call('NULLIF', [5, 5])).toBeNull();
    expect(call('NULLIF', [new Scaled(1250, 2), 12.5])).toBeNull();
    expect(call('NULLIF', [5, 6])).toBe(5);
    expect(call('NULLIF', [null, 1])).toBeNull();
  });

  test("CAST(x, 'TYPE') function form", () => {
    expect(call('CAST', ['12', 'INTEGER'])).toBe(12);
    expect(call('CAST', [null, 'INTEGER'])).toBeNull();
    expect(valueErrorCode(() => call('CAST', [1, 'MONEY']))).toBe('ARGUMENT_ERROR');
    expect(valueErrorCode(() => call('CAST', ['x', 'INTEGER']))).toBe('CAST_ERROR');
  });
});

describe('JSON functions', () => {
  const doc = '{"user":{"id":42,"name":"Ann","tags":["a","b"]},"items":[{"price":1.5}],"ok":true,"none":null}';

  test('JSON_VALUE / JSON_EXTRACT return scalars, containers as JSON text, NULL when absent', () => {
    expect(call('JSON_VALUE', [doc, '$.user.id'])).toBe(42);
    expect(call('JSON_VALUE', [doc, '$.user.name'])).toBe('Ann');
    expect(call('JSON_EXTRACT', [doc, '$.items.0.price'])).toBe(1.5);
    expect(call('JSON_VALUE', [doc, '$.ok'])).toBe(true);
    expect(call('JSON_VALUE', [doc, '$.user.tags'])).toBe('["a","b"]');
    expect(call('JSON_VALUE', [doc, '$.missing'])).toBeNull();
    expect(call('JSON_VALUE', [doc, '$.none'])).toBeNull();
    expect(call('JSON_VALUE', ['not json', '$.a'])).toBeNull();
    expect(call('JSON_VALUE', [new Map([['a', new Map([['b', 1]])]]), '$.a.b'])).toBe(1);
  });

  test('JSON_QUERY returns objects and arrays only', () => {
    expect(call('JSON_QUERY', [doc, '$.user.tags'])).toBe('["a","b"]');
    expect(call('JSON_QUERY', [doc, '$.items.0'])).toBe('{"price":1.5}');
    expect(call('JSON_QUERY', [doc, '$.user.id'])).toBeNull();
  });

  test('JSON_EXISTS is TRUE for a present path, even holding null', () => {
    expect(call('JSON_EXISTS', [doc, '$.none'])).toBe(true);
    expect(call('JSON_EXISTS', [doc, '$.user.tags.1'])).toBe(true);
    expect(call('JSON_EXISTS', [doc, '$.user.tags.2'])).toBe(false);
    expect(call('JSON_EXISTS', ['{', '$.a'])).toBe(false);
  });

  test('wildcards, filters and negative indexes are errors', () => {
    expect(valueErrorCode(() => call('JSON_VALUE', [doc, '$.items[*]']))).toBe('ARGUMENT_ERROR');
    expect(valueErrorCode(() => call('JSON_VALUE', [doc, '$.items.-1']))).toBe('ARGUMENT_ERROR');
    expect(valueErrorCode(() => call('JSON_VALUE', [doc, '$.items[?(@.price > 1)]']))).toBe('ARGUMENT_ERROR');
  });
});

describe('collections', () => {
  test('constructors', () => {
    expect(call('ARRAY', [1, null, 'a'])).toEqual([1, null, 'a']);
    expect(formatValue(call('STRUCT', ['id', 1, 'name', 'x']))).toBe('{"id":1,"name":"x"}');
    expect(call('STRUCT', [1, 2, 3])).toEqual(new Struct(new Map([['field0', 1], ['field1', 2], ['field2', 3]])));
    expect(call('MAP', ['a', 1, 'b', 2])).toEqual(new Map([['a', 1], ['b', 2]]));
    expect(valueErrorCode(() => call('MAP', ['a']))).toBe('ARGUMENT_ERROR');
  });

  test('accessors take arrays, maps, structs and JSON text', () => {
    expect(call('ARRAY_LENGTH', [[1, 2, 3]])).toBe(3);
    expect(call('ARRAY_LENGTH', ['[1,2]'])).toBe(2);
    expect(call('ARRAY_CONTAINS', [[1, new Scaled(1250, 2)], 12.5])).toBe(true);
    expect(call('ARRAY_CONTAINS', [['a'], 1])).toBe(false);
    expect(call('MAP_KEYS', [new Map([['a', 1], ['b', 2]])])).toEqual(['a', 'b']);
    expect(call('MAP_VALUES', [new Map([['a', 1], ['b', 2]])])).toEqual([1, 2]);
    expect(call('MAP_KEYS', ['{"x":1}'])).toEqual(['x']);
    expect(call('MAP_KEYS', [call('STRUCT', ['k', 1])])).toEqual(['k']);
    expect(valueErrorCode(() => call('ARRAY_LENGTH', [5]))).toBe('TYPE_ERROR');
  });
});

describe('header functions (§10.3)', () => {
  const withHeaders = () => testContext({ record: testRecord({ headers: new Map([['tenant', 'acme'], ['trace', 't1']]) }) });

  test('HEADER, HAS_HEADER, HEADER_KEYS read the record headers (keys case-sensitive)', () => {
    const ctx = withHeaders();
    expect(call('HEADER', ['tenant'], ctx)).toBe('acme');
    expect(call('HEADER', ['Tenant'], ctx)).toBeNull();
    expect(call('HAS_HEADER', ['trace'], ctx)).toBe(true);
    expect(call('HAS_HEADER', ['x'], ctx)).toBe(false);
    expect(call('HEADER_KEYS', [], ctx)).toBe('tenant,trace');
    expect(call('HEADER_KEYS', [])).toBe('');
    expect(call('HAS_HEADER', ['x'])).toBe(false);
  });

  test('SET_HEADER stores and returns the value as text; NULL becomes "null"', () => {
    const ctx = withHeaders();
    expect(call('SET_HEADER', ['risk', new Scaled(1250, 2)], ctx)).toBe('12.50');
    expect(ctx.record.headers?.get('risk')).toBe('12.50');
    expect(call('SET_HEADER', ['tenant', null], ctx)).toBe('null');
    expect(ctx.record.headers?.get('tenant')).toBe('null');
    const bare = testContext();
    call('SET_HEADER', ['a', true], bare);
    expect(bare.record.headers).toEqual(new Map([['a', 'true']]));
  });

  test('REMOVE_HEADER returns the old value, NULL when absent', () => {
    const ctx = withHeaders();
    expect(call('REMOVE_HEADER', ['tenant'], ctx)).toBe('acme');
    expect(ctx.record.headers?.has('tenant')).toBe(false);
    expect(call('REMOVE_HEADER', ['tenant'], ctx)).toBeNull();
  });
});
