/**
 * Argument readers for function implementations: each returns the JS value a function works
 * with or raises a TYPE_ERROR/ARGUMENT_ERROR naming the function, so implementations stay short.
 * Callers have already handled NULL (strict functions never see it).
 */
import { Scaled, SqlDate, Timestamp, type Value } from '../values/types';
import { scaledToNumber, shiftDownTruncated } from '../values/decimal';
import { ValueError, typeError } from '../values/errors';
import { typeName } from '../values/kinds';
import { parseIsoTimestamp } from '../values/time';

export function stringArg(fn: string, v: Value): string {
  if (typeof v === 'string') return v;
  throw typeError(`${fn} expects a STRING, got ${typeName(v)}`);
}

/** A whole number argument (counts, positions, places). Floats and decimals are truncated. */
export function intArg(fn: string, v: Value): number {
  if (typeof v === 'number') {
    if (Number.isFinite(v)) return Math.trunc(v);
  } else if (typeof v === 'bigint') return Number(v);
  else if (v instanceof Scaled) return Number(shiftDownTruncated(v.unscaled, v.scale));
  throw typeError(`${fn} expects an INTEGER, got ${typeName(v)}`);
}

/** A numeric argument as a double (SQRT, POWER, statistics). */
export function floatArg(fn: string, v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Scaled) return scaledToNumber(v);
  throw typeError(`${fn} expects a number, got ${typeName(v)}`);
}

/**
 * An instant in epoch ms: Integer ms, Timestamp, Date, or ISO-8601 text (§11: "Instants are
 * epoch-ms Integers unless noted"; Timestamps read from CSV are accepted the same way).
 */
export function instantArg(fn: string, v: Value): number {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Timestamp || v instanceof SqlDate) return v.ms;
  if (typeof v === 'string') {
    const ms = parseIsoTimestamp(v);
    if (ms !== null) return ms;
  }
  throw typeError(`${fn} expects an epoch-ms INTEGER or TIMESTAMP, got ${typeName(v)}`);
}

export function argumentError(fn: string, message: string): ValueError {
  return new ValueError('ARGUMENT_ERROR', `${fn}: ${message}`);
}
