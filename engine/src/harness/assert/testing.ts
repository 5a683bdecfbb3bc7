/**
 * Test helpers for assertions: captured records from plain objects, a context with neutral
 * measurements, and assertions read from YAML the way a spec file states them.
 */
import { YamlContext } from '../generator/yaml-context';
import { MetricsRegistry } from '../metrics/registry';
import { readAssertion } from '../spec/load-spec';
import type { AssertionSpec } from '../spec/types';
import type { Value } from '../../types/values/types';
import type { AssertionContext, CapturedRecord, InputData } from './output';

export function records(rows: Record<string, Value>[], keys: (string | null)[] = []): CapturedRecord[] {
  return rows.map((fields, i) => ({ fields, key: keys[i] ?? null, headers: null, partition: 0, offset: i, timestamp: 1_000 + i }));
}

export function context(rows: Record<string, Value>[], overrides: Partial<AssertionContext> = {}): AssertionContext {
  const output = { name: 'out', location: "topic 'out'", aliases: ['out'], records: records(rows) };
  return {
    output,
    inputs: new Map<string, InputData>(),
    outputCounts: { out: rows.length },
    variables: {},
    performance: { executionMs: 100, recordsIn: 1000, recordsOut: rows.length, memoryStartBytes: 50 * 2 ** 20, memoryPeakBytes: 80 * 2 ** 20, memoryEndBytes: 60 * 2 ** 20 },
    job: { recordsIn: 1000, recordErrors: 0, lateRecords: 0, droppedTooLate: 0, watermark: null },
    now: 10_000,
    metrics: new MetricsRegistry(),
    topicRecords: () => [],
    hasTopic: () => false,
    tableRows: () => undefined,
    baseDir: process.cwd(),
    ...overrides,
  };
}

/** One assertion from its YAML flow form, e.g. `{type: record_count, equals: 3}`; throws on spec errors. */
export function assertion(yaml: string): AssertionSpec {
  const { context: c, root } = YamlContext.parse(yaml, 'test.yaml');
  const a = readAssertion(c, root, 'a');
  if (!a) throw new Error(c.diagnostics.map((d) => d.message).join('; '));
  return a;
}
