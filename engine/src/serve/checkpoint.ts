/**
 * Resumable file sources for the job runner (deploy spec §1 "state"): a connector registry
 * whose file sources skip the records a previous run already wrote out, and whose file sinks
 * are cut back to the size they had when that position was recorded, then appended to.
 *
 * Why a position is safe: the runtime pushes each polled batch synchronously through the
 * operators, so when a source is polled again every record it handed out before has reached
 * the statement's output (`recordsOut`). Once the sink has completed that many records and is
 * flushed, those source records are done. A checkpoint records, per source, the last position
 * that is done this way, together with the sink file's size; a restarted run starts reading
 * there and truncates the sink back, so a stateless job's output is neither short nor doubled.
 * A tumbling/sliding window job records the first record of its oldest open window instead
 * (what its statement commits once the fired windows are in the sink): a restart rebuilds the
 * open windows from there. Other stateful jobs restart from the beginning with a fresh sink.
 *
 * Connectors are created while `runApp` starts a statement, before it tells us the statement's
 * name (`onStatementStart`), so they wait as `pending` and are bound to their job by `attach`,
 * which always comes before their first poll or write.
 */
import * as fs from 'fs';
import type { ConnectorContext, PartitionOffset, Sink, Source } from '../connectors/connector';
import { BaseSource, sleep } from '../connectors/connector';
import { ok } from '../connectors/errors';
import { readFileSinkSettings } from '../connectors/file/file-config';
import { FileSink } from '../connectors/file/file-sink';
import type { ObjectProperties } from '../connectors/properties';
import type { ConnectorRegistry, SinkFactory, SourceFactory } from '../connectors/registry';
import type { Batch } from '../types/record';
import type { Positions, SourcePosition } from './state';

const FILE_SOURCE_TYPES = ['file_source', 'file_source_mmap'];

/** What a job's checkpoint needs from the running statement. */
export interface JobProgress {
  /** Records the statement has delivered to its output (and so queued for its sink). */
  recordsOut(): number;
}

/**
 * How a job resumes: `stateless` from the last position whose records reached the sink;
 * `windowed` from the first record of the oldest window still open (the offsets the statement
 * commits once its sink acknowledged the windows that fired); false: from the beginning with a
 * fresh sink (several inputs, other state).
 */
export type ResumeMode = 'stateless' | 'windowed' | false;

interface JobBinding {
  name: string;
  progress: JobProgress;
  sink: ResumableSink | null;
  resumable: ResumeMode;
}

/** A file source that starts at a recorded position and remembers which positions are done. */
class ResumableSource extends BaseSource {
  readonly bounded: boolean;
  job: JobBinding | null = null;
  /** Records handed out so far (restored position included). */
  private handedOut = 0;
  private skipped = false;
  /** The newest position whose records had all reached the output, and the output count then. */
  private candidate: { offset: number; recordsOut: number } | null = null;

  constructor(
    private readonly inner: Source,
    private readonly restore: (key: string) => SourcePosition | undefined,
  ) {
    super(inner.name, inner.type);
    this.bounded = inner.bounded;
  }

  get key(): string {
    return `${this.job?.name ?? '?'}/${this.name}`;
  }

  partitions(): readonly number[] {
    return this.inner.partitions();
  }

  position(): PartitionOffset[] {
    return [{ partition: 0, offset: this.handedOut }];
  }

  async poll(maxRecords: number, waitMs?: number): Promise<Batch | null> {
    if (!this.skipped) await this.skipRestored();
    if (this.job?.resumable === 'stateless') this.candidate = { offset: this.handedOut, recordsOut: this.job.progress.recordsOut() };
    if (this.isPaused()) {
      await sleep(waitMs ?? 0);
      return [];
    }
    const batch = await this.inner.poll(maxRecords, waitMs);
    if (batch) this.handedOut += batch.length;
    return batch;
  }

  /**
   * The statement commits the offsets whose effect is in the sink (api/delivery.ts): for a
   * windowed job, the first record of the oldest open window. Output emitted since then comes
   * from windows a resumed run rebuilds, so it may be written twice (at-least-once).
   */
  override async commit(offsets?: readonly PartitionOffset[]): Promise<void> {
    await super.commit(offsets);
    const offset = offsets?.find((o) => o.partition === 0)?.offset;
    if (this.job?.resumable === 'windowed' && offset !== undefined) this.candidate = { offset, recordsOut: this.job.progress.recordsOut() };
  }

  /** The position to record once the sink has written `sinkRecords` of the output. */
  safePosition(sinkRecords: number): number | null {
    if (!this.job?.resumable) return null;
    return this.candidate && this.candidate.recordsOut <= sinkRecords ? this.candidate.offset : null;
  }

  async close(): Promise<void> {
    await this.inner.close();
  }

  private async skipRestored(): Promise<void> {
    this.skipped = true;
    let left = this.job?.resumable ? (this.restore(this.key)?.offset ?? 0) : 0;
    while (left > 0) {
      const batch = await this.inner.poll(Math.min(left, 10_000), 100);
      if (batch === null) break;
      left -= batch.length;
      this.handedOut += batch.length;
    }
  }
}

/** A file sink created on first use: fresh, or cut back to a recorded size and appended to. */
class ResumableSink implements Sink {
  job: JobBinding | null = null;
  /** Records whose write completed. */
  private written = 0;
  private sink: FileSink | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    readonly name: string,
    readonly type: string,
    private readonly props: ObjectProperties,
    private readonly ctx: ConnectorContext,
    private readonly resumeBytes: () => number | undefined,
  ) {}

  get path(): string {
    return readFileSinkSettings(this.props).settings!.path;
  }

  async write(batch: Batch): Promise<void> {
    await this.serial(async () => {
      await this.open().write(batch);
      this.written += batch.length;
    });
  }

  async flush(): Promise<void> {
    await this.serial(async () => {
      if (!this.closed) await this.open().flush();
    });
  }

  async close(): Promise<void> {
    await this.serial(async () => {
      await this.open().close();
      this.closed = true;
    });
  }

  /**
   * Between two writes: the source position that `safe` finds done for the records written so
   * far, with the file's size once they are flushed (null when no position is done yet).
   */
  snapshot(safe: (written: number) => number | null): Promise<SourcePosition | null> {
    return this.serial(async () => {
      const offset = safe(this.written);
      if (offset === null) return null;
      // A closed file sink has flushed everything; flushing it again would reopen (and truncate) the file.
      if (!this.closed) await this.open().flush();
      return { offset, sinkBytes: this.size() };
    });
  }

  /** Writes, flushes and snapshots run one at a time, in call order, so a size matches a count. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => {});
    return run;
  }

  /** The sink file's size on disk (after a flush: everything written so far). */
  size(): number {
    try {
      return fs.statSync(this.path).size;
    } catch {
      return 0;
    }
  }

  private open(): FileSink {
    if (this.sink) return this.sink;
    const settings = readFileSinkSettings(this.props).settings!;
    const bytes = this.resumeBytes();
    if (bytes !== undefined && fs.existsSync(settings.path)) fs.truncateSync(settings.path, Math.min(bytes, fs.statSync(settings.path).size));
    this.sink = new FileSink(this.name, this.type, bytes === undefined ? settings : { ...settings, append: true }, this.ctx);
    return this.sink;
  }
}

export class ResumableConnectors {
  private pendingSources: ResumableSource[] = [];
  private pendingSink: ResumableSink | null = null;
  private readonly sources: ResumableSource[] = [];
  private readonly sinks = new Map<string, ResumableSink>();

  constructor(
    private readonly base: ConnectorRegistry,
    private readonly restored: Positions,
  ) {}

  /** The base registry with file sources and sinks wrapped (other types untouched). */
  registry(): ConnectorRegistry {
    const registry = this.base;
    for (const type of FILE_SOURCE_TYPES) {
      const factory = registry.sourceFactory({ type } as ObjectProperties);
      if (factory.ok) registry.registerSource(type, this.wrapSource(factory.value));
    }
    const sink = registry.sinkFactory({ type: 'file_sink' } as ObjectProperties);
    if (sink.ok) registry.registerSink('file_sink', this.wrapSink(sink.value));
    return registry;
  }

  /**
   * Binds the connectors created since the last call to the statement that just started;
   * `resumable` says whether and how it may resume from recorded positions.
   */
  attach(job: string, progress: JobProgress, resumable: ResumeMode): void {
    const binding: JobBinding = { name: job, progress, sink: this.pendingSink, resumable };
    for (const source of this.pendingSources) {
      source.job = binding;
      this.sources.push(source);
    }
    if (this.pendingSink) {
      this.pendingSink.job = binding;
      this.sinks.set(job, this.pendingSink);
    }
    this.pendingSources = [];
    this.pendingSink = null;
  }

  /** Flushes every sink (output becomes visible), and returns the positions that are safe to resume from. */
  async checkpoint(): Promise<Positions> {
    const positions: Positions = { ...this.restored };
    for (const source of this.sources) {
      const sink = source.job?.sink ?? null;
      const position = sink ? await sink.snapshot((written) => source.safePosition(written)) : offsetOnly(source.safePosition(Number.POSITIVE_INFINITY));
      if (position) positions[source.key] = position;
    }
    for (const sink of this.sinks.values()) await sink.flush();
    return positions;
  }

  private wrapSource(factory: SourceFactory): SourceFactory {
    return {
      bounded: (props) => factory.bounded(props),
      validate: (props) => factory.validate(props),
      create: (props, ctx, options) => {
        const created = factory.create(props, ctx, options);
        if (!created.ok) return created;
        const source = new ResumableSource(created.value, (key) => this.restored[key]);
        this.pendingSources.push(source);
        return ok(source);
      },
    };
  }

  private wrapSink(factory: SinkFactory): SinkFactory {
    return {
      validate: (props) => factory.validate(props),
      create: (props, ctx) => {
        const settings = readFileSinkSettings(props);
        if (settings.settings === null) return factory.create(props, ctx);
        const sink: ResumableSink = new ResumableSink(props.name, props.type ?? 'file_sink', props, ctx, () => this.resumeBytes(sink));
        this.pendingSink = sink;
        return ok(sink);
      },
    };
  }

  /** The recorded sink size of the sink's job (the smallest over its sources), when it resumes. */
  private resumeBytes(sink: ResumableSink): number | undefined {
    if (!sink.job?.resumable) return undefined;
    const job = sink.job.name;
    const sizes = Object.entries(this.restored)
      .filter(([key, p]) => key.startsWith(`${job}/`) && p.sinkBytes !== undefined)
      .map(([, p]) => p.sinkBytes!);
    return sizes.length > 0 ? Math.min(...sizes) : undefined;
  }
}

function offsetOnly(offset: number | null): SourcePosition | null {
  return offset === null ? null : { offset };
}
