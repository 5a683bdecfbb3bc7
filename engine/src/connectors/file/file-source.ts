/**
 * File source (`file_source`, `file_source_mmap`): reads CSV / JSON Lines / JSON from a path in
 * chunks and hands out batches. Without `watch` it is bounded (and so a lookup table when it is
 * the right side of a join, D10); with `watch` it tails the file for appended records forever.
 *
 * System columns (§10.1): `_TIMESTAMP` = read time from the injected clock; `_OFFSET` = the
 * record's position among the file's records (0-based); `_PARTITION` = 0; `_EVENT_TIME` from
 * `event.time.field`/`event.time.format` (§10.2), null when unset or unreadable.
 */
import * as fs from 'fs';
import type { Batch, StreamRecord } from '../../types/record';
import { BaseSource, sleep, type ConnectorContext, type PartitionOffset, type SourceOptions } from '../connector';
import { ConnectorFailure, ioError } from '../errors';
import { createDecoder, type RecordDecoder } from '../formats/codec';
import { CsvDecoder, type Row } from '../formats/csv-decoder';
import type { DecodedColumns } from '../formats/decoded-columns';
import { deferredBatch, type BatchColumns } from '../../types/columns';
import { extractEventTime } from '../time/event-time';
import type { FileSourceSettings } from './file-config';

/** Small enough that one chunk's decoded rows die young (cheap GC), large enough to amortise reads. */
const CHUNK_BYTES = 1 << 16;

export class FileSource extends BaseSource {
  readonly bounded: boolean;
  private handle: fs.promises.FileHandle | null = null;
  private bytePosition = 0;
  private decoder: RecordDecoder;
  private rows: Row[] = [];
  private lines: number[] = [];
  /**
   * With `deferRecords`, a CSV file without an event-time field is decoded into columns, and the
   * batches are deferred (types/columns.ts): their records are built only if someone reads them.
   */
  private readonly deferred: boolean;
  /** Column mode: the decoded records of the last chunk. */
  private decoded: DecodedColumns | null = null;
  private taken = 0;
  private nextOffset = 0;
  private atEnd = false;
  private closed = false;
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES);

  constructor(
    name: string,
    type: string,
    private readonly settings: FileSourceSettings,
    private readonly ctx: ConnectorContext,
    private readonly options: SourceOptions = {},
  ) {
    super(name, type);
    this.bounded = !settings.watch;
    this.decoder = this.newDecoder();
    this.deferred = options.deferRecords === true && settings.eventTime === null && this.decoder instanceof CsvDecoder;
  }

  partitions(): readonly number[] {
    return [0];
  }

  position(): PartitionOffset[] {
    return [{ partition: 0, offset: this.nextOffset }];
  }

  async poll(maxRecords: number, waitMs = 0): Promise<Batch | null> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      if (this.closed) return null;
      if (this.isPaused()) {
        await sleep(waitMs);
        return [];
      }
      if (this.deferred && this.taken < (this.decoded?.length ?? 0)) return this.takeDeferred(maxRecords);
      if (this.taken < this.rows.length) return this.takeBatch(maxRecords);
      if (this.atEnd) return null;
      const grew = await this.readMore();
      if (grew) continue;
      if (!this.settings.watch) {
        if (this.deferred) this.useDecoded((this.decoder as CsvDecoder).endColumns());
        else this.decoder.end(this.resetRows(), this.lines);
        this.atEnd = true;
        await this.releaseHandle();
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return [];
      await sleep(Math.min(this.settings.watchIntervalMs, remaining));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.releaseHandle();
  }

  private async releaseHandle(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  /** Reads the next chunk into decoded rows; false at the current end of the file. */
  private async readMore(): Promise<boolean> {
    const handle = await this.open();
    let bytesRead: number;
    try {
      if (this.settings.watch) await this.restartIfTruncated(handle);
      // Synchronous: a 64 KB read is a few tens of microseconds, less than the thread-pool round
      // trip of an asynchronous one (which cost 15–25 % of a columnar aggregate over CSV); the
      // event loop still runs between batches, so it waits for at most one such read.
      bytesRead = fs.readSync(handle.fd, this.chunk, 0, CHUNK_BYTES, this.bytePosition);
    } catch (e) {
      throw new ConnectorFailure(ioError(this.name, this.settings.path, e));
    }
    if (bytesRead === 0) return false;
    this.bytePosition += bytesRead;
    const bytes = this.chunk.subarray(0, bytesRead);
    if (this.deferred) this.useDecoded((this.decoder as CsvDecoder).pushBytesColumns(bytes));
    else this.decoder.pushBytes(bytes, this.resetRows(), this.lines);
    return true;
  }

  private async open(): Promise<fs.promises.FileHandle> {
    if (this.handle) return this.handle;
    try {
      this.handle = await fs.promises.open(this.settings.path, 'r');
    } catch (e) {
      throw new ConnectorFailure(ioError(this.name, this.settings.path, e));
    }
    return this.handle;
  }

  /** A file that shrank was rewritten: start over from its beginning. */
  private async restartIfTruncated(handle: fs.promises.FileHandle): Promise<void> {
    const { size } = await handle.stat();
    if (size >= this.bytePosition) return;
    this.ctx.report({
      code: 'FILE_TRUNCATED',
      object: this.name,
      file: this.settings.path,
      message: `${this.settings.path} shrank from ${this.bytePosition} to ${size} bytes; reading it again from the start`,
    });
    this.bytePosition = 0;
    this.decoder = this.newDecoder();
  }

  /** A declared schema from the statement wins over the config file's `schema.fields`. */
  private newDecoder(): RecordDecoder {
    const { format, delimiter, hasHeader, schema, path } = this.settings;
    return createDecoder(format, { delimiter, hasHeader, schema: this.options.schema ?? schema }, (p) =>
      this.ctx.report({ code: 'BAD_ROW', object: this.name, file: path, ...p, message: `bad row skipped: ${p.message}` }),
    );
  }

  /** Empties the decoded-row buffers (all taken) and returns the row array to decode into. */
  private resetRows(): Row[] {
    if (this.taken > 0) {
      this.rows = this.rows.slice(this.taken);
      this.lines = this.lines.slice(this.taken);
      this.taken = 0;
    }
    return this.rows;
  }

  /** Column mode: the next chunk's records (all earlier ones were taken). */
  private useDecoded(decoded: DecodedColumns | null): void {
    this.decoded = decoded;
    this.taken = 0;
  }

  /**
   * The next batch of the decoded columns, deferred: its typed columns and offsets attached,
   * its records (the ones `takeBatch` makes, `_TIMESTAMP` read now) built on first need. The
   * decoder reuses its column store for the next chunk, which is read only once the reader
   * asks for the next batch: by then it has taken what it needs from this one (a columnar
   * operator builds the records it keeps during its push), so reading the batch later is a
   * bug, and fails loudly rather than giving another chunk's values.
   */
  private takeDeferred(maxRecords: number): Batch {
    const decoded = this.decoded!;
    const from = this.taken;
    const end = Math.min(decoded.length, from + Math.max(1, maxRecords));
    const now = this.ctx.now();
    const offset = this.nextOffset;
    const n = end - from;
    this.taken = end;
    this.nextOffset += n;
    const names = decoded.names;
    const generation = decoded.generation;
    const columns: BatchColumns = {
      noHeaders: true,
      noEventTime: true,
      nextOffsets: new Map([[0, offset + n]]),
      firstOffsets: new Map([[0, offset]]),
      uniform: { timestamp: now, partition: 0, firstOffset: offset },
      column: (name) => {
        const c = names.lastIndexOf(name); // a repeated header: the row keeps its last cell
        return c < 0 || decoded.generation !== generation ? null : decoded.vector(c, from, end);
      },
    };
    return deferredBatch(n, columns, (records) => {
      if (decoded.generation !== generation) throw new Error(`${this.name}: a deferred batch was read after the next chunk was decoded`);
      for (let i = 0; i < n; i++) {
        records[i] = { fields: decoded.row(from + i), timestamp: now, eventTime: null, offset: offset + i, partition: 0, key: null, headers: null };
      }
    });
  }

  private takeBatch(maxRecords: number): Batch {
    const end = Math.min(this.rows.length, this.taken + Math.max(1, maxRecords));
    const now = this.ctx.now();
    const spec = this.settings.eventTime;
    const batch: StreamRecord[] = new Array(end - this.taken);
    for (let i = this.taken; i < end; i++) {
      const fields = this.rows[i];
      let eventTime: number | null = null;
      if (spec !== null) {
        const value = fields[spec.field];
        eventTime = extractEventTime(value ?? null, spec.format);
        if (eventTime === null && value !== null && value !== undefined) this.reportEventTime(i, String(value));
      }
      batch[i - this.taken] = { fields, timestamp: now, eventTime, offset: this.nextOffset++, partition: 0, key: null, headers: null };
    }
    this.taken = end;
    return batch;
  }

  private reportEventTime(index: number, text: string): void {
    const spec = this.settings.eventTime!;
    const format = spec.format.kind === 'pattern' ? spec.format.pattern : spec.format.kind;
    this.ctx.report({
      code: 'BAD_EVENT_TIME',
      object: this.name,
      file: this.settings.path,
      line: this.lines[index],
      field: spec.field,
      expected: format,
      message: `${spec.field} '${text}' is not a ${format} time; _EVENT_TIME left unset`,
    });
  }
}
