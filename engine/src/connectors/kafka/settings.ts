/**
 * The Kafka settings of one source or sink, read from its WITH keys and config file (dialect
 * spec §12.2) in the spellings the reference's config files use: `bootstrap.servers` directly or
 * under `datasource.consumer_config.` / `datasink.producer_config.`, `consumer.group` or
 * `group.id`, `format` or `value.serializer`, … One reader serves `validate` and `create`.
 */
import type { Env, ObjectProperties, PropertyDiagnostic } from '../properties';

/** The environment variable that names the brokers when no WITH key or `%connect` does. */
export const KAFKA_BOOTSTRAP_ENV = 'KAFKA_BOOTSTRAP_SERVERS';

export type KafkaFormat = 'json' | 'avro' | 'protobuf';
export type FailureStrategy = 'LogAndContinue' | 'FailBatch' | 'RetryWithBackoff';

export interface KafkaSettings {
  brokers: string[];
  topic: string;
  format: KafkaFormat;
  /** The payload field that carries the message key (source: filled from it; sink: keyed by it). */
  keyField: string | null;
  /** Source: consumer group id (default `velo-sql-<name>`, dialect §13.2). */
  groupId: string;
  fromBeginning: boolean;
  /** Source: commit consumed offsets to the group (notebook queries do not, kernel §3.6). */
  commit: boolean;
  failureStrategy: FailureStrategy;
  /** Sink: records per produce request, and how long a partial batch may wait. */
  batchSize: number;
  lingerMs: number;
  compression: 'none' | 'gzip';
  idempotent: boolean;
  /** Sink/source topic partitions when the connector creates the topic. */
  partitions: number | undefined;
  /** Source: skip messages below these offsets (index = partition; velo-test's published range). */
  startOffsets?: readonly number[];
  /** Avro/Protobuf schema: inline text, a file, or a registry URL (formats/). */
  schema: { inline?: string; file?: string; registryUrl?: string; messageType?: string };
}

const PREFIXES = ['', 'datasource.consumer_config.', 'datasink.producer_config.', 'consumer_config.', 'producer_config.', 'kafka.'];

/** The first of `keys` set under any of the reference's prefixes. */
function lookup(props: ObjectProperties, ...keys: string[]): string | undefined {
  for (const key of keys) {
    for (const prefix of PREFIXES) {
      const value = props.get(prefix + key);
      if (value !== undefined && value !== '') return value;
    }
  }
  return undefined;
}

export function kafkaSettings(props: ObjectProperties, env: Env = process.env): { settings: KafkaSettings; diagnostics: PropertyDiagnostic[] } {
  const diagnostics: PropertyDiagnostic[] = [];
  const invalid = (key: string, message: string, hint: string) =>
    diagnostics.push({ severity: 'error', code: 'VV355', object: props.name, key, message, hint });

  const brokers = (lookup(props, 'bootstrap.servers', 'brokers') ?? env[KAFKA_BOOTSTRAP_ENV] ?? env.VELOSTREAM_KAFKA_BROKERS ?? 'localhost:9092')
    .split(',')
    .map((b) => b.trim().replace(/^kafka:\/\//, ''))
    .filter((b) => b !== '');

  const formatText = (lookup(props, 'format', 'value.serializer', 'datasource.schema.value.serializer', 'datasink.schema.value.serializer', 'value.format') ?? 'json').toLowerCase();
  const format: KafkaFormat = formatText === 'avro' || formatText === 'protobuf' ? formatText : formatText === 'proto' ? 'protobuf' : 'json';
  if (!['json', 'avro', 'protobuf', 'proto'].includes(formatText)) invalid('format', `unknown Kafka format '${formatText}'`, 'use json, avro or protobuf');

  // One source reads one topic: positions and commits are per partition of that topic.
  if (props.topic?.includes(',')) {
    invalid('topic', `one Kafka source reads one topic, got '${props.topic}'`, 'read each topic as its own source and combine them with UNION ALL');
  }

  const reset = (lookup(props, 'auto.offset.reset') ?? 'earliest').toLowerCase();
  if (reset !== 'earliest' && reset !== 'latest') invalid('auto.offset.reset', `auto.offset.reset must be earliest or latest, got '${reset}'`, "use 'earliest' or 'latest'");

  const strategyText = lookup(props, 'failure_strategy') ?? 'LogAndContinue';
  const strategy = (['LogAndContinue', 'FailBatch', 'RetryWithBackoff'] as const).find((s) => s.toLowerCase() === strategyText.toLowerCase());
  if (!strategy) invalid('failure_strategy', `unknown failure_strategy '${strategyText}'`, 'use LogAndContinue, FailBatch or RetryWithBackoff');

  const compressionText = (lookup(props, 'compression.type', 'performance.compression.type') ?? 'none').toLowerCase();
  const compression = compressionText === 'gzip' ? 'gzip' : 'none';
  if (!['none', 'gzip'].includes(compressionText)) {
    diagnostics.push({
      severity: 'warning',
      code: 'VW553',
      object: props.name,
      key: 'compression.type',
      message: `compression.type '${compressionText}' is not available in this runtime; messages are sent uncompressed`,
      hint: "use 'gzip' or 'none'",
    });
  }

  const batchSize = positive(props, lookup(props, 'max_batch_size', 'batch.size.records', 'max.poll.records'), 1000, 'max_batch_size', invalid);
  const lingerMs = positive(props, lookup(props, 'linger.ms', 'batch_timeout'), 5, 'linger.ms', invalid, true);
  const partitionsText = lookup(props, 'partitions', 'topic_config.partitions', 'topic.partitions');
  const partitions = partitionsText === undefined ? undefined : positive(props, partitionsText, 1, 'partitions', invalid);

  const settings: KafkaSettings = {
    brokers,
    topic: props.topic,
    format,
    keyField: lookup(props, 'key.field', 'key_field') ?? null,
    groupId: lookup(props, 'group.id', 'consumer.group', 'group') ?? `velo-sql-${props.name}`,
    fromBeginning: reset !== 'latest',
    commit: (lookup(props, 'commit.offsets') ?? 'true').toLowerCase() !== 'false',
    failureStrategy: strategy ?? 'LogAndContinue',
    batchSize,
    lingerMs,
    compression,
    idempotent: (lookup(props, 'enable.idempotence', 'idempotent') ?? 'true').toLowerCase() !== 'false',
    partitions,
    schema: {
      inline: lookup(props, 'schema', 'value.schema', 'avro.schema', 'protobuf.schema'),
      file: props.resolvedPath(...PREFIXES.flatMap((p) => ['schema.file', 'value.schema.file', 'avro.schema.file', 'protobuf.schema.file', 'datasource.schema.value.schema.file', 'datasink.schema.value.schema.file'].map((k) => p + k))),
      registryUrl: lookup(props, 'schema.registry.url'),
      messageType: lookup(props, 'protobuf.message', 'message.type', 'value.message.type'),
    },
  };
  return { settings, diagnostics };
}

function positive(
  props: ObjectProperties,
  text: string | undefined,
  fallback: number,
  key: string,
  invalid: (key: string, message: string, hint: string) => void,
  zeroAllowed = false,
): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < (zeroAllowed ? 0 : 1)) {
    invalid(key, `${props.name}.${key} must be a ${zeroAllowed ? 'non-negative' : 'positive'} integer, got '${text}'`, 'give a whole number');
    return fallback;
  }
  return n;
}
