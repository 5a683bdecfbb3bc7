/** Math functions (dialect spec §11.2). */
import { Scaled, type Value } from '../values/types';
import { negateUnscaled, shiftDownRounded, shiftDownTruncated, shiftUp, signOf, floatToScaled, scaledToNumber, addUnscaled } from '../values/decimal';
import { modulo } from '../values/arith';
import { sqlCompare } from '../values/compare';
import { typeError } from '../values/errors';
import { typeName } from '../values/kinds';
import { argumentError, floatArg, intArg } from './args';
import { firstKnown, numericResult, sameAs, scalar } from './define';
import type { ScalarFunction } from './types';

function notNumeric(fn: string, v: Value): Error {
  return typeError(`${fn} expects a number, got ${typeName(v)}`);
}

/** ROUND: Float half away from zero; ScaledInteger keeps its scale (dropped digits become 0); Integer unchanged. */
export function roundValue(x: Value, places: number): Value {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') {
    if (Number.isSafeInteger(x) || !Number.isFinite(x)) return x;
    if (places < 0) {
      const unit = 10 ** -places;
      return Math.sign(x) * Math.round(Math.abs(x) / unit) * unit + 0;
    }
    return roundFloat(x, places);
  }
  if (x instanceof Scaled) {
    if (places >= x.scale) return x;
    const drop = x.scale - places;
    return new Scaled(shiftUp(shiftDownRounded(x.unscaled, drop), drop), x.scale);
  }
  throw notNumeric('ROUND', x);
}

/**
 * A Float rounded half away from zero as its printed decimal reads (1.005 → 1.01, although the
 * double is slightly below 1.005). Scaling by 10^places is exact enough except near a tie, where
 * the decimal text decides.
 */
function roundFloat(x: number, places: number): number {
  const factor = 10 ** places;
  const scaled = Math.abs(x) * factor;
  const whole = Math.floor(scaled);
  const fraction = scaled - whole;
  if (Math.abs(fraction - 0.5) > 1e-6 && scaled < 2 ** 52) {
    return (Math.sign(x) * (fraction > 0.5 ? whole + 1 : whole)) / factor + 0;
  }
  const rounded = floatToScaled(x, places);
  return rounded === null ? x : scaledToNumber(rounded);
}

/** FLOOR (direction −1) and CEIL (+1): an Integer, as the reference returns for Floats. */
function roundToInteger(fn: string, x: Value, direction: 1 | -1): Value {
  if (typeof x === 'bigint') return x;
  if (typeof x === 'number') return (direction === 1 ? Math.ceil(x) : Math.floor(x)) + 0;
  if (x instanceof Scaled) {
    const whole = shiftDownTruncated(x.unscaled, x.scale);
    const exact = signOf(addUnscaled(x.unscaled, negateUnscaled(shiftUp(whole, x.scale)))) === 0;
    // Truncation moved toward zero; step one further when that was the wrong direction.
    if (!exact && signOf(x.unscaled) === direction) return addUnscaled(whole, direction);
    return whole;
  }
  throw notNumeric(fn, x);
}

function extreme(fn: string, args: Value[], wanted: 1 | -1): Value {
  if (args.length === 0) throw argumentError(fn, 'needs at least one argument');
  let best = args[0];
  for (let i = 1; i < args.length; i++) {
    const c = sqlCompare(args[i], best);
    if (c !== null && c * wanted > 0) best = args[i];
  }
  return best;
}

export const mathFunctions: ScalarFunction[] = [
  scalar({
    name: 'ABS', min: 1, signature: 'ABS(x)', doc: 'Absolute value; keeps the numeric type.', returns: sameAs(0),
    example: 'ABS(-12.50) → 12.50',
    call: ([x]) => {
      if (typeof x === 'number') return Math.abs(x);
      if (typeof x === 'bigint') return x < 0n ? -x : x;
      if (x instanceof Scaled) return signOf(x.unscaled) < 0 ? new Scaled(negateUnscaled(x.unscaled), x.scale) : x;
      throw notNumeric('ABS', x);
    },
  }),
  scalar({
    name: 'ROUND', min: 1, max: 2, signature: 'ROUND(x[, places])',
    doc: 'Rounds half away from zero to `places` decimals (default 0). A ScaledInteger keeps its scale with the dropped digits set to 0; an Integer is unchanged.',
    returns: sameAs(0), example: 'ROUND(12.345, 2) → 12.350',
    call: (args) => roundValue(args[0], args.length > 1 ? intArg('ROUND', args[1]) : 0),
  }),
  scalar({
    name: 'CEIL', aliases: ['CEILING'], min: 1, signature: 'CEIL(x)', doc: 'Smallest Integer not below x.',
    returns: 'integer', example: 'CEIL(1.2) → 2',
    call: ([x]) => roundToInteger('CEIL', x, 1),
  }),
  scalar({
    name: 'FLOOR', min: 1, signature: 'FLOOR(x)', doc: 'Largest Integer not above x.', returns: 'integer',
    example: 'FLOOR(-1.2) → -2',
    call: ([x]) => roundToInteger('FLOOR', x, -1),
  }),
  scalar({
    name: 'SQRT', min: 1, signature: 'SQRT(x)', doc: 'Square root as a Float; a negative x is an error.', returns: 'float',
    call: ([x]) => {
      const f = floatArg('SQRT', x);
      if (f < 0) throw argumentError('SQRT', 'cannot take the square root of a negative number');
      return Math.sqrt(f);
    },
  }),
  scalar({
    name: 'POWER', aliases: ['POW'], min: 2, signature: 'POWER(x, y)', doc: 'x raised to the power y, as a Float.',
    returns: 'float', example: 'POWER(2, 10) → 1024',
    call: ([x, y]) => Math.pow(floatArg('POWER', x), floatArg('POWER', y)),
  }),
  scalar({
    name: 'MOD', min: 2, signature: 'MOD(a, b)',
    doc: 'Remainder of a / b with the sign of a: Integers give an Integer, a Float gives a Float, ScaledIntegers a ScaledInteger at the larger scale; b = 0 gives NULL.',
    returns: numericResult, example: 'MOD(-7, 3) → -1',
    call: ([a, b]) => modulo(a, b),
  }),
  scalar({
    name: 'LEAST', min: 1, max: Infinity, signature: 'LEAST(a, b, …)', doc: 'Smallest argument (numbers compare across types); NULL if any argument is NULL.',
    returns: firstKnown, call: (args) => extreme('LEAST', args, -1),
  }),
  scalar({
    name: 'GREATEST', min: 1, max: Infinity, signature: 'GREATEST(a, b, …)', doc: 'Largest argument (numbers compare across types); NULL if any argument is NULL.',
    returns: firstKnown, call: (args) => extreme('GREATEST', args, 1),
  }),
];
