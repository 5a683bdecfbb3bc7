/**
 * JSON records (dialect spec §12.3 "JSON read"): integer → Integer, other number → Float
 * (the value model tells them apart by integrality), string, boolean and null as such, object →
 * Map, array → array. One record per object: JSON Lines (one object per non-blank line) or a
 * top-level array of objects. Writing uses the value printer's JSON (exact decimals as strings).
 */
import { fieldsToJson } from '../../types/values/format';
import type { Value } from '../../types/values/types';
import type { Row } from './csv-decoder';

export interface JsonProblem {
  line: number;
  message: string;
}

/** A parsed JSON value as a runtime value (objects become Maps). */
export function jsonToValue(v: unknown): Value {
  if (v === null || typeof v !== 'object') return v as Value;
  if (Array.isArray(v)) return v.map(jsonToValue);
  const map = new Map<string, Value>();
  for (const [k, item] of Object.entries(v)) map.set(k, jsonToValue(item));
  return map;
}

/** A parsed JSON object as record fields; nested objects become Maps. */
export function jsonToRow(obj: Record<string, unknown>): Row {
  const row: Row = {};
  for (const key in obj) {
    const v = obj[key];
    row[key] = v === null || typeof v !== 'object' ? (v as Value) : jsonToValue(v);
  }
  return row;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Incremental JSON Lines decoder with the same shape as `CsvDecoder`. */
export class JsonLinesDecoder {
  private pending = '';
  private nextLine = 1;

  constructor(private readonly onProblem: (problem: JsonProblem) => void) {}

  push(chunk: string, out: Row[], lines?: number[]): void {
    const buf = this.pending + chunk;
    let pos = 0;
    for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n', pos)) {
      this.line(buf.slice(pos, nl), out, lines);
      pos = nl + 1;
    }
    this.pending = buf.slice(pos);
  }

  end(out: Row[], lines?: number[]): void {
    if (this.pending.length > 0) this.line(this.pending, out, lines);
    this.pending = '';
  }

  private line(text: string, out: Row[], lines: number[] | undefined): void {
    const line = this.nextLine++;
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      this.onProblem({ line, message: `invalid JSON: ${(e as Error).message}` });
      return;
    }
    if (!isObject(parsed)) {
      this.onProblem({ line, message: 'expected a JSON object' });
      return;
    }
    out.push(jsonToRow(parsed));
    lines?.push(line);
  }
}

/**
 * Decodes a whole JSON file: a top-level array of objects, or (when the text does not start
 * with `[`) JSON Lines. Non-object elements are reported and skipped.
 */
export function parseJson(text: string): { rows: Row[]; problems: JsonProblem[] } {
  const rows: Row[] = [];
  const problems: JsonProblem[] = [];
  const start = text.search(/\S/);
  if (start < 0 || text[start] !== '[') {
    const decoder = new JsonLinesDecoder((p) => problems.push(p));
    decoder.push(text, rows);
    decoder.end(rows);
    return { rows, problems };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    problems.push({ line: 1, message: `invalid JSON: ${(e as Error).message}` });
    return { rows, problems };
  }
  (parsed as unknown[]).forEach((item, i) => {
    if (isObject(item)) rows.push(jsonToRow(item));
    else problems.push({ line: 1, message: `array element ${i + 1} is not a JSON object` });
  });
  return { rows, problems };
}

/** One JSON object per line. */
export function encodeJsonLines(rows: readonly Row[]): string {
  let out = '';
  for (const row of rows) out += fieldsToJson(row) + '\n';
  return out;
}
