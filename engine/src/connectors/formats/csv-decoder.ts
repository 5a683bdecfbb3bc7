/**
 * Incremental CSV decoder (RFC 4180 plus the typing of dialect spec §12.3).
 *
 * Text arrives in chunks (a file read piece by piece, or appended lines in watch mode); only
 * complete records are decoded, the rest waits for the next chunk or `end()`. Quoted fields may
 * contain the delimiter, `""` for a quote, and line breaks. CRLF and LF both end a record; blank
 * lines are skipped; a UTF-8 BOM is dropped. A bad row (wrong field count, a cell that does not
 * fit its declared type, a stray quote) is reported with its line and skipped.
 *
 * Speed: one pass over the text by char code. Each unquoted cell is typed straight from its span
 * of the buffer (numbers never become substrings), into one reused value array from which a
 * generated factory builds the row with a fixed shape.
 */
import type { Value } from '../../runtime/values/types';
import { inferSpan } from './infer';
import { rowFactory, type Row, type RowFactory } from './row-factory';
import { castCell, MISFIT, type DeclaredField, type DeclaredSchema } from './schema';

export type { Row } from './row-factory';

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

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** `scanRecord` result: the record is cut off by the end of the input so far. */
const NEED_MORE = -1;

export class CsvDecoder {
  private pending = '';
  private atStart = true;
  private nextLine = 1;
  private names: string[] | null = null;
  private casts: (DeclaredField | undefined)[] = [];
  private makeRow: RowFactory = () => ({});
  /** Cell values of the record being decoded, by column. */
  private values: Value[] = [];
  /** Until the columns are known, the first record's cells as text (and whether quoted). */
  private firstCells: { text: string; quoted: boolean }[] | null = [];
  /** First cell of the current record that does not fit its declared type, or -1. */
  private misfitColumn = -1;
  private misfitText = '';
  private readonly delimiterCode: number;
  private readonly hasHeader: boolean;

  constructor(
    private readonly options: CsvDecodeOptions,
    private readonly onProblem: (problem: CsvProblem) => void,
  ) {
    this.delimiterCode = (options.delimiter ?? ',').charCodeAt(0);
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
    while (pos < n) {
      const c = buf.charCodeAt(pos);
      if (c === LF) {
        pos++;
        this.nextLine++;
        continue;
      }
      if (c === CR && pos + 1 < n && buf.charCodeAt(pos + 1) === LF) {
        pos += 2;
        this.nextLine++;
        continue;
      }
      const next = this.scanRecord(buf, pos, final, out, lines);
      if (next === NEED_MORE) break;
      pos = next;
    }
    this.pending = buf.slice(pos);
  }

  /**
   * Decodes the record starting at `pos` (not a blank line) and returns where the next one
   * starts, or NEED_MORE when the input so far ends inside it.
   */
  private scanRecord(buf: string, pos: number, final: boolean, out: Row[], lines: number[] | undefined): number {
    const n = buf.length;
    const d = this.delimiterCode;
    const line = this.nextLine;
    let hasQuotes = false;
    let field = 0;
    let i = pos;
    this.misfitColumn = -1;
    if (this.firstCells !== null) this.firstCells.length = 0; // a retry after NEED_MORE starts over
    for (;; field++) {
      if (buf.charCodeAt(i) !== QUOTE) {
        let j = i;
        while (j < n) {
          const c = buf.charCodeAt(j);
          if (c === d || c === LF) break;
          j++;
        }
        if (j >= n && !final) return NEED_MORE;
        const end = j > i && buf.charCodeAt(j - 1) === CR && (j >= n || buf.charCodeAt(j) === LF) ? j - 1 : j;
        this.unquotedCell(field, buf, i, end);
        if (j < n && buf.charCodeAt(j) === d) {
          i = j + 1;
          continue;
        }
        return this.finishRecord(field + 1, line, hasQuotes ? countLineBreaks(buf, pos, j + 1) : 1, j < n ? j + 1 : n, out, lines);
      }
      hasQuotes = true;
      let text = '';
      let segment = ++i;
      for (;;) {
        const q = buf.indexOf('"', i);
        if (q < 0) {
          if (!final) return NEED_MORE;
          return this.badRecord(line, buf, pos, n, 'unterminated quoted field');
        }
        if (q + 1 >= n && !final) return NEED_MORE; // cannot tell a closing quote from a doubled one yet
        if (buf.charCodeAt(q + 1) === QUOTE) {
          text += buf.slice(segment, q + 1);
          i = segment = q + 2;
          continue;
        }
        text += buf.slice(segment, q);
        i = q + 1;
        break;
      }
      this.quotedCell(field, text);
      const c = buf.charCodeAt(i);
      if (c === d) {
        i++;
        continue;
      }
      let next: number;
      if (c === LF) next = i + 1;
      else if (c === CR && buf.charCodeAt(i + 1) === LF) next = i + 2;
      else if (i >= n || (c === CR && i + 1 >= n)) {
        if (!final) return NEED_MORE;
        next = n;
      } else {
        const eol = buf.indexOf('\n', i);
        if (eol < 0 && !final) return NEED_MORE;
        return this.badRecord(line, buf, pos, eol < 0 ? n : eol + 1, `unexpected text after the closing quote of field ${field + 1}`);
      }
      return this.finishRecord(field + 1, line, countLineBreaks(buf, pos, next), next, out, lines);
    }
  }

  private unquotedCell(field: number, buf: string, start: number, end: number): void {
    if (this.firstCells !== null) {
      this.firstCells.push({ text: buf.slice(start, end), quoted: false });
      return;
    }
    if (field >= this.values.length) return; // a surplus field: the record is reported as bad
    const cast = this.casts[field];
    this.values[field] = cast === undefined ? inferSpan(buf, start, end) : this.cast(field, buf.slice(start, end), false, cast);
  }

  private quotedCell(field: number, text: string): void {
    if (this.firstCells !== null) {
      this.firstCells.push({ text, quoted: true });
      return;
    }
    if (field >= this.values.length) return;
    const cast = this.casts[field];
    this.values[field] = cast === undefined ? text : this.cast(field, text, true, cast);
  }

  private cast(field: number, text: string, quoted: boolean, declared: DeclaredField): Value {
    const value = castCell(text, quoted, declared);
    if (value !== MISFIT) return value;
    if (this.misfitColumn < 0) {
      this.misfitColumn = field;
      this.misfitText = text;
    }
    return null;
  }

  /** Ends a record of `fieldCount` fields spanning `lineBreaks` line breaks; returns `next`. */
  private finishRecord(fieldCount: number, line: number, lineBreaks: number, next: number, out: Row[], lines: number[] | undefined): number {
    this.nextLine += lineBreaks;
    if (this.firstCells !== null && !this.takeColumns(fieldCount)) return next;
    const names = this.names as string[];
    if (fieldCount !== names.length) {
      this.onProblem({ line, expected: `${names.length} fields`, message: `expected ${names.length} fields, found ${fieldCount}` });
      return next;
    }
    const column = this.misfitColumn;
    if (column >= 0) {
      const expected = (this.casts[column] as DeclaredField).kind;
      const message = `column ${column + 1} (${names[column]}): expected ${expected}, found '${this.misfitText}'`;
      this.onProblem({ line, column: column + 1, field: names[column], expected, message });
      return next;
    }
    out.push(this.makeRow(this.values));
    lines?.push(line);
    return next;
  }

  /**
   * Sets the columns from the first record: its cells name them (header), or it is the first data
   * row of a header-less file and is typed now. True when that record is a data row.
   */
  private takeColumns(fieldCount: number): boolean {
    const cells = this.firstCells as { text: string; quoted: boolean }[];
    this.firstCells = null;
    if (this.hasHeader) {
      this.setColumns(cells.map((cell) => cell.text.trim()));
      return false;
    }
    this.setColumns(Array.from({ length: fieldCount }, (_, i) => `column_${i}`));
    cells.forEach((cell, i) => (cell.quoted ? this.quotedCell(i, cell.text) : this.unquotedCell(i, cell.text, 0, cell.text.length)));
    return true;
  }

  private badRecord(line: number, buf: string, pos: number, next: number, message: string): number {
    this.nextLine += countLineBreaks(buf, pos, next);
    this.onProblem({ line, message });
    return next;
  }

  private setColumns(names: string[]): void {
    this.names = names;
    this.firstCells = null;
    this.casts = names.map((name) => this.options.schema?.get(name));
    this.values = new Array<Value>(names.length).fill(null);
    this.makeRow = rowFactory(names);
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
