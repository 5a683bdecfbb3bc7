/**
 * Public API of the synthetic data generator (harness spec §5). Names are prefixed where a
 * bare name (`Schema`, `Diagnostic`) would be ambiguous in the engine's public index.
 */
export { loadSchema, parseSchema, loadSchemaDirectory } from './load-schema';
export { parseDataHints, firstFromSource } from './hints';
export type { DataHintOptions, DataHintsResult } from './hints';
export { referencesFromFiles, referencesFromRegistry } from './reference-pools';
export { encodeWireJson, wireJsonEncoder, RecordWriter } from './wire';
export type { OutputFormat } from './wire';
export type { SchemaLoadResult, SchemaDirectory } from './load-schema';
export { createGenerator, generateRecords } from './generator';
export type { GeneratorOptions, RecordGenerator, CreateGeneratorResult, GenerateResult } from './generator';
export { referencesFromRecords, firstAvailable, distinctValues as distinctReferenceValues } from './references';
export type { ReferenceResolver, ReferenceTarget } from './references';
export { formatDiagnostic as formatSchemaDiagnostic, hasErrors as hasSchemaErrors } from './diagnostics';
export type { Diagnostic as SchemaDiagnostic } from './diagnostics';
export { parseTimeSpec, resolveTime, DEFAULT_NOW_MS as DEFAULT_RUN_NOW_MS, DEFAULT_SEED as DEFAULT_RUN_SEED } from './timespec';
export type { TimeSpec } from './timespec';
export { Random as SeededRandom, streamRandom, fnv1a32 } from '../../types/prng';
export type {
  Schema as DataSchema,
  FieldSpec as DataFieldSpec,
  FieldType as DataFieldType,
  FieldConstraints as DataFieldConstraints,
  Distribution as DataDistribution,
  TimeSimulation,
} from './schema';
