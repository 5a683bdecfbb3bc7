/**
 * Comparison, equality, ordering, truthiness and grouping keys (dialect spec §5.3).
 *
 * Numbers compare by value across Integer, Float and ScaledInteger (`12.50 = 12.5`); Timestamp,
 * Date and epoch-ms Integer are mutually comparable; Strings compare by code point. Other mixed
 * pairs raise a TYPE_ERROR (the validator reports them earlier when it knows the types).
 */
import { Interval, Scaled, SqlDate, Struct, Timestamp, type Value } from './types';
import { compareScaled, normalize, scaledToNumber, shiftUp } from './decimal';
import { typeError } from './errors';
import { formatFloat, formatScaled, formatValue } from './format';
import { instantMs, isInteger, typeName } from './kinds';
import { parseIsoTimestamp } from './time';

/** `a = b` with the reference's two-valued logic: NULL = NULL is TRUE, NULL = x is FALSE. */
export function sqlEquals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (typeof a === 'string' && typeof b === 'string') return false;
  if (typeof a === 'number' && typeof b === 'number') return false; // a === b covered equality
  if (a === null || b === null) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sqlEquals(x, b[i]));
  if (isKeyed(a) && isKeyed(b)) return keyedEquals(a, b);
  return compareNonNull(a, b) === 0;
}

/**
 * Three-way comparison for `< <= > >=` and BETWEEN: negative, zero or positive; `null` when an
 * operand is NULL (those predicates are then FALSE, §5.3).
 */
export function sqlCompare(a: Value, b: Value): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  if (a === null || b === null) return null;
  return compareNonNull(a, b);
}

function compareNonNull(a: NonNullable<Value>, b: NonNullable<Value>): number {
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  const numeric = compareNumeric(a, b);
  if (numeric !== undefined) return numeric;
  const instant = compareInstants(a, b);
  if (instant !== undefined) return instant;
  if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
  if (a instanceof Interval && b instanceof Interval) return sign(a.ms - b.ms);
  throw typeError(`cannot compare ${typeName(a)} with ${typeName(b)}`);
}

/** undefined when the pair is not numeric. */
function compareNumeric(a: Value, b: Value): number | undefined {
  const aNum = typeof a === 'number' || typeof a === 'bigint';
  const bNum = typeof b === 'number' || typeof b === 'bigint';
  if (aNum && bNum) return a < b ? -1 : a > b ? 1 : 0; // exact across number and bigint
  if (a instanceof Scaled && b instanceof Scaled) return compareScaled(a, b);
  if (a instanceof Scaled && bNum) return compareScaledWith(a, b);
  if (b instanceof Scaled && aNum) return -compareScaledWith(b, a);
  return undefined;
}

function compareScaledWith(s: Scaled, n: number | bigint): number {
  if (typeof s.unscaled === 'number' && typeof n === 'number' && Number.isSafeInteger(n)) {
    const scaledN = shiftUp(n, s.scale); // exact; a bigint only for huge n
    return s.unscaled < scaledN ? -1 : s.unscaled > scaledN ? 1 : 0;
  }
  if (isInteger(n)) return compareScaled(s, new Scaled(typeof n === 'bigint' ? normalize(n) : n, 0));
  const x = scaledToNumber(s);
  return x < n ? -1 : x > n ? 1 : 0;
}

/** Timestamp, Date, epoch-ms Integer, and ISO text against a Timestamp/Date. */
function compareInstants(a: Value, b: Value): number | undefined {
  const aTemporal = a instanceof Timestamp || a instanceof SqlDate;
  const bTemporal = b instanceof Timestamp || b instanceof SqlDate;
  if (!aTemporal && !bTemporal) return undefined;
  const x = aTemporal || typeof a !== 'string' ? instantMs(a) : parseIsoTimestamp(a);
  const y = bTemporal || typeof b !== 'string' ? instantMs(b) : parseIsoTimestamp(b);
  return x === null || y === null ? undefined : sign(x - y);
}

/** Code point order (JS `<` compares UTF-16 units, which misorders astral characters). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (astral characters) sort after every BMP character. */
function codePointRank(unit: number): number {
  return unit < 0xd800 ? unit : unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

function sign(x: number): number {
  return x < 0 ? -1 : x > 0 ? 1 : 0;
}

type Keyed = Map<string, Value> | Struct;

function isKeyed(v: Value): v is Keyed {
  return v instanceof Map || v instanceof Struct;
}

function keyedEquals(a: Keyed, b: Keyed): boolean {
  const x = a instanceof Struct ? a.fields : a;
  const y = b instanceof Struct ? b.fields : b;
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (!y.has(k) || !sqlEquals(v, y.get(k) as Value)) return false;
  return true;
}

// ------------------------------------------------------------------------------- total order

/** Type classes in ORDER BY / MIN / MAX when a column mixes types (NULL first). */
function orderClass(v: Value): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return 1;
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof Scaled) return 2;
  if (typeof v === 'string') return 3;
  if (v instanceof Timestamp || v instanceof SqlDate) return 4;
  if (v instanceof Interval) return 5;
  return 6;
}

/**
 * Total order for ORDER BY, MIN/MAX and ranking: never throws. NULL sorts first (lowest);
 * values of different type classes order by class (boolean < number < string < instant <
 * interval < containers), containers by their printed text.
 */
export function orderCompare(a: Value, b: Value): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const ca = orderClass(a);
  const cb = orderClass(b);
  if (ca !== cb) return ca - cb;
  if (ca === 0) return 0;
  if (ca === 6) return compareStrings(formatValue(a), formatValue(b));
  return compareNonNull(a as NonNullable<Value>, b as NonNullable<Value>);
}

// ------------------------------------------------------------------------------- truthiness

/**
 * Truth value in WHERE/HAVING/ON/CASE WHEN/AND/OR/NOT: Boolean as is, numbers ≠ 0, non-empty
 * String, NULL → FALSE; other types → TYPE_ERROR.
 */
export function isTruthy(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof Scaled) return v.unscaled != 0; // number 0 or bigint 0n
  throw typeError(`${typeName(v)} is not a truth value`);
}

// ------------------------------------------------------------------------------- grouping keys

/**
 * A string key such that equal values (per `=` for numbers: 12, 12.0, 12.00 and 12.5 vs 12.50)
 * share a key: GROUP BY, DISTINCT, COUNT(DISTINCT) and join/lookup maps use it. NULL has its
 * own key (NULL keys form one group). Temporal values keep their type in the key: a Timestamp
 * and the Integer of its epoch ms are different groups.
 */
export function groupKey(v: Value): string {
  switch (typeof v) {
    case 'string':
      return 's' + v;
    case 'number':
      return Number.isSafeInteger(v) ? 'n' + v : 'n' + formatFloat(v);
    case 'bigint':
      return 'n' + v.toString();
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v === null) return 'N';
  if (v instanceof Scaled) return 'n' + canonicalDecimal(v);
  if (v instanceof Timestamp) return 't' + v.ms;
  if (v instanceof SqlDate) return 'd' + v.ms;
  if (v instanceof Interval) return 'i' + v.ms;
  return 'j' + formatValue(v);
}

/** Key of several values (multi-column GROUP BY); string parts are length-prefixed so no two tuples collide. */
export function compositeKey(values: readonly Value[]): string {
  let key = '';
  for (const v of values) key += typeof v === 'string' ? 's' + v.length + ':' + v : groupKey(v) + '\u0000';
  return key;
}

/** Decimal text without trailing fraction zeros: 12.50 → 12.5, 3.00 → 3 (matches Float text). */
function canonicalDecimal(s: Scaled): string {
  let u = s.unscaled;
  let scale = s.scale;
  if (typeof u === 'number') {
    while (scale > 0 && u % 10 === 0) {
      u /= 10;
      scale--;
    }
    return formatScaled(scale === s.scale ? s : new Scaled(u, scale));
  }
  const text = formatScaled(s);
  return s.scale <= 0 ? text : text.replace(/\.0+$|(\.\d*?)0+$/, '$1');
}
