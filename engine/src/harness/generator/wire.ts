/**
 * Text forms of generated records (harness spec §5.2 wire encoding, §10.6 output formats).
 * JSON: decimals are numbers with exactly P fraction digits (`123.40`), timestamps
 * `YYYY-MM-DDTHH:MM:SS.sss` (UTC, no zone), dates `YYYY-MM-DD`. CSV: the values' printed forms
 * (§5.4) in declaration order, via the connectors' CSV encoder.
 */
import { CsvEncoder, csvCell } from '../../connectors/formats/csv-encoder';
import { formatFloat, formatScaled } from '../../types/values/format';
import { formatDateMs } from '../../types/values/time';
import { Scaled, SqlDate, Timestamp, type Value } from '../../types/values/types';

export type OutputFormat = 'jsonl' | 'json' | 'csv';

export const OUTPUT_FORMATS: readonly OutputFormat[] = ['jsonl', 'json', 'csv'];

/** The JSON object text of generated payload fields, in their key order (§5.2). */
export function encodeWireJson(fields: Record<string, Value>): string {
  let out = '{';
  let first = true;
  for (const name in fields) {
    out += (first ? '' : ',') + JSON.stringify(name) + ':' + wireValue(fields[name]);
    first = false;
  }
  return out + '}';
}

/** `encodeWireJson` for records that all have `names` as keys, with the key text computed once. */
export function wireJsonEncoder(names: readonly string[]): (fields: Record<string, Value>) => string {
  const prefixes = names.map((name, i) => (i === 0 ? '{' : ',') + JSON.stringify(name) + ':');
  return (fields) => {
    let out = '';
    for (let i = 0; i < names.length; i++) out += prefixes[i] + wireValue(fields[names[i]]);
    return names.length === 0 ? '{}' : out + '}';
  };
}

function wireValue(v: Value): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'number':
      return Number.isFinite(v) ? formatFloat(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
  }
  if (v === null) return 'null';
  if (v instanceof Scaled) return formatScaled(v);
  if (v instanceof Timestamp) return '"' + timestampText(v.ms) + '"';
  if (v instanceof SqlDate) return '"' + formatDateMs(v.ms) + '"';
  // Generated records hold scalars only; anything else is written as its JSON.
  return JSON.stringify(v);
}

/** `YYYY-MM-DDTHH:MM:SS.sss`, milliseconds always present. */
export function timestampText(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('Z') ? iso.slice(0, -1) : iso;
}

/** Streams batches of generated records as one document of the chosen format. */
export class RecordWriter {
  private written = 0;
  private opened = false;
  private readonly csv: CsvEncoder | undefined;
  private readonly json: (fields: Record<string, Value>) => string;

  constructor(
    private readonly format: OutputFormat,
    private readonly fieldNames: readonly string[],
  ) {
    this.csv = format === 'csv' ? new CsvEncoder({ columns: fieldNames }) : undefined;
    this.json = wireJsonEncoder(fieldNames);
  }

  /** The text of the next batch, including what opens the document before the first batch. */
  write(rows: readonly Record<string, Value>[]): string {
    let out = this.opening();
    if (this.csv) out += this.csv.encode(rows);
    else if (this.format === 'jsonl') for (const row of rows) out += this.json(row) + '\n';
    else for (let i = 0; i < rows.length; i++) out += (this.written + i === 0 ? '\n' : ',\n') + this.json(rows[i]);
    this.written += rows.length;
    return out;
  }

  /** What closes the document (and opens it, when nothing was written). */
  finish(): string {
    const close = this.format === 'json' ? (this.written === 0 ? ']\n' : '\n]\n') : '';
    return this.opening() + close;
  }

  /** The header or `[` the first time, then nothing. */
  private opening(): string {
    if (this.opened) return '';
    this.opened = true;
    if (this.format === 'json') return '[';
    if (this.format === 'csv') return this.fieldNames.map((n) => csvCell(n, ',')).join(',') + '\n';
    return '';
  }
}
