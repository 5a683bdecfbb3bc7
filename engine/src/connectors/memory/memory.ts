/**
 * Memory connectors (`<name>.type = 'memory'`): records handed over inside the process without
 * serialisation — test feeds, notebook data, captured outputs. A `MemoryStore` holds named
 * channels; a memory source reads the channel named by `<name>.channel` (default: its own
 * name), a memory sink appends to one.
 *
 * A memory source is bounded by default: it ends at the end of what its channel holds. With
 * `<name>.bounded = false` it waits for appends until the channel is ended.
 */
import type { Batch, StreamRecord } from '../../types/record';
import type { Value } from '../../types/values/types';
import { BaseSource, type ConnectorContext, type PartitionOffset, type Sink } from '../connector';
import { ok } from '../errors';
import type { ObjectProperties, PropertyDiagnostic } from '../properties';
import type { SinkFactory, SourceFactory } from '../registry';

export class MemoryChannel {
  readonly records: StreamRecord[] = [];
  private ended = false;
  private waiters: (() => void)[] = [];

  append(batch: Batch): void {
    for (const r of batch) this.records.push(r);
    this.wake();
  }

  /** Appends plain payloads as records (offsets continue the channel's, timestamps from `now`). */
  appendFields(rows: readonly Record<string, Value>[], now: number): void {
    this.append(
      rows.map((fields, i) => ({ fields, timestamp: now, eventTime: null, offset: this.records.length + i, partition: 0, key: null, headers: null })),
    );
  }

  /** No more records will come; unbounded readers finish once they have read everything. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  isEnded(): boolean {
    return this.ended;
  }

  /** Resolves on the next append or end, or after `ms`. */
  waitForChange(ms: number): Promise<void> {
    if (ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

export class MemoryStore {
  private readonly channels = new Map<string, MemoryChannel>();

  /** The channel called `name`, created empty on first use. */
  channel(name: string): MemoryChannel {
    let channel = this.channels.get(name);
    if (channel === undefined) {
      channel = new MemoryChannel();
      this.channels.set(name, channel);
    }
    return channel;
  }

  names(): string[] {
    return [...this.channels.keys()].sort();
  }
}

export class MemorySource extends BaseSource {
  private next = 0;
  private closed = false;

  constructor(
    name: string,
    private readonly channel: MemoryChannel,
    readonly bounded: boolean,
  ) {
    super(name, 'memory');
  }

  partitions(): readonly number[] {
    return [0];
  }

  position(): PartitionOffset[] {
    return [{ partition: 0, offset: this.next }];
  }

  async poll(maxRecords: number, waitMs = 0): Promise<Batch | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (this.closed) return null;
      const available = this.channel.records.length - this.next;
      if (!this.isPaused() && available > 0) {
        const batch = this.channel.records.slice(this.next, this.next + Math.max(1, maxRecords));
        this.next += batch.length;
        return batch;
      }
      if (available === 0 && (this.bounded || this.channel.isEnded())) return null;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      await this.channel.waitForChange(remaining);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}

export class MemorySink implements Sink {
  readonly type = 'memory';

  constructor(
    readonly name: string,
    private readonly channel: MemoryChannel,
  ) {}

  async write(batch: Batch): Promise<void> {
    this.channel.append(batch);
  }

  async flush(): Promise<void> {}

  async close(): Promise<void> {}
}

const channelName = (props: ObjectProperties): string => props.get('channel') ?? props.name;

const isUnbounded = (props: ObjectProperties): boolean => props.get('bounded')?.toLowerCase() === 'false';

/** Source and sink factories over one store. */
export function memoryFactories(store: MemoryStore): { source: SourceFactory; sink: SinkFactory } {
  return {
    source: {
      bounded: (props) => !isUnbounded(props),
      validate: (): PropertyDiagnostic[] => [],
      create: (props, _ctx: ConnectorContext) => ok(new MemorySource(props.name, store.channel(channelName(props)), !isUnbounded(props))),
    },
    sink: {
      validate: (): PropertyDiagnostic[] => [],
      create: (props) => ok(new MemorySink(props.name, store.channel(channelName(props)))),
    },
  };
}
