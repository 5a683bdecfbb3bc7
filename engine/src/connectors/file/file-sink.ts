/**
 * File sink (`file_sink`): writes CSV (§12.3 write rules), JSON Lines or a JSON array. The file
 * is truncated when first opened, or appended to with `append = true` (a CSV being appended to
 * keeps its existing header's columns). Text is buffered and written in large pieces; `flush`
 * and `close` put everything on disk. Missing parent directories are created.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Batch } from '../../types/record';
import type { ConnectorContext, Sink } from '../connector';
import { ConnectorFailure, ioError } from '../errors';
import { createEncoder, type RecordEncoder } from '../formats/codec';
import { CsvDecoder, type Row } from '../formats/csv-decoder';
import type { FileSinkSettings } from './file-config';

const FLUSH_BYTES = 1 << 20;

export class FileSink implements Sink {
  private encoder: RecordEncoder | null = null;
  private handle: fs.promises.FileHandle | null = null;
  private pending: string[] = [];
  private pendingLength = 0;
  private closed = false;

  constructor(
    readonly name: string,
    readonly type: string,
    private readonly settings: FileSinkSettings,
    private readonly ctx: ConnectorContext,
  ) {}

  async write(batch: Batch): Promise<void> {
    if (this.closed || batch.length === 0) return;
    const rows: Row[] = new Array(batch.length);
    for (let i = 0; i < batch.length; i++) rows[i] = batch[i].fields;
    this.buffer(this.getEncoder().encode(rows));
    if (this.pendingLength >= FLUSH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    const handle = await this.open();
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    try {
      await handle.write(text);
    } catch (e) {
      throw new ConnectorFailure(ioError(this.name, this.settings.path, e));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.buffer(this.getEncoder().finish());
    await this.flush();
    this.closed = true;
    const handle = this.handle;
    this.handle = null;
    await handle?.close();
  }

  private buffer(text: string): void {
    if (text.length === 0) return;
    this.pending.push(text);
    this.pendingLength += text.length;
  }

  private getEncoder(): RecordEncoder {
    if (this.encoder === null) {
      const { format, delimiter, hasHeader, append } = this.settings;
      const columns = append && format === 'csv' && hasHeader ? existingCsvHeader(this.settings.path, delimiter) : undefined;
      this.encoder = createEncoder(format, {
        delimiter,
        hasHeader,
        columns,
        onDroppedField: (field) =>
          this.ctx.report({
            code: 'DROPPED_FIELD',
            object: this.name,
            file: this.settings.path,
            field,
            message: `field '${field}' is not a column of ${this.settings.path} (columns are fixed by the first records written); left out`,
          }),
      });
    }
    return this.encoder;
  }

  private async open(): Promise<fs.promises.FileHandle> {
    if (this.handle) return this.handle;
    try {
      await fs.promises.mkdir(path.dirname(this.settings.path), { recursive: true });
      this.handle = await fs.promises.open(this.settings.path, this.settings.append ? 'a' : 'w');
    } catch (e) {
      throw new ConnectorFailure(ioError(this.name, this.settings.path, e));
    }
    return this.handle;
  }
}

/** Column names of an existing, non-empty CSV file (its first record), else undefined. */
function existingCsvHeader(file: string, delimiter: string): string[] | undefined {
  let head: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(64 * 1024);
      head = buf.subarray(0, fs.readSync(fd, buf, 0, buf.length, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const firstLine = head.split('\n', 1)[0];
  if (firstLine.trim() === '') return undefined;
  const decoder = new CsvDecoder({ delimiter, hasHeader: true }, () => {});
  decoder.push(firstLine + '\n', []);
  return decoder.columns()?.slice();
}
