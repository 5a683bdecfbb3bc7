/**
 * Declared column types for file sources. A declared type overrides CSV value inference
 * (dialect spec §12.3); a cell that does not fit its declared type makes the row bad.
 */
import type { ConfigNode } from '../properties/config-file';

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
