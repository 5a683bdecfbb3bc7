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
 * This runs for every cell of every row, so it reads a span of the decoder's buffer by char
 * code: numbers are accumulated digit by digit into the unscaled value (no substring, no regex),
 * and only a String, an exponent Float or a number past 15 digits makes a substring.
 */
import { Scaled, SqlDate, Timestamp, type Value } from '../../runtime/values/types';
import { parseIsoInstant } from '../time/iso';

/** Up to 15 decimal digits always fit a double exactly; longer runs go through BigInt. */
const MAX_EXACT_DIGITS = 15;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

const MINUS = 45;
const DOT = 46;

/** The typed value of unquoted cell text. */
export function inferCell(text: string): Value {
  return inferSpan(text, 0, text.length);
}

/** The typed value of the unquoted cell `s[start, end)`. */
export function inferSpan(s: string, start: number, end: number): Value {
  const n = end - start;
  if (n === 0) return null;
  const c = s.charCodeAt(start);
  const digit = c >= 48 && c <= 57;
  if (digit || (c === MINUS && n > 1)) {
    const number = numberSpan(s, start, end);
    if (number !== undefined) return number;
    if (digit) return temporalSpan(s, start, end) ?? s.slice(start, end);
    return s.slice(start, end);
  }
  // `c | 0x20` folds only A–Z onto a–z among the letters compared here, like toLowerCase.
  switch (c | 0x20) {
    case 0x74: // true
      if (n === 4 && lettersAre(s, start, 'true')) return true;
      break;
    case 0x66: // false
      if (n === 5 && lettersAre(s, start, 'false')) return false;
      break;
    case 0x79: // yes
      if (n === 3 && lettersAre(s, start, 'yes')) return true;
      break;
    case 0x6e: // NULL, null, no
      if (n === 4 && (s.startsWith('NULL', start) || s.startsWith('null', start))) return null;
      if (n === 2 && lettersAre(s, start, 'no')) return false;
      break;
  }
  return s.slice(start, end);
}

/** Whether `s` at `start` spells the lower-case ASCII `word` in any case. */
function lettersAre(s: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(start + k) | 0x20) !== word.charCodeAt(k)) return false;
  return true;
}

/** ISO date → Date, ISO date-time → Timestamp, else undefined. */
function temporalSpan(s: string, start: number, end: number): SqlDate | Timestamp | undefined {
  const instant = parseIsoInstant(s, start, end);
  if (instant === null) return undefined;
  return instant.dateOnly ? new SqlDate(instant.ms) : new Timestamp(instant.ms);
}

/**
 * `[-]digits` → Integer, `[-]digits.digits` → Scaled, either with an exponent → Float;
 * undefined for anything else (`+1`, `.5`, `1.`, `1e`, `0x1f`).
 */
export function parseNumber(text: string): number | bigint | Scaled | undefined {
  return numberSpan(text, 0, text.length);
}

function numberSpan(s: string, start: number, end: number): number | bigint | Scaled | undefined {
  const negative = s.charCodeAt(start) === MINUS;
  let i = negative ? start + 1 : start;
  const intStart = i;
  let unscaled = 0; // exact while at most MAX_EXACT_DIGITS digits were read
  for (; i < end; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) break;
    unscaled = unscaled * 10 + d;
  }
  const intDigits = i - intStart;
  if (intDigits === 0) return undefined;
  if (i === end) {
    if (intDigits <= MAX_EXACT_DIGITS) return negative ? 0 - unscaled : unscaled; // 0 - 0 is +0
    return bigInteger(s.slice(start, end));
  }
  if (s.charCodeAt(i) === DOT) {
    const fracStart = ++i;
    for (; i < end; i++) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      unscaled = unscaled * 10 + d;
    }
    const scale = i - fracStart;
    if (scale === 0) return undefined;
    if (i === end) {
      if (intDigits + scale <= MAX_EXACT_DIGITS) return new Scaled(negative ? 0 - unscaled : unscaled, scale);
      return new Scaled(bigInteger(s.slice(start, fracStart - 1) + s.slice(fracStart, end)), scale);
    }
  }
  const e = s.charCodeAt(i);
  if (e !== 101 && e !== 69) return undefined;
  i++;
  const sign = s.charCodeAt(i);
  if (sign === 43 || sign === MINUS) i++;
  const expStart = i;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  if (i === expStart || i !== end) return undefined;
  return Number(s.slice(start, end)) + 0; // + 0 turns -0 into 0
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Validated integer text too long for exact double arithmetic: bigint, or number when safe. */
function bigInteger(text: string): number | bigint {
  const big = BigInt(text);
  return big >= -MAX_SAFE && big <= MAX_SAFE ? Number(big) + 0 : big;
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
