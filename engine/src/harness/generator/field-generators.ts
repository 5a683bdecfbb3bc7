/**
 * One sampling function per non-derived field (harness spec §5.4): the first matching rule
 * of enum → references → sequence → pattern → random walk → type default. Null rolls and
 * derived fields are the record generator's business.
 */
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';
import { roundHalfAway, scaledFromDouble, startOfDay } from './convert';
import { logNormal, normal, uuidV4, WeightedChoice, zipfInRange } from './distributions';
import { generateFromPattern } from './pattern';
import type { Random } from '../../types/prng';
import { placeholderReference } from './references';
import type { Distribution, FieldSpec, FieldType, RandomWalk, TimeRange } from './schema';
import { resolveTime } from './timespec';

/** The record being generated, shared by every field function (reused between records). */
export interface RowState {
  /** Record index i within the input. */
  index: number;
  /** t_i under time simulation, else NaN. */
  eventTime: number;
  /** The run clock when this record is published (§3.9). */
  clockMs: number;
  /** Values of this record by declaration index, filled in generation order. */
  values: Value[];
}

export type FieldGenerator = (row: RowState) => Value;

export interface FieldEnvironment {
  rng: Random;
  nowMs: number;
  timeSimulated: boolean;
  /** Declaration index of a field by name. */
  indexOf(name: string): number;
  /** The pool of a `references` field, distinct and typed; absent when none resolved. */
  pool?: readonly Value[];
}

const ALPHANUMERIC_CODES = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 'latin1');
const DAY_MS = 86_400_000;
/** Resampling attempts of a bounded normal/log-normal before clamping (§5.5). */
const MAX_RESAMPLES = 8;

export function compileFieldGenerator(field: FieldSpec, env: FieldEnvironment): FieldGenerator {
  const c = field.constraints;
  const rng = env.rng;
  if (c.enumValues) return enumGenerator(c.enumValues.values, c.enumValues.weights, rng);
  if (c.references) return env.pool ? poolGenerator(env.pool, rng) : placeholderGenerator(c.references.schema, rng);
  if (c.sequence) return sequenceGenerator(c.sequence, field.type);
  if (c.pattern && field.type.kind === 'string') {
    const node = c.pattern.node;
    return () => generateFromPattern(node, rng);
  }
  if (c.distribution?.kind === 'random_walk') return randomWalkGenerator(field, c.distribution, env);
  return typeDefaultGenerator(field, env);
}

function enumGenerator(values: readonly Value[], weights: readonly number[] | undefined, rng: Random): FieldGenerator {
  if (!weights) return () => values[rng.below(values.length)];
  const choice = new WeightedChoice(weights);
  return () => values[choice.pick(rng)];
}

function poolGenerator(pool: readonly Value[], rng: Random): FieldGenerator {
  return () => pool[Math.floor(rng.nextFloat() * pool.length)];
}

/** No pool resolved: the reference's placeholders `REF_<S>_<1–999>` (§5.7). */
function placeholderGenerator(schema: string, rng: Random): FieldGenerator {
  return () => placeholderReference(schema, rng.intBetween(1, 999));
}

function sequenceGenerator(seq: NonNullable<FieldSpec['constraints']['sequence']>, type: FieldType): FieldGenerator {
  if (type.kind !== 'string') return (row) => seq.start + row.index * seq.step;
  return (row) => {
    const n = seq.start + row.index * seq.step;
    const digits = String(Math.abs(n)).padStart(seq.width, '0');
    return seq.prefix + (n < 0 ? '-' : '') + digits;
  };
}

/** State per group value, starting at the range minimum (§5.5). */
function randomWalkGenerator(field: FieldSpec, walk: RandomWalk, env: FieldEnvironment): FieldGenerator {
  const { min, max } = field.constraints.range ?? { min: 100, max: 1000 };
  const rng = env.rng;
  const emit = numericEmitter(field.type);
  const groupIndex = walk.groupBy === undefined ? -1 : env.indexOf(walk.groupBy);
  const states = new Map<unknown, number>();
  return (row) => {
    const group = groupIndex < 0 ? undefined : groupKey(row.values[groupIndex]);
    let next = (states.get(group) ?? min) * (1 + walk.drift + walk.volatility * rng.standardNormal());
    if (next < min && !walk.allowBelowMin) next = min;
    if (next > max && !walk.allowAboveMax) next = max;
    states.set(group, next);
    return emit(next);
  };
}

/** Group values that print alike share a walk (a decimal `1.50` and the float 1.5 do not). */
function groupKey(value: Value): unknown {
  if (value instanceof Scaled) return `${value.unscaled}e-${value.scale}`;
  if (value instanceof Timestamp || value instanceof SqlDate) return value.ms;
  return value;
}

function typeDefaultGenerator(field: FieldSpec, env: FieldEnvironment): FieldGenerator {
  const c = field.constraints;
  const rng = env.rng;
  switch (field.type.kind) {
    case 'string': {
      const { min, max } = c.length ?? { min: 5, max: 20 };
      return alphanumericGenerator(rng, min, max);
    }
    case 'boolean':
      return () => rng.nextU32() >= 0x80000000;
    case 'uuid':
      return () => uuidV4(rng);
    case 'timestamp':
    case 'date':
      return instantGenerator(field.type.kind, c.timestampRange, env);
    case 'integer':
      if (c.timestampEpochMs) return epochMsGenerator(field.name, c.timestampEpochMs, env);
      if (c.range) return numericGenerator(field.type, c.range, true, c.distribution, rng);
      if (field.name === 'timestamp') return (row) => row.clockMs;
      return numericGenerator(field.type, { min: 0, max: 999 }, false, c.distribution, rng);
    case 'float':
    case 'decimal':
      return numericGenerator(field.type, c.range ?? { min: 0, max: 1000 }, c.range !== undefined, c.distribution, rng);
  }
}

/**
 * Random alphanumeric strings of `min`…`max` characters. Strings dominate generation time, so
 * each is written into a scratch buffer and copied out once (no per-character string garbage),
 * five characters per 32-bit draw (62^5 < 2^32).
 */
function alphanumericGenerator(rng: Random, min: number, max: number): FieldGenerator {
  const scratch = Buffer.alloc(max);
  return () => {
    const length = min === max ? min : rng.intBetween(min, max);
    let word = 0;
    for (let i = 0; i < length; i++) {
      if (i % 5 === 0) word = rng.nextU32();
      scratch[i] = ALPHANUMERIC_CODES[word % 62];
      word = Math.floor(word / 62);
    }
    return scratch.toString('latin1', 0, length);
  };
}

/** Timestamp and date fields: the event time under time simulation, else uniform in range. */
function instantGenerator(kind: 'timestamp' | 'date', range: TimeRange | undefined, env: FieldEnvironment): FieldGenerator {
  if (env.timeSimulated)
    return kind === 'timestamp' ? (row) => new Timestamp(row.eventTime) : (row) => new SqlDate(startOfDay(row.eventTime));
  const defaultStartMs = kind === 'timestamp' ? -3_600_000 : -30 * DAY_MS;
  const startMs = range ? resolveTime(range.start, env.nowMs) : env.nowMs + defaultStartMs;
  const endMs = range ? resolveTime(range.end, env.nowMs) : env.nowMs;
  const rng = env.rng;
  const draw = () => startMs + Math.floor(rng.nextFloat() * Math.max(1, endMs - startMs));
  return kind === 'timestamp' ? () => new Timestamp(draw()) : () => new SqlDate(startOfDay(draw()));
}

/**
 * Integer epoch-ms fields: the event time under time simulation — except a field named
 * exactly `timestamp`, which carries the production time (the run clock at publish) as in
 * the reference — else uniform in [start, end).
 */
function epochMsGenerator(name: string, range: TimeRange, env: FieldEnvironment): FieldGenerator {
  if (env.timeSimulated) return name === 'timestamp' ? (row) => row.clockMs : (row) => row.eventTime;
  const startMs = resolveTime(range.start, env.nowMs);
  const span = Math.max(1, resolveTime(range.end, env.nowMs) - startMs);
  const rng = env.rng;
  return () => startMs + Math.floor(rng.nextFloat() * span);
}

/** Converts a sampled double to the field's numeric type. */
function numericEmitter(type: FieldType): (x: number) => Value {
  if (type.kind === 'integer') return roundHalfAway;
  if (type.kind === 'decimal') {
    const precision = type.precision;
    return (x) => scaledFromDouble(x, precision);
  }
  return (x) => x;
}

/**
 * Range + distribution for integer, float and decimal fields. `bounded` says whether the range
 * was written (a normal is then resampled and clamped into it) or is the type default.
 */
function numericGenerator(
  type: FieldType,
  range: { min: number; max: number },
  bounded: boolean,
  distribution: Distribution | undefined,
  rng: Random,
): FieldGenerator {
  const { min, max } = range;
  const emit = numericEmitter(type);
  switch (distribution?.kind) {
    case 'normal':
    case 'log_normal': {
      const { mean, stdDev } = distribution;
      const sample = distribution.kind === 'normal' ? () => normal(rng, mean, stdDev) : () => logNormal(rng, mean, stdDev);
      if (!bounded) return () => emit(sample());
      return () => {
        let x = sample();
        for (let attempt = 0; attempt < MAX_RESAMPLES && (x < min || x > max); attempt++) x = sample();
        return emit(x < min ? min : x > max ? max : x);
      };
    }
    case 'zipf':
      if (bounded) {
        const exponent = distribution.exponent;
        return () => emit(zipfInRange(rng, min, max, exponent));
      }
      break;
  }
  return uniformGenerator(type, min, max, rng);
}

/** Integers uniform over [⌈min⌉, ⌊max⌋]; decimals uniform over their representable steps. */
function uniformGenerator(type: FieldType, min: number, max: number, rng: Random): FieldGenerator {
  if (type.kind === 'integer') {
    const lo = Math.ceil(min);
    const hi = Math.floor(max);
    return () => rng.intBetween(lo, hi);
  }
  if (type.kind === 'decimal') {
    const precision = type.precision;
    const factor = 10 ** precision;
    const lo = Math.ceil(min * factor - 1e-9);
    const hi = Math.floor(max * factor + 1e-9);
    if (Number.isSafeInteger(lo) && Number.isSafeInteger(hi)) return () => new Scaled(rng.intBetween(lo, hi), precision);
    return () => scaledFromDouble(min + rng.nextFloat() * (max - min), precision);
  }
  const span = max - min;
  return () => min + rng.nextFloat() * span;
}
