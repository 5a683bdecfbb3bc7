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
 * This runs for every cell of every row, so it reads the cell's UTF-8 bytes where the decoder
 * found them: numbers are accumulated digit by digit into the unscaled value (no string, no
 * regex), and only an exponent Float or a number past 15 digits makes a string to convert.
 */
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import { parseIsoBytes } from '../../types/values/iso';

/** Up to 15 decimal digits always fit a double exactly; longer runs go through BigInt. */
const MAX_EXACT_DIGITS = 15;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const MINUS = 45;
const DOT = 46;

/** The typed value of unquoted cell text. */
export function inferCell(text: string): Value {
  const bytes = Buffer.from(text, 'utf8');
  const value = inferBytes(bytes, 0, bytes.length);
  return value === undefined ? text : value;
}

/**
 * The typed value of the unquoted cell in bytes `[start, end)`; undefined when it is a String
 * (the caller makes the string, which it may already hold).
 */
export function inferBytes(b: Buffer, start: number, end: number): Value | undefined {
  const n = end - start;
  if (n === 0) return null;
  const c = b[start];
  const digit = c >= 48 && c <= 57;
  if (digit || (c === MINUS && n > 1)) {
    const number = numberBytes(b, start, end);
    if (number !== undefined) return number;
    return digit ? temporalBytes(b, start, end) : undefined;
  }
  // `c | 0x20` folds only A–Z onto a–z among the letters compared here, like toLowerCase.
  switch (c | 0x20) {
    case 0x74:
      return n === 4 && lettersAre(b, start, 'true') ? true : undefined;
    case 0x66:
      return n === 5 && lettersAre(b, start, 'false') ? false : undefined;
    case 0x79:
      return n === 3 && lettersAre(b, start, 'yes') ? true : undefined;
    case 0x6e: // NULL and null exactly; no in any case
      if (isNullWord(b, start, end)) return null;
      return n === 2 && lettersAre(b, start, 'no') ? false : undefined;
    default:
      return undefined;
  }
}

/** Whether the bytes at `start` spell the lower-case ASCII `word` in any case. */
function lettersAre(b: Buffer, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((b[start + k] | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/** `NULL` or `null` exactly: the unquoted NULL words besides the empty cell. */
export function isNullWord(b: Buffer, start: number, end: number): boolean {
  return end - start === 4 && (bytesAre(b, start, 'NULL') || bytesAre(b, start, 'null'));
}

function bytesAre(b: Buffer, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if (b[start + k] !== word.charCodeAt(k)) return false;
  return true;
}

/** ISO date → Date, ISO date-time → Timestamp, else undefined. */
function temporalBytes(b: Buffer, start: number, end: number): SqlDate | Timestamp | undefined {
  const instant = parseIsoBytes(b, start, end);
  if (instant === null) return undefined;
  return instant.dateOnly ? new SqlDate(instant.ms) : new Timestamp(instant.ms);
}

/**
 * `[-]digits` → Integer, `[-]digits.digits` → Scaled, either with an exponent → Float, from the
 * bytes `[start, end)`; undefined for anything else (`+1`, `.5`, `1.`, `1e`, `0x1f`).
 */
export function numberBytes(b: Buffer, start: number, end: number): number | bigint | Scaled | undefined {
  const negative = b[start] === MINUS;
  let i = negative ? start + 1 : start;
  const intStart = i;
  let unscaled = 0; // exact while at most MAX_EXACT_DIGITS digits were read
  for (; i < end; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) break;
    unscaled = unscaled * 10 + d;
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return undefined;
  if (i === end) {
    if (intDigits <= MAX_EXACT_DIGITS) return negative ? 0 - unscaled : unscaled; // 0 - 0 is +0
    return bigInteger(ascii(b, start, end));
  }
  if (b[i] === DOT) {
    const fracStart = ++i;
    for (; i < end; i++) {
      const d = b[i] - 48;
      if (d < 0 || d > 9) break;
      unscaled = unscaled * 10 + d;
    }
    const scale = i - fracStart;
    if (scale === 0) return undefined;
    if (i === end) {
      if (intDigits + scale <= MAX_EXACT_DIGITS) return new Scaled(negative ? 0 - unscaled : unscaled, scale);
      return new Scaled(bigInteger(ascii(b, start, fracStart - 1) + ascii(b, fracStart, end)), scale);
    }
  }
  const e = b[i];
  if (e !== 101 && e !== 69) return undefined;
  i++;
  const sign = b[i];
  if (sign === 43 || sign === MINUS) i++;
  const expStart = i;
  while (i < end && b[i] >= 48 && b[i] <= 57) i++;
  if (i === expStart || i !== end) return undefined;
  return Number(ascii(b, start, end)) + 0; // + 0 turns -0 into 0
}

/** Bytes already checked to be ASCII (digits, sign, dot, exponent) as a string. */
const ascii = (b: Buffer, start: number, end: number): string => b.toString('latin1', start, end);

/** Validated integer text too long for exact double arithmetic: bigint, or number when safe. */
function bigInteger(text: string): number | bigint {
  const big = BigInt(text);
  return big >= -MAX_SAFE && big <= MAX_SAFE ? Number(big) + 0 : big;
}

/**
 * Exact decimal of `[-]digits[.digits]` bytes (no exponent), at the textual scale; undefined
 * when the bytes are not such a number.
 */
export function decimalBytes(b: Buffer, start: number, end: number): Scaled | undefined {
  const v = numberBytes(b, start, end);
  if (v instanceof Scaled) return v;
  if (typeof v === 'bigint' || (typeof v === 'number' && !hasExponent(b, start, end))) return new Scaled(v, 0);
  return undefined;
}

/** Whether number bytes have an exponent (`1e3` is a Float even when integral). */
export function hasExponent(b: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if ((b[i] | 0x20) === 0x65) return true;
  return false;
}
