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
 * A consumer that kafkajs gives up on while the job runs (it does for "Failed to find group
 * coordinator" when the broker goes away during a rejoin) is replaced by a new one with back-off;
 * the job fails only when no consumer got back into the group within `RECOVERY_MS`.
 *
 * Records: `_PARTITION`, `_OFFSET`, `_TIMESTAMP` (the message timestamp), key, headers; the
 * event time is the message timestamp unless `event.time.field` names a payload field.
 */
import type { Consumer, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { Batch, StreamRecord } from '../../types/record';
import { BaseSource, type ConnectorContext, type PartitionOffset } from '../connector';
import { ConnectorFailure } from '../errors';
import { extractEventTime, type EventTimeSpec } from '../time/event-time';
import { closeSockets, describeKafkaError, ensureTopic, probeBrokers } from './client';
import { ReplayCounter } from './replay';
import type { KafkaSettings } from './settings';
import type { ValueCodec } from './value-codec';

const HIGH_WATER = 20_000;
const LOW_WATER = 5_000;
/**
 * The broker's minimum. A consumer that crashed while the broker was away rejoins as a new
 * member, and the group waits for the old member's session to expire before it assigns
 * partitions again, so this bounds how long a job stalls after a broker restart.
 */
const SESSION_TIMEOUT_MS = 6000;
/** How long a running source keeps replacing a crashed consumer before the job fails (the client's retry span). */
const RECOVERY_MS = 60_000;
const MAX_BACKOFF_MS = 5000;

export class KafkaSource extends BaseSource {
  readonly bounded = false;
  private consumer: Consumer;
  /** When the consumer last joined the group or received messages (a crash within RECOVERY_MS of it is recovered). */
  private lastHealthy = Date.now();
  private replacing: Promise<void> | null = null;
  private replacements = 0;
  /** Why the last consumer was replaced (in the error when recovery gives up). */
  private lastCrash = '';
  private buffer: StreamRecord[] = [];
  private head = 0;
  /** Next offset not received from the broker yet, per partition (redeliveries below it are skipped). */
  private readonly next = new Map<number, number>();
  /** Next offset not handed out by `poll` yet, per partition (`position`). */
  private readonly handedOut = new Map<number, number>();
  private assigned: number[] = [];
  private redelivered = 0;
  private failure: ConnectorFailure | null = null;
  private closed = false;
  private pressurePaused = false;
  private wake: (() => void) | null = null;
  private readonly started: Promise<void>;
  private readonly replays: ReplayCounter;
  /** The partition's end offset (high watermark) at its last fetch, for the consumer lag. */
  private readonly ends = new Map<number, number>();

  constructor(
    name: string,
    type: string,
    /** The source's own client: `close` closes every socket it opened. */
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
    this.replays = new ReplayCounter(kafka, settings.groupId, settings.topic);
    this.consumer = this.newConsumer();
    this.started = this.start().catch((e) => this.fail(`cannot reach Kafka at ${settings.brokers.join(',')} to read '${settings.topic}': ${describeKafkaError(e)}`));
  }

  private async start(): Promise<void> {
    await probeBrokers(this.settings.brokers);
    await this.codec.init?.();
    if (this.settings.partitions !== undefined) await ensureTopic(this.kafka, this.settings.topic, this.settings.partitions);
    await this.runConsumer();
  }

  private newConsumer(): Consumer {
    const consumer = this.kafka.consumer({ groupId: this.settings.groupId, allowAutoTopicCreation: true, sessionTimeout: SESSION_TIMEOUT_MS, heartbeatInterval: 1000, maxWaitTimeInMs: 100 });
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      this.lastHealthy = Date.now();
      this.assigned = [...(e.payload.memberAssignment[this.settings.topic] ?? [])].sort((a, b) => a - b);
      if (this.settings.commit) this.replays.assigned();
    });
    consumer.on(consumer.events.CRASH, (e) => {
      if (e.payload.restart || this.closed || consumer !== this.consumer) return;
      const why = describeKafkaError(e.payload.error);
      if (Date.now() - this.lastHealthy > RECOVERY_MS) this.fail(`the Kafka consumer stopped: ${why}`);
      else this.replacing ??= this.replaceConsumer(why).finally(() => (this.replacing = null));
    });
    return consumer;
  }

  private async runConsumer(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [this.settings.topic], fromBeginning: this.settings.fromBeginning });
    await this.consumer.run({ autoCommit: false, eachBatchAutoResolve: true, eachBatch: (payload) => this.receive(payload) });
    if (this.isPaused() || this.pressurePaused) this.fetch(false);
  }

  /** Pauses or resumes fetching; a consumer not running yet (starting, being replaced) gets the state when it runs. */
  private fetch(on: boolean): void {
    try {
      if (on) this.consumer.resume([{ topic: this.settings.topic }]);
      else this.consumer.pause([{ topic: this.settings.topic }]);
    } catch {
      // consumer#run has not been called yet: runConsumer applies the paused state after it
    }
  }

  /** A new consumer in the same group after back-off; it restarts from the group's last commit. */
  private async replaceConsumer(why: string): Promise<void> {
    this.lastCrash = why;
    const backoff = Math.min(MAX_BACKOFF_MS, 250 * 2 ** this.replacements++);
    await new Promise((r) => setTimeout(r, backoff));
    if (this.closed) return;
    await this.consumer.disconnect().catch(() => {});
    this.consumer = this.newConsumer();
    try {
      await this.runConsumer();
    } catch (e) {
      // Not connected yet: try again while within the recovery window.
      const now = describeKafkaError(e);
      if (Date.now() - this.lastHealthy > RECOVERY_MS) this.fail(`the Kafka consumer stopped: ${now} (after ${this.lastCrash})`);
      else if (!this.closed) await this.replaceConsumer(now);
    }
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

  /** Messages an earlier member of the group had processed before this one was assigned them (replay.ts). */
  replayed(): number {
    return this.replays.total();
  }

  /** Messages of the assigned partitions not handed out yet (end offset at the last fetch minus position); null before the first fetch. */
  lag(): number | null {
    if (this.ends.size === 0) return null;
    return this.assigned.reduce((sum, p) => sum + Math.max(0, (this.ends.get(p) ?? 0) - (this.handedOut.get(p) ?? this.ends.get(p) ?? 0)), 0);
  }

  override async commit(offsets?: readonly PartitionOffset[]): Promise<void> {
    const upTo = offsets ?? this.position();
    await super.commit(upTo);
    if (!this.settings.commit || upTo.length === 0 || this.closed) return;
    try {
      await this.consumer.commitOffsets(upTo.map((o) => ({ topic: this.settings.topic, partition: o.partition, offset: String(o.offset), metadata: this.replays.metadata(this.handedOut.get(o.partition)) })));
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
    this.fetch(false);
  }

  override resume(): void {
    super.resume();
    if (!this.pressurePaused) this.fetch(true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wake?.();
    await this.started;
    await this.replacing;
    await this.consumer.disconnect().catch(() => {});
    closeSockets(this.kafka);
  }

  private take(maxRecords: number): Batch {
    const end = Math.min(this.buffer.length, this.head + maxRecords);
    const batch = this.buffer.slice(this.head, end);
    this.head = end;
    for (const record of batch) this.handedOut.set(record.partition, record.offset + 1);
    this.syncWhenDrained();
    if (this.pressurePaused && this.buffer.length - this.head < LOW_WATER) {
      this.pressurePaused = false;
      if (!this.isPaused()) this.fetch(true);
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
    this.lastHealthy = Date.now();
    this.replacements = 0;
    const { partition } = batch;
    this.ends.set(partition, Number(batch.highWatermark));
    let next = this.next.get(partition) ?? -1;
    await this.replays.count(partition, batch.messages.map((m) => Number(m.offset)).filter((o) => o >= next));
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
      this.fetch(false);
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
