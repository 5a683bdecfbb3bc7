/**
 * The value model assertions read (harness spec §7.1): field lookup with record metadata as a
 * fallback, and the three coercions — to string, to number, to timestamp milliseconds.
 * "Absent" (no such field) is `undefined` and differs from SQL NULL (`null`).
 */
import { formatScaled, formatValue } from '../../types/values/format';
import { parseIsoTimestamp } from '../../types/values/time';
import { Scaled, SqlDate, Struct, Timestamp, type Value } from '../../types/values/types';
import type { CapturedRecord } from './output';

const METADATA: Readonly<Record<string, (r: CapturedRecord) => Value>> = {
  _key: (r) => r.key,
  _timestamp: (r) => r.timestamp,
  _partition: (r) => r.partition,
  _offset: (r) => r.offset,
  _event_time: (r) => {
    const header = r.headers?.get('_event_time');
    return header === undefined ? r.timestamp : Number(header);
  },
};

/**
 * The value of `name` in a record: the payload field; else record metadata for `_key`,
 * `_timestamp`, …; else, for a qualified name `alias.col`, the bare `col` (the engine names a
 * column reference by its bare name, dialect spec §4); else undefined (absent).
 */
export function fieldValue(record: CapturedRecord, name: string): Value | undefined {
  const fields = record.fields;
  if (name in fields) return fields[name];
  const meta = METADATA[name];
  if (meta) return meta(record);
  const dot = name.lastIndexOf('.');
  if (dot > 0) {
    const bare = name.slice(dot + 1);
    if (bare in fields) return fields[bare];
  }
  return undefined;
}

/** True when the record carries `name` (as `fieldValue` resolves it). */
export function hasField(record: CapturedRecord, name: string): boolean {
  return fieldValue(record, name) !== undefined;
}

/** §7.1 "to string": NULL ⇒ `NULL`; floats shortest round-trip; arrays `[n]`; objects `{map:n}`. */
export function toText(v: Value | undefined): string {
  if (v === null || v === undefined) return 'NULL';
  // Containers print as their size here; every scalar as the value's own text (§5.4).
  if (Array.isArray(v)) return `[${v.length}]`;
  if (v instanceof Struct) return `{map:${v.fields.size}}`;
  if (v instanceof Map) return `{map:${v.size}}`;
  return formatValue(v);
}

const NUMERIC_TEXT = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** §7.1 "to number": integers, floats, exact decimals, numeric strings; nothing else. */
export function toNumber(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Scaled) return Number(formatScaled(v));
  if (typeof v === 'string' && NUMERIC_TEXT.test(v.trim())) return Number(v);
  return undefined;
}

/** §7.1 "to timestamp ms": integer ms; float truncated; numeric string; ISO with or without zone. */
export function toTimestampMs(v: Value | undefined): number | undefined {
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Timestamp || v instanceof SqlDate) return v.ms;
  if (v instanceof Scaled) return Math.trunc(Number(formatScaled(v)));
  if (typeof v !== 'string') return undefined;
  const text = v.trim();
  if (NUMERIC_TEXT.test(text)) return Math.trunc(Number(text));
  const iso = parseIsoTimestamp(text.replace(' ', 'T'));
  if (iso !== null) return iso;
  const zoned = Date.parse(text);
  return Number.isNaN(zoned) ? undefined : zoned;
}

/** Short display of a value inside messages (strings as is, NULL as `NULL`). */
export const show = toText;
