/**
 * Incremental CSV decoder (RFC 4180 plus the typing of dialect spec §12.3).
 *
 * Text arrives in chunks (a file read piece by piece, or appended lines in watch mode); only
 * complete records are decoded, the rest waits for the next chunk or `end()`. Quoted fields may
 * contain the delimiter, `""` for a quote, and line breaks. CRLF and LF both end a record; blank
 * lines are skipped; a UTF-8 BOM is dropped. A bad row (wrong field count, a cell that does not
 * fit its declared type, a stray quote) is reported with its line and skipped.
 *
 * Speed: one pass over the UTF-8 bytes (indexing bytes is about twice as fast as `charCodeAt`,
 * and a chunk is never concatenated into a cons string). Each unquoted cell is typed straight
 * from its bytes — numbers never become strings — into one reused value array from which a
 * generated factory builds the row with a fixed shape. Strings are cut from one latin1 copy of
 * the chunk when it is ASCII (the common case), else decoded from UTF-8 one by one.
 */
import { isAscii } from 'buffer';
import { INTEGER_VECTOR, KeyDictionary } from '../../types/columns';
import { Scaled, type Value } from '../../types/values/types';
import { ByteKeys, hashOf, KEY_HASH_PRIME, KEY_HASH_SEED, keyHash } from './byte-keys';
import { CELL_CODE, CELL_VALUE, codeOfText, DecodedColumns } from './decoded-columns';
import { inferBytes } from './infer';
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
const MINUS = 45;
const DOT = 46;
const DIGIT_0 = 48;
const DIGIT_9 = 57;
/** Digits that a double always holds exactly (as in infer.ts). */
const MAX_EXACT_DIGITS = 15;
const LF = 10;
const CR = 13;
const BOM = [0xef, 0xbb, 0xbf];
const EMPTY = Buffer.alloc(0);
const NEWLINE = Buffer.from('\n');

/** V8's SlicedString::kMinLength: shorter substrings are copies. */
const SHARED_SLICE_LENGTH = 13;

/** `scanRecord` result: the record is cut off by the end of the input so far. */
const NEED_MORE = -1;

/** The row list of a column-mode decode: never pushed to. */
const NO_ROWS: Row[] = [];

/** A cell of the first record, kept until the columns are known: its bytes, or its quoted text. */
type FirstCell = { start: number; end: number; quoted: string | null };

export class CsvDecoder {
  /** Bytes of an incomplete record, waiting for the next chunk. */
  private pending: Buffer = EMPTY;
  private atStart = true;
  private nextLine = 1;
  private names: string[] | null = null;
  private casts: (DeclaredField | undefined)[] = [];
  private makeRow: RowFactory = () => ({});
  /** Cell values of the record being decoded, by column. */
  private values: Value[] = [];
  /**
   * Column mode (`pushBytesColumns`): numbers typed in place are kept unboxed, cell `c` being
   * `unscaled[c]` of kind `kinds[c]` (INTEGER_VECTOR or a scale), or `values[c]` (CELL_VALUE).
   */
  private columnMode = false;
  /** The number `plainNumberCell` typed last: its (unscaled) value and kind (INTEGER_VECTOR or its scale). */
  private number = 0;
  private numberKind = INTEGER_VECTOR;
  private unscaled = new Float64Array(0);
  private kinds = new Int32Array(0);
  /** One per column for the decoder's life, so codes mean the same in every chunk. */
  private dictionaries: KeyDictionary[] = [];
  /** Per undeclared column, its String cells' codes by their bytes (byte-keys.ts). */
  private byteKeys: ByteKeys[] = [];
  /** Where column mode writes records: one store, emptied for each chunk (see `pushBytesColumns`). */
  private columnStore: DecodedColumns | null = null;
  /** Until the columns are known, the cells of the first record. */
  private firstCells: FirstCell[] | null = [];
  /** First cell of the current record that does not fit its declared type, or -1. */
  private misfitColumn = -1;
  private misfitText = '';
  /** The input being decoded; whether it is all ASCII; its latin1 text once a string was needed. */
  private bytes: Buffer = EMPTY;
  private ascii = true;
  private text: string | null = null;
  /** The delimiter's UTF-8 bytes: the first, and all (a non-ASCII delimiter has several). */
  private readonly delimiter: Buffer;
  private readonly delimiterByte: number;
  private readonly hasHeader: boolean;
  /** Whether numeric cells are typed while scanning: a one-byte delimiter that cannot be part of a number. */
  private readonly fusedNumbers: boolean;

  constructor(
    private readonly options: CsvDecodeOptions,
    private readonly onProblem: (problem: CsvProblem) => void,
  ) {
    this.delimiter = Buffer.from(options.delimiter ?? ',', 'utf8');
    this.delimiterByte = this.delimiter.length > 0 ? this.delimiter[0] : -1;
    this.hasHeader = options.hasHeader ?? true;
    this.fusedNumbers = this.delimiter.length === 1 && !/[-.0-9]/.test(options.delimiter ?? ',');
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
    this.pushBytes(Buffer.from(chunk, 'utf8'), out, lines);
  }

  /** `push` of UTF-8 bytes (a chunk may end inside a character). `chunk` may be reused afterwards. */
  pushBytes(chunk: Buffer, out: Row[], lines?: number[]): void {
    if (this.pending.length > 0) {
      // The record cut off by the last chunk is completed from this one's first line, so only
      // that line is copied, not the whole chunk (a quoted line break means more lines are needed).
      const firstLine = chunk.indexOf(LF) + 1;
      if (firstLine === 0) return this.decode(Buffer.concat([this.pending, chunk]), false, out, lines);
      this.decode(Buffer.concat([this.pending, chunk.subarray(0, firstLine)]), false, out, lines);
      chunk = chunk.subarray(firstLine);
      if (this.pending.length > 0) chunk = Buffer.concat([this.pending, chunk]);
    }
    this.decode(chunk, false, out, lines);
  }

  /**
   * `pushBytes` into columns instead of rows (decoded-columns.ts): the chunk's complete records,
   * or null when it completed none. The returned columns are emptied and reused by the next
   * call (`generation` tells), so a reader must be done with them by then.
   */
  pushBytesColumns(chunk: Buffer): DecodedColumns | null {
    return this.intoColumns(() => this.pushBytes(chunk, NO_ROWS));
  }

  /** `end` into columns. */
  endColumns(): DecodedColumns | null {
    return this.intoColumns(() => this.end(NO_ROWS));
  }

  private intoColumns(decode: () => void): DecodedColumns | null {
    this.columnMode = true;
    this.columnStore?.reset();
    try {
      decode();
    } finally {
      this.columnMode = false;
    }
    const out = this.columnStore;
    return out !== null && out.length > 0 ? out : null;
  }

  /** Decodes what is left at end of input (a last record without a line break). */
  end(out: Row[], lines?: number[]): void {
    const rest = this.pending;
    this.pending = EMPTY;
    if (rest.length > 0) this.decode(rest[rest.length - 1] === LF ? rest : Buffer.concat([rest, NEWLINE]), true, out, lines);
  }

  private decode(input: Buffer, final: boolean, out: Row[], lines: number[] | undefined): void {
    const n = input.length;
    let pos = 0;
    if (this.atStart && n > 0) {
      const bomBytes = Math.min(n, BOM.length);
      const bomPrefix = BOM.slice(0, bomBytes).every((byte, i) => input[i] === byte);
      if (bomPrefix && bomBytes < BOM.length && !final) {
        this.pending = Buffer.from(input);
        return;
      }
      if (bomPrefix && bomBytes === BOM.length) pos = BOM.length;
      this.atStart = false;
    }
    this.bytes = input;
    this.ascii = isAscii(input);
    this.text = null;
    while (pos < n) {
      const c = input[pos];
      if (c === LF) {
        pos++;
        this.nextLine++;
        continue;
      }
      if (c === CR && pos + 1 < n && input[pos + 1] === LF) {
        pos += 2;
        this.nextLine++;
        continue;
      }
      const next = this.scanRecord(input, pos, final, out, lines);
      if (next === NEED_MORE) break;
      pos = next;
    }
    // A copy: the caller may reuse `input` for its next read.
    this.pending = pos < n ? Buffer.from(input.subarray(pos)) : EMPTY;
    this.bytes = EMPTY;
    this.text = null;
  }

  /**
   * The string of the input bytes `[start, end)`. A short one is cut from the chunk's latin1
   * text; V8 makes a cut of 13 or more characters a view that would keep the whole chunk alive
   * as long as the value lives (a group key, a table row), so a long one is copied out.
   */
  private textOf(start: number, end: number): string {
    if (!this.ascii || end - start >= SHARED_SLICE_LENGTH) return this.bytes.toString(this.ascii ? 'latin1' : 'utf8', start, end);
    if (this.text === null) this.text = this.bytes.toString('latin1');
    return this.text.slice(start, end);
  }

  /** Whether the delimiter starts at byte `j` (`b[j]` is known to be its first byte). */
  private delimiterAt(b: Buffer, j: number): boolean {
    const d = this.delimiter;
    for (let k = 1; k < d.length; k++) if (b[j + k] !== d[k]) return false;
    return true;
  }

  /**
   * Decodes the record starting at `pos` (not a blank line) and returns where the next one
   * starts, or NEED_MORE when the input so far ends inside it.
   */
  private scanRecord(b: Buffer, pos: number, final: boolean, out: Row[], lines: number[] | undefined): number {
    const n = b.length;
    const d = this.delimiterByte;
    const dLength = this.delimiter.length;
    const line = this.nextLine;
    let hasQuotes = false;
    let field = 0;
    let i = pos;
    this.misfitColumn = -1;
    if (this.firstCells !== null) this.firstCells.length = 0; // a retry after NEED_MORE starts over
    for (;; field++) {
      if (b[i] !== QUOTE) {
        const stop = this.fusedNumbers && this.firstCells === null ? this.plainNumberCell(b, i, field) : -1;
        if (stop >= 0) {
          this.storeNumber(field);
          if (b[stop] !== LF) {
            i = stop + 1;
            continue;
          }
          return this.finishRecord(field + 1, line, hasQuotes ? countLineBreaks(b, pos, stop + 1) : 1, stop + 1, out, lines);
        }
        let j = i;
        let h = KEY_HASH_SEED; // byte-keys.ts: the cell's hash, in case it is a String
        while (j < n) {
          const c = b[j];
          if ((c === d && (dLength === 1 || this.delimiterAt(b, j))) || c === LF) break;
          h = Math.imul(h ^ c, KEY_HASH_PRIME);
          j++;
        }
        if (j >= n && !final) return NEED_MORE;
        const end = j > i && b[j - 1] === CR && (j >= n || b[j] === LF) ? j - 1 : j;
        this.unquotedCell(field, b, i, end, end === j ? keyHash(h) : hashOf(b, i, end));
        if (j < n && b[j] !== LF) {
          i = j + dLength;
          continue;
        }
        const next = j < n ? j + 1 : n;
        return this.finishRecord(field + 1, line, hasQuotes ? countLineBreaks(b, pos, next) : 1, next, out, lines);
      }
      hasQuotes = true;
      let text = '';
      let segment = ++i;
      for (;;) {
        const q = b.indexOf(QUOTE, i);
        if (q < 0) {
          if (!final) return NEED_MORE;
          return this.badRecord(line, b, pos, n, 'unterminated quoted field');
        }
        if (q + 1 >= n && !final) return NEED_MORE; // cannot tell a closing quote from a doubled one yet
        if (b[q + 1] === QUOTE) {
          text += this.textOf(segment, q + 1);
          i = segment = q + 2;
          continue;
        }
        text += this.textOf(segment, q);
        i = q + 1;
        break;
      }
      this.quotedCell(field, text);
      const c = b[i];
      if (c === d && (dLength === 1 || this.delimiterAt(b, i))) {
        i += dLength;
        continue;
      }
      let next: number;
      if (c === LF) next = i + 1;
      else if (c === CR && b[i + 1] === LF) next = i + 2;
      else if (i >= n || (c === CR && i + 1 >= n)) {
        if (!final) return NEED_MORE;
        next = n;
      } else {
        const eol = b.indexOf(LF, i);
        if (eol < 0 && !final) return NEED_MORE;
        return this.badRecord(line, b, pos, eol < 0 ? n : eol + 1, `unexpected text after the closing quote of field ${field + 1}`);
      }
      return this.finishRecord(field + 1, line, countLineBreaks(b, pos, next), next, out, lines);
    }
  }

  /**
   * The common numeric cell in one pass: an unquoted `[-]digits[.digits]` of at most 15 digits,
   * in an inferred column, ending at the delimiter or a line feed, is typed as `numberBytes`
   * types it (Integer, or Scaled at the textual scale) while its end is being found, into
   * `number`/`numberKind` for `storeNumber` (kept apart so this loop stays small enough to be
   * inlined into `scanRecord`). Returns the
   * index of the byte that ends it, or -1 for any other cell (an exponent, a CR, a date, the end
   * of the input so far, …), which the caller scans and infers in full.
   */
  private plainNumberCell(b: Buffer, start: number, field: number): number {
    if (field >= this.values.length || this.casts[field] !== undefined) return -1;
    const n = b.length;
    const d = this.delimiterByte;
    const negative = b[start] === MINUS;
    const intStart = negative ? start + 1 : start;
    let j = intStart;
    let c = 0;
    let unscaled = 0;
    for (; j < n; j++) {
      c = b[j];
      if (c < DIGIT_0 || c > DIGIT_9) break;
      unscaled = unscaled * 10 + (c - DIGIT_0);
    }
    const intDigits = j - intStart;
    if (intDigits === 0 || j >= n) return -1;
    if (c === d || c === LF) {
      if (intDigits > MAX_EXACT_DIGITS) return -1;
      this.number = negative ? 0 - unscaled : unscaled; // 0 - 0 is +0
      this.numberKind = INTEGER_VECTOR;
      return j;
    }
    if (c !== DOT) return -1;
    const fracStart = ++j;
    for (; j < n; j++) {
      c = b[j];
      if (c < DIGIT_0 || c > DIGIT_9) break;
      unscaled = unscaled * 10 + (c - DIGIT_0);
    }
    const scale = j - fracStart;
    if (scale === 0 || j >= n || intDigits + scale > MAX_EXACT_DIGITS || (c !== d && c !== LF)) return -1;
    this.number = negative ? 0 - unscaled : unscaled;
    this.numberKind = scale;
    return j;
  }

  /** Stores the number `plainNumberCell` typed as cell `field`: unboxed in column mode. */
  private storeNumber(field: number): void {
    if (this.columnMode) {
      this.unscaled[field] = this.number;
      this.kinds[field] = this.numberKind;
    } else this.values[field] = this.numberKind === INTEGER_VECTOR ? this.number : new Scaled(this.number, this.numberKind);
  }

  /** An unquoted cell, bytes `[start, end)` whose `hashOf` is `hash`. */
  private unquotedCell(field: number, b: Buffer, start: number, end: number, hash: number): void {
    if (this.firstCells !== null) {
      this.firstCells.push({ start, end, quoted: null });
      return;
    }
    if (field >= this.values.length) return; // a surplus field: the record is reported as bad
    const cast = this.casts[field];
    if (cast !== undefined) {
      const value = this.cast(field, b, start, end, false, cast);
      return this.valueCell(field, value === undefined ? this.textOf(start, end) : value);
    }
    let code = this.byteKeys[field].find(b, start, end, hash);
    if (code < 0) {
      const value = inferBytes(b, start, end);
      if (value !== undefined) return this.valueCell(field, value);
      const text = this.textOf(start, end);
      code = codeOfText(this.dictionaries[field], text);
      if (code < 0) return this.valueCell(field, text);
      this.byteKeys[field].remember(b, start, end, hash, code);
    }
    this.kinds[field] = CELL_CODE;
    this.unscaled[field] = code;
    this.values[field] = this.dictionaries[field].values[code];
  }

  /** Cell `field` is `value` itself (not a number typed in place, nor a dictionary code). */
  private valueCell(field: number, value: Value): void {
    this.kinds[field] = CELL_VALUE;
    this.values[field] = value;
  }

  /** A quoted cell, `text` with its quotes undone. */
  private quotedCell(field: number, text: string): void {
    if (this.firstCells !== null) {
      this.firstCells.push({ start: 0, end: 0, quoted: text });
      return;
    }
    if (field >= this.values.length) return;
    const cast = this.casts[field];
    if (cast === undefined) return this.valueCell(field, text);
    const bytes = Buffer.from(text, 'utf8');
    const value = this.cast(field, bytes, 0, bytes.length, true, cast);
    this.valueCell(field, value === undefined ? text : value);
  }

  /** The declared-type value of a cell (undefined: its text); a misfit is noted and NULL. */
  private cast(field: number, b: Buffer, start: number, end: number, quoted: boolean, declared: DeclaredField): Value | undefined {
    const value = castCell(b, start, end, quoted, declared);
    if (value !== MISFIT) return value;
    if (this.misfitColumn < 0) {
      this.misfitColumn = field;
      this.misfitText = b.toString('utf8', start, end);
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
    if (this.columnMode) (this.columnStore ??= this.newColumns()).append(this.values, this.unscaled, this.kinds);
    else {
      out.push(this.makeRow(this.values));
      lines?.push(line);
    }
    return next;
  }

  /**
   * Sets the columns from the first record: its cells name them (header), or it is the first data
   * row of a header-less file and is typed now. True when that record is a data row.
   */
  private takeColumns(fieldCount: number): boolean {
    const cells = this.firstCells as FirstCell[];
    this.firstCells = null;
    if (this.hasHeader) {
      this.setColumns(cells.map((cell) => (cell.quoted ?? this.textOf(cell.start, cell.end)).trim()));
      return false;
    }
    this.setColumns(Array.from({ length: fieldCount }, (_, i) => `column_${i}`));
    cells.forEach((cell, i) =>
      cell.quoted !== null ? this.quotedCell(i, cell.quoted) : this.unquotedCell(i, this.bytes, cell.start, cell.end, hashOf(this.bytes, cell.start, cell.end)),
    );
    return true;
  }

  private badRecord(line: number, b: Buffer, pos: number, next: number, message: string): number {
    this.nextLine += countLineBreaks(b, pos, next);
    this.onProblem({ line, message });
    return next;
  }

  private setColumns(names: string[]): void {
    this.names = names;
    this.firstCells = null;
    this.casts = names.map((name) => this.options.schema?.get(name));
    this.values = new Array<Value>(names.length).fill(null);
    this.makeRow = rowFactory(names);
    this.unscaled = new Float64Array(names.length);
    this.kinds = new Int32Array(names.length).fill(CELL_VALUE);
    this.dictionaries = names.map(() => new KeyDictionary());
    this.byteKeys = names.map(() => new ByteKeys());
  }

  /** The column store, sized for the input being decoded in rows of ~16 bytes (it grows when needed). */
  private newColumns(): DecodedColumns {
    return new DecodedColumns(this.names!, this.makeRow, this.dictionaries, (this.bytes.length >> 4) + 16);
  }
}

function countLineBreaks(b: Buffer, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) if (b[i] === LF) count++;
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
