/**
 * `kafka_source` / `kafka_sink` factories over a real broker (kafkajs). `validate` reads the
 * settings only; `create` builds the client and the value codec, and the connector connects in
 * the background (its first poll or send reports a broker that cannot be reached).
 */
import type { Env } from '../properties';
import { fail, ok } from '../errors';
import type { SinkFactory, SourceFactory } from '../registry';
import { eventTimeSpec } from '../time/event-time';
import { kafkaClient } from './client';
import { KafkaSink } from './kafka-sink';
import { KafkaSource } from './kafka-source';
import { kafkaSettings } from './settings';
import { valueCodecFor } from './schema-codecs';

export interface KafkaFactoryOptions {
  /** Where unset `bootstrap.servers` and `KAFKA_BOOTSTRAP_SERVERS` are looked up (default process.env). */
  env?: Env;
  /** Brokers for every source and sink, whatever their properties say (velo-test --kafka). */
  brokers?: readonly string[];
  /**
   * Overrides every source's group settings (notebook queries: a fresh group, no commits; the
   * job runner: one group per deployed job). `job` is the statement the source feeds.
   */
  consumer?: { groupId?: (job: string | undefined, source: string) => string; commit?: boolean };
}

export function kafkaFactories(options: KafkaFactoryOptions = {}): { source: SourceFactory; sink: SinkFactory } {
  const read = (props: Parameters<SourceFactory['validate']>[0]) => {
    const result = kafkaSettings(props, options.env ?? process.env);
    if (options.brokers) result.settings.brokers = [...options.brokers];
    return result;
  };
  return {
    source: {
      bounded: () => false,
      validate: (props) => [...read(props).diagnostics, ...eventTimeSpec(props).diagnostics],
      create(props, ctx) {
        const { settings, diagnostics } = read(props);
        const error = diagnostics.find((d) => d.severity === 'error');
        if (error) return fail({ code: 'INVALID_PROPERTY', message: error.message, hint: error.hint, object: props.name });
        if (options.consumer?.groupId) settings.groupId = options.consumer.groupId(ctx.job, props.name);
        if (options.consumer?.commit !== undefined) settings.commit = options.consumer.commit;
        const codec = valueCodecFor(settings, props.name);
        if (!codec.ok) return codec;
        const client = kafkaClient(settings.brokers, `velo-${props.name}`);
        return ok(new KafkaSource(props.name, props.type ?? 'kafka_source', client, settings, ctx, codec.value, eventTimeSpec(props).spec));
      },
    },
    sink: {
      validate: (props) => read(props).diagnostics,
      create(props) {
        const { settings, diagnostics } = read(props);
        const error = diagnostics.find((d) => d.severity === 'error');
        if (error) return fail({ code: 'INVALID_PROPERTY', message: error.message, hint: error.hint, object: props.name });
        const codec = valueCodecFor(settings, props.name);
        if (!codec.ok) return codec;
        return ok(new KafkaSink(props.name, props.type ?? 'kafka_sink', kafkaClient(settings.brokers, `velo-${props.name}`), settings, codec.value));
      },
    },
  };
}
