/**
 * `kafka_sink` over a kafkajs producer: idempotent (unless `enable.idempotence` is false),
 * acks from all in-sync replicas, batches of `max_batch_size` records (a partial batch waits at
 * most `linger.ms`), optional gzip. One produce request is in flight at a time, so messages keep
 * their order per partition; `write` waits only when several batches are queued behind it.
 * `flush` resolves once every message written so far is acknowledged by the broker — the
 * moment a job may commit the source offsets they came from.
 *
 * Message: value = the payload fields through the topic's codec; key = `key.field`'s value when
 * set, else the record key (§10.4); headers as given; timestamp = event time, else `_TIMESTAMP`.
 */
import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import type { Batch, StreamRecord } from '../../types/record';
import { formatValue } from '../../types/values/format';
import type { Sink } from '../connector';
import { closeSockets, describeKafkaError, ensureTopic, probeBrokers } from './client';
import type { KafkaSettings } from './settings';
import type { ValueCodec } from './value-codec';

/** Batches queued behind the one in flight before `write` waits. */
const QUEUED_BATCHES = 4;

export class KafkaSink implements Sink {
  private readonly producer: Producer;
  private readonly ready: Promise<void>;
  private pending: Message[] = [];
  private inFlight: Promise<void> | null = null;
  private linger: NodeJS.Timeout | null = null;
  private error: Error | null = null;
  private closed = false;

  constructor(
    readonly name: string,
    readonly type: string,
    /** The sink's own client: `close` closes every socket it opened. */
    private readonly kafka: Kafka,
    private readonly settings: KafkaSettings,
    private readonly codec: ValueCodec,
  ) {
    const producer = kafka.producer({
      idempotent: settings.idempotent,
      maxInFlightRequests: settings.idempotent ? 1 : undefined,
      allowAutoTopicCreation: true,
      retry: { initialRetryTime: 250, maxRetryTime: 5000, retries: 30 },
    });
    this.producer = producer;
    this.ready = (async () => {
      await probeBrokers(settings.brokers);
      await codec.init?.();
      if (settings.partitions !== undefined) await ensureTopic(kafka, settings.topic, settings.partitions);
      await producer.connect();
    })();
    this.ready.catch(() => {}); // reported by the first send
  }

  async write(batch: Batch): Promise<void> {
    this.throwIfFailed();
    for (const record of batch) this.pending.push(this.toMessage(record));
    if (this.pending.length >= this.settings.batchSize) this.send();
    else if (this.linger === null && this.settings.lingerMs >= 0) this.linger = setTimeout(() => this.send(), this.settings.lingerMs);
    while (this.inFlight && this.pending.length >= this.settings.batchSize * QUEUED_BATCHES) await this.inFlight;
    this.throwIfFailed();
  }

  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight) {
      this.send();
      await this.inFlight;
    }
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      await this.ready.catch(() => {}); // a connect still under way would open sockets after we close them
      await this.producer.disconnect().catch(() => {});
      closeSockets(this.kafka);
    }
  }

  /** Starts a produce request with what is pending, unless one is in flight (it starts the next). */
  private send(): void {
    if (this.linger) clearTimeout(this.linger);
    this.linger = null;
    if (this.inFlight || this.pending.length === 0 || this.error) return;
    const messages = this.pending.splice(0, this.settings.batchSize * QUEUED_BATCHES);
    this.inFlight = (async () => {
      try {
        await this.ready;
        await this.producer.send({
          topic: this.settings.topic,
          messages,
          acks: -1,
          compression: this.settings.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None,
        });
      } catch (e) {
        this.error = new Error(`cannot produce to '${this.settings.topic}' at ${this.settings.brokers.join(',')}: ${describeKafkaError(e)}`);
      } finally {
        this.inFlight = null;
      }
      if (this.pending.length >= this.settings.batchSize) this.send();
    })();
  }

  private toMessage(record: StreamRecord): Message {
    const keyField = this.settings.keyField;
    const keyValue = keyField !== null ? (record.fields[keyField] ?? null) : (record.key ?? null);
    const message: Message = {
      key: keyValue === null ? null : formatValue(keyValue),
      value: this.codec.encode(record.fields),
      timestamp: String(record.eventTime ?? record.timestamp),
    };
    if (record.headers !== null && record.headers.size > 0) message.headers = Object.fromEntries(record.headers);
    return message;
  }

  private throwIfFailed(): void {
    if (this.error) throw this.error;
  }
}
