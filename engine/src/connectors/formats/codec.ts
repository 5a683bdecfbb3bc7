/**
 * File formats (dialect spec §12.2 `<obj>.format`, harness spec §4.5) and the decoder/encoder
 * for each, behind one shape so file sources and sinks do not care which format they carry.
 */
import * as path from 'path';
import { StringDecoder } from 'string_decoder';
import { fieldsToJson } from '../../types/values/format';
import { CsvDecoder, type CsvProblem, type Row } from './csv-decoder';
import { CsvEncoder } from './csv-encoder';
import { encodeJsonLines, JsonLinesDecoder, parseJson } from './json';
import type { DeclaredSchema } from './schema';

export type FileFormat = 'csv' | 'csv_no_header' | 'jsonl' | 'json';

const FORMAT_NAMES: Readonly<Record<string, FileFormat>> = {
  csv: 'csv',
  csv_no_header: 'csv_no_header',
  csvnoheader: 'csv_no_header',
  json: 'json',
  jsonl: 'jsonl',
  jsonlines: 'jsonl',
  json_lines: 'jsonl',
  ndjson: 'jsonl',
};

const EXTENSIONS: Readonly<Record<string, FileFormat>> = { '.csv': 'csv', '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl' };

/**
 * The format named by `format` (case-insensitive: `csv`, `Csv`, `CsvNoHeader`, `jsonl`, …);
 * without one, from the file extension, else CSV. Undefined for an unknown name.
 */
export function resolveFileFormat(format: string | undefined, file?: string): FileFormat | undefined {
  if (format !== undefined) return FORMAT_NAMES[format.toLowerCase()];
  return (file && EXTENSIONS[path.extname(file).toLowerCase()]) || 'csv';
}

export const FILE_FORMAT_NAMES = Object.keys(FORMAT_NAMES);

/** A problem with one input record (CSV and JSON problems share this shape). */
export type DecodeProblem = CsvProblem;

/**
 * Turns chunks of a file's bytes into rows; `lines` receives each row's starting line. A chunk
 * may end inside a UTF-8 character, and its buffer may be reused once `pushBytes` returns.
 */
export interface RecordDecoder {
  pushBytes(chunk: Buffer, out: Row[], lines?: number[]): void;
  end(out: Row[], lines?: number[]): void;
}

/** A decoder of text chunks (the JSON formats). */
interface TextDecoder {
  push(chunk: string, out: Row[], lines?: number[]): void;
  end(out: Row[], lines?: number[]): void;
}

/** Turns rows into text; `finish` returns what closes the file (`]` of a JSON array). */
export interface RecordEncoder {
  encode(rows: readonly Row[]): string;
  finish(): string;
}

export interface FormatOptions {
  delimiter?: string;
  /** CSV header row; `csv_no_header` forces false. */
  hasHeader?: boolean;
  schema?: DeclaredSchema;
  /** Columns of an existing CSV being appended to (no header is written then). */
  columns?: readonly string[];
  onDroppedField?: (field: string) => void;
}

export function createDecoder(format: FileFormat, options: FormatOptions, onProblem: (p: DecodeProblem) => void): RecordDecoder {
  switch (format) {
    case 'csv':
    case 'csv_no_header':
      return new CsvDecoder(
        { delimiter: options.delimiter, hasHeader: format === 'csv' && options.hasHeader !== false, schema: options.schema },
        onProblem,
      );
    case 'jsonl':
      return new Utf8Input(new JsonLinesDecoder(onProblem));
    case 'json':
      return new Utf8Input(new JsonDecoder(onProblem));
  }
}

/** Bytes to a text decoder, a character cut by a chunk boundary held until it is complete. */
class Utf8Input implements RecordDecoder {
  private readonly utf8 = new StringDecoder('utf8');

  constructor(private readonly decoder: TextDecoder) {}

  pushBytes(chunk: Buffer, out: Row[], lines?: number[]): void {
    this.decoder.push(this.utf8.write(chunk), out, lines);
  }

  end(out: Row[], lines?: number[]): void {
    this.decoder.push(this.utf8.end(), out, lines);
    this.decoder.end(out, lines);
  }
}

export function createEncoder(format: FileFormat, options: FormatOptions): RecordEncoder {
  switch (format) {
    case 'csv':
    case 'csv_no_header': {
      const csv = new CsvEncoder({
        delimiter: options.delimiter,
        header: format === 'csv' && options.hasHeader !== false && options.columns === undefined,
        columns: options.columns,
        onDroppedField: options.onDroppedField,
      });
      return { encode: (rows) => csv.encode(rows), finish: () => '' };
    }
    case 'jsonl':
      return { encode: encodeJsonLines, finish: () => '' };
    case 'json':
      return new JsonArrayEncoder();
  }
}

/** `json` input: a top-level array (decoded at the end) or, if it does not start with `[`, JSON Lines. */
class JsonDecoder implements TextDecoder {
  private lines: JsonLinesDecoder | null = null;
  private whole: string | null = null;

  constructor(private readonly onProblem: (p: DecodeProblem) => void) {}

  push(chunk: string, out: Row[], lines?: number[]): void {
    if (this.whole !== null) {
      this.whole += chunk;
      return;
    }
    if (this.lines === null) {
      const first = chunk.search(/\S/);
      if (first < 0) return;
      if (chunk[first] === '[') {
        this.whole = chunk;
        return;
      }
      this.lines = new JsonLinesDecoder(this.onProblem);
    }
    this.lines.push(chunk, out, lines);
  }

  end(out: Row[], lines?: number[]): void {
    if (this.lines !== null) return this.lines.end(out, lines);
    if (this.whole === null) return;
    const { rows, problems } = parseJson(this.whole);
    for (const row of rows) {
      out.push(row);
      lines?.push(1);
    }
    problems.forEach(this.onProblem);
  }
}

class JsonArrayEncoder implements RecordEncoder {
  private started = false;

  encode(rows: readonly Row[]): string {
    if (rows.length === 0) return '';
    const body = rows.map((row) => fieldsToJson(row)).join(',\n');
    const prefix = this.started ? ',\n' : '[\n';
    this.started = true;
    return prefix + body;
  }

  finish(): string {
    return this.started ? '\n]\n' : '[]\n';
  }
}
