/**
 * `kafka_source` over a kafkajs consumer in a consumer group.
 *
 * kafkajs pushes fetched batches; this source buffers them and hands them out through `poll`.
 * Back-pressure: when the buffer holds more than `HIGH_WATER` records the consumer is paused
 * and resumed below `LOW_WATER`, so a slow query never makes memory grow with the topic.
 * Offsets are committed only when the host calls `commit` (after its sinks acknowledged what
 * was derived from them); after a broker restart or rebalance the group restarts from the last
 * commit, and messages this source already handed out are skipped and counted as duplicates,
 * so each offset reaches the query once per process.
 *
 * Records: `_PARTITION`, `_OFFSET`, `_TIMESTAMP` (the message timestamp), key, headers; the
 * event time is the message timestamp unless `event.time.field` names a payload field.
 */
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Batch, StreamRecord } from '../../types/record';
import { BaseSource, type ConnectorContext, type PartitionOffset } from '../connector';
import { ConnectorFailure } from '../errors';
import { extractEventTime, type EventTimeSpec } from '../time/event-time';
import { describeKafkaError, ensureTopic, probeBrokers } from './client';
import type { KafkaSettings } from './settings';
import type { ValueCodec } from './value-codec';

const HIGH_WATER = 20_000;
const LOW_WATER = 5_000;

export class KafkaSource extends BaseSource {
  readonly bounded = false;
  private readonly consumer: Consumer;
  private buffer: StreamRecord[] = [];
  private head = 0;
  /** Next offset not received from the broker yet, per partition (redeliveries below it are skipped). */
  private readonly next = new Map<number, number>();
  /** Next offset not handed out by `poll` yet, per partition (`position`). */
  private readonly handedOut = new Map<number, number>();
  /** The log end offset of each partition, as the broker reported it with the last fetched batch. */
  private readonly logEnd = new Map<number, number>();
  private assigned: number[] = [];
  private redelivered = 0;
  private failure: ConnectorFailure | null = null;
  private closed = false;
  private pressurePaused = false;
  private wake: (() => void) | null = null;
  private readonly started: Promise<void>;

  constructor(
    name: string,
    type: string,
    private readonly kafka: Kafka,
    private readonly settings: KafkaSettings,
    private readonly ctx: ConnectorContext,
    private readonly codec: ValueCodec,
    private readonly eventTime: EventTimeSpec | null,
  ) {
    super(name, type);
    settings.startOffsets?.forEach((offset, partition) => {
      this.next.set(partition, offset);
      this.handedOut.set(partition, offset);
    });
    this.consumer = kafka.consumer({ groupId: settings.groupId, allowAutoTopicCreation: true, sessionTimeout: 10_000, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (e) => {
      this.assigned = [...(e.payload.memberAssignment[settings.topic] ?? [])].sort((a, b) => a - b);
    });
    this.consumer.on(this.consumer.events.CRASH, (e) => {
      if (!e.payload.restart) this.fail(`the Kafka consumer stopped: ${describeKafkaError(e.payload.error)}`);
    });
    this.started = this.start().catch((e) => this.fail(`cannot reach Kafka at ${settings.brokers.join(',')} to read '${settings.topic}': ${describeKafkaError(e)}`));
  }

  private async start(): Promise<void> {
    await probeBrokers(this.settings.brokers);
    await this.codec.init?.();
    if (this.settings.partitions !== undefined) await ensureTopic(this.kafka, this.settings.topic, this.settings.partitions);
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.settings.topic], fromBeginning: this.settings.fromBeginning });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: true, eachBatch: (payload) => this.receive(payload) });
  }

  partitions(): readonly number[] {
    return this.assigned;
  }

  position(): PartitionOffset[] {
    return [...this.handedOut].map(([partition, offset]) => ({ partition, offset })).sort((a, b) => a.partition - b.partition);
  }

  /** Messages the broker delivered again (after a restart or rebalance) and this source skipped. */
  duplicates(): number {
    return this.redelivered;
  }

  /** Messages on the partitions fetched so far that were not handed out yet; null before the first fetch. */
  lag(): number | null {
    if (this.logEnd.size === 0) return null;
    let behind = 0;
    for (const [partition, end] of this.logEnd) behind += Math.max(0, end - (this.handedOut.get(partition) ?? 0));
    return behind;
  }

  override async commit(offsets?: readonly PartitionOffset[]): Promise<void> {
    const upTo = offsets ?? this.position();
    await super.commit(upTo);
    if (!this.settings.commit || upTo.length === 0 || this.closed) return;
    try {
      await this.consumer.commitOffsets(upTo.map((o) => ({ topic: this.settings.topic, partition: o.partition, offset: String(o.offset) })));
    } catch {
      // A broker away or a rebalance in progress: the next commit covers these offsets.
    }
  }

  async poll(maxRecords: number, waitMs = 0): Promise<Batch | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (this.failure) throw this.failure;
      if (this.closed) return null;
      if (!this.isPaused() && this.head < this.buffer.length) return this.take(Math.max(1, maxRecords));
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = null;
    }
  }

  override pause(): void {
    super.pause();
    this.consumer.pause([{ topic: this.settings.topic }]);
  }

  override resume(): void {
    super.resume();
    if (!this.pressurePaused) this.consumer.resume([{ topic: this.settings.topic }]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.started;
    await this.consumer.disconnect().catch(() => {});
  }

  private take(maxRecords: number): Batch {
    const end = Math.min(this.buffer.length, this.head + maxRecords);
    const batch = this.buffer.slice(this.head, end);
    this.head = end;
    for (const record of batch) this.handedOut.set(record.partition, record.offset + 1);
    this.syncWhenDrained();
    if (this.pressurePaused && this.buffer.length - this.head < LOW_WATER) {
      this.pressurePaused = false;
      if (!this.isPaused()) this.consumer.resume([{ topic: this.settings.topic }]);
    }
    return batch;
  }

  /** With nothing buffered, everything received was handed out or skipped (bad messages too). */
  private syncWhenDrained(): void {
    if (this.head < this.buffer.length) return;
    this.buffer = [];
    this.head = 0;
    for (const [partition, offset] of this.next) this.handedOut.set(partition, offset);
  }

  private async receive({ batch }: EachBatchPayload): Promise<void> {
    if (this.closed) return;
    const { partition } = batch;
    this.logEnd.set(partition, Number(batch.highWatermark));
    let next = this.next.get(partition) ?? -1;
    for (const message of batch.messages) {
      const offset = Number(message.offset);
      if (offset < next) {
        if (offset >= (this.settings.startOffsets?.[partition] ?? 0)) this.redelivered++;
        continue;
      }
      next = offset + 1;
      const record = this.toRecord(message, partition, offset);
      if (record) this.buffer.push(record);
      if (this.failure) break;
    }
    this.next.set(partition, next);
    this.syncWhenDrained();
    if (this.buffer.length - this.head > HIGH_WATER && !this.pressurePaused) {
      this.pressurePaused = true;
      this.consumer.pause([{ topic: this.settings.topic }]);
    }
    this.wake?.();
  }

  private toRecord(message: KafkaMessage, partition: number, offset: number): StreamRecord | null {
    const fields = this.codec.decode(message.value);
    const where = `${this.settings.topic}[${partition}]@${offset}`;
    if (typeof fields === 'string') {
      if (this.settings.failureStrategy === 'FailBatch') {
        this.fail(`${where}: ${fields} (failure_strategy FailBatch stops the job)`);
      } else {
        this.ctx.report({ code: 'BAD_ROW', object: this.name, message: `${where}: ${fields}; skipped` });
      }
      return null;
    }
    const key = message.key === null ? null : message.key.toString('utf8');
    if (this.settings.keyField !== null && key !== null && fields[this.settings.keyField] === undefined) fields[this.settings.keyField] = key;
    const timestamp = Number(message.timestamp);
    let eventTime: number | null = timestamp;
    if (this.eventTime !== null) {
      const raw = fields[this.eventTime.field] ?? null;
      eventTime = extractEventTime(raw, this.eventTime.format);
      if (eventTime === null && raw !== null) {
        this.ctx.report({ code: 'BAD_EVENT_TIME', object: this.name, field: this.eventTime.field, message: `${where}: cannot read event time from '${String(raw)}'` });
      }
    }
    return { fields, timestamp, eventTime, offset, partition, key, headers: headersOf(message) };
  }

  private fail(message: string): void {
    this.failure ??= new ConnectorFailure({ code: 'IO', message, object: this.name, hint: 'check the brokers (bootstrap.servers) and that the broker is running' });
    this.wake?.();
  }
}

function headersOf(message: KafkaMessage): Map<string, string> | null {
  const headers = message.headers;
  if (!headers) return null;
  let out: Map<string, string> | null = null;
  for (const name in headers) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    if (value === undefined) continue;
    (out ??= new Map()).set(name, value.toString());
  }
  return out;
}
