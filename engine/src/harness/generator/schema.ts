/**
 * The schema model (harness spec §5.1–§5.5): what schema YAML files and `@data.*` hints load
 * into and what the generator reads. Everything here is validated; no generator re-checks it.
 */
import type { Value } from '../../types/values/types';
import type { PatternNode } from './pattern';
import type { TimeSpec } from './timespec';

export type FieldType =
  | { kind: 'string' }
  | { kind: 'integer' }
  | { kind: 'float' }
  /** Exact decimal with `precision` fraction digits (the spec's P). */
  | { kind: 'decimal'; precision: number }
  | { kind: 'boolean' }
  | { kind: 'timestamp' }
  | { kind: 'date' }
  | { kind: 'uuid' };

/** Default fraction digits of a bare `decimal` (§5.2). */
export const DEFAULT_DECIMAL_PRECISION = 4;

export type Distribution =
  | { kind: 'uniform' }
  | { kind: 'normal'; mean: number; stdDev: number }
  /** `mean` and `stdDev` are the parameters of the underlying normal (log space). */
  | { kind: 'log_normal'; mean: number; stdDev: number }
  | { kind: 'zipf'; exponent: number }
  | RandomWalk;

export interface RandomWalk {
  kind: 'random_walk';
  drift: number;
  volatility: number;
  groupBy?: string;
  allowBelowMin: boolean;
  allowAboveMax: boolean;
}

export interface TimeRange {
  start: TimeSpec;
  end: TimeSpec;
}

export interface FieldConstraints {
  /** Values already converted to the field type; `weights` has one entry per value. */
  enumValues?: { values: Value[]; weights?: number[] };
  range?: { min: number; max: number };
  length?: { min: number; max: number };
  pattern?: { source: string; node: PatternNode };
  distribution?: Distribution;
  derived?: { expression: string; dependsOn: string[] };
  references?: { schema: string; field: string; file?: string };
  timestampRange?: TimeRange;
  timestampEpochMs?: TimeRange;
  sequence?: { start: number; step: number; prefix: string; width: number };
}

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface FieldSpec {
  name: string;
  type: FieldType;
  /** Probability of null; 0 for non-nullable fields. */
  nullProbability: number;
  description?: string;
  constraints: FieldConstraints;
  position: SourcePosition;
}

/** Null rate of a nullable field without `null_probability` (§5.1). */
export const DEFAULT_NULL_PROBABILITY = 0.1;

/** `time_simulation` of an input (§4.4), time specs unresolved. */
export interface TimeSimulation {
  start: TimeSpec;
  end: TimeSpec;
  sequential: boolean;
  jitterMs?: number;
}

export interface Schema {
  name: string;
  description?: string;
  recordCount?: number;
  keyField?: string;
  /** Declaration order = JSON key order of generated records. */
  fields: FieldSpec[];
  /** Where the schema was defined: a schema file, or the SQL file of `@data.*` hints. */
  position: SourcePosition;
  /** `@data.time_*` hints: time simulation for inputs that set none (§5.9). */
  timeSimulation?: TimeSimulation;
  /** `@data.seed`: run seed when neither `--seed` nor the spec gives one. */
  seed?: number;
}

const TYPE_NAMES: Record<string, FieldType['kind']> = {
  string: 'string',
  integer: 'integer',
  int: 'integer',
  long: 'integer',
  i64: 'integer',
  float: 'float',
  double: 'float',
  f64: 'float',
  boolean: 'boolean',
  bool: 'boolean',
  timestamp: 'timestamp',
  datetime: 'timestamp',
  date: 'date',
  uuid: 'uuid',
};

/** Every accepted spelling of a scalar type, for messages and "did you mean". */
export const FIELD_TYPE_NAMES: readonly string[] = [...Object.keys(TYPE_NAMES), 'decimal', 'decimal(P)'];

/** A type written as text — `integer`, `i64`, `decimal`, `decimal(2)` — or null when unknown. */
export function parseTypeName(text: string): FieldType | null {
  const name = text.trim().toLowerCase();
  const decimal = /^decimal\s*(?:\(\s*(\d+)\s*\))?$/.exec(name);
  if (decimal) return { kind: 'decimal', precision: decimal[1] === undefined ? DEFAULT_DECIMAL_PRECISION : Number(decimal[1]) };
  const kind = TYPE_NAMES[name];
  if (kind === undefined || kind === 'decimal') return null;
  return { kind } as FieldType;
}

export function isNumericType(type: FieldType): boolean {
  return type.kind === 'integer' || type.kind === 'float' || type.kind === 'decimal';
}

/** Parameters a distribution may be written with; missing ones take defaults. */
export interface DistributionParams {
  mean?: number;
  stdDev?: number;
  exponent?: number;
  drift?: number;
  volatility?: number;
  groupBy?: string;
  allowBelowMin?: boolean;
  allowAboveMax?: boolean;
}

export const DISTRIBUTION_NAMES = ['uniform', 'normal', 'log_normal', 'lognormal', 'zipf', 'random_walk', 'gbm'] as const;

/**
 * A distribution by name with defaults (§5.5, §5.9): normal without parameters has mean =
 * mid-range and std = range/6; log-normal derives the same from ln min and ln max; zipf's
 * exponent is 1; a random walk drifts by `walkDefaults.drift` with volatility 0.02 unless given.
 * Returns an error message when the defaults need a range that is missing or unusable.
 */
export function resolveDistribution(
  name: string,
  params: DistributionParams,
  range: { min: number; max: number } | undefined,
  walkDefaults: { drift: number; volatility: number },
): Distribution | string {
  switch (name.toLowerCase()) {
    case 'uniform':
      return { kind: 'uniform' };
    case 'normal': {
      if ((params.mean === undefined || params.stdDev === undefined) && range === undefined)
        return 'normal needs mean and std_dev, or a range to derive them from';
      const mean = params.mean ?? (range!.min + range!.max) / 2;
      const stdDev = params.stdDev ?? (range!.max - range!.min) / 6;
      return { kind: 'normal', mean, stdDev };
    }
    case 'log_normal':
    case 'lognormal': {
      if (params.mean === undefined || params.stdDev === undefined) {
        if (range === undefined || range.min <= 0)
          return 'log_normal needs mean and std_dev, or a range with min > 0 to derive them from';
      }
      const [lnMin, lnMax] = range ? [Math.log(range.min), Math.log(range.max)] : [0, 0];
      return {
        kind: 'log_normal',
        mean: params.mean ?? (lnMin + lnMax) / 2,
        stdDev: params.stdDev ?? (lnMax - lnMin) / 6,
      };
    }
    case 'zipf':
      return { kind: 'zipf', exponent: params.exponent ?? 1 };
    case 'random_walk':
    case 'gbm':
      return {
        kind: 'random_walk',
        drift: params.drift ?? walkDefaults.drift,
        volatility: params.volatility ?? walkDefaults.volatility,
        ...(params.groupBy !== undefined ? { groupBy: params.groupBy } : {}),
        allowBelowMin: params.allowBelowMin ?? false,
        allowAboveMax: params.allowAboveMax ?? false,
      };
    default:
      return `unknown distribution '${name}' (expected uniform, normal, log_normal, zipf or random_walk)`;
  }
}

/** What a cross-field problem is about, so each front end can point at its own source text. */
export type FieldAspect = 'name' | 'key_field' | 'group_by' | 'depends_on';

export interface FieldProblem {
  /** Index into `fields`, or null for a schema-level key. */
  field: number | null;
  aspect: FieldAspect;
  code: string;
  message: string;
  hint?: string;
}

/**
 * Checks between fields (§5.1): duplicate names, `key_field`, `random_walk.group_by` and
 * `derived.depends_on` naming existing fields, and cycles among derived fields.
 */
export function crossFieldProblems(schema: Pick<Schema, 'fields' | 'keyField'>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byName = new Map<string, number>();
  schema.fields.forEach((f, i) => {
    if (byName.has(f.name))
      problems.push({ field: i, aspect: 'name', code: 'schema.duplicate-field', message: `duplicate field '${f.name}'` });
    else byName.set(f.name, i);
  });
  const names = [...byName.keys()];
  const unknown = (name: string): string | undefined =>
    byName.has(name) ? undefined : `known fields: ${names.join(', ')}`;

  if (schema.keyField !== undefined && !byName.has(schema.keyField))
    problems.push({
      field: null,
      aspect: 'key_field',
      code: 'schema.unknown-field',
      message: `key_field '${schema.keyField}' is not a field of this schema`,
      hint: unknown(schema.keyField),
    });

  schema.fields.forEach((f, i) => {
    const distribution = f.constraints.distribution;
    const groupBy = distribution?.kind === 'random_walk' ? distribution.groupBy : undefined;
    if (groupBy !== undefined) {
      const target = byName.get(groupBy);
      if (target === undefined || target === i)
        problems.push({
          field: i,
          aspect: 'group_by',
          code: 'schema.unknown-field',
          message: `group_by '${groupBy}' of field '${f.name}' must name another field`,
          hint: unknown(groupBy),
        });
      else if (schema.fields[target].constraints.derived)
        problems.push({
          field: i,
          aspect: 'group_by',
          code: 'schema.invalid-value',
          message: `group_by '${groupBy}' of field '${f.name}' names a derived field`,
          hint: 'group a random walk by a generated field such as an enum',
        });
    }
    for (const dependency of f.constraints.derived?.dependsOn ?? [])
      if (!byName.has(dependency))
        problems.push({
          field: i,
          aspect: 'depends_on',
          code: 'schema.unknown-field',
          message: `derived field '${f.name}' depends on unknown field '${dependency}'`,
          hint: unknown(dependency),
        });
  });

  const cycle = derivedCycle(schema.fields, (f) => f.constraints.derived?.dependsOn ?? []);
  if (cycle)
    problems.push({
      field: byName.get(cycle[0])!,
      aspect: 'depends_on',
      code: 'schema.dependency-cycle',
      message: `derived fields depend on each other in a cycle: ${cycle.join(' → ')}`,
    });
  return problems;
}

/**
 * The names of a cycle among derived fields (first name repeated at the end), or null.
 * `dependencies` gives the field names a derived field reads.
 */
export function derivedCycle(fields: readonly FieldSpec[], dependencies: (f: FieldSpec) => readonly string[]): string[] | null {
  const derived = new Map(fields.filter((f) => f.constraints.derived).map((f) => [f.name, f]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (name: string): string[] | null => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'visiting') return [...stack.slice(stack.indexOf(name)), name];
    state.set(name, 'visiting');
    stack.push(name);
    for (const next of dependencies(derived.get(name)!)) {
      if (!derived.has(next)) continue;
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };
  for (const name of derived.keys()) {
    const cycle = visit(name);
    if (cycle) return cycle;
  }
  return null;
}
