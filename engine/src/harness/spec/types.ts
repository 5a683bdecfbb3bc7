/**
 * The test spec model (harness spec §4): what `*.test.yaml` files load into after validation
 * and normalisation of the alternative forms (§4.6). The runner and the assertions read only
 * this model, never YAML.
 */
import type { FileFormat } from '../../connectors/formats/codec';
import type { SourcePosition, TimeSimulation } from '../generator/schema';

export interface TestSpec {
  application: string;
  description?: string;
  defaultTimeoutMs: number;
  defaultRecords: number;
  /** Run seed of the spec (extension); the CLI flag wins. */
  seed?: number;
  /** Anchor T0 of the spec, epoch ms (extension). */
  nowMs?: number;
  /** Template variables: `{{variables.k}}` / `{{k}}`. */
  config: Record<string, string>;
  queries: QuerySpec[];
  /** The spec file, or null for a spec generated in memory. */
  file: string | null;
}

export type SourceType = { type: 'kafka'; topic?: string } | { type: 'file'; path: string; format: FileFormat };

export interface InputSpec {
  source: string;
  schema?: string;
  records?: number;
  /** Name of the query whose capture is republished. */
  fromPrevious?: string;
  dataFile?: string;
  sourceType?: SourceType;
  timeSimulation?: TimeSimulation;
  keyField?: string;
  nullProbability?: number;
  position: SourcePosition;
}

/**
 * One assertion in spec shape: `type` plus its fields, with canonical key names and values
 * (operators, bounds) already normalised. Each evaluator reads the fields it declares.
 */
export interface AssertionSpec {
  type: string;
  fields: Record<string, unknown>;
  position: SourcePosition;
}

export interface OutputSpec {
  sink: string;
  assertions: AssertionSpec[];
  position: SourcePosition;
}

export interface QuerySpec {
  name: string;
  description?: string;
  skip: boolean;
  dependencies: string[];
  inputs: InputSpec[];
  /** Legacy `output.sink_type`: where the single sink is read from. */
  outputSinkType?: SourceType;
  outputs: OutputSpec[];
  assertions: AssertionSpec[];
  metricAssertions: AssertionSpec[];
  timeoutMs?: number;
  captureFormat: 'json' | 'avro' | 'protobuf';
  position: SourcePosition;
}

/** A positioned diagnostic about a spec (same shape as schema diagnostics). */
export type { Diagnostic as SpecDiagnostic } from '../generator/diagnostics';
