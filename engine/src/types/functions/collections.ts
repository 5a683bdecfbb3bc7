/**
 * ARRAY / STRUCT / MAP constructors and accessors (dialect spec §11.5). Accessors also take JSON
 * text holding an array or object, as the reference does.
 */
import { Struct, type Value } from '../values/types';
import { sqlEquals } from '../values/compare';
import { typeError, ValueError } from '../values/errors';
import { formatValue } from '../values/format';
import { typeName } from '../values/kinds';
import { argumentError } from './args';
import { scalar } from './define';
import { parseJsonText } from './json';
import type { ScalarFunction } from './types';

function structured(v: Value): Value {
  if (typeof v !== 'string') return v;
  return parseJsonText(v) ?? v;
}

function arrayArg(fn: string, v: Value): Value[] {
  const a = structured(v);
  if (Array.isArray(a)) return a;
  throw typeError(`${fn} expects an ARRAY, got ${typeName(v)}`);
}

function entriesArg(fn: string, v: Value): Map<string, Value> {
  const m = structured(v);
  if (m instanceof Map) return m;
  if (m instanceof Struct) return m.fields;
  throw typeError(`${fn} expects a MAP or STRUCT, got ${typeName(v)}`);
}

/** Alternating key/value arguments as a Map; keys are Strings (or Integers, stored as text). */
function pairs(fn: string, args: Value[]): Map<string, Value> {
  if (args.length % 2 !== 0) throw argumentError(fn, 'needs key/value pairs (an even number of arguments)');
  const map = new Map<string, Value>();
  for (let i = 0; i < args.length; i += 2) {
    const key = args[i];
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'bigint') {
      throw new ValueError('TYPE_ERROR', `${fn} keys must be strings, got ${typeName(key)}`);
    }
    map.set(typeof key === 'string' ? key : formatValue(key), args[i + 1]);
  }
  return map;
}

/** Equality that treats a type mismatch as "not equal" (ARRAY_CONTAINS scans mixed arrays). */
function sameValue(a: Value, b: Value): boolean {
  try {
    return sqlEquals(a, b);
  } catch {
    return false;
  }
}

export const collectionFunctions: ScalarFunction[] = [
  scalar({
    name: 'ARRAY', min: 0, max: Infinity, signature: 'ARRAY(a, …)', strict: false, returns: 'array',
    doc: 'An array of the arguments (NULL elements kept).', example: 'ARRAY(1, 2, 3)',
    call: (args) => args.slice(),
  }),
  scalar({
    name: 'STRUCT', min: 0, max: Infinity, signature: 'STRUCT(name1, v1, …)', strict: false, returns: 'struct',
    doc: 'A struct from name/value pairs; an odd number of arguments gives positional fields field0, field1, ….',
    example: "STRUCT('id', 1, 'name', 'x')",
    call: (args) => {
      if (args.length % 2 === 0) {
        for (let i = 0; i < args.length; i += 2) {
          if (typeof args[i] !== 'string') throw typeError(`STRUCT field names must be strings, got ${typeName(args[i])}`);
        }
        return new Struct(pairs('STRUCT', args));
      }
      return new Struct(new Map(args.map((v, i) => [`field${i}`, v])));
    },
  }),
  scalar({
    name: 'MAP', min: 0, max: Infinity, signature: 'MAP(k1, v1, …)', strict: false, returns: 'map',
    doc: 'A map from key/value pairs (keys are Strings; Integer keys become text).', example: "MAP('a', 1, 'b', 2)",
    call: (args) => pairs('MAP', args),
  }),
  scalar({
    name: 'ARRAY_LENGTH', min: 1, signature: 'ARRAY_LENGTH(a)', returns: 'integer', doc: 'Number of elements of an array.',
    call: ([a]) => arrayArg('ARRAY_LENGTH', a).length,
  }),
  scalar({
    name: 'ARRAY_CONTAINS', min: 2, signature: 'ARRAY_CONTAINS(a, v)', returns: 'boolean', strict: false,
    doc: 'TRUE when the array has an element equal to v (12.5 matches 12.50).',
    call: ([a, v]) => (a === null ? null : arrayArg('ARRAY_CONTAINS', a).some((e) => sameValue(e, v))),
  }),
  scalar({
    name: 'MAP_KEYS', min: 1, signature: 'MAP_KEYS(m)', returns: 'array', doc: 'The keys of a map or struct, as an array.',
    call: ([m]) => [...entriesArg('MAP_KEYS', m).keys()],
  }),
  scalar({
    name: 'MAP_VALUES', min: 1, signature: 'MAP_VALUES(m)', returns: 'array', doc: 'The values of a map or struct, as an array.',
    call: ([m]) => [...entriesArg('MAP_VALUES', m).values()],
  }),
];
