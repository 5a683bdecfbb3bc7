/**
 * The record generator (harness spec §5.4–§5.8): turns a schema plus run options into a
 * deterministic stream of payload objects or `StreamRecord`s. Per record: the event time (under
 * time simulation), each non-derived field in declaration order (random walks after their
 * group field), then derived fields in dependency order.
 */
import { formatValue } from '../../types/values/format';
import { Timestamp, type Value } from '../../types/values/types';
import type { StreamRecord } from '../../types/record';
import { coerceToFieldType, literalToFieldType } from './convert';
import { planDerivedFields, type DerivedStep } from './derived';
import { hasErrors, type Diagnostic } from './diagnostics';
import { compileFieldGenerator, type FieldGenerator, type RowState } from './field-generators';
import { streamRandom, type Random, type StreamPurpose } from '../../types/prng';
import { distinctValues, type ReferenceResolver } from './references';
import type { FieldSpec, FieldType, Schema, TimeSimulation } from './schema';
import { EventClock, resolveTimeSimulation } from './time-simulation';
import { DEFAULT_NOW_MS, DEFAULT_SEED } from './timespec';

export interface GeneratorOptions {
  /** Number of records; default the schema's `record_count`, else 1000. */
  records?: number;
  /** Run seed (§3.9); default the schema's `@data.seed`, else 42. */
  seed?: number;
  /** Anchor T0 in epoch ms; default 2025-01-01T00:00:00.000Z. */
  nowMs?: number;
  /** Spec query and input source: they name the random streams (§3.9). Defaults '' and the schema name. */
  query?: string;
  source?: string;
  /** The input's `time_simulation`; default the schema's hint default; null turns it off. */
  timeSimulation?: TimeSimulation | null;
  /** Input `null_probability`: overrides the rate of every nullable field. */
  nullProbability?: number;
  /** Message key field; default the schema's `key_field`. */
  keyField?: string;
  /** Run clock at the publish of the first record (+1 ms per record); default T0. */
  clockStartMs?: number;
  /** Pools for `references` fields (§5.7); without one, placeholders are generated with a warning. */
  resolveReference?: ReferenceResolver;
  /**
   * Prefix of every stream purpose: `ref:<schema>` when generating a referenced registry schema
   * that is not published (§5.7 step 4), so it never shares draws with a published input.
   */
  streamTag?: string;
}

export interface RecordGenerator {
  readonly schema: Schema;
  /** Total records this generator produces. */
  readonly count: number;
  /** Records produced so far. */
  readonly produced: number;
  /** Up to `max` more payload objects (keys in declaration order); empty when done. */
  nextFields(max?: number): Record<string, Value>[];
  /** Up to `max` more records with timestamp, event time, key and `_event_time` header. */
  nextRecords(max?: number): StreamRecord[];
}

export interface CreateGeneratorResult {
  /** Null when any diagnostic is an error. */
  generator: RecordGenerator | null;
  diagnostics: Diagnostic[];
}

/** Payload fields that give the message timestamp without time simulation (§3.6). */
const TIMESTAMP_FIELDS = ['event_time', 'timestamp', 'time', 'created_at'];

export function createGenerator(schema: Schema, options: GeneratorOptions = {}): CreateGeneratorResult {
  const diagnostics: Diagnostic[] = [];
  const nowMs = options.nowMs ?? DEFAULT_NOW_MS;
  const count = options.records ?? schema.recordCount ?? 1000;
  const seed = options.seed ?? schema.seed ?? DEFAULT_SEED;
  const source = options.source ?? schema.name;
  const stream = (purpose: StreamPurpose): Random =>
    streamRandom(seed, options.query ?? '', source, options.streamTag ? `${options.streamTag}/${purpose}` as StreamPurpose : purpose);
  const schemaProblem = (code: string, message: string): Diagnostic => ({
    severity: 'error',
    code,
    message,
    file: schema.position.file,
    line: schema.position.line,
    column: schema.position.column,
  });

  const sim = options.timeSimulation === null ? undefined : (options.timeSimulation ?? schema.timeSimulation);
  const resolvedSim = sim === undefined ? undefined : resolveTimeSimulation(sim, nowMs);
  if (typeof resolvedSim === 'string') diagnostics.push(schemaProblem('generator.time-simulation', resolvedSim));

  const keyField = options.keyField ?? schema.keyField;
  if (keyField !== undefined && !schema.fields.some((f) => f.name === keyField))
    diagnostics.push(schemaProblem('schema.unknown-field', `key field '${keyField}' is not a field of schema '${schema.name}'`));

  const order = generationOrder(schema.fields);
  if (typeof order === 'string') diagnostics.push(schemaProblem('schema.dependency-cycle', order));

  const derived = planDerivedFields(schema.fields);
  diagnostics.push(...derived.diagnostics);
  if (hasErrors(diagnostics)) return { generator: null, diagnostics };

  const rng = stream('values');
  const indexOf = (name: string) => schema.fields.findIndex((f) => f.name === name);
  const timeSimulated = resolvedSim !== undefined;
  const generators = (order as number[]).map((index) => {
    const field = schema.fields[index];
    const pool = field.constraints.references ? referencePool(field, options.resolveReference, diagnostics) : undefined;
    const generate = compileFieldGenerator(field, { rng, nowMs, timeSimulated, indexOf, ...(pool ? { pool } : {}) });
    return { index, generate, nullProbability: nullRate(field, options.nullProbability) };
  });
  const generator = new SchemaRecordGenerator(schema, count, {
    generators,
    derived: derived.steps.map((step) => ({ ...step, nullProbability: nullRate(fieldNamed(schema, step.name), options.nullProbability) })),
    rng,
    nulls: stream('nulls'),
    clock: typeof resolvedSim === 'object' ? new EventClock(resolvedSim, count, stream('time')) : undefined,
    clockStartMs: options.clockStartMs ?? nowMs,
    keyField,
  });
  return { generator, diagnostics };
}

export interface GenerateResult {
  /** Empty when any diagnostic is an error. */
  records: StreamRecord[];
  diagnostics: Diagnostic[];
}

/** All records of an input at once (convenience over `createGenerator`). */
export function generateRecords(schema: Schema, options: GeneratorOptions = {}): GenerateResult {
  const { generator, diagnostics } = createGenerator(schema, options);
  return { records: generator ? generator.nextRecords(generator.count) : [], diagnostics };
}

function fieldNamed(schema: Schema, name: string): FieldSpec {
  return schema.fields.find((f) => f.name === name)!;
}

function nullRate(field: FieldSpec, inputRate: number | undefined): number {
  return field.nullProbability > 0 && inputRate !== undefined ? inputRate : field.nullProbability;
}

/**
 * Declaration indices of the non-derived fields in generation order: declaration order, a
 * random walk deferred until its `group_by` field has been generated. A message on a cycle.
 */
function generationOrder(fields: readonly FieldSpec[]): number[] | string {
  const order: number[] = [];
  const placed = new Set<string>();
  let deferred: number[] = [];
  const groupOf = (f: FieldSpec) => (f.constraints.distribution?.kind === 'random_walk' ? f.constraints.distribution.groupBy : undefined);
  const ready = (i: number) => {
    const group = groupOf(fields[i]);
    return group === undefined || placed.has(group);
  };
  const place = (i: number) => {
    order.push(i);
    placed.add(fields[i].name);
  };
  fields.forEach((field, i) => {
    if (field.constraints.derived) return;
    if (!ready(i)) {
      deferred.push(i);
      return;
    }
    place(i);
    for (let progress = true; progress; ) {
      const waiting = deferred.filter((d) => !ready(d));
      progress = waiting.length < deferred.length;
      deferred.filter(ready).forEach(place);
      deferred = waiting;
    }
  });
  if (deferred.length > 0)
    return `random walks grouped by each other in a cycle: ${deferred.map((i) => fields[i].name).join(', ')}`;
  return order;
}

/** The distinct, typed pool of a references field, or undefined (with a warning) when none resolves. */
function referencePool(field: FieldSpec, resolve: ReferenceResolver | undefined, diagnostics: Diagnostic[]): Value[] | undefined {
  const target = field.constraints.references!;
  const raw = resolve?.(target);
  const pool = raw === undefined ? [] : distinctValues(raw).map((v) => typed(v, field.type));
  if (pool.length > 0) return pool;
  diagnostics.push({
    severity: 'warning',
    code: 'generator.unresolved-reference',
    message: `field '${field.name}' references ${target.schema}.${target.field}, which has no data: generating placeholders REF_${target.schema.toUpperCase()}_<n>`,
    file: field.position.file,
    line: field.position.line,
    column: field.position.column,
    path: `${field.name}.references`,
    hint: `add an input or schema named '${target.schema}', or give references.file`,
  });
  return undefined;
}

function typed(value: Value, type: FieldType): Value {
  if (typeof value === 'string' && type.kind !== 'string') return literalToFieldType(value, type) ?? value;
  return coerceToFieldType(value, type);
}

interface Plan {
  generators: { index: number; generate: FieldGenerator; nullProbability: number }[];
  derived: (DerivedStep & { nullProbability: number })[];
  rng: Random;
  nulls: Random;
  clock: EventClock | undefined;
  clockStartMs: number;
  keyField: string | undefined;
}

class SchemaRecordGenerator implements RecordGenerator {
  produced = 0;
  private readonly names: string[];
  private readonly row: RowState;
  private readonly random: () => number;

  constructor(
    readonly schema: Schema,
    readonly count: number,
    private readonly plan: Plan,
  ) {
    this.names = schema.fields.map((f) => f.name);
    this.row = { index: 0, eventTime: NaN, clockMs: 0, values: new Array(this.names.length).fill(null) };
    this.random = () => plan.rng.nextFloat();
  }

  nextFields(max = this.count): Record<string, Value>[] {
    const n = Math.min(max, this.count - this.produced);
    const out = new Array<Record<string, Value>>(n);
    for (let k = 0; k < n; k++) out[k] = this.nextRow();
    return out;
  }

  nextRecords(max = this.count): StreamRecord[] {
    const n = Math.min(max, this.count - this.produced);
    const out = new Array<StreamRecord>(n);
    const { keyField, clock } = this.plan;
    for (let k = 0; k < n; k++) {
      const fields = this.nextRow();
      const { index, eventTime, clockMs } = this.row;
      const key = keyField === undefined ? null : fields[keyField];
      out[k] = {
        fields,
        timestamp: clock ? eventTime : payloadTimestamp(fields, clockMs),
        eventTime: clock ? eventTime : null,
        offset: index,
        partition: 0,
        key: key === null ? null : typeof key === 'string' ? key : formatValue(key),
        headers: clock ? new Map([['_event_time', String(eventTime)]]) : null,
      };
    }
    return out;
  }

  private nextRow(): Record<string, Value> {
    const { plan, row, names } = this;
    row.index = this.produced++;
    row.clockMs = plan.clockStartMs + row.index;
    if (plan.clock) row.eventTime = plan.clock.next();
    const values = row.values;
    for (const g of plan.generators) {
      values[g.index] = g.nullProbability > 0 && plan.nulls.nextFloat() < g.nullProbability ? null : g.generate(row);
    }
    const fields: Record<string, Value> = {};
    for (let i = 0; i < names.length; i++) fields[names[i]] = values[i];
    for (const d of plan.derived) {
      fields[d.name] =
        d.nullProbability > 0 && plan.nulls.nextFloat() < d.nullProbability ? null : coerceToFieldType(d.evaluate(fields, this.random), d.type);
    }
    return fields;
  }
}

/** The first of event_time, timestamp, time, created_at holding an instant, else the run clock. */
function payloadTimestamp(fields: Record<string, Value>, clockMs: number): number {
  for (const name of TIMESTAMP_FIELDS) {
    const v = fields[name];
    if (v instanceof Timestamp) return v.ms;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
  }
  return clockMs;
}
