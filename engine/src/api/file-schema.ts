/**
 * Static columns of a file source for planning (dialect spec §12.3): the CSV header (or JSON
 * Lines keys) with types inferred from the first rows by the same value rule the reader uses;
 * a declared schema (config file `schema.fields`) overrides inference. Reads at most 64 KiB.
 */
import * as fs from 'fs';
import type { FileSourceSettings } from '../connectors/file/file-config';
import { parseCsv } from '../connectors/formats/csv-decoder';
import { parseJson } from '../connectors/formats/json';
import type { Row } from '../connectors/formats/csv-decoder';
import type { FieldKind } from '../connectors/formats/schema';
import { sqlTypeOf } from '../types/values/kinds';
import type { SqlType } from '../types/values/types';
import type { PlanColumn } from '../plan/logical';

const SAMPLE_BYTES = 64 * 1024;

export function fileColumns(settings: FileSourceSettings): PlanColumn[] | null {
  const text = readHead(settings.path);
  if (text === null) return null;
  let names: string[];
  let rows: Row[];
  if (settings.format === 'csv' || settings.format === 'csv_no_header') {
    const parsed = parseCsv(text, { delimiter: settings.delimiter, hasHeader: settings.hasHeader, schema: settings.schema });
    names = parsed.columns;
    rows = parsed.rows;
  } else if (settings.format === 'jsonl') {
    rows = parseJson(text).rows;
    names = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  } else {
    return null;
  }
  if (names.length === 0) return null;
  return names.map((name) => {
    const declared = settings.schema?.get(name);
    return { name, type: declared ? kindType(declared.kind) : inferredType(rows, name) };
  });
}

/** The whole file when small, else its first complete lines within SAMPLE_BYTES. */
function readHead(path: string): string | null {
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const n = fs.readSync(fd, buffer, 0, SAMPLE_BYTES, 0);
    const text = buffer.subarray(0, n).toString('utf8');
    if (n < SAMPLE_BYTES) return text;
    const lastLine = text.lastIndexOf('\n');
    return lastLine > 0 ? text.slice(0, lastLine + 1) : text;
  } finally {
    fs.closeSync(fd);
  }
}

/** The one type all non-NULL sampled values share, else 'any'. */
export function inferredType(rows: readonly Row[], name: string): SqlType {
  let type: SqlType | null = null;
  for (const row of rows) {
    const v = row[name];
    if (v === null || v === undefined) continue;
    const t = sqlTypeOf(v);
    if (type === null) type = t;
    else if (type !== t) return 'any';
  }
  return type ?? 'any';
}

function kindType(kind: FieldKind): SqlType {
  return kind;
}
