/**
 * Number literals, duration units and type names: the value tables of spec §1, §3.3, §5.2, §6.1.
 * Pure functions; the parser turns their `undefined` answers into diagnostics.
 */
import type { IntervalUnit, SimpleUnit, TypeKeyword } from './ast';

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Integer text → number while safe, bigint beyond (the runtime's convention). */
export function integerValue(digits: string, negative = false): number | bigint {
  const big = BigInt(digits) * (negative ? -1n : 1n);
  return big <= SAFE && big >= -SAFE ? Number(big) : big;
}

/** `12.50` → unscaled 1250, scale 2. */
export function decimalValue(text: string, negative = false): { unscaled: number | bigint; scale: number } {
  const [whole, fraction] = text.split('.');
  return { unscaled: integerValue(whole + fraction, negative), scale: fraction.length };
}

const SIMPLE_UNIT_MS: Record<SimpleUnit, number> = {
  ns: 1e-6,
  us: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

export function simpleUnit(text: string): SimpleUnit | undefined {
  return Object.prototype.hasOwnProperty.call(SIMPLE_UNIT_MS, text) ? (text as SimpleUnit) : undefined;
}

export function simpleUnitMs(unit: SimpleUnit): number {
  return SIMPLE_UNIT_MS[unit];
}

const INTERVAL_UNIT_MS: Record<IntervalUnit, number> = {
  MILLISECOND: 1,
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: 86_400_000,
  WEEK: 604_800_000,
};

/** `minutes`, `MINUTE` → MINUTE (case-insensitive, optional plural S). */
export function intervalUnit(text: string): IntervalUnit | undefined {
  const upper = text.toUpperCase();
  const singular = upper.endsWith('S') && upper !== 'S' ? upper.slice(0, -1) : upper;
  return Object.prototype.hasOwnProperty.call(INTERVAL_UNIT_MS, singular) ? (singular as IntervalUnit) : undefined;
}

export function intervalUnitMs(unit: IntervalUnit): number {
  return INTERVAL_UNIT_MS[unit];
}

/** ⊕X2 string durations: `'5m'` or `'1 minute'`; undefined when malformed. */
export function stringDurationMs(text: string): number | undefined {
  const compact = /^\s*(\d+)([a-zμ]+)\s*$/.exec(text);
  if (compact) {
    const unit = simpleUnit(compact[2]);
    return unit && Number(compact[1]) * simpleUnitMs(unit);
  }
  const spaced = /^\s*(\d+)\s+([A-Za-z]+)\s*$/.exec(text);
  if (!spaced) return undefined;
  const unit = intervalUnit(spaced[2]);
  return unit && Number(spaced[1]) * intervalUnitMs(unit);
}

const TYPE_NAMES: Record<string, TypeKeyword> = {
  INT: 'INTEGER',
  INTEGER: 'INTEGER',
  BIGINT: 'BIGINT',
  FLOAT: 'FLOAT',
  DOUBLE: 'DOUBLE',
  REAL: 'REAL',
  STRING: 'STRING',
  VARCHAR: 'STRING',
  CHAR: 'STRING',
  TEXT: 'STRING',
  BOOLEAN: 'BOOLEAN',
  BOOL: 'BOOLEAN',
  TIMESTAMP: 'TIMESTAMP',
  DATETIME: 'TIMESTAMP',
  DATE: 'DATE',
  DECIMAL: 'DECIMAL',
  NUMERIC: 'DECIMAL',
  SCALED_INTEGER: 'SCALED_INTEGER',
  ARRAY: 'ARRAY',
  MAP: 'MAP',
  STRUCT: 'STRUCT',
  JSON: 'JSON',
};

/** Type names valid in column definitions (§3.3). */
const COLUMN_TYPES = new Set(['INT', 'INTEGER', 'BIGINT', 'FLOAT', 'DOUBLE', 'REAL', 'STRING', 'VARCHAR', 'CHAR', 'TEXT',
  'BOOLEAN', 'BOOL', 'TIMESTAMP', 'DATE', 'DECIMAL', 'NUMERIC', 'ARRAY', 'MAP', 'STRUCT', 'JSON']);

/** Type names valid as CAST targets (§5.2). */
const CAST_TYPES = new Set(['INT', 'INTEGER', 'BIGINT', 'FLOAT', 'DOUBLE', 'STRING', 'VARCHAR', 'CHAR', 'TEXT',
  'BOOLEAN', 'BOOL', 'DATE', 'TIMESTAMP', 'DATETIME', 'DECIMAL', 'NUMERIC', 'SCALED_INTEGER']);

export type TypeContext = 'column' | 'cast';

export function typeKeyword(text: string, context: TypeContext): TypeKeyword | undefined {
  const upper = text.toUpperCase();
  const allowed = context === 'column' ? COLUMN_TYPES : CAST_TYPES;
  return allowed.has(upper) ? TYPE_NAMES[upper] : undefined;
}

export function typeNamesFor(context: TypeContext): string[] {
  return [...(context === 'column' ? COLUMN_TYPES : CAST_TYPES)];
}
