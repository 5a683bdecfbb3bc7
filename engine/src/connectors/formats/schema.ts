/**
 * Declared column types for file sources. A declared type overrides CSV value inference
 * (dialect spec §12.3); a cell that does not fit its declared type makes the row bad.
 */
import { rescaleRounded } from '../../types/values/decimal';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import type { ConfigNode } from '../properties/config-file';
import { parseIsoBytes } from '../../types/values/iso';
import { decimalBytes, hasExponent, inferCell, isNullWord, numberBytes } from './infer';

export type FieldKind = 'integer' | 'float' | 'decimal' | 'string' | 'boolean' | 'timestamp' | 'date';

export interface DeclaredField {
  name: string;
  kind: FieldKind;
  /** Decimal fraction digits; absent ⇒ the textual scale of each value is kept. */
  scale?: number;
}

/** Field name → declared type. */
export type DeclaredSchema = ReadonlyMap<string, DeclaredField>;

const KIND_ALIASES: Readonly<Record<string, FieldKind>> = {
  integer: 'integer',
  int: 'integer',
  bigint: 'integer',
  long: 'integer',
  i64: 'integer',
  float: 'float',
  double: 'float',
  f64: 'float',
  decimal: 'decimal',
  numeric: 'decimal',
  scaled_integer: 'decimal',
  string: 'string',
  varchar: 'string',
  text: 'string',
  uuid: 'string',
  boolean: 'boolean',
  bool: 'boolean',
  timestamp: 'timestamp',
  datetime: 'timestamp',
  date: 'date',
};

/**
 * Reads a type name as written in SQL column definitions, schema files and configs:
 * `integer`, `DOUBLE`, `decimal`, `decimal(4)`, `DECIMAL(10, 2)`. Unknown names → undefined.
 */
export function parseFieldType(name: string, typeName: string, scale?: number): DeclaredField | undefined {
  const m = /^\s*([A-Za-z_0-9]+)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?\s*$/.exec(typeName);
  if (!m) return undefined;
  const kind = KIND_ALIASES[m[1].toLowerCase()];
  if (kind === undefined) return undefined;
  if (kind !== 'decimal') return { name, kind };
  // decimal(P) in schema hints means P fraction digits; DECIMAL(P, S) is SQL precision/scale.
  const fromType = m[3] !== undefined ? Number(m[3]) : m[2] !== undefined ? Number(m[2]) : undefined;
  const s = scale ?? fromType;
  return s === undefined ? { name, kind } : { name, kind, scale: s };
}

/**
 * The `schema.fields` list of a config file (`- {name: price, type: decimal, scale: 4}`).
 * Entries without a name or with an unknown type are left out (inference applies to them).
 */
export function schemaFromConfig(config: { readonly [key: string]: ConfigNode } | null): DeclaredSchema | undefined {
  const schema = config?.schema;
  const fields = typeof schema === 'object' && !Array.isArray(schema) ? schema.fields : undefined;
  if (!Array.isArray(fields)) return undefined;
  const out = new Map<string, DeclaredField>();
  for (const entry of fields) {
    if (typeof entry !== 'object' || Array.isArray(entry)) continue;
    const { name, type, scale } = entry;
    if (typeof name !== 'string' || typeof type !== 'string') continue;
    const s = typeof scale === 'string' && /^\d+$/.test(scale) ? Number(scale) : undefined;
    const field = parseFieldType(name, type, s);
    if (field) out.set(name, field);
  }
  return out.size > 0 ? out : undefined;
}

/** Returned by `castCell` when the text does not fit the declared type. */
export const MISFIT: unique symbol = Symbol('misfit');

/**
 * Converts a cell, the UTF-8 bytes `[start, end)`, to its declared type. Unquoted empty, `NULL`
 * and `null` are NULL for every type; anything else that does not fit yields `MISFIT` (the caller
 * reports the row). Undefined means the cell is a String: the caller makes its text.
 */
export function castCell(b: Buffer, start: number, end: number, quoted: boolean, field: DeclaredField): Value | undefined | typeof MISFIT {
  if (!quoted && (start === end || isNullWord(b, start, end))) return null;
  switch (field.kind) {
    case 'string':
      return undefined;
    case 'integer': {
      const v = numberBytes(b, start, end);
      if (typeof v === 'bigint') return v;
      // An exponent also yields a number (`1e3`); an Integer column wants plain digits.
      return typeof v === 'number' && !hasExponent(b, start, end) ? v : MISFIT;
    }
    case 'float': {
      const v = numberBytes(b, start, end);
      if (v === undefined) return MISFIT;
      return v instanceof Scaled ? Number(b.toString('latin1', start, end)) : Number(v);
    }
    case 'decimal': {
      const v = decimalBytes(b, start, end);
      if (v === undefined) return MISFIT;
      return field.scale === undefined ? v : rescaleRounded(v, field.scale);
    }
    case 'boolean': {
      const v = inferCell(b.toString('utf8', start, end).trim());
      return typeof v === 'boolean' ? v : MISFIT;
    }
    case 'timestamp': {
      const instant = parseIsoBytes(b, start, end);
      if (instant !== null) return new Timestamp(instant.ms);
      const ms = numberBytes(b, start, end);
      return typeof ms === 'number' && Number.isInteger(ms) ? new Timestamp(ms) : MISFIT;
    }
    case 'date': {
      const instant = parseIsoBytes(b, start, end);
      return instant !== null && instant.dateOnly ? new SqlDate(instant.ms) : MISFIT;
    }
  }
}
