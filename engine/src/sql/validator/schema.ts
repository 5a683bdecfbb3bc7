/**
 * What the validator knows about the columns of named relations (dialect spec §14): column
 * definitions, outputs of earlier statements of the same file, schemas the host supplies, and
 * the header row of a CSV file source. Unknown stays unknown: no check is made against a guess.
 */
import * as fs from 'fs';
import type * as A from '../ast';
import type { SourceProperties } from './registry';

/** Column names of a relation, or undefined when they are not known. */
export type Columns = readonly string[] | undefined;

export class SchemaCatalog {
  private readonly known = new Map<string, readonly string[]>();
  private readonly csvHeaders = new Map<string, Columns>();

  constructor(host: Readonly<Record<string, readonly string[]>> = {}) {
    for (const [name, columns] of Object.entries(host)) this.known.set(name, columns);
  }

  /** Records the output columns of a statement (later statements of the file read them). */
  define(name: string, columns: Columns): void {
    if (columns) this.known.set(name, columns);
  }

  /** The columns of `name`: known relations first, then the header of its CSV file. */
  columnsOf(name: string, props?: SourceProperties): Columns {
    return this.known.get(name) ?? (props ? this.csvHeader(props) : undefined);
  }

  private csvHeader(props: SourceProperties): Columns {
    if (!props.type?.startsWith('file_source')) return undefined;
    const file = props.path;
    const format = props.format ?? (file?.toLowerCase().endsWith('.csv') ? 'csv' : undefined);
    if (!file || format !== 'csv' || props.get('has_headers') === 'false') return undefined;
    if (!this.csvHeaders.has(file)) this.csvHeaders.set(file, readCsvHeader(file, props.get('delimiter') ?? ','));
    return this.csvHeaders.get(file);
  }
}

function readCsvHeader(file: string, delimiter: string): Columns {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(16384);
      text = buffer.subarray(0, fs.readSync(fd, buffer, 0, buffer.length, 0)).toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return undefined; // a missing file is the connector's finding, at run time
  }
  const firstLine = text.replace(/^\uFEFF/, '').split(/\r?\n/)[0];
  if (!firstLine) return undefined;
  return firstLine.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

const EVENT_TIME = '_EVENT_TIME';

/**
 * Output field names of a select (§4.2): alias; a column's bare name; a function call's
 * lower-case name with `_2`, `_3` for repeats; `expr_<position>` otherwise. `*` expands to the
 * sources' columns. `AS _EVENT_TIME` sets event time and is not a field. Windowed output always
 * carries its GROUP BY key columns (§6.2).
 */
export function outputColumns(select: A.Select, sourceColumns: (source: A.Source) => Columns): Columns {
  const out: string[] = [];
  const calls = new Map<string, number>();
  const sources = [...(select.from ? [select.from] : []), ...select.joins.map((j) => j.source)];
  for (const [index, item] of select.items.entries()) {
    if (item.kind === 'Star') {
      for (const source of sources) {
        const columns = sourceColumns(source);
        if (!columns) return undefined;
        out.push(...columns);
      }
    } else if (item.kind === 'QualifiedStar') {
      const source = sources.find((s) => s.alias?.name === item.qualifier.name || (s.kind === 'NamedSource' && s.name.name === item.qualifier.name));
      const columns = source && sourceColumns(source);
      if (!columns) return undefined;
      out.push(...columns);
    } else {
      const name = itemName(item, index, calls);
      if (name.toUpperCase() !== EVENT_TIME) out.push(name);
    }
  }
  if (select.window) {
    for (const key of select.groupBy ?? []) {
      if (key.kind === 'Column' && !out.includes(key.name.name)) out.push(key.name.name);
    }
  }
  return out;
}

function itemName(item: A.ExprItem, index: number, calls: Map<string, number>): string {
  if (item.alias) return item.alias.name;
  const e = item.expr;
  if (e.kind === 'Column') return e.name.name;
  if (e.kind === 'SystemColumn') return e.text;
  if (e.kind === 'FunctionCall') {
    const base = e.upperName.toLowerCase();
    const seen = (calls.get(base) ?? 0) + 1;
    calls.set(base, seen);
    return seen === 1 ? base : `${base}_${seen}`;
  }
  return `expr_${index + 1}`;
}
