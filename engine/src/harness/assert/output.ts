/**
 * What assertions evaluate against: the records captured from one sink of a query (harness
 * spec §3.7), the query's inputs and job statistics, and the assertion result shape (§7.2).
 */
import type { Value } from '../../types/values/types';
import type { MetricsRegistry } from '../metrics/registry';

/** One captured record: payload fields plus the message metadata. */
export interface CapturedRecord {
  fields: Record<string, Value>;
  /** The message key (text on a topic; a runtime value for records captured in process). */
  key: Value;
  headers: ReadonlyMap<string, string> | null;
  partition: number;
  offset: number;
  timestamp: number;
}

export interface CapturedOutput {
  /** The sink's topic, file path or name, as shown in reports and JSON `record_counts`. */
  name: string;
  /** `topic '<t>'`, `sink '<path>'` or `sink '<name>'` (§7.2). */
  location: string;
  /** Names this output answers to in `outputs[].sink` (topic, sink name, query name). */
  aliases: readonly string[];
  records: CapturedRecord[];
  /** Set when `--max-capture` cut the output; count-based assertions then fail. */
  truncatedAt?: number;
}

/** Records published to one input of the query. */
export interface InputData {
  source: string;
  /** The schema the records were generated from, if any (analysis). */
  schema?: string;
  records: CapturedRecord[];
}

/** The measurements of §7.4, taken by the runner. */
export interface Performance {
  /** Job start (inputs published) to completion. */
  executionMs: number;
  /** Input records consumed by the job. */
  recordsIn: number;
  recordsOut: number;
  memoryStartBytes: number;
  memoryPeakBytes: number;
  memoryEndBytes: number;
}

export interface JobStatistics {
  recordsIn: number;
  /** Record-level errors (expression failures, bad rows). */
  recordErrors: number;
  lateRecords: number;
  droppedTooLate: number;
  /** Latest event time consumed, epoch ms, or null. */
  watermark: number | null;
}

export interface AssertionContext {
  output: CapturedOutput;
  /** Inputs of the query by source name. */
  inputs: ReadonlyMap<string, InputData>;
  /** Record counts of every captured output of the query, by output name and alias. */
  outputCounts: Readonly<Record<string, number>>;
  variables: Readonly<Record<string, string>>;
  performance: Performance;
  job: JobStatistics;
  /** The statement's FROM source and first JOIN source (join_coverage defaults). */
  fromSource?: string;
  joinSource?: string;
  /** The run clock "now" (latency, freshness). */
  now: number;
  metrics: MetricsRegistry;
  /** Records written to a topic during the query (dlq_count). */
  topicRecords(topic: string): CapturedRecord[];
  /** Whether the topic exists at all: a job without a dead-letter topic cannot be counted (dlq_count). */
  hasTopic(topic: string): boolean;
  /** Rows of a table or file-backed source by name (referential integrity, freshness). */
  tableRows(name: string): CapturedRecord[] | undefined;
  /** File assertion paths resolve against this directory (the spec's). */
  baseDir: string;
}

export interface AssertionResult {
  type: string;
  /** False for a failed and for a skipped assertion: a check that saw nothing never passes. */
  passed: boolean;
  /** Set when the assertion could not check anything (too few records, no timestamp, no DLQ). */
  skipReason?: string;
  message: string;
  expected?: string;
  actual?: string;
  details?: Record<string, string>;
  sink?: string;
}

/** Offending items as `[index]=value`, at most 10, then `… (+N more)` (§7.2). */
export function listOffending(items: readonly { index: number | string; value: string }[], max = 10): string {
  const shown = items.slice(0, max).map((i) => `[${i.index}]=${i.value}`);
  if (items.length > max) shown.push(`… (+${items.length - max} more)`);
  return shown.join(', ');
}
