/**
 * ⊕X35 `SHOW STREAM HEALTH [n]`: the status of each source a running statement reads, as its
 * host sees it — records taken, position, lag behind the end of the source's log, event times
 * and state. The statement's runner opens its sources through `open`, so every batch a source
 * hands out (to the pipeline or to a lookup table) passes here; connector sources add what only
 * they know (paused, lag).
 */
import type { PartitionOffset, Source } from '../connectors/connector';
import type { Result } from '../connectors/errors';
import type { QueryStatus } from '../runtime/query';
import type { Batch } from '../types/record';
import { columnsOf, recordsOf } from '../types/columns';
import { tapped } from './batch-taps';
import type { OpenOptions } from './sources';

/**
 * `waiting`: nothing read yet; `reading`: records arrived; `paused`: the connector is paused;
 * `ended`: a bounded source was read to its end; `stopped`: the statement ended first
 * (cancelled, its LIMIT, `--records`); `failed`: the statement failed.
 */
export type SourceState = 'waiting' | 'reading' | 'paused' | 'ended' | 'stopped' | 'failed';

export interface SourceHealth {
  /** The FROM/JOIN name. */
  source: string;
  /** The connector type (`file_source`, `kafka_source`, …), `statement output` or `host data`. */
  connector: string;
  state: SourceState;
  /** Records taken from the source. */
  records: number;
  /** Per partition, the offset after the last record taken. */
  position: PartitionOffset[];
  /** Records in the source not taken yet, when it can tell (Kafka: log end − position; 0 once ended). */
  lag: number | null;
  /** Event time of the last record taken (epoch ms), null when it had none. */
  lastEventTime: number | null;
  /** The largest event time taken so far: the source's share of the §6.2 watermark. */
  watermark: number | null;
  /** Wall-clock time of the last batch (epoch ms). */
  lastReadAt: number | null;
}

interface Tracked {
  connector: string;
  records: number;
  next: Map<number, number>;
  lastEventTime: number | null;
  watermark: number | null;
  lastReadAt: number | null;
  ended: boolean;
  opened: AsyncIterable<Batch>[];
}

export class SourceHealthTracker {
  private readonly tracked = new Map<string, Tracked>();

  constructor(
    private readonly openSource: (name: string, options?: OpenOptions) => Result<AsyncIterable<Batch>>,
    /** How `name` is read (the connector type), for the `connector` column. */
    private readonly connectorOf: (name: string) => string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Opens `name` as the runner would, watching the batches it hands out. */
  open(name: string, options?: OpenOptions): Result<AsyncIterable<Batch>> {
    const opened = this.openSource(name, options);
    if (!opened.ok) return opened;
    const entry = this.entry(name);
    entry.opened.push(opened.value);
    return {
      ok: true,
      value: tapped(opened.value, {
        each: (batch) => this.see(entry, batch),
        end: () => {
          entry.ended = true;
        },
      }),
    };
  }

  /** One row per source opened so far, in the order they were opened. */
  snapshot(status: QueryStatus): SourceHealth[] {
    return [...this.tracked].map(([source, t]) => {
      const connectors = t.opened.filter(isConnectorSource);
      const lags = connectors.map((s) => s.lag?.() ?? null);
      return {
        source,
        connector: t.connector,
        state: stateOf(t, status, connectors),
        records: t.records,
        position: [...t.next].map(([partition, offset]) => ({ partition, offset })).sort((a, b) => a.partition - b.partition),
        lag: t.ended ? 0 : lags.length > 0 && lags.every((l) => l !== null) ? lags.reduce((a, b) => a! + b!, 0) : null,
        lastEventTime: t.lastEventTime,
        watermark: t.watermark,
        lastReadAt: t.lastReadAt,
      };
    });
  }

  private entry(name: string): Tracked {
    let entry = this.tracked.get(name);
    if (!entry) {
      entry = { connector: this.connectorOf(name), records: 0, next: new Map(), lastEventTime: null, watermark: null, lastReadAt: null, ended: false, opened: [] };
      this.tracked.set(name, entry);
    }
    return entry;
  }

  /** Notes a batch `entry`'s source handed out. */
  private see(entry: Tracked, batch: Batch): void {
    entry.records += batch.length;
    entry.lastReadAt = this.now();
    const attached = columnsOf(batch);
    if (attached?.noEventTime && batch.length > 0) {
      // Its producer summed the offsets up already: no record needs to be read (or built).
      for (const [partition, next] of attached.nextOffsets) if ((entry.next.get(partition) ?? -1) < next) entry.next.set(partition, next);
      entry.lastEventTime = null;
    } else {
      // A deferred batch with event times has its records built here (once, in place).
      for (const record of recordsOf(batch)) {
        if ((entry.next.get(record.partition) ?? -1) <= record.offset) entry.next.set(record.partition, record.offset + 1);
        entry.lastEventTime = record.eventTime;
        if (record.eventTime !== null && (entry.watermark === null || record.eventTime > entry.watermark)) entry.watermark = record.eventTime;
      }
    }
  }
}

function stateOf(t: Tracked, status: QueryStatus, connectors: readonly Source[]): SourceState {
  if (t.ended) return 'ended';
  if (status === 'failed') return 'failed';
  if (status !== 'running') return 'stopped';
  if (connectors.length > 0 && connectors.every((s) => s.isPaused())) return 'paused';
  return t.records === 0 ? 'waiting' : 'reading';
}

/** A connector `Source` (files, Kafka, topics), as opposed to host data or an upstream channel's iterable. */
function isConnectorSource(input: AsyncIterable<Batch>): input is Source {
  return typeof (input as Partial<Source>).isPaused === 'function' && typeof (input as Partial<Source>).position === 'function';
}
