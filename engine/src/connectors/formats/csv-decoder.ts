/**
 * Incremental CSV decoder (RFC 4180 plus the typing of dialect spec §12.3).
 *
 * Text arrives in chunks (a file read piece by piece, or appended lines in watch mode); only
 * complete records are decoded, the rest waits for the next chunk or `end()`. Quoted fields may
 * contain the delimiter, `""` for a quote, and line breaks. CRLF and LF both end a record; blank
 * lines are skipped; a UTF-8 BOM is dropped. A bad row (wrong field count, a cell that does not
 * fit its declared type, a stray quote) is reported with its line and skipped.
 *
 * Speed: lines without a quote — nearly all of them — are split with one native `split`; the
 * position of the next quote is cached, so the buffer is never rescanned.
 */
import type { Value } from '../../runtime/values/types';
import { inferCell } from './infer';
import { castCell, MISFIT, type DeclaredField, type DeclaredSchema } from './schema';

export type Row = Record<string, Value>;

export interface CsvDecodeOptions {
  /** One character; default `,`. */
  delimiter?: string;
  /** Whether the first record names the columns; default true. */
  hasHeader?: boolean;
  /** Column names for header-less files; default `column_0`, `column_1`, … */
  columns?: readonly string[];
  /** Declared column types; they replace inference for their columns. */
  schema?: DeclaredSchema;
}

export interface CsvProblem {
  /** 1-based line where the record starts. */
  line: number;
  /** 1-based field position and its column name, when one cell is at fault. */
  column?: number;
  field?: string;
  expected?: string;
  message: string;
}

type Parsed = { fields: string[]; quoted: boolean[]; next: number; error?: string };

const QUOTE = 34;
const LF = 10;
const CR = 13;

export class CsvDecoder {
  private pending = '';
  private atStart = true;
  private nextLine = 1;
  private names: string[] | null = null;
  private casts: (DeclaredField | undefined)[] = [];
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly hasHeader: boolean;

  constructor(
    private readonly options: CsvDecodeOptions,
    private readonly onProblem: (problem: CsvProblem) => void,
  ) {
    this.delimiter = options.delimiter ?? ',';
    this.delimiterCode = this.delimiter.charCodeAt(0);
    this.hasHeader = options.hasHeader ?? true;
    if (!this.hasHeader && options.columns) this.setColumns([...options.columns]);
  }

  /** Column names, once known (after the header, or the first row of a header-less file). */
  columns(): readonly string[] | null {
    return this.names;
  }

  /**
   * Decodes the complete records of `chunk` (continuing earlier input) into `out`; `lines`, if
   * given, receives the starting line of each row.
   */
  push(chunk: string, out: Row[], lines?: number[]): void {
    this.decode(this.pending + chunk, false, out, lines);
  }

  /** Decodes what is left at end of input (a last record without a line break). */
  end(out: Row[], lines?: number[]): void {
    const rest = this.pending;
    this.pending = '';
    if (rest.length > 0) this.decode(rest.endsWith('\n') ? rest : `${rest}\n`, true, out, lines);
  }

  private decode(input: string, final: boolean, out: Row[], lines: number[] | undefined): void {
    let buf = input;
    if (this.atStart && buf.length > 0) {
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      this.atStart = false;
    }
    const n = buf.length;
    let pos = 0;
    let nextQuote = buf.indexOf('"');
    while (pos < n) {
      const nl = buf.indexOf('\n', pos);
      if (nl < 0) break;
      if (nextQuote >= 0 && nextQuote < pos) nextQuote = buf.indexOf('"', pos);
      if (nextQuote < 0 || nextQuote > nl) {
        const end = nl > pos && buf.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
        const line = this.nextLine++;
        if (end > pos) this.record(buf.slice(pos, end).split(this.delimiter), null, line, out, lines);
        pos = nl + 1;
        continue;
      }
      const parsed = this.parseQuoted(buf, pos, final);
      if (parsed === null) break;
      const line = this.nextLine;
      this.nextLine += countLineBreaks(buf, pos, parsed.next);
      if (parsed.error !== undefined) this.onProblem({ line, message: parsed.error });
      else this.record(parsed.fields, parsed.quoted, line, out, lines);
      pos = parsed.next;
    }
    this.pending = buf.slice(pos);
  }

  /** One record starting at `pos` that contains quotes; null when it needs more input. */
  private parseQuoted(buf: string, pos: number, final: boolean): Parsed | null {
    const n = buf.length;
    const d = this.delimiterCode;
    const fields: string[] = [];
    const quoted: boolean[] = [];
    let i = pos;
    for (;;) {
      if (buf.charCodeAt(i) === QUOTE) {
        let value = '';
        let segment = ++i;
        for (;;) {
          const q = buf.indexOf('"', i);
          if (q < 0) return final ? { fields, quoted, next: n, error: 'unterminated quoted field' } : null;
          if (q + 1 >= n && !final) return null; // cannot tell a closing quote from a doubled one yet
          if (buf.charCodeAt(q + 1) === QUOTE) {
            value += buf.slice(segment, q + 1);
            i = segment = q + 2;
            continue;
          }
          value += buf.slice(segment, q);
          i = q + 1;
          break;
        }
        fields.push(value);
        quoted.push(true);
        const c = buf.charCodeAt(i);
        if (c === d) {
          i++;
          continue;
        }
        if (c === LF) return { fields, quoted, next: i + 1 };
        if (c === CR && buf.charCodeAt(i + 1) === LF) return { fields, quoted, next: i + 2 };
        if (i >= n || (c === CR && i + 1 >= n)) return final ? { fields, quoted, next: n } : null;
        const eol = buf.indexOf('\n', i);
        return {
          fields,
          quoted,
          next: eol < 0 ? n : eol + 1,
          error: `unexpected text after the closing quote of field ${fields.length}`,
        };
      }
      let j = i;
      while (j < n) {
        const c = buf.charCodeAt(j);
        if (c === d || c === LF) break;
        j++;
      }
      if (j >= n && !final) return null;
      const end = j > i && buf.charCodeAt(j - 1) === CR && (j >= n || buf.charCodeAt(j) === LF) ? j - 1 : j;
      fields.push(buf.slice(i, end));
      quoted.push(false);
      if (j < n && buf.charCodeAt(j) === d) {
        i = j + 1;
        continue;
      }
      return { fields, quoted, next: j < n ? j + 1 : n };
    }
  }

  private record(fields: string[], quoted: boolean[] | null, line: number, out: Row[], lines: number[] | undefined): void {
    if (this.names === null) {
      if (this.hasHeader) {
        this.setColumns(fields.map((f) => f.trim()));
        return;
      }
      this.setColumns(fields.map((_, i) => `column_${i}`));
    }
    const names = this.names as string[];
    if (fields.length !== names.length) {
      this.onProblem({
        line,
        expected: `${names.length} fields`,
        message: `expected ${names.length} fields, found ${fields.length}`,
      });
      return;
    }
    const row: Row = {};
    for (let i = 0; i < fields.length; i++) {
      const text = fields[i];
      const isQuoted = quoted !== null && quoted[i];
      const cast = this.casts[i];
      if (cast === undefined) {
        row[names[i]] = isQuoted ? text : inferCell(text);
        continue;
      }
      const value = castCell(text, isQuoted, cast);
      if (value === MISFIT) {
        this.onProblem({
          line,
          column: i + 1,
          field: names[i],
          expected: cast.kind,
          message: `column ${i + 1} (${names[i]}): expected ${cast.kind}, found '${text}'`,
        });
        return;
      }
      row[names[i]] = value;
    }
    out.push(row);
    lines?.push(line);
  }

  private setColumns(names: string[]): void {
    this.names = names;
    this.casts = names.map((name) => this.options.schema?.get(name));
  }
}

function countLineBreaks(buf: string, from: number, to: number): number {
  let count = 0;
  for (let i = buf.indexOf('\n', from); i >= 0 && i < to; i = buf.indexOf('\n', i + 1)) count++;
  return count;
}

/** Decodes a whole CSV text (the harness's data files, expected outputs). */
export function parseCsv(text: string, options: CsvDecodeOptions = {}): { rows: Row[]; columns: string[]; problems: CsvProblem[] } {
  const rows: Row[] = [];
  const problems: CsvProblem[] = [];
  const decoder = new CsvDecoder(options, (p) => problems.push(p));
  decoder.push(text, rows);
  decoder.end(rows);
  return { rows, columns: [...(decoder.columns() ?? [])], problems };
}
