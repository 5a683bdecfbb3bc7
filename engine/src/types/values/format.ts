/**
 * Printing of runtime values (dialect spec §5.4) and JSON text for sinks and displays.
 *
 * `formatValue` is the one text form of a value: CSV cells, `||`, CAST(… AS STRING), header
 * values and the notebook table all use it. NULL has no text of its own here: `formatValue(null)`
 * is the empty string (what a CSV cell holds); callers that show NULL differently (SET_HEADER's
 * "null", JOIN's "NULL", a table's NULL marker) decide that themselves.
 */
import { Interval, Scaled, SqlDate, Struct, Timestamp, type Value } from './types';
import { formatDateMs, formatTimestampMs } from './time';

/** Exact decimal text with exactly `scale` fraction digits: (12345, 2) → `123.45`, (-5, 2) → `-0.05`. */
export function formatScaled(s: Scaled): string {
  const u = s.unscaled;
  const negative = u < 0;
  const digits = (negative ? -u : u).toString();
  if (s.scale <= 0) return (negative ? '-' : '') + digits;
  const padded = digits.length <= s.scale ? digits.padStart(s.scale + 1, '0') : digits;
  const point = padded.length - s.scale;
  return (negative ? '-' : '') + padded.slice(0, point) + '.' + padded.slice(point);
}

/**
 * Shortest round-trip decimal without exponent; integral values without fraction (`20.0` → `20`).
 * NaN and infinities print as `NaN`, `Infinity`, `-Infinity`.
 */
export function formatFloat(n: number): string {
  const text = String(n);
  const e = text.indexOf('e');
  if (e < 0) return text;
  // Expand JS exponent notation (|n| ≥ 1e21 or < 1e-6) into plain digits.
  const mantissa = text.slice(0, e);
  const exponent = Number(text.slice(e + 1));
  const negative = mantissa[0] === '-';
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dot = unsigned.indexOf('.');
  const digits = dot < 0 ? unsigned : unsigned.slice(0, dot) + unsigned.slice(dot + 1);
  const pointAt = (dot < 0 ? unsigned.length : dot) + exponent;
  let plain: string;
  if (pointAt <= 0) plain = '0.' + '0'.repeat(-pointAt) + digits;
  else if (pointAt >= digits.length) plain = digits + '0'.repeat(pointAt - digits.length);
  else plain = digits.slice(0, pointAt) + '.' + digits.slice(pointAt);
  return (negative ? '-' : '') + plain;
}

/**
 * The text of a value (§5.4). Intervals print as their milliseconds; Dates as `YYYY-MM-DD`;
 * arrays, maps and structs as JSON text (`[1,"a"]`, `{"k":12.50}` — nested decimals keep their
 * digits, nested strings and instants are quoted).
 */
export function formatValue(v: Value): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return formatFloat(v);
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return '';
  if (v instanceof Scaled) return formatScaled(v);
  if (v instanceof Timestamp) return formatTimestampMs(v.ms);
  if (v instanceof SqlDate) return formatDateMs(v.ms);
  if (v instanceof Interval) return formatFloat(v.ms);
  return containerText(v, true);
}

/**
 * JSON text of a value for JSON sinks and displays. Like the reference's JSON codec, exact
 * decimals are JSON *strings* with their exact digits (`"12.50"`), so no consumer parses them
 * into a lossy double; integers beyond 2^53 are written as exact number literals; Timestamps
 * and Dates are ISO strings; Intervals are milliseconds; NaN/±Infinity become `null`.
 */
export function toJson(v: Value): string {
  return jsonText(v, false);
}

/** JSON object text of a record's payload fields, in insertion order. */
export function fieldsToJson(fields: Record<string, Value>): string {
  let out = '{';
  let first = true;
  for (const name in fields) {
    if (!first) out += ',';
    first = false;
    out += JSON.stringify(name) + ':' + jsonText(fields[name], false);
  }
  return out + '}';
}

/**
 * `decimalsAsNumbers`: inside printed containers (`formatValue` of an array) a decimal reads
 * better as a number literal `12.50`; JSON output keeps the reference's string form.
 */
function jsonText(v: Value, decimalsAsNumbers: boolean): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? formatFloat(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (v === null) return 'null';
  if (v instanceof Scaled) return decimalsAsNumbers ? formatScaled(v) : '"' + formatScaled(v) + '"';
  if (v instanceof Timestamp) return '"' + formatTimestampMs(v.ms) + '"';
  if (v instanceof SqlDate) return '"' + formatDateMs(v.ms) + '"';
  if (v instanceof Interval) return formatFloat(v.ms);
  return containerText(v, decimalsAsNumbers);
}

function containerText(v: Value[] | Map<string, Value> | Struct, decimalsAsNumbers: boolean): string {
  if (Array.isArray(v)) return '[' + v.map((item) => jsonText(item, decimalsAsNumbers)).join(',') + ']';
  const entries = v instanceof Struct ? v.fields : v;
  const parts: string[] = [];
  for (const [key, item] of entries) parts.push(JSON.stringify(key) + ':' + jsonText(item, decimalsAsNumbers));
  return '{' + parts.join(',') + '}';
}
