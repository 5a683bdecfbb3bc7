/**
 * CSV writing (dialect spec §12.3 "CSV write"): a header row unless disabled; columns in
 * alphabetical order of field name (reference-compatible); values printed per §5.4; NULL as an
 * empty cell; a cell containing the delimiter, `"`, CR or LF is quoted with `""` doubling.
 *
 * The columns are fixed by the first batch written (the sorted union of its field names), or
 * given up front when appending to a file that already has a header. A field that appears only
 * later has no column: it is reported once and left out.
 */
import { formatValue } from '../../types/values/format';
import type { Row } from './csv-decoder';

export interface CsvEncodeOptions {
  delimiter?: string;
  /** Write a header row before the first record; default true. */
  header?: boolean;
  /** Fixed columns (e.g. the header of a file being appended to). */
  columns?: readonly string[];
  /** Called once per field name that has no column. */
  onDroppedField?: (field: string) => void;
}

export class CsvEncoder {
  private columns: readonly string[] | null;
  private columnSet: ReadonlySet<string> = new Set();
  private readonly delimiter: string;
  private readonly dropped = new Set<string>();

  constructor(private readonly options: CsvEncodeOptions = {}) {
    this.columns = options.columns ?? null;
    if (this.columns) this.columnSet = new Set(this.columns);
    this.delimiter = options.delimiter ?? ',';
  }

  /** CSV text of `rows` (with the header before the first rows, when enabled). */
  encode(rows: readonly Row[]): string {
    if (rows.length === 0) return '';
    let out = '';
    if (this.columns === null) {
      this.columns = columnsOf(rows);
      this.columnSet = new Set(this.columns);
      if (this.options.header ?? true) out += this.columns.map((c) => csvCell(c, this.delimiter)).join(this.delimiter) + '\n';
    }
    const columns = this.columns;
    const d = this.delimiter;
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) line += d;
        const v = row[columns[i]];
        if (v !== null && v !== undefined) line += csvCell(formatValue(v), d);
      }
      out += line + '\n';
      if (this.options.onDroppedField) this.noteDropped(row);
    }
    return out;
  }

  private noteDropped(row: Row): void {
    for (const key in row) {
      if (!this.columnSet.has(key) && !this.dropped.has(key)) {
        this.dropped.add(key);
        this.options.onDroppedField?.(key);
      }
    }
  }
}

/** Sorted union of the field names of `rows` (code-point order, like the reference). */
function columnsOf(rows: readonly Row[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const key in row) names.add(key);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The cell text, quoted when it holds the delimiter, a quote or a line break. */
export function csvCell(text: string, delimiter: string): string {
  if (text.indexOf(delimiter) < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) return text;
  return '"' + text.replace(/"/g, '""') + '"';
}
