/**
 * Source and sink over the in-process topic store. The harness registers them for the Kafka
 * types (`kafka_source`, `kafka_sink`) so applications run unchanged without a broker.
 *
 * Source: unbounded (as Kafka); each poll takes up to 500 messages from every partition in
 * ascending partition order (harness §3.3), capped by `maxRecords`. `_TIMESTAMP` and, unless
 * `event.time.field` says otherwise, `_EVENT_TIME` are the message timestamp.
 */
import type { Batch, StreamRecord } from '../../types/record';
import { BaseSource, type ConnectorContext, type PartitionOffset, type Sink } from '../connector';
import { ok } from '../errors';
import type { ObjectProperties, PropertyDiagnostic } from '../properties';
import type { SinkFactory, SourceFactory } from '../registry';
import { eventTimeSpec, extractEventTime, type EventTimeSpec } from '../time/event-time';
import { jsonCodec, type MessageCodec } from './message-codec';
import type { TopicStore } from './topic-store';

export const MAX_PER_PARTITION = 500;

export interface TopicSourceOptions {
  /** Where to start, per partition (harness: the end offsets recorded before publishing). Default: 0. */
  startOffsets?: readonly number[];
  codec?: MessageCodec;
  eventTime?: EventTimeSpec | null;
}

export class TopicSource extends BaseSource {
  readonly bounded = false;
  private readonly offsets: number[];
  private readonly codec: MessageCodec;
  private closed = false;

  constructor(
    name: string,
    type: string,
    private readonly store: TopicStore,
    readonly topic: string,
    private readonly ctx: ConnectorContext,
    private readonly options: TopicSourceOptions = {},
  ) {
    super(name, type);
    const partitions = store.partitionCount(topic) || store.ensureTopic(topic);
    this.offsets = Array.from({ length: partitions }, (_, p) => options.startOffsets?.[p] ?? 0);
    this.codec = options.codec ?? jsonCodec;
  }

  partitions(): readonly number[] {
    return this.offsets.map((_, p) => p);
  }

  position(): PartitionOffset[] {
    return this.offsets.map((offset, partition) => ({ partition, offset }));
  }

  async poll(maxRecords: number, waitMs = 0): Promise<Batch | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (this.closed) return null;
      const batch = this.isPaused() ? [] : this.take(Math.max(1, maxRecords));
      if (batch.length > 0) return batch;
      const remaining = deadline - Date.now();
      if (remaining <= 0 || !(await this.store.waitForProduce(remaining))) return [];
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private take(maxRecords: number): Batch {
    const batch: StreamRecord[] = [];
    const spec = this.options.eventTime ?? null;
    for (let p = 0; p < this.offsets.length && batch.length < maxRecords; p++) {
      const messages = this.store.read(this.topic, p, this.offsets[p], Math.min(MAX_PER_PARTITION, maxRecords - batch.length));
      for (const m of messages) {
        const fields = this.codec.decode(m);
        if (typeof fields === 'string') {
          this.ctx.report({ code: 'BAD_ROW', object: this.name, message: `${this.topic}[${m.partition}]@${m.offset}: ${fields}; skipped` });
          continue;
        }
        const eventTime = spec === null ? m.timestamp : extractEventTime(fields[spec.field] ?? null, spec.format);
        batch.push({ fields, timestamp: m.timestamp, eventTime, offset: m.offset, partition: m.partition, key: m.key, headers: m.headers === null ? null : new Map(m.headers) });
      }
      this.offsets[p] += messages.length;
    }
    return batch;
  }
}

export class TopicSink implements Sink {
  private readonly codec: MessageCodec;

  constructor(
    readonly name: string,
    readonly type: string,
    private readonly store: TopicStore,
    readonly topic: string,
    codec?: MessageCodec,
  ) {
    this.codec = codec ?? jsonCodec;
  }

  async write(batch: Batch): Promise<void> {
    const messages = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) messages[i] = this.codec.encode(batch[i]);
    this.store.produce(this.topic, messages);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

/** Source and sink factories bound to one store (topic and partitions per harness §3.2). */
export function topicStoreFactories(store: TopicStore, codec: MessageCodec = jsonCodec): { source: SourceFactory; sink: SinkFactory } {
  const ensure = (props: ObjectProperties) => store.ensureTopic(props.topic, props.partitions ?? 1);
  return {
    source: {
      bounded: () => false,
      validate: (props) => eventTimeSpec(props).diagnostics,
      create(props, ctx) {
        ensure(props);
        const eventTime = eventTimeSpec(props).spec;
        return ok(new TopicSource(props.name, props.type ?? 'kafka_source', store, props.topic, ctx, { codec, eventTime }));
      },
    },
    sink: {
      validate: (): PropertyDiagnostic[] => [],
      create(props) {
        ensure(props);
        return ok(new TopicSink(props.name, props.type ?? 'kafka_sink', store, props.topic, codec));
      },
    },
  };
}
