/**
 * `velo-test run --kafka BROKERS` (harness spec §3.3 topic mode against a broker): the inputs
 * generated for a query are published to the application's real topics, the statement reads
 * them through the `kafka_source` connector (from the offsets recorded before publishing, in a
 * group of its own that never commits) and writes its sink through `kafka_sink`; the harness
 * then reads the sink topic back for the assertions.
 *
 * The in-process store still builds the messages (the same wire JSON, keys, partitions and
 * timestamps as in-process mode), so both modes see identical inputs; this module copies them
 * to the broker message for message, partition for partition.
 */
import { randomBytes } from 'crypto';
import type { Kafka } from 'kafkajs';
import type { Source, ConnectorContext } from '../../connectors/connector';
import { kafkaClient } from '../../connectors/kafka/client';
import { KafkaSource } from '../../connectors/kafka/kafka-source';
import { kafkaSettings } from '../../connectors/kafka/settings';
import { valueCodecFor } from '../../connectors/kafka/schema-codecs';
import type { TopicMessage, TopicStore } from '../../connectors/topics/topic-store';
import { jsonValueCodec, type ValueCodec } from '../../connectors/kafka/value-codec';
import type { Value } from '../../types/values/types';
import type { EventTimeSpec } from '../../connectors/time/event-time';
import type { Batch, StreamRecord } from '../../types/record';
import type { CapturedRecord } from '../assert/output';
import type { AppObject } from './app-model';

export class KafkaBridge {
  private readonly kafka: Kafka;
  private readonly runId = randomBytes(4).toString('hex');

  constructor(readonly brokers: readonly string[]) {
    this.kafka = kafkaClient(brokers, 'velo-test');
  }

  /** Creates the topic with `partitions` partitions unless it exists. */
  async ensureTopic(topic: string, partitions: number): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
    } finally {
      await admin.disconnect();
    }
  }

  /** End offset per partition (index = partition). */
  async endOffsets(topic: string): Promise<number[]> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      const out: number[] = [];
      for (const o of offsets) out[o.partition] = Number(o.high);
      return out;
    } finally {
      await admin.disconnect();
    }
  }

  /** The value codec of an app's topic object (JSON, or Avro/Protobuf with its schema). */
  async codecOf(object: AppObject): Promise<ValueCodec> {
    const { settings } = kafkaSettings(object.properties);
    settings.topic = object.topic;
    const codec = valueCodecFor(settings, object.name);
    if (!codec.ok) throw new Error(`${codec.error.message}${codec.error.hint ? ` (${codec.error.hint})` : ''}`);
    await codec.value.init?.();
    return codec.value;
  }

  /**
   * Produces the store's messages of `topic` from `from` (per partition) to the broker, same
   * partitions; values re-encoded with `codec` when the topic is not JSON.
   */
  async publishFromStore(store: TopicStore, topic: string, from: readonly number[], codec: ValueCodec): Promise<void> {
    const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const ends = store.endOffsets(topic);
      for (let partition = 0; partition < ends.length; partition++) {
        for (let offset = from[partition] ?? 0; offset < ends[partition]; offset += 1000) {
          const messages = store.read(topic, partition, offset, 1000).map((m) => ({
            partition,
            key: m.key,
            value: codec === jsonValueCodec || m.value === null ? m.value : codec.encode(storedFields(m)),
            timestamp: String(m.timestamp),
            ...(m.headers ? { headers: Object.fromEntries(m.headers) } : {}),
          }));
          await producer.send({ topic, messages, acks: -1 });
        }
      }
    } finally {
      await producer.disconnect();
    }
  }

  /** A job's source over the real topic, from `startOffsets`, ending (drained) at `endOffsets`. */
  feed(source: AppObject, ctx: ConnectorContext, startOffsets: readonly number[], endOffsets: readonly number[], eventTime: EventTimeSpec | null, codec: ValueCodec): KafkaFeed {
    const { settings } = kafkaSettings(source.properties);
    settings.brokers = [...this.brokers];
    settings.topic = source.topic;
    settings.groupId = `velo-test-${this.runId}-${source.name}-${randomBytes(2).toString('hex')}`;
    settings.commit = false;
    settings.fromBeginning = true;
    settings.startOffsets = startOffsets;
    // A client of its own: a source closes every socket of its client when it closes.
    const client = kafkaClient(this.brokers, `velo-test-${source.name}`);
    return new KafkaFeed(new KafkaSource(source.name, 'kafka_source', client, settings, ctx, codec, eventTime), endOffsets, source.table);
  }

  /**
   * The sink topic's messages from `from` (per partition) to its end, as captured records whose
   * fields are the job's typed output records with the same JSON (so both modes assert on the
   * same values); a message no output record matches is an error.
   */
  async readBack(topic: string, from: readonly number[], produced: readonly StreamRecord[], codec: ValueCodec): Promise<CapturedRecord[] | string> {
    const ends = await this.endOffsets(topic);
    const want = ends.reduce((n, end, p) => n + end - (from[p] ?? 0), 0);
    const byText = new Map<string, StreamRecord[]>();
    for (const record of produced) {
      const text = valueKey(codec.encode(record.fields));
      const list = byText.get(text);
      if (list) list.push(record);
      else byText.set(text, [record]);
    }
    const captured: CapturedRecord[] = [];
    if (want === 0) return captured;
    const consumer = this.kafka.consumer({ groupId: `velo-test-${this.runId}-capture-${randomBytes(2).toString('hex')}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    let unmatched: string | null = null;
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((done) => {
        let seen = 0;
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const offset = Number(message.offset);
            if (offset < (from[partition] ?? 0) || offset >= ends[partition]) return;
            const text = message.value === null ? 'null' : valueKey(message.value);
            const record = byText.get(text)?.shift();
            if (!record) unmatched ??= `${topic}[${partition}]@${offset} holds a message the job did not produce: ${message.value?.toString('utf8').slice(0, 200)}`;
            captured.push({
              fields: record?.fields ?? {},
              key: message.key?.toString('utf8') ?? null,
              headers: message.headers ? new Map(Object.entries(message.headers).map(([k, v]) => [k, String(v)])) : null,
              partition,
              offset,
              timestamp: Number(message.timestamp),
            });
            if (++seen === want) done();
          },
        });
      });
    } finally {
      await consumer.disconnect();
    }
    if (unmatched) return unmatched;
    // Kafka interleaves partitions; the capture lists them in partition, then offset order.
    return captured.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
  }
}

/** Identity of an encoded value, to match a message read back with the record it came from. */
function valueKey(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('latin1');
}

/** The typed fields of a store message (its in-process payload, else its JSON text). */
function storedFields(message: TopicMessage): Record<string, Value> {
  if (message.payload) return { ...message.payload };
  const decoded = jsonValueCodec.decode(message.value === null ? null : Buffer.from(message.value));
  return typeof decoded === 'string' ? {} : decoded;
}

/** A job's input from a real topic: drained once every partition reached the published end. */
export class KafkaFeed implements AsyncIterable<Batch> {
  private drainedFlag = false;
  private readonly waiters: (() => void)[] = [];
  private stopped = false;

  constructor(
    private readonly source: Source,
    private readonly ends: readonly number[],
    /** A table side ends after the published records instead of waiting. */
    private readonly endsAfterDrain: boolean,
  ) {}

  whenDrained(): Promise<void> {
    return this.drainedFlag ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    void this.source.close();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Batch> {
    try {
      this.checkDrained();
      while (!this.stopped && !(this.drainedFlag && this.endsAfterDrain)) {
        const batch = await this.source.poll(1000, 100);
        if (batch === null) return;
        if (batch.length > 0) yield batch;
        this.checkDrained();
      }
    } finally {
      await this.source.close();
    }
  }

  private checkDrained(): void {
    if (this.drainedFlag) return;
    const position = new Map(this.source.position().map((p) => [p.partition, p.offset]));
    const reached = this.ends.every((end, partition) => end === undefined || end === 0 || (position.get(partition) ?? 0) >= end);
    if (!reached) return;
    this.drainedFlag = true;
    this.waiters.splice(0).forEach((w) => w());
  }
}
