/**
 * `%describe kafka://[brokers/]topic`, a `%connect`ed topic's name, or a source declared with
 * `CREATE STREAM … WITH ('type' = 'kafka_source', …)`: samples up to 100 messages (a declared
 * source's through its own format and Avro/Protobuf schema, the others as JSON), infers a harness
 * schema from them (types, enums, ranges, timestamps — the same inference as `velo-test
 * infer-schema`) and registers it under the described name, so `%%test` and completion know the
 * columns; the schema YAML is shown for a `%%schema` cell.
 */
import { inferFromSample, parseKafkaUri, parseSchema, sampleKafkaSource, sampleKafkaTopic, schemaYaml, type DataSchema, type Value } from '@velostream/engine';
import { cellError, type CellError } from '../errors';
import type { Notebook } from './notebook';

/** Messages read to infer a topic's schema (kernel spec §4.2). */
export const SCHEMA_SAMPLE = 100;

/** What `%describe` reads: the name the schema is registered under, and where its messages are. */
export interface KafkaTopicRef {
  name: string;
  topic: string;
  brokers: string[];
  /** A declared source's connector properties (format, schema); absent for plain JSON topics. */
  properties?: Record<string, string>;
}

export interface TopicDescription {
  topic: string;
  name: string;
  schema: DataSchema;
  yaml: string;
  sample: Record<string, Value>[];
  undecodable: number;
}

/** The topic a `%describe` argument names, or undefined when it is not a Kafka topic. */
export function kafkaTopicOf(notebook: Notebook, name: string): KafkaTopicRef | undefined {
  const uri = parseKafkaUri(name);
  if (uri?.topic) return { name: uri.topic, topic: uri.topic, brokers: uri.brokers ?? notebook.kafka.defaultBrokers() };
  const declared = notebook.catalog.get(name);
  if (declared?.origin === 'external' && declared.properties.type === 'kafka_source') {
    const brokers = notebook.kafka.defaultBrokers();
    // Unset brokers fall back to the notebook's connection, as a query on the source does.
    const properties = declared.properties['bootstrap.servers'] || brokers.length === 0 ? declared.properties : { ...declared.properties, 'bootstrap.servers': brokers.join(',') };
    return { name, topic: properties.topic ?? name, brokers: (properties['bootstrap.servers'] ?? '').split(',').filter((b) => b !== ''), properties };
  }
  const bound = notebook.kafka.bindings()[name];
  return bound ? { name, topic: name, brokers: bound['bootstrap.servers'].split(',') } : undefined;
}

export async function describeTopic(notebook: Notebook, ref: KafkaTopicRef): Promise<TopicDescription | CellError> {
  const { name, topic, brokers, properties } = ref;
  if (brokers.length === 0 && !properties) return cellError('MagicError', `no Kafka brokers for topic '${topic}'`, { hint: 'write kafka://host:port/topic, or %connect kafka://host:port first' });
  let sample;
  try {
    sample = properties ? await sampleKafkaSource(name, properties, SCHEMA_SAMPLE) : await sampleKafkaTopic(brokers, topic, SCHEMA_SAMPLE);
  } catch (e) {
    return cellError('SourceError', (e as Error).message);
  }
  if (sample.rows.length === 0) {
    const format = properties ? 'decodable' : 'JSON';
    return cellError('SourceError', `topic '${topic}' has no ${format} messages to infer a schema from${sample.undecodable.length ? ` (${sample.undecodable.length} did not decode: ${sample.undecodable[0]})` : ''}`);
  }
  const columns = [...new Set(sample.rows.flatMap((row) => Object.keys(row)))];
  const yaml = schemaYaml(inferFromSample(name, sample.rows, columns), `${sample.rows.length} messages of kafka topic ${topic}`);
  const { schema } = parseSchema(yaml, `%describe ${name}`);
  if (!schema) return cellError('InternalError', `the schema inferred for '${name}' does not load`);
  notebook.registerSchema(schema);
  return { topic, name, schema, yaml, sample: sample.rows, undecodable: sample.undecodable.length };
}
