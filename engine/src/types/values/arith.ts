/**
 * Arithmetic operators of the dialect, exactly per the §5.4 table (with D1: any division or
 * modulo by zero is NULL, and D7: Scaled quotients are exact, truncated at the table's scale).
 *
 * Each operator starts with the number/number case inline, so the hot path of Integer and
 * Float arithmetic is a typeof check and one JS operation.
 */
import { Interval, Scaled, SqlDate, Timestamp, type Value } from './types';
import {
  addUnscaled,
  align,
  divTrunc,
  floatToScaled,
  mulUnscaled,
  negateUnscaled,
  normalize,
  remUnscaled,
  scaledToNumber,
  shiftUp,
  signOf,
  toBig,
  type Unscaled,
} from './decimal';
import { typeError, ValueError } from './errors';
import { formatValue } from './format';
import { isInteger, isNumeric, typeName } from './kinds';
import { parseIsoTimestamp } from './time';

const I64_MAX = 9223372036854775807n;
const I64_MIN = -9223372036854775808n;

/** An Integer result computed in bigint, back to `number` when safe; beyond i64 → error. */
function integerResult(r: bigint): number | bigint {
  if (r > I64_MAX || r < I64_MIN) throw new ValueError('OVERFLOW', 'integer overflow (beyond signed 64-bit)');
  return normalize(r);
}

/** Either operand a Float (a `number` that is not a safe integer). */
function involvesFloat(a: number, b: number): boolean {
  return !Number.isSafeInteger(a) || !Number.isSafeInteger(b);
}

// ---------------------------------------------------------------------------------------- + −

export function add(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    return Number.isSafeInteger(r) || involvesFloat(a, b) ? r : integerResult(BigInt(a) + BigInt(b));
  }
  if (a === null || b === null) return null;
  return additive(a, b, 1, '+');
}

export function subtract(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    return Number.isSafeInteger(r) || involvesFloat(a, b) ? r : integerResult(BigInt(a) - BigInt(b));
  }
  if (a === null || b === null) return null;
  return additive(a, b, -1, '-');
}

function additive(a: Value, b: Value, sign: 1 | -1, op: string): Value {
  if (a instanceof Scaled && b instanceof Scaled && a.scale === b.scale) {
    return new Scaled(addUnscaled(a.unscaled, sign === 1 ? b.unscaled : negateUnscaled(b.unscaled)), a.scale);
  }
  if (b instanceof Interval) return shiftInstant(a, sign, op, b);
  if (a instanceof Interval && sign === 1) return shiftInstant(b, 1, op, a);
  if (a instanceof Scaled || b instanceof Scaled) {
    const [x, y] = decimalOperands(a, b, op);
    const [u, v, scale] = align(x, y);
    return new Scaled(addUnscaled(u, sign === 1 ? v : negateUnscaled(v)), scale);
  }
  if (isNumberLike(a) && isNumberLike(b)) {
    if (isInteger(a) && isInteger(b)) return integerResult(sign === 1 ? toBig(a) + toBig(b) : toBig(a) - toBig(b));
    return sign === 1 ? Number(a) + Number(b) : Number(a) - Number(b);
  }
  throw mismatch(a, op, b);
}

/** `instant ± interval`: Integer ms stays Integer, ISO String becomes Timestamp (§5.4). */
function shiftInstant(base: Value, sign: 1 | -1, op: string, interval: Interval): Value {
  const deltaMs = sign * interval.ms;
  if (base instanceof Interval) return base.ms + deltaMs; // Interval ± Interval → Integer ms
  const shift = (ms: number) => addMonths(ms, sign * interval.months) + deltaMs;
  if (base instanceof Timestamp || base instanceof SqlDate) return new Timestamp(shift(base.ms));
  if (isInteger(base)) return interval.months === 0 ? add(base, deltaMs) : shift(Number(base));
  if (typeof base === 'string') {
    const ms = parseIsoTimestamp(base);
    if (ms !== null) return new Timestamp(shift(ms));
  }
  throw mismatch(base, op, interval);
}

/** ⊕X33 calendar months in UTC; a day past the target month's end is clamped to its last day. */
function addMonths(ms: number, months: number): number {
  if (months === 0) return ms;
  const d = new Date(ms);
  const target = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), target + 1, 0)).getUTCDate();
  return Date.UTC(d.getUTCFullYear(), target, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

// ---------------------------------------------------------------------------------------- ×

export function multiply(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    return Number.isSafeInteger(r) || involvesFloat(a, b) ? r + 0 : integerResult(BigInt(a) * BigInt(b));
  }
  if (a === null || b === null) return null;
  if (a instanceof Scaled) {
    if (b instanceof Scaled) return new Scaled(mulUnscaled(a.unscaled, b.unscaled), a.scale + b.scale);
    if (typeof b === 'number' && Number.isSafeInteger(b)) return new Scaled(mulUnscaled(a.unscaled, b), a.scale);
  }
  if (a instanceof Scaled || b instanceof Scaled) {
    const [x, y] = decimalOperands(a, b, '*');
    // Scaled(s) × Float: the Float was rounded to s decimals, so the scales add up to 2s.
    return new Scaled(mulUnscaled(x.unscaled, y.unscaled), x.scale + y.scale);
  }
  if (isNumberLike(a) && isNumberLike(b)) {
    if (isInteger(a) && isInteger(b)) return integerResult(toBig(a) * toBig(b));
    return Number(a) * Number(b);
  }
  throw mismatch(a, '*', b);
}

// ---------------------------------------------------------------------------------------- ÷

/** Scale of a quotient when no operand fixes it otherwise (§5.4: Int / Scaled). */
const QUOTIENT_EXTRA_SCALE = 4;

export function divide(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? null : a / b; // Int / Int is Float
  if (a === null || b === null) return null;
  if (isZero(b)) return null; // D1
  if (a instanceof Scaled || b instanceof Scaled) return divideDecimal(a, b);
  if (isNumberLike(a) && isNumberLike(b)) return Number(a) / Number(b);
  throw mismatch(a, '/', b);
}

function divideDecimal(a: Value, b: Value): Value {
  if (a instanceof Scaled && b instanceof Scaled) {
    const scale = Math.max(0, a.scale + QUOTIENT_EXTRA_SCALE - b.scale);
    return quotient(a, b, scale);
  }
  if (a instanceof Scaled && isInteger(b)) return new Scaled(divTrunc(a.unscaled, integerUnscaled(b)), a.scale);
  if (isInteger(a) && b instanceof Scaled) return quotient(new Scaled(integerUnscaled(a), 0), b, QUOTIENT_EXTRA_SCALE);
  // Scaled(s) with Float: the Float is rounded to s decimals, the quotient kept at scale s.
  const [x, y] = decimalOperands(a, b, '/');
  if (y.unscaled === 0) return null;
  return quotient(x, y, x.scale);
}

/** Exact x / y truncated toward zero at `scale` (D7): unscaled = x·10^(scale + sy − sx) / y. */
function quotient(x: Scaled, y: Scaled, scale: number): Scaled {
  const shift = scale + y.scale - x.scale;
  const numerator = shift >= 0 ? shiftUp(x.unscaled, shift) : x.unscaled;
  const denominator = shift >= 0 ? y.unscaled : shiftUp(y.unscaled, -shift);
  return new Scaled(divTrunc(numerator, denominator), scale);
}

// ---------------------------------------------------------------------------------------- %

/**
 * `a % b` and MOD(a, b) (§11.2): Integers → Integer with the dividend's sign; any Float → Float;
 * Scaled with Integer or Scaled → Scaled at the larger scale; `b = 0` → NULL (D1).
 */
export function modulo(a: Value, b: Value): Value {
  if (typeof a === 'number' && typeof b === 'number') return b === 0 ? null : (a % b) + 0;
  if (a === null || b === null) return null;
  if (isZero(b)) return null;
  if ((a instanceof Scaled || isInteger(a)) && (b instanceof Scaled || isInteger(b))) {
    if (!(a instanceof Scaled) && !(b instanceof Scaled)) return integerResult(toBig(a) % toBig(b));
    const [u, v, scale] = align(asScaled(a), asScaled(b));
    return new Scaled(remUnscaled(u, v), scale);
  }
  if (isNumeric(a) && isNumeric(b)) return toFloat(a) % toFloat(b);
  throw mismatch(a, '%', b);
}

// ---------------------------------------------------------------------------------------- unary, ||

export function negate(a: Value): Value {
  if (typeof a === 'number') return 0 - a;
  if (a === null) return null;
  if (typeof a === 'bigint') return integerResult(-a);
  if (a instanceof Scaled) return new Scaled(negateUnscaled(a.unscaled), a.scale);
  if (a instanceof Interval) return new Interval(-a.ms);
  throw typeError(`cannot negate ${typeName(a)}`);
}

/** `a || b`: NULL if either is NULL; other values in their printed form (§5.4). */
export function concat(a: Value, b: Value): Value {
  if (a === null || b === null) return null;
  return (typeof a === 'string' ? a : formatValue(a)) + (typeof b === 'string' ? b : formatValue(b));
}

// ---------------------------------------------------------------------------------------- helpers

function isNumberLike(v: Value): v is number | bigint {
  return typeof v === 'number' || typeof v === 'bigint';
}

function isZero(v: Value): boolean {
  if (typeof v === 'number') return v === 0;
  if (typeof v === 'bigint') return v === 0n;
  return v instanceof Scaled && signOf(v.unscaled) === 0;
}

function integerUnscaled(v: number | bigint): Unscaled {
  return typeof v === 'bigint' ? normalize(v) : v;
}

function asScaled(v: Scaled | number | bigint): Scaled {
  return v instanceof Scaled ? v : new Scaled(integerUnscaled(v), 0);
}

/** Float value of a numeric operand (exact decimal → nearest double). */
export function toFloat(v: number | bigint | Scaled): number {
  return v instanceof Scaled ? scaledToNumber(v) : Number(v);
}

/**
 * Both operands of a Scaled operation as Scaled: an Integer at scale 0, a Float rounded half
 * away from zero to the Scaled side's scale (§5.4).
 */
function decimalOperands(a: Value, b: Value, op: string): [Scaled, Scaled] {
  const scaledSide = (a instanceof Scaled ? a : b) as Scaled;
  return [decimalOperand(a, scaledSide.scale, a, op, b), decimalOperand(b, scaledSide.scale, a, op, b)];
}

function decimalOperand(v: Value, floatScale: number, a: Value, op: string, b: Value): Scaled {
  if (v instanceof Scaled) return v;
  if (isInteger(v)) return new Scaled(integerUnscaled(v), 0);
  if (typeof v === 'number') {
    const rounded = floatToScaled(v, floatScale);
    if (rounded !== null) return rounded;
  }
  throw mismatch(a, op, b);
}

function mismatch(a: Value, op: string, b: Value): ValueError {
  return typeError(`cannot apply ${op} to ${typeName(a)} and ${typeName(b)}`);
}
