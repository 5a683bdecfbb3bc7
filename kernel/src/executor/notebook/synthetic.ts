/**
 * Seeded synthetic records from a harness schema (kernel spec §3.6): bounded batches for
 * `%generate`, and the endless source that serves a schema-only source — `rate` records per
 * second of run time (0 = as fast as possible), event time following the run clock.
 */
import {
  createGenerator,
  formatSchemaDiagnostic,
  hasSchemaErrors,
  type Batch,
  type DataSchema,
  type PlanColumn,
  type RecordGenerator,
  type SqlType,
} from '@velostream/engine';
import { cellError, type CellError } from '../errors';

/** Records per emitted batch when the rate allows more. */
const MAX_BATCH = 2000;
/** How often an endless source emits when it is paced. */
const TICK_MS = 50;

const FIELD_TYPES: Record<DataSchema['fields'][number]['type']['kind'], SqlType> = {
  string: 'string',
  integer: 'integer',
  float: 'float',
  decimal: 'decimal',
  boolean: 'boolean',
  timestamp: 'timestamp',
  date: 'date',
  uuid: 'string',
};

/** The schema's fields as planner columns. */
export function schemaColumns(schema: DataSchema): PlanColumn[] {
  return schema.fields.map((field) => ({ name: field.name, type: FIELD_TYPES[field.type.kind] }));
}

function generator(schema: DataSchema, records: number, seed: number): RecordGenerator | CellError {
  const created = createGenerator(schema, { records, seed, timeSimulation: null, nowMs: Date.now() });
  if (!created.generator || hasSchemaErrors(created.diagnostics))
    return cellError(
      'MagicError',
      `cannot generate data for ${schema.name}: ${created.diagnostics.map(formatSchemaDiagnostic).join('; ')}`,
    );
  return created.generator;
}

/** `records` seeded records, as one batch. */
export function boundedRecords(schema: DataSchema, records: number, seed: number): Batch | CellError {
  const made = generator(schema, records, seed);
  return 'kind' in made ? made : made.nextRecords(records);
}

const nextTick = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An endless seeded source. The query's cancel stops iterating it (the runtime stops waiting on
 * an idle source), so it needs no signal of its own.
 */
export function endlessSource(schema: DataSchema, seed: number, rate: number): () => AsyncIterable<Batch> {
  return async function* () {
    const made = generator(schema, Number.MAX_SAFE_INTEGER, seed);
    if ('kind' in made) return;
    const started = Date.now();
    let produced = 0;
    for (;;) {
      const now = Date.now();
      const due = rate === 0 ? MAX_BATCH : Math.min(MAX_BATCH, Math.floor(((now - started) * rate) / 1000) - produced);
      if (due > 0) {
        const batch = made.nextRecords(due);
        for (const record of batch) {
          record.timestamp = now;
          record.eventTime = now;
        }
        produced += due;
        yield batch;
      }
      await (rate === 0 ? yieldNow() : nextTick(TICK_MS));
    }
  };
}
