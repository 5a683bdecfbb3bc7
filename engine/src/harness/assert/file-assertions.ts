/**
 * File assertions (harness spec §7.7): existence and size, row counts, expected values in a
 * column, and whole-file comparison against an expected file (ordered, or as a multiset of rows
 * projected on the compared fields with numeric tolerance). Paths resolve against the spec.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Row } from '../../connectors/formats/csv-decoder';
import type { Value } from '../../types/values/types';
import { loadDataFile } from '../data/load-data';
import type { AssertionContext, AssertionResult } from './output';
import { fail, pass, type Fields } from './record-assertions';
import { toNumber, toText } from './values';

type Check = (f: Fields, ctx: AssertionContext) => AssertionResult;

const resolve = (ctx: AssertionContext, p: unknown) => path.resolve(ctx.baseDir, String(p));

function notFound(type: string, p: string): AssertionResult {
  return fail(type, `File not found: ${p}`, 'file exists', 'file not found');
}

function load(type: string, ctx: AssertionContext, p: unknown, format: unknown): { rows: Row[]; columns: string[] } | AssertionResult {
  const file = resolve(ctx, p);
  if (!fs.existsSync(file)) return notFound(type, String(p));
  const loaded = loadDataFile(file, format as string | undefined);
  if (!loaded.ok) return fail(type, `Cannot read ${String(p)}: ${loaded.error.message}`);
  return { rows: loaded.rows, columns: loaded.columns };
}

const isResult = (v: unknown): v is AssertionResult => typeof v === 'object' && v !== null && 'passed' in v;

export const FILE_ASSERTIONS: Readonly<Record<string, Check>> = {
  file_exists(f, ctx) {
    const type = 'file_exists';
    const p = String(f.path);
    const file = resolve(ctx, p);
    if (!fs.existsSync(file)) return notFound(type, p);
    const size = fs.statSync(file).size;
    if (typeof f.min_size_bytes === 'number' && size < f.min_size_bytes) return fail(type, `File ${p} is smaller than ${f.min_size_bytes} bytes`, `>= ${f.min_size_bytes} bytes`, `${size} bytes`);
    if (typeof f.max_size_bytes === 'number' && size > f.max_size_bytes) return fail(type, `File ${p} is larger than ${f.max_size_bytes} bytes`, `<= ${f.max_size_bytes} bytes`, `${size} bytes`);
    return pass(type, `File exists: ${p} (${size} bytes)`);
  },

  file_row_count(f, ctx) {
    const type = 'file_row_count';
    const loaded = load(type, ctx, f.path, f.format);
    if (isResult(loaded)) return loaded;
    const skipHeader = f.skip_header === true && String(f.format ?? '').toLowerCase().replace(/_/g, '') === 'csvnoheader';
    const n = loaded.rows.length - (skipHeader && loaded.rows.length > 0 ? 1 : 0);
    const p = String(f.path);
    if (typeof f.equals === 'number') return n === f.equals ? pass(type, `Row count matches: ${n} (from ${p})`) : fail(type, `Row count mismatch in ${p}`, `${f.equals}`, `${n}`);
    if (typeof f.greater_than === 'number' && !(n > f.greater_than)) return fail(type, `Expected > ${f.greater_than} rows in ${p}`, `> ${f.greater_than}`, `${n}`);
    if (typeof f.less_than === 'number' && !(n < f.less_than)) return fail(type, `Expected < ${f.less_than} rows in ${p}`, `< ${f.less_than}`, `${n}`);
    const none = f.greater_than === undefined && f.less_than === undefined ? ' (no constraints)' : '';
    return pass(type, `Row count: ${n} (from ${p})${none}`);
  },

  file_contains(f, ctx) {
    const type = 'file_contains';
    const loaded = load(type, ctx, f.path, f.format);
    if (isResult(loaded)) return loaded;
    const field = String(f.field);
    const present = new Set(loaded.rows.map((r) => toText(r[field] as Value | undefined)));
    const expected = f.expected_values as string[];
    const missing = expected.filter((v) => !present.has(v));
    const p = String(f.path);
    if (f.mode === 'any') {
      if (missing.length < expected.length) return pass(type, `Column '${field}' of ${p} contains at least one of: ${expected.join(', ')}`);
      return fail(type, `Column '${field}' of ${p} contains none of the expected values`, `any of: ${expected.join(', ')}`, sample(present));
    }
    if (missing.length === 0) return pass(type, `Column '${field}' of ${p} contains all of: ${expected.join(', ')}`);
    return fail(type, `Column '${field}' of ${p} lacks expected values: [${missing.join(', ')}]`, `all of: ${expected.join(', ')}`, sample(present));
  },

  file_matches(f, ctx) {
    const type = 'file_matches';
    const actual = load(type, ctx, f.actual_path, f.format);
    if (isResult(actual)) return actual;
    const expected = load(type, ctx, f.expected_path, f.format);
    if (isResult(expected)) return expected;
    const ignore = new Set((f.ignore_fields as string[] | undefined) ?? []);
    const fields = ((f.compare_fields as string[] | undefined) ?? expected.columns).filter((c) => !ignore.has(c));
    const tolerance = typeof f.numeric_tolerance === 'number' ? f.numeric_tolerance : 1e-4;
    const a = String(f.actual_path);
    const e = String(f.expected_path);
    if (actual.rows.length !== expected.rows.length) {
      return fail(type, `Row count differs: ${a} has ${actual.rows.length}, ${e} has ${expected.rows.length}`, `${expected.rows.length} rows`, `${actual.rows.length} rows`);
    }
    if (f.ignore_order === false) {
      for (let i = 0; i < expected.rows.length; i++) {
        for (const field of fields) {
          if (!sameCell(actual.rows[i][field], expected.rows[i][field], tolerance)) {
            return fail(type, `${a} differs from ${e} at row ${i + 1}, field '${field}'`, toText(expected.rows[i][field] ?? null), toText(actual.rows[i][field] ?? null));
          }
        }
      }
      return pass(type, `${a} matches ${e} (${actual.rows.length} rows, in order)`);
    }
    const decimals = Math.max(0, Math.ceil(-Math.log10(tolerance)));
    const canon = (r: Row) => fields.map((field) => canonicalCell(r[field], decimals)).join('\u0001');
    const counts = new Map<string, number>();
    for (const r of expected.rows) counts.set(canon(r), (counts.get(canon(r)) ?? 0) + 1);
    const unexpected: Row[] = [];
    for (const r of actual.rows) {
      const k = canon(r);
      const left = counts.get(k) ?? 0;
      if (left > 0) counts.set(k, left - 1);
      else unexpected.push(r);
    }
    if (unexpected.length === 0) return pass(type, `${a} matches ${e} (${actual.rows.length} rows, any order)`);
    const missingRows = [...counts].filter(([, n]) => n > 0).map(([k]) => k.split('\u0001').join(', '));
    const details = {
      missing_rows: missingRows.slice(0, 5).map((r) => `(${r})`).join('; '),
      unexpected_rows: unexpected.slice(0, 5).map((r) => `(${fields.map((fld) => canonicalCell(r[fld], decimals)).join(', ')})`).join('; '),
    };
    return fail(type, `${a} does not match ${e}: ${unexpected.length} rows differ`, `rows of ${e}`, `${unexpected.length} unexpected rows`, { details });
  },
};

function sameCell(a: Value | undefined, b: Value | undefined, tolerance: number): boolean {
  const x = a ?? null;
  const y = b ?? null;
  const nx = toNumber(x);
  const ny = toNumber(y);
  if (nx !== undefined && ny !== undefined) return Math.abs(nx - ny) <= tolerance;
  return (x === null ? '' : toText(x)) === (y === null ? '' : toText(y));
}

function canonicalCell(v: Value | undefined, decimals: number): string {
  if (v === null || v === undefined) return '';
  const n = toNumber(v);
  return n === undefined ? toText(v) : String(Number(n.toFixed(decimals)));
}

function sample(values: Set<string>): string {
  const list = [...values];
  return `[${list.slice(0, 10).join(', ')}${list.length > 10 ? `, … (+${list.length - 10} more)` : ''}]`;
}
