/**
 * Schema inference for `velo-test infer-schema` (harness spec §10.3): from a data sample (≤ 1000
 * rows) each column's type, range, enum or length; without a sample, the columns the SQL uses,
 * typed by their names, with ranges widened so every WHERE literal falls inside. The result is
 * a schema YAML document in the format `loadSchema` reads.
 */
import { stringify } from 'yaml';
import type { Row } from '../connectors/formats/csv-decoder';
import { formatScaled } from '../types/values/format';
import { Scaled, Timestamp, SqlDate, type Value } from '../types/values/types';
import type * as A from '../sql/ast';
import { columnName } from './run/app-model';

type FieldDoc = Record<string, unknown>;

const SAMPLE_ROWS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const EPOCH_MS_MIN = 1e12;
const EPOCH_MS_MAX = 1e13;

/** A schema document inferred from sample rows. */
export function inferFromSample(name: string, rows: readonly Row[], columns: readonly string[]): Record<string, unknown> {
  const sample = rows.slice(0, SAMPLE_ROWS);
  const fields = columns.map((column) => inferColumn(column, sample.map((r) => r[column] ?? null)));
  return { name, record_count: rows.length, fields };
}

function inferColumn(name: string, values: readonly Value[]): FieldDoc {
  const present = values.filter((v) => v !== null && v !== '');
  const field: FieldDoc = { name };
  if (present.length < values.length) field.nullable = true;
  const numbers = present.map((v) => (typeof v === 'number' ? v : v instanceof Scaled ? Number(formatScaled(v)) : undefined));
  if (present.length > 0 && present.every((v) => typeof v === 'number' && Number.isInteger(v))) {
    const ints = numbers as number[];
    // Integers in 2001…2286 as epoch milliseconds: an event-time field.
    if (ints.every((n) => n >= EPOCH_MS_MIN && n < EPOCH_MS_MAX)) {
      return { ...field, type: 'integer', constraints: { timestamp_epoch_ms: { start: new Date(Math.min(...ints)).toISOString(), end: new Date(Math.max(...ints) + 1).toISOString() } } };
    }
    return { ...field, type: 'integer', constraints: { range: { min: Math.min(...(numbers as number[])), max: Math.max(...(numbers as number[])) } } };
  }
  if (present.length > 0 && numbers.every((n) => n !== undefined)) {
    const digits = Math.min(8, Math.max(1, ...present.map((v) => (v instanceof Scaled ? v.scale : (String(v).split('.')[1] ?? '').length))));
    return { ...field, type: `decimal(${digits})`, constraints: { range: { min: Math.min(...(numbers as number[])), max: Math.max(...(numbers as number[])) } } };
  }
  if (present.length > 0 && present.every((v) => typeof v === 'boolean')) return { ...field, type: 'boolean' };
  if (present.length > 0 && present.every((v) => v instanceof Timestamp)) {
    const ms = present.map((v) => (v as Timestamp).ms);
    return { ...field, type: 'timestamp', constraints: { timestamp_range: { start: new Date(Math.min(...ms)).toISOString(), end: new Date(Math.max(...ms) + 1).toISOString() } } };
  }
  const texts = present.map((v) => (v instanceof SqlDate ? 'date' : String(v)));
  if (present.length > 0 && present.every((v) => v instanceof SqlDate || (typeof v === 'string' && DATE.test(v)))) return { ...field, type: 'date' };
  if (present.length > 0 && texts.every((t) => UUID.test(t))) return { ...field, type: 'uuid' };
  const counts = new Map<string, number>();
  for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
  if (counts.size > 0 && counts.size <= 20 && counts.size / Math.max(1, texts.length) <= 0.5) {
    const values = [...counts.keys()];
    return { ...field, type: 'string', constraints: { enum_values: { values, weights: values.map((v) => Math.round((counts.get(v)! / texts.length) * 1000) / 1000) } } };
  }
  const lengths = texts.map((t) => t.length);
  return { ...field, type: 'string', ...(lengths.length ? { constraints: { length: { min: Math.min(...lengths), max: Math.max(...lengths) } } } : {}) };
}

/** A schema document from the columns a statement uses for `source`, typed by name. */
export function inferFromSql(name: string, columns: readonly string[], literals: ReadonlyMap<string, number[]>): Record<string, unknown> {
  return { name, record_count: 1000, fields: columns.map((c) => byName(c, literals.get(c) ?? [])) };
}

function widen(min: number, max: number, literals: readonly number[]): { min: number; max: number } {
  return { min: Math.min(min, ...literals), max: Math.max(max, ...literals) };
}

function byName(name: string, literals: readonly number[]): FieldDoc {
  const n = name.toLowerCase();
  if (n.endsWith('_id')) return { name, type: 'string', constraints: { pattern: `${name.slice(0, 3).toUpperCase()}-[0-9]{4}` } };
  if (/^(price|amount|cost|value|total)$/.test(n)) return { name, type: 'decimal(4)', constraints: { range: widen(1, 1000, literals) } };
  if (/^(quantity|qty|volume|count|size)$/.test(n)) return { name, type: 'integer', constraints: { range: widen(1, 10000, literals) } };
  if (/time|timestamp|_at$/.test(n)) return { name, type: 'integer', constraints: { timestamp_epoch_ms: { start: '-1h', end: 'now' } } };
  if (n === 'symbol') return { name, type: 'string', constraints: { enum_values: { values: ['AAPL', 'MSFT', 'GOOGL', 'AMZN', 'NVDA'] } } };
  if (/^is_|_flag$/.test(n)) return { name, type: 'boolean' };
  return { name, type: 'string' };
}

/** Column names a statement reads (any qualifier), and numeric WHERE literals per column. */
export function columnsUsed(statement: A.Statement): { columns: string[]; literals: Map<string, number[]> } {
  const columns = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const n = node as { kind?: string };
    if (n.kind === 'Column') columns.add(columnName(node as A.Expr)!);
    for (const [key, value] of Object.entries(node)) if (key !== 'span' && key !== 'comments' && key !== 'properties') visit(value);
  };
  const literals = new Map<string, number[]>();
  const where = statement.kind === 'CreateStream' || statement.kind === 'CreateTable' ? firstSelect(statement.query.body).where : undefined;
  const collect = (e: A.Expr | undefined): void => {
    if (e?.kind !== 'Binary') return;
    if (e.op === 'AND' || e.op === 'OR') return void (collect(e.left), collect(e.right));
    const col = columnName(e.left);
    const lit = e.right.kind === 'Integer' ? Number(e.right.value) : e.right.kind === 'Decimal' ? Number(e.right.text) : e.right.kind === 'Float' ? e.right.value : undefined;
    if (col && lit !== undefined) literals.set(col, [...(literals.get(col) ?? []), lit]);
  };
  if (statement.kind === 'CreateStream' || statement.kind === 'CreateTable' || statement.kind === 'Select' || statement.kind === 'Insert') visit(statement.query);
  collect(where);
  return { columns: [...columns], literals };
}

function firstSelect(body: A.QueryBody): A.Select {
  let b = body;
  while (b.kind === 'Union') b = b.left;
  return b;
}

export function schemaYaml(doc: Record<string, unknown>, origin: string): string {
  return `# Inferred by velo-test infer-schema from ${origin}\n${stringify(doc, { lineWidth: 0 })}`;
}
