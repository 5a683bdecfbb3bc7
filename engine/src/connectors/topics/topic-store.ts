/**
 * In-process topic store (harness spec §3.3): a Kafka-equivalent log inside the process, used by
 * the test harness and notebooks instead of a broker. Topics have partitions; messages carry a
 * key (string or null), the value bytes Kafka would carry (JSON text), headers, a CreateTime
 * timestamp, and dense per-partition offsets from 0. Keyed messages go to Kafka's murmur2
 * partition, unkeyed ones round-robin per topic from partition 0.
 *
 * It knows nothing of SQL or records: `TopicSource`/`TopicSink` adapt it to the connector
 * interface, through the same message codec a Kafka client adapter would use.
 *
 * A producer in the same process may hand over a value in its in-process form — payload fields
 * and the `ValueForm` that writes them — instead of text (the §3.3 decoding cache, taken one
 * step further): the text is written only when something reads `value`, and a consumer gets
 * the decoded fields without a JSON round trip whenever they are known to be equal.
 */
import type { Value } from '../../types/values/types';
import { partitionForKey } from './murmur2';

/** How payload fields kept in process become the message text, and what decoding that text yields. */
export interface ValueForm {
  /** The exact text Kafka would carry for these fields. */
  encode(fields: Readonly<Record<string, Value>>): string;
  /**
   * Fresh fields equal to what decoding `encode(fields)` gives, when that is cheap to know;
   * undefined sends the consumer through the text.
   */
  decoded(fields: Readonly<Record<string, Value>>): Record<string, Value> | undefined;
}

export interface TopicMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  /** The value as Kafka would carry it (JSON text by default); null for a tombstone. */
  readonly value: string | null;
  readonly headers: ReadonlyMap<string, string> | null;
  /** CreateTime, epoch ms. */
  readonly timestamp: number;
  /** The in-process form of the value, when its producer handed one over (consumers must not mutate it). */
  readonly payload?: Readonly<Record<string, Value>>;
  readonly form?: ValueForm;
}

interface MessageMetadata {
  key?: string | null;
  headers?: ReadonlyMap<string, string> | null;
  /** Defaults to the store's clock. */
  timestamp?: number;
  /** Explicit partition; otherwise chosen by key (murmur2) or round-robin. */
  partition?: number;
}

/** A message to append: its value as text, or in its in-process form. */
export type OutgoingMessage = MessageMetadata & ({ value: string | null } | { payload: Readonly<Record<string, Value>>; form: ValueForm });

/** A stored message; an in-process value is written to text on first read of `value`, then kept. */
class StoredMessage implements TopicMessage {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
    readonly key: string | null,
    private text: string | null | undefined,
    readonly headers: ReadonlyMap<string, string> | null,
    readonly timestamp: number,
    readonly payload: Readonly<Record<string, Value>> | undefined,
    readonly form: ValueForm | undefined,
  ) {}

  get value(): string | null {
    if (this.text === undefined) this.text = this.form!.encode(this.payload!);
    return this.text;
  }
}

class Topic {
  readonly logs: TopicMessage[][];
  nextRoundRobin = 0;

  constructor(
    readonly name: string,
    partitions: number,
  ) {
    this.logs = Array.from({ length: partitions }, () => []);
  }
}

export class TopicStore {
  private readonly topics = new Map<string, Topic>();
  private waiters = new Set<() => void>();

  /** `now` is the run clock (harness §3.9); it stamps messages produced without a timestamp. */
  constructor(private readonly now: () => number = Date.now) {}

  /** Creates the topic if it does not exist (with `partitions`, default 1); returns its partition count. */
  ensureTopic(name: string, partitions = 1): number {
    let topic = this.topics.get(name);
    if (topic === undefined) {
      topic = new Topic(name, Math.max(1, Math.floor(partitions)));
      this.topics.set(name, topic);
    }
    return topic.logs.length;
  }

  hasTopic(name: string): boolean {
    return this.topics.has(name);
  }

  topicNames(): string[] {
    return [...this.topics.keys()].sort();
  }

  /** Partition count, or 0 when the topic does not exist. */
  partitionCount(name: string): number {
    return this.topics.get(name)?.logs.length ?? 0;
  }

  /** Appends messages (creating the topic with one partition on first use); returns them as stored. */
  produce(topicName: string, messages: readonly OutgoingMessage[]): TopicMessage[] {
    this.ensureTopic(topicName);
    const topic = this.topics.get(topicName)!;
    const partitions = topic.logs.length;
    const stored: TopicMessage[] = new Array(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      const key = m.key ?? null;
      let partition: number;
      if (m.partition !== undefined) partition = m.partition;
      else if (key !== null) partition = partitions === 1 ? 0 : partitionForKey(key, partitions);
      else partition = topic.nextRoundRobin++ % partitions;
      if (!Number.isInteger(partition) || partition < 0 || partition >= partitions) {
        throw new RangeError(`partition ${partition} does not exist in topic '${topicName}' (${partitions} partitions)`);
      }
      const log = topic.logs[partition];
      const inProcess = 'form' in m;
      const message = new StoredMessage(
        topicName,
        partition,
        log.length,
        key,
        inProcess ? undefined : m.value,
        m.headers ?? null,
        m.timestamp ?? this.now(),
        inProcess ? m.payload : undefined,
        inProcess ? m.form : undefined,
      );
      log.push(message);
      stored[i] = message;
    }
    if (messages.length > 0) this.wake();
    return stored;
  }

  /** Up to `max` messages of one partition from `offset` on (a shared view; do not mutate). */
  read(topicName: string, partition: number, offset: number, max: number): readonly TopicMessage[] {
    const log = this.topics.get(topicName)?.logs[partition];
    if (log === undefined || offset >= log.length) return [];
    return log.slice(offset, offset + max);
  }

  /** The next offset to be written, per partition (empty for a missing topic). */
  endOffsets(topicName: string): number[] {
    return this.topics.get(topicName)?.logs.map((log) => log.length) ?? [];
  }

  /** Every message of a topic in partition order, then offset order (captures, tests). */
  messages(topicName: string): TopicMessage[] {
    return this.topics.get(topicName)?.logs.flat() ?? [];
  }

  /** Resolves true as soon as anything is produced anywhere, false after `timeoutMs`. */
  waitForProduce(timeoutMs: number): Promise<boolean> {
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        resolve(false);
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }

  private wake(): void {
    if (this.waiters.size === 0) return;
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
  }
}
