/**
 * Conversion of values to a field's type: enum literals read from YAML or hints, and the
 * results of derived expressions (harness spec §5.3, §5.6: decimal rounds half-even to P
 * digits, integer rounds half away from zero).
 */
import Decimal from 'decimal.js';
import { formatValue } from '../../types/values/format';
import { parseIsoTimestamp } from '../../types/values/time';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import type { FieldType } from './schema';

const DAY_MS = 86_400_000;

/** Half-even rounding of a double to an integer. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  if (fraction !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Half away from zero, the integer rounding of derived results. */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/** A double as a decimal with `precision` fraction digits (fast path for generated values). */
export function scaledFromDouble(x: number, precision: number): Scaled {
  const unscaled = roundHalfEven(x * 10 ** precision);
  // The value model keeps unscaled values beyond 2^53 as bigint.
  return new Scaled(Number.isSafeInteger(unscaled) ? unscaled : BigInt(unscaled), precision);
}

/** UTC midnight of the day holding `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/**
 * A YAML or hint literal (string, number, boolean) as a value of `type`, or undefined when it
 * cannot be one. Decimal literals convert exactly from their shortest text.
 */
export function literalToFieldType(raw: string | number | boolean, type: FieldType): Value | undefined {
  switch (type.kind) {
    case 'string':
    case 'uuid':
      return String(raw);
    case 'integer': {
      const n = typeof raw === 'string' ? Number(raw.trim()) : raw;
      return typeof n === 'number' && Number.isSafeInteger(n) && raw !== '' ? n : undefined;
    }
    case 'float': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
    }
    case 'decimal':
      return exactScaled(raw, type.precision);
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return undefined;
    case 'timestamp': {
      const ms = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseIsoTimestamp(raw) : null;
      return ms === null || !Number.isFinite(ms) ? undefined : new Timestamp(ms);
    }
    case 'date': {
      const ms = typeof raw === 'string' ? parseIsoTimestamp(raw) : null;
      return ms === null ? undefined : new SqlDate(startOfDay(ms));
    }
  }
}

function exactScaled(raw: string | number | boolean, precision: number): Scaled | undefined {
  if (typeof raw === 'boolean') return undefined;
  let d: Decimal;
  try {
    d = new Decimal(typeof raw === 'number' ? String(raw) : raw.trim());
  } catch {
    return undefined;
  }
  if (!d.isFinite()) return undefined;
  const unscaled = d.toDecimalPlaces(precision, Decimal.ROUND_HALF_EVEN).times(Decimal.pow(10, precision));
  return new Scaled(unscaled.toNumber(), precision);
}

/** The result of a derived expression as a value of the field's type (§5.6). */
export function coerceToFieldType(value: Value, type: FieldType): Value {
  if (value === null) return null;
  switch (type.kind) {
    case 'string':
    case 'uuid':
      return typeof value === 'string' ? value : formatValue(value);
    case 'integer': {
      const n = numeric(value);
      return n === null ? null : roundHalfAway(n);
    }
    case 'float':
      return numeric(value);
    case 'decimal': {
      if (value instanceof Scaled && value.scale === type.precision) return value;
      const n = numeric(value);
      return n === null ? null : scaledFromDouble(n, type.precision);
    }
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return numeric(value) === null ? null : numeric(value) !== 0;
    case 'timestamp': {
      const ms = instantMs(value);
      return ms === null ? null : new Timestamp(ms);
    }
    case 'date': {
      const ms = instantMs(value);
      return ms === null ? null : new SqlDate(startOfDay(ms));
    }
  }
}

function numeric(value: Value): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Scaled) return Number(value.unscaled) / 10 ** value.scale;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

function instantMs(value: Value): number | null {
  if (value instanceof Timestamp || value instanceof SqlDate) return value.ms;
  if (typeof value === 'string') return parseIsoTimestamp(value);
  return numeric(value);
}
