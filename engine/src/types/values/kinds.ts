/**
 * Runtime type of a value. A `number` is an Integer when it is a safe integer and a Float
 * otherwise (types.ts); integers beyond 2^53 are `bigint`.
 */
import { Interval, Scaled, SqlDate, Struct, Timestamp, type SqlType, type Value } from './types';

export function isInteger(v: Value): v is number | bigint {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v));
}

export function isNumeric(v: Value): v is number | bigint | Scaled {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof Scaled;
}

/** Epoch milliseconds of an instant-like value (Timestamp, Date, Integer ms), else null. */
export function instantMs(v: Value): number | null {
  if (v instanceof Timestamp || v instanceof SqlDate) return v.ms;
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'bigint') return Number(v);
  return null;
}

export function sqlTypeOf(v: Value): SqlType {
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v) ? 'integer' : 'float';
    case 'bigint':
      return 'integer';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
  }
  if (v === null) return 'null';
  if (v instanceof Scaled) return 'decimal';
  if (v instanceof Timestamp) return 'timestamp';
  if (v instanceof SqlDate) return 'date';
  if (v instanceof Interval) return 'interval';
  if (Array.isArray(v)) return 'array';
  if (v instanceof Struct) return 'struct';
  return 'map';
}

/** Upper-case type name for error messages (`DECIMAL` is the dialect's ScaledInteger). */
export function typeName(v: Value): string {
  return sqlTypeOf(v).toUpperCase();
}
