/**
 * A job's view of one topic in the in-process store (harness spec §3.3, §3.7): reads from the
 * offsets recorded when the query began publishing, through the engine's own `TopicSource`
 * (same codec, same event-time extraction). Kafka sources are unbounded, so after the last
 * published record the feed does not end: it reports itself drained and waits, and the
 * harness stops the job once every feed is drained — exact completion, no idle wait, and a
 * window that needs a later event stays open as on Kafka. A table side (lookup join) ends
 * instead, as a complete table must.
 */
import type { ConnectorContext } from '../../connectors/connector';
import type { MessageCodec } from '../../connectors/topics/message-codec';
import { TopicSource } from '../../connectors/topics/topic-connectors';
import type { TopicStore } from '../../connectors/topics/topic-store';
import type { EventTimeSpec } from '../../connectors/time/event-time';
import type { Batch } from '../../types/record';

export interface TopicFeedOptions {
  name: string;
  topic: string;
  startOffsets: readonly number[];
  /** End the stream after the published records (tables) instead of waiting. */
  ends: boolean;
  eventTime: EventTimeSpec | null;
  codec?: MessageCodec;
}

const BATCH = 1000;

export class TopicFeed implements AsyncIterable<Batch> {
  private drainedFlag = false;
  private readonly waiters: (() => void)[] = [];
  private stopped = false;
  private wakeStopped: (() => void) | null = null;

  constructor(
    private readonly store: TopicStore,
    private readonly ctx: ConnectorContext,
    private readonly options: TopicFeedOptions,
  ) {}

  /** True once every published record was handed to the job and it asked for more. */
  get drained(): boolean {
    return this.drainedFlag;
  }

  /** Resolves when the feed is drained. */
  whenDrained(): Promise<void> {
    return this.drainedFlag ? Promise.resolve() : new Promise((resolve) => this.waiters.push(resolve));
  }

  [Symbol.asyncIterator](): AsyncIterator<Batch> {
    const o = this.options;
    const source = new TopicSource(o.name, 'kafka_source', this.store, o.topic, this.ctx, { startOffsets: o.startOffsets, eventTime: o.eventTime, ...(o.codec ? { codec: o.codec } : {}) });
    return {
      next: async (): Promise<IteratorResult<Batch>> => {
        const batch = await source.poll(BATCH, 0);
        if (batch && batch.length > 0) return { done: false, value: batch };
        this.markDrained();
        if (o.ends || this.stopped) return { done: true, value: undefined };
        await new Promise<void>((resolve) => (this.wakeStopped = resolve));
        return { done: true, value: undefined };
      },
      return: async (): Promise<IteratorResult<Batch>> => {
        this.stop();
        return { done: true, value: undefined };
      },
    };
  }

  stop(): void {
    this.stopped = true;
    this.wakeStopped?.();
  }

  private markDrained(): void {
    if (this.drainedFlag) return;
    this.drainedFlag = true;
    this.waiters.splice(0).forEach((w) => w());
  }
}
