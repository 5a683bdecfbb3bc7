/**
 * Records of one spec input (harness spec §3.6), from the first applicable kind:
 * `from_previous` (a query's capture), `source_type: file`, `data_file`, or generated from a
 * schema. Loaded files follow the payload rule for timestamps; generated records carry event
 * times and the `_event_time` header under time simulation. Errors are values.
 */
import * as path from 'path';
import type { Row } from '../../connectors/formats/csv-decoder';
import type { StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import { formatValue } from '../../types/values/format';
import type { CapturedRecord } from '../assert/output';
import { toTimestampMs } from '../assert/values';
import { loadDataFile } from '../data/load-data';
import { formatDiagnostic, hasErrors, type Diagnostic } from '../generator/diagnostics';
import { createGenerator } from '../generator/generator';
import { referencesFromFiles, referencesFromRegistry } from '../generator/reference-pools';
import { firstAvailable, referencesFromRecords } from '../generator/references';
import type { Schema } from '../generator/schema';
import type { InputSpec } from '../spec/types';
import type { RunClock } from './clock';
import { isSchemaPath, type SchemaRegistry } from './schemas';

export interface InputRecords {
  records: StreamRecord[];
  /** How the console names the origin: `generated`, `data_file`, `file`, `from_previous Q`. */
  origin: string;
  schema?: Schema;
  warnings: string[];
}

export type InputResult = { ok: true; value: InputRecords } | { ok: false; error: string };

export interface InputEnvironment {
  queryName: string;
  specDir: string;
  registry: SchemaRegistry;
  seed: number;
  nowMs: number;
  clock: RunClock;
  /** `--records`: count for every generated input. */
  recordsOverride?: number;
  defaultRecords: number;
  /** Captures of earlier queries: query → (topic/sink name → records), plus its first capture. */
  captures: ReadonlyMap<string, { bySink: ReadonlyMap<string, CapturedRecord[]>; first: CapturedRecord[] | undefined }>;
  /** Topic that feeds `input.source` in the statement (to pick the matching capture). */
  topicOf(source: string): string;
  /** Records already built for other inputs of this query (reference pools, §5.7 step 2). */
  siblings: ReadonlyMap<string, Record<string, Value>[]>;
}

/** Payload fields that give a loaded record its timestamp (§3.6 payload rule). */
const TIMESTAMP_FIELDS = ['event_time', 'timestamp', 'time', 'created_at'];

export function buildInput(input: InputSpec, env: InputEnvironment): InputResult {
  if (input.fromPrevious !== undefined) return fromPrevious(input, env);
  if (input.sourceType?.type === 'file') return fromFile(path.resolve(env.specDir, input.sourceType.path), input.sourceType.format, 'file', input, env);
  if (input.dataFile !== undefined) return fromFile(path.resolve(env.specDir, input.dataFile), undefined, 'data_file', input, env);
  return generated(input, env);
}

function fromPrevious(input: InputSpec, env: InputEnvironment): InputResult {
  const q = input.fromPrevious!;
  const capture = env.captures.get(q);
  const warnings: string[] = [];
  const records = capture ? capture.bySink.get(env.topicOf(input.source)) ?? capture.first ?? [] : [];
  if (!capture) warnings.push(`from_previous '${q}': that query was skipped or produced nothing; input '${input.source}' is empty`);
  const stream = records.map((r) => ({
    fields: r.fields,
    timestamp: r.timestamp,
    eventTime: r.headers?.has('_event_time') ? Number(r.headers.get('_event_time')) : r.timestamp,
    offset: 0,
    partition: 0,
    key: r.key,
    headers: r.headers ? new Map(r.headers) : null,
  }));
  return { ok: true, value: { records: stream, origin: `from_previous ${q}`, warnings } };
}

function fromFile(file: string, format: string | undefined, origin: string, input: InputSpec, env: InputEnvironment): InputResult {
  const loaded = loadDataFile(file, format);
  if (!loaded.ok) return { ok: false, error: `${loaded.error.file}: ${loaded.error.message}` };
  const warnings = loaded.problems.map((p) => `${p.file}:${p.line}: ${p.message}`);
  const start = env.clock.now();
  const records = loaded.rows.map((fields, i) => payloadRecord(fields, input.keyField, start + i));
  return { ok: true, value: { records, origin, warnings } };
}

function payloadRecord(fields: Row, keyField: string | undefined, clockMs: number): StreamRecord {
  let ts: number | undefined;
  for (const name of TIMESTAMP_FIELDS) {
    const v = fields[name];
    if (v !== undefined && v !== null && (typeof v !== 'string' || /^\d{4}-\d\d-\d\d/.test(v))) {
      ts = toTimestampMs(v);
      if (ts !== undefined) break;
    }
  }
  const key = keyField !== undefined && fields[keyField] !== undefined && fields[keyField] !== null ? formatValue(fields[keyField]) : null;
  return { fields, timestamp: ts ?? clockMs, eventTime: ts ?? null, offset: 0, partition: 0, key, headers: null };
}

/** The schema of a generated input: by path, by `schema`, by source name (§3.6). */
export function schemaForInput(input: InputSpec, env: Pick<InputEnvironment, 'registry' | 'specDir'>): Schema | undefined {
  const ref = input.schema;
  if (ref !== undefined && isSchemaPath(ref)) return env.registry.byPath.get(path.resolve(env.specDir, ref));
  return env.registry.schemas.get(ref ?? input.source)?.schema ?? (ref !== undefined ? env.registry.schemas.get(input.source)?.schema : undefined);
}

function generated(input: InputSpec, env: InputEnvironment): InputResult {
  const schema = schemaForInput(input, env);
  if (!schema) {
    const named = input.schema ?? input.source;
    return {
      ok: false,
      error: `no schema for source '${input.source}'${input.schema ? ` (schema '${named}' is not registered)` : ''}; add schemas/${named}.schema.yaml, -- @data.* hints, or run velo infer-schema`,
    };
  }
  const problems = env.registry.diagnostics.filter((d) => d.severity === 'error' && d.file === schema.position.file);
  if (problems.length > 0) return { ok: false, error: problems.map(formatDiagnostic).join('\n') };
  const count = env.recordsOverride ?? input.records ?? schema.recordCount ?? env.defaultRecords;
  const { generator, diagnostics } = createGenerator(schema, {
    records: count,
    seed: env.seed,
    nowMs: env.nowMs,
    query: env.queryName,
    source: input.source,
    ...(input.timeSimulation ? { timeSimulation: input.timeSimulation } : {}),
    ...(input.nullProbability !== undefined ? { nullProbability: input.nullProbability } : {}),
    ...(input.keyField !== undefined ? { keyField: input.keyField } : {}),
    clockStartMs: env.clock.now(),
    resolveReference: firstAvailable(
      referencesFromFiles(),
      referencesFromRecords(env.siblings),
      referencesFromRegistry(new Map([...env.registry.schemas].map(([k, v]) => [k, v.schema])), { seed: env.seed, nowMs: env.nowMs, query: env.queryName }),
    ),
  });
  const warnings = diagnostics.filter((d: Diagnostic) => d.severity === 'warning').map(formatDiagnostic);
  if (!generator || hasErrors(diagnostics)) return { ok: false, error: diagnostics.filter((d) => d.severity === 'error').map(formatDiagnostic).join('\n') };
  return { ok: true, value: { records: generator.nextRecords(count), origin: 'generated', schema, warnings } };
}
