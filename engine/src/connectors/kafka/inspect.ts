/**
 * Looking at a broker without running a query: the topics with their partitions, message counts
 * and last message time (`%connect`, `%topics`), and a sample of a topic's first messages,
 * decoded as the source would (`%describe`, schema inference). Every call has a deadline, so a
 * notebook never hangs on a broker that does not answer.
 */
import { randomBytes } from 'crypto';
import type { Kafka } from 'kafkajs';
import type { Value } from '../../types/values/types';
import { ObjectProperties } from '../properties';
import { closeSockets, describeKafkaError, quickClient } from './client';
import { valueCodecFor } from './schema-codecs';
import { kafkaSettings } from './settings';
import { jsonValueCodec, type ValueCodec } from './value-codec';

export interface KafkaTopicInfo {
  topic: string;
  partitions: number;
  /** Messages currently retained (end − start offsets, summed over partitions). */
  messages: number;
  /** Timestamp of the newest message (epoch ms), null for an empty topic. */
  lastTimestamp: number | null;
}

export interface KafkaSample {
  topic: string;
  rows: Record<string, Value>[];
  /** Messages that did not decode, with why. */
  undecodable: string[];
}

export class KafkaInspectError extends Error {}

/** Every topic of the cluster (internal `__…` topics left out), sorted by name. */
export async function listKafkaTopics(brokers: readonly string[], timeoutMs = 5000): Promise<KafkaTopicInfo[]> {
  const kafka = quickClient(brokers, timeoutMs);
  const admin = kafka.admin();
  return withDeadline(kafka, brokers, timeoutMs, async () => {
    await admin.connect();
    try {
      const names = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
      const infos = await Promise.all(
        names.map(async (topic) => {
          const offsets = await admin.fetchTopicOffsets(topic);
          const messages = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
          return { topic, partitions: offsets.length, messages, ends: offsets.filter((o) => Number(o.high) > Number(o.low)).map((o) => ({ partition: o.partition, offset: Number(o.high) - 1 })) };
        }),
      );
      const last = await readAt(kafka, infos.flatMap((i) => i.ends.map((e) => ({ topic: i.topic, ...e }))), Math.max(500, timeoutMs - 1000));
      return infos.map(({ topic, partitions, messages }) => ({ topic, partitions, messages, lastTimestamp: last.get(topic) ?? null }));
    } finally {
      await admin.disconnect().catch(() => {});
    }
  });
}

/** Up to `limit` messages of `topic` from its start, decoded with `codec` (JSON by default). */
export async function sampleKafkaTopic(brokers: readonly string[], topic: string, limit = 100, timeoutMs = 5000, codec: ValueCodec = jsonValueCodec): Promise<KafkaSample> {
  const kafka = quickClient(brokers, timeoutMs);
  const admin = kafka.admin();
  return withDeadline(kafka, brokers, timeoutMs, async () => {
    await admin.connect();
    let offsets;
    try {
      if (!(await admin.listTopics()).includes(topic)) throw new KafkaInspectError(`topic '${topic}' does not exist at ${brokers.join(',')}`);
      offsets = await admin.fetchTopicOffsets(topic);
    } finally {
      await admin.disconnect().catch(() => {});
    }
    const total = offsets.reduce((n, o) => n + Number(o.high) - Number(o.low), 0);
    const want = Math.min(limit, total);
    const sample: KafkaSample = { topic, rows: [], undecodable: [] };
    if (want === 0) return sample;
    const consumer = kafka.consumer({ groupId: inspectionGroup(), maxWaitTimeInMs: 100 });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((done) => {
        void consumer.run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            if (sample.rows.length + sample.undecodable.length >= want) return;
            const fields = codec.decode(message.value);
            if (typeof fields === 'string') sample.undecodable.push(`${topic}[${partition}]@${message.offset}: ${fields}`);
            else sample.rows.push(fields);
            if (sample.rows.length + sample.undecodable.length >= want) done();
          },
        });
      });
    } finally {
      await consumer.disconnect().catch(() => {});
    }
    return sample;
  });
}

/**
 * Up to `limit` messages of a declared `kafka_source` (its un-prefixed WITH keys), decoded as
 * that source would: its brokers, topic, format and Avro/Protobuf schema (inline, file, registry).
 */
export async function sampleKafkaSource(name: string, properties: Readonly<Record<string, string>>, limit = 100, timeoutMs = 5000): Promise<KafkaSample> {
  const { settings, diagnostics } = kafkaSettings(ObjectProperties.of(name, 'source', properties));
  const invalid = diagnostics.find((d) => d.severity === 'error');
  if (invalid) throw new KafkaInspectError(`${name}: ${invalid.message}${invalid.hint ? ` (${invalid.hint})` : ''}`);
  const codec = valueCodecFor(settings, name);
  if (!codec.ok) throw new KafkaInspectError(`${codec.error.message}${codec.error.hint ? ` (${codec.error.hint})` : ''}`);
  try {
    await codec.value.init?.();
  } catch (e) {
    throw new KafkaInspectError(`${name}: ${(e as Error).message}`);
  }
  return sampleKafkaTopic(settings.brokers, settings.topic, limit, timeoutMs, codec.value);
}

/** The timestamp of the message at each (topic, partition, offset), newest per topic. */
async function readAt(kafka: Kafka, at: { topic: string; partition: number; offset: number }[], timeoutMs: number): Promise<Map<string, number>> {
  const newest = new Map<string, number>();
  if (at.length === 0) return newest;
  const consumer = kafka.consumer({ groupId: inspectionGroup(), maxWaitTimeInMs: 100 });
  await consumer.connect();
  let left = at.length;
  try {
    await consumer.subscribe({ topics: [...new Set(at.map((a) => a.topic))], fromBeginning: true });
    await new Promise<void>((done) => {
      const timer = setTimeout(done, timeoutMs);
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          const target = at.find((a) => a.topic === batch.topic && a.partition === batch.partition);
          const message = batch.messages.find((m) => Number(m.offset) === target?.offset);
          if (!target || !message) return;
          newest.set(batch.topic, Math.max(newest.get(batch.topic) ?? 0, Number(message.timestamp)));
          target.offset = -1;
          if (--left === 0) {
            clearTimeout(timer);
            done();
          }
        },
      });
      for (const a of at) consumer.seek({ topic: a.topic, partition: a.partition, offset: String(a.offset) });
    });
  } finally {
    await consumer.disconnect().catch(() => {});
  }
  return newest;
}

/** A group no one else uses; inspection never commits, so nothing is left behind but its name. */
function inspectionGroup(): string {
  return `velo-inspect-${randomBytes(4).toString('hex')}`;
}

/** Runs `work` on `kafka` within `timeoutMs`, then closes whatever the client left open. */
async function withDeadline<T>(kafka: Kafka, brokers: readonly string[], timeoutMs: number, work: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new KafkaInspectError(`no answer from Kafka at ${brokers.join(',')} within ${timeoutMs / 1000} s`)), timeoutMs);
  });
  try {
    return await Promise.race([work(), deadline]);
  } catch (e) {
    throw e instanceof KafkaInspectError ? e : new KafkaInspectError(`cannot reach Kafka at ${brokers.join(',')}: ${describeKafkaError(e)}`);
  } finally {
    clearTimeout(timer);
    closeSockets(kafka);
  }
}
