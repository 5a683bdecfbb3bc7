/**
 * A loaded harness schema written back as schema YAML (harness spec §5), so a generated app and
 * notebook carry the user's schema even when it came from a `%%schema` cell or a sample.
 */
import { stringify } from 'yaml';
import type { Distribution, FieldSpec, Schema, TimeRange } from '../../harness/generator/schema';
import type { TimeSpec } from '../../harness/generator/timespec';
import { formatValue } from '../../types/values/format';

export function schemaToYaml(schema: Schema): string {
  const doc: Record<string, unknown> = { name: schema.name };
  if (schema.description) doc.description = schema.description;
  if (schema.recordCount !== undefined) doc.record_count = schema.recordCount;
  if (schema.keyField) doc.key_field = schema.keyField;
  doc.fields = schema.fields.map(fieldDoc);
  return stringify(doc, { lineWidth: 0 });
}

function fieldDoc(f: FieldSpec): Record<string, unknown> {
  const type = f.type.kind === 'decimal' ? { decimal: { precision: f.type.precision } } : f.type.kind;
  const doc: Record<string, unknown> = { name: f.name, type, nullable: f.nullProbability > 0 };
  if (f.nullProbability > 0) doc.null_probability = f.nullProbability;
  const c = f.constraints;
  const constraints: Record<string, unknown> = {};
  if (c.enumValues) constraints.enum_values = { values: c.enumValues.values.map((v) => (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : formatValue(v))), ...(c.enumValues.weights ? { weights: c.enumValues.weights } : {}) };
  if (c.range) constraints.range = { ...c.range };
  if (c.length) constraints.length = { ...c.length };
  if (c.pattern) constraints.pattern = c.pattern.source;
  if (c.distribution && c.distribution.kind !== 'uniform') constraints.distribution = distributionDoc(c.distribution);
  if (c.derived) constraints.derived = c.derived.expression;
  if (c.references) constraints.references = { schema: c.references.schema, field: c.references.field, ...(c.references.file ? { file: c.references.file } : {}) };
  if (c.timestampRange) constraints.timestamp_range = timeRange(c.timestampRange);
  if (c.timestampEpochMs) constraints.timestamp_epoch_ms = timeRange(c.timestampEpochMs);
  if (c.sequence) constraints.sequence = { start: c.sequence.start, step: c.sequence.step, ...(c.sequence.prefix ? { prefix: c.sequence.prefix } : {}), ...(c.sequence.width ? { width: c.sequence.width } : {}) };
  if (Object.keys(constraints).length) doc.constraints = constraints;
  if (f.description) doc.description = f.description;
  return doc;
}

function distributionDoc(d: Exclude<Distribution, { kind: 'uniform' }>): Record<string, unknown> {
  switch (d.kind) {
    case 'normal':
    case 'log_normal':
      return { [d.kind]: { mean: d.mean, std_dev: d.stdDev } };
    case 'zipf':
      return { zipf: { exponent: d.exponent } };
    case 'random_walk':
      return { random_walk: { drift: d.drift, volatility: d.volatility, ...(d.groupBy ? { group_by: d.groupBy } : {}) } };
  }
}

function timeRange(r: TimeRange): { start: string; end: string } {
  return { start: timeSpec(r.start), end: timeSpec(r.end) };
}

function timeSpec(t: TimeSpec): string {
  if (t.kind === 'absolute') return new Date(t.ms).toISOString();
  return t.offsetMs === 0 ? 'now' : `${t.offsetMs / 1000}s`;
}
