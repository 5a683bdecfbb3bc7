/**
 * Engine values as table cells, JSON values (§3.4) and chart numbers. The one place that knows how
 * a value looks on screen; NULL, instants and cut strings are decided here.
 */
import {
  Interval,
  Scaled,
  SqlDate,
  Struct,
  Timestamp,
  typeName,
  formatDateMs,
  formatFloat,
  formatScaled,
  formatValue,
  type SqlType,
  type Value,
} from '@velostream/engine';
import type { ColumnRole, ResultColumn } from './types';

/** Strings longer than this are cut with `…` in text and HTML (§3.2). */
export const TEXT_STRING_LIMIT = 1000;
/** … and in the JSON payload. */
export const JSON_STRING_LIMIT = 10_000;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Cuts a string to `limit` code points, ending with `…` when cut. */
export function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const points = Array.from(text);
  return points.length <= limit ? text : points.slice(0, limit - 1).join('') + '…';
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC (§3.3). */
export function timestampText(ms: number): string {
  const date = new Date(ms);
  if (Number.isNaN(date.getTime())) return String(ms);
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

const isWindowBound = (role: ColumnRole) => role === 'window_start' || role === 'window_end';

/** Decimals a float shows in text and HTML; result+json keeps the full value. */
export const FLOAT_DECIMALS = 6;

/**
 * A float for reading: at most 6 decimals, trailing zeros trimmed (`15.024388`); below 1 the 6
 * significant digits start at the first non-zero one (`0.0000123457`), so small values keep
 * their meaning. Integral numbers print as they are.
 */
export function floatText(n: number): string {
  if (Number.isInteger(n) || !Number.isFinite(n)) return formatFloat(n);
  const rounded = Math.abs(n) >= 1 ? n.toFixed(FLOAT_DECIMALS) : n.toPrecision(FLOAT_DECIMALS);
  return formatFloat(Number(rounded));
}

/** The text of one table cell. Window bounds held as epoch-ms numbers print as timestamps. */
export function cellText(value: Value, role: ColumnRole = 'value'): string {
  if (value === null) return 'NULL';
  if (value instanceof Timestamp) return timestampText(value.ms);
  if (typeof value === 'number') return isWindowBound(role) ? timestampText(value) : floatText(value);
  if (typeof value === 'string') return cut(value, TEXT_STRING_LIMIT);
  return cut(formatValue(value), TEXT_STRING_LIMIT);
}

/** The text of a table cell in `column`: counts get thousands separators (`29,910`). */
export function columnText(value: Value, column: ResultColumn): string {
  if (column.count && typeof value === 'number') return Math.round(value).toLocaleString('en-US');
  return cellText(value, column.role);
}

/**
 * The JSON form of §3.4: integers beyond ±2^53 and all decimals as strings, non-finite floats as
 * strings, timestamps as ISO 8601 UTC with `Z`, window bounds as epoch-ms integers.
 */
export function jsonValue(value: Value, role: ColumnRole = 'value'): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint')
    return value > MAX_SAFE || value < -MAX_SAFE ? value.toString() : Number(value);
  if (typeof value === 'string') return cut(value, JSON_STRING_LIMIT);
  if (value instanceof Scaled) return formatScaled(value);
  if (value instanceof Timestamp)
    return isWindowBound(role) ? value.ms : new Date(value.ms).toISOString();
  if (value instanceof SqlDate) return formatDateMs(value.ms);
  if (value instanceof Interval) return value.ms;
  if (Array.isArray(value)) return value.map((item) => jsonValue(item));
  const entries = value instanceof Struct ? value.fields : value;
  return Object.fromEntries([...entries].map(([key, item]) => [key, jsonValue(item)]));
}

/** A value as a chart coordinate; null when it is not a number or an instant. */
export function numericValue(value: Value): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Scaled) return Number(value.unscaled) / 10 ** value.scale;
  if (value instanceof Timestamp || value instanceof SqlDate) return value.ms;
  return null;
}

/** Display ordering: NULL last, numbers and instants by value, everything else by its text. */
export function compareValues(a: Value, b: Value): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const x = numericValue(a);
  const y = numericValue(b);
  if (x !== null && y !== null) return x - y;
  const s = formatValue(a);
  const t = formatValue(b);
  return s < t ? -1 : s > t ? 1 : 0;
}

/**
 * The display type of a column (§3.4) from the planner's static type, refined by a sample value:
 * a decimal's scale and the type of an `any` column are only known from data.
 */
export function displayType(type: SqlType, sample: Value = null): string {
  if (sample instanceof Scaled) return `DECIMAL(${sample.scale})`;
  if (type !== 'any' && type !== 'null') return type.toUpperCase();
  return sample === null ? 'NULL' : typeName(sample);
}
