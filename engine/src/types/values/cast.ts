/**
 * CAST(x AS T) (dialect spec §5.2). NULL casts to NULL; input that cannot be converted raises a
 * CAST_ERROR `ValueError`, which the runtime counts as a record error.
 */
import { Interval, Scaled, SqlDate, Timestamp, type Value } from './types';
import {
  floatToDecimal,
  normalize,
  parseDecimalText,
  rescaleRounded,
  scaledToNumber,
  shiftDownTruncated,
} from './decimal';
import { ValueError } from './errors';
import { formatValue } from './format';
import { typeName } from './kinds';
import { parseIsoTimestamp, startOfUtcDay } from './time';

export type CastTarget = 'INTEGER' | 'FLOAT' | 'STRING' | 'BOOLEAN' | 'DATE' | 'TIMESTAMP' | 'DECIMAL' | 'SCALED_INTEGER';

const TARGETS: Record<string, CastTarget> = {
  INTEGER: 'INTEGER', INT: 'INTEGER', BIGINT: 'INTEGER',
  FLOAT: 'FLOAT', DOUBLE: 'FLOAT',
  STRING: 'STRING', VARCHAR: 'STRING', TEXT: 'STRING',
  BOOLEAN: 'BOOLEAN', BOOL: 'BOOLEAN',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP', DATETIME: 'TIMESTAMP',
  DECIMAL: 'DECIMAL', NUMERIC: 'DECIMAL',
  SCALED_INTEGER: 'SCALED_INTEGER',
};

/** The cast target a type name denotes (case-insensitive, aliases resolved), or null if unknown. */
export function castTargetOf(typeName: string): CastTarget | null {
  return TARGETS[typeName.toUpperCase()] ?? null;
}

/** The target type names accepted in CAST, for the validator and completion. */
export const CAST_TYPE_NAMES: readonly string[] = Object.keys(TARGETS);

/** `SCALED_INTEGER` always has scale 4 (§5.2). */
const SCALED_INTEGER_SCALE = 4;

/**
 * Converts `v` to `target`. `scale` is the declared scale of `DECIMAL(p, s)`: the result is
 * rounded half away from zero to it; without it a DECIMAL keeps the input's exact digits.
 */
export function castValue(v: Value, target: CastTarget, scale?: number): Value {
  if (v === null) return null;
  switch (target) {
    case 'INTEGER':
      return toInteger(v);
    case 'FLOAT':
      return toFloatValue(v);
    case 'STRING':
      return typeof v === 'string' ? v : formatValue(v);
    case 'BOOLEAN':
      return toBoolean(v);
    case 'DATE':
      return new SqlDate(startOfUtcDay(toInstant(v, target)));
    case 'TIMESTAMP':
      return v instanceof Timestamp ? v : new Timestamp(toInstant(v, target));
    case 'DECIMAL': {
      const exact = toDecimal(v);
      return scale === undefined ? exact : rescaleRounded(exact, scale);
    }
    case 'SCALED_INTEGER':
      return rescaleRounded(toDecimal(v), SCALED_INTEGER_SCALE);
  }
}

function failure(v: Value, target: CastTarget): ValueError {
  const shown = typeof v === 'string' ? `'${v}'` : typeName(v);
  return new ValueError('CAST_ERROR', `cannot cast ${shown} to ${target}`);
}

const INTEGER_TEXT = /^\s*[+-]?\d+\s*$/;
const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

function toInteger(v: Value): Value {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') return truncateFloat(v, v);
  if (v instanceof Scaled) return shiftDownTruncated(v.unscaled, v.scale);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Timestamp || v instanceof SqlDate || v instanceof Interval) return v.ms;
  if (typeof v === 'string') {
    if (INTEGER_TEXT.test(v)) return normalize(BigInt(v.trim()));
    const decimal = parseDecimalText(v);
    if (decimal !== null) return shiftDownTruncated(decimal.unscaled, decimal.scale);
    if (NUMBER_TEXT.test(v)) return truncateFloat(Number(v), v);
  }
  throw failure(v, 'INTEGER');
}

function truncateFloat(f: number, original: Value): number | bigint {
  if (!Number.isFinite(f)) throw failure(original, 'INTEGER');
  const t = Math.trunc(f) + 0;
  return Number.isSafeInteger(t) ? t : normalize(BigInt(t));
}

function toFloatValue(v: Value): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Scaled) return scaledToNumber(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Timestamp || v instanceof SqlDate || v instanceof Interval) return v.ms;
  if (typeof v === 'string' && NUMBER_TEXT.test(v)) return Number(v);
  throw failure(v, 'FLOAT');
}

const TRUE_TEXT = new Set(['true', 't', 'yes', 'y', '1', 'on']);
const FALSE_TEXT = new Set(['false', 'f', 'no', 'n', '0', 'off']);

function toBoolean(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'bigint') return v !== 0n;
  if (v instanceof Scaled) return v.unscaled != 0;
  if (typeof v === 'string') {
    const text = v.trim().toLowerCase();
    if (TRUE_TEXT.has(text)) return true;
    if (FALSE_TEXT.has(text)) return false;
  }
  throw failure(v, 'BOOLEAN');
}

/** Epoch ms for DATE/TIMESTAMP casts: Integers are epoch ms (§5.2), Strings ISO-8601. */
function toInstant(v: Value, target: CastTarget): number {
  if (v instanceof Timestamp || v instanceof SqlDate) return v.ms;
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Scaled) return Number(shiftDownTruncated(v.unscaled, v.scale));
  if (typeof v === 'string') {
    const ms = parseIsoTimestamp(v);
    if (ms !== null) return ms;
    if (INTEGER_TEXT.test(v)) return Number(v);
  }
  throw failure(v, target);
}

function toDecimal(v: Value): Scaled {
  if (v instanceof Scaled) return v;
  if (typeof v === 'bigint') return new Scaled(normalize(v), 0);
  if (typeof v === 'number') {
    const d = floatToDecimal(v);
    if (d !== null) return d;
  }
  if (typeof v === 'string') {
    const d = parseDecimalText(v) ?? (NUMBER_TEXT.test(v) ? floatToDecimal(Number(v)) : null);
    if (d !== null) return d;
  }
  throw failure(v, 'DECIMAL');
}
