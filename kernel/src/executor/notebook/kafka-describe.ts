/**
 * `%describe kafka://[brokers/]topic` (or a `%connect`ed topic's name): samples up to 100
 * messages, infers a harness schema from them (types, enums, ranges, timestamps — the same
 * inference as `velo-test infer-schema`) and registers it under the topic's name, so `%%test`
 * and completion know the columns; the schema YAML is shown for a `%%schema` cell.
 */
import { inferFromSample, parseKafkaUri, parseSchema, sampleKafkaTopic, schemaYaml, type DataSchema, type Value } from '@velostream/engine';
import { cellError, type CellError } from '../errors';
import type { Notebook } from './notebook';

/** Messages read to infer a topic's schema (kernel spec §4.2). */
export const SCHEMA_SAMPLE = 100;

export interface TopicDescription {
  topic: string;
  brokers: string[];
  schema: DataSchema;
  yaml: string;
  sample: Record<string, Value>[];
  undecodable: number;
}

/** The topic a `%describe` argument names, or undefined when it is not a Kafka topic. */
export function kafkaTopicOf(notebook: Notebook, name: string): { topic: string; brokers: string[] } | undefined {
  const uri = parseKafkaUri(name);
  if (uri?.topic) return { topic: uri.topic, brokers: uri.brokers ?? notebook.kafka.defaultBrokers() };
  const bound = notebook.kafka.bindings()[name];
  return bound ? { topic: name, brokers: bound['bootstrap.servers'].split(',') } : undefined;
}

export async function describeTopic(notebook: Notebook, topic: string, brokers: string[]): Promise<TopicDescription | CellError> {
  if (brokers.length === 0) return cellError('MagicError', `no Kafka brokers for topic '${topic}'`, { hint: 'write kafka://host:port/topic, or %connect kafka://host:port first' });
  let sample;
  try {
    sample = await sampleKafkaTopic(brokers, topic, SCHEMA_SAMPLE);
  } catch (e) {
    return cellError('SourceError', (e as Error).message);
  }
  if (sample.rows.length === 0) {
    return cellError('SourceError', `topic '${topic}' has no JSON messages to infer a schema from${sample.undecodable.length ? ` (${sample.undecodable.length} did not decode: ${sample.undecodable[0]})` : ''}`);
  }
  const columns = [...new Set(sample.rows.flatMap((row) => Object.keys(row)))];
  const yaml = schemaYaml(inferFromSample(topic, sample.rows, columns), `${sample.rows.length} messages of kafka topic ${topic}`);
  const { schema } = parseSchema(yaml, `%describe ${topic}`);
  if (!schema) return cellError('InternalError', `the schema inferred for '${topic}' does not load`);
  notebook.registerSchema(schema);
  return { topic, brokers, schema, yaml, sample: sample.rows, undecodable: sample.undecodable.length };
}
