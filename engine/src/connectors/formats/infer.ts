/**
 * Typing of CSV cell text (dialect spec §12.3, D4): by the text alone, never by column name.
 *
 *   ''                         → NULL          NULL, null        → NULL
 *   [-]digits                  → Integer       (bigint beyond 2^53)
 *   [-]digits.digits           → ScaledInteger with the textual scale (12.50 → 1250, scale 2)
 *   mantissa e|E [+-] digits   → Float
 *   true/false/yes/no (any case) → Boolean
 *   YYYY-MM-DD                 → Date          ISO date-time → Timestamp
 *   anything else              → String        (a quoted cell is always a String)
 *
 * Hand-written scanners: this runs for every cell of every row.
 */
import { Scaled, SqlDate, Timestamp, type Value } from '../../runtime/values/types';
import { parseIsoInstant } from '../time/iso';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The typed value of unquoted cell text. */
export function inferCell(text: string): Value {
  const n = text.length;
  if (n === 0) return null;
  const c = text.charCodeAt(0);
  if (isDigit(c) || (c === 45 && n > 1)) {
    const number = parseNumber(text);
    if (number !== undefined) return number;
    if (isDigit(c)) return parseTemporal(text) ?? text;
    return text;
  }
  switch (c | 0x20) {
    case 0x74: // t
      return n === 4 && text.toLowerCase() === 'true' ? true : text;
    case 0x66: // f
      return n === 5 && text.toLowerCase() === 'false' ? false : text;
    case 0x79: // y
      return n === 3 && text.toLowerCase() === 'yes' ? true : text;
    case 0x6e: // n
      if (text === 'NULL' || text === 'null') return null;
      return n === 2 && text.toLowerCase() === 'no' ? false : text;
    default:
      return text;
  }
}

/** ISO date → Date, ISO date-time → Timestamp, else undefined. */
export function parseTemporal(text: string): SqlDate | Timestamp | undefined {
  const instant = parseIsoInstant(text);
  if (instant === null) return undefined;
  return instant.dateOnly ? new SqlDate(instant.ms) : new Timestamp(instant.ms);
}

/**
 * `[-]digits` → Integer, `[-]digits.digits` → Scaled, either with an exponent → Float;
 * undefined for anything else (`+1`, `.5`, `1.`, `1e`, `0x1f`).
 */
export function parseNumber(text: string): number | bigint | Scaled | undefined {
  const n = text.length;
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  const intStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === intStart) return undefined;
  if (i === n) return parseInteger(text);
  let fractionDigits = 0;
  if (text.charCodeAt(i) === 46) {
    const fracStart = ++i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    fractionDigits = i - fracStart;
    if (fractionDigits === 0) return undefined;
    if (i === n) return scaledOf(text, intStart, fracStart - 1, fractionDigits);
  }
  const e = text.charCodeAt(i);
  if (e !== 101 && e !== 69) return undefined;
  i++;
  const sign = text.charCodeAt(i);
  if (sign === 43 || sign === 45) i++;
  const expStart = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  if (i === expStart || i !== n) return undefined;
  return Number(text) + 0; // + 0 turns -0 into 0
}

/** Integer text (already validated) → number, or bigint beyond the safe range. */
export function parseInteger(text: string): number | bigint {
  // 15 digits always fit in a double exactly.
  if (text.length - (text.charCodeAt(0) === 45 ? 1 : 0) <= 15) return Number(text) + 0;
  const big = BigInt(text);
  return big >= -MAX_SAFE && big <= MAX_SAFE ? Number(big) + 0 : big;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Builds the exact decimal for validated text with a `.` at `dot`. */
function scaledOf(text: string, intStart: number, dot: number, scale: number): Scaled {
  const digits = text.slice(0, dot) + text.slice(dot + 1);
  return new Scaled(parseInteger(digits), scale);
}

/**
 * Exact decimal of `[-]digits[.digits]` text (no exponent), at its textual scale; undefined
 * when the text is not such a number.
 */
export function parseDecimal(text: string): Scaled | undefined {
  const v = parseNumber(text);
  if (v instanceof Scaled) return v;
  const exponent = text.indexOf('e') >= 0 || text.indexOf('E') >= 0;
  if (typeof v === 'bigint' || (typeof v === 'number' && !exponent)) return new Scaled(v, 0);
  return undefined;
}
