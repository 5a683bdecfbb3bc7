/**
 * A WHERE clause run on typed columns (exec=columnar on the Filter, issue 15) selects exactly the
 * rows the record path selects: every comparison operator against literals equal to column
 * values, between two of them (a literal finer than the column's scale), beyond the safe
 * integers, on either side, Strings present and absent in the dictionary, and a comparison the
 * columns cannot answer (a String against numbers) — over batches with attached columns and
 * over a CSV file, compared with `execution: 'rows'` output for output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { explain } from '../plan/explain';
import { planStatement, type SourceInfo } from '../plan/planner';
import { typed } from '../runtime/testing/fixtures';
import { parse } from '../sql/parse';
import { KeyDictionary, withColumns } from '../types/columns';
import type { Batch, StreamRecord } from '../types/record';
import { Scaled } from '../types/values/types';
import { Catalog } from './catalog';
import { startQuery } from './query';

const OPS = ['=', '!=', '<', '<=', '>', '>='];
/** Prices -1.50 … 2.00 in steps of 0.25 (scale 2), quantities 0 … 6, keys K0 … K3, times 0 … 11 900 ms. */
const ROWS = Array.from({ length: 120 }, (_, i) => ({
  ts: i * 100,
  symbol: `K${i % 4}`,
  price: new Scaled(((i * 7) % 15) * 25 - 150, 2),
  qty: (i * 5) % 7,
}));
const LITERALS = ['0.5', '0.50', '0.505', '-1.255', '1.255', '-1', '-1.25', '1.125', '3', '6', '0', '900719925474099', '-90071992547409.5', '9999999999999999'];

function comparisons(): string[] {
  const out: string[] = [];
  for (const op of OPS) {
    for (const literal of LITERALS) out.push(`price ${op} ${literal}`, `${literal} ${op} qty`);
    out.push(`ts ${op} 5000`);
  }
  out.push("symbol = 'K1'", "symbol != 'K2'", "symbol = 'nope'", "symbol != 'nope'", "'K3' = symbol", "qty = 'x'", "price > 0 AND qty <= 3 AND symbol != 'K0'");
  return out;
}

const sql = (where: string) =>
  `SELECT symbol, COUNT(*) AS n, SUM(qty) AS q, MIN(price) AS lo, MAX(price) AS hi FROM trades WHERE ${where} GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '3' SECOND) EMIT FINAL`;

async function run(statement: string, options: Parameters<typeof startQuery>[2]) {
  const handle = startQuery(statement, new Catalog(), { now: () => 0, ...options });
  const output: string[][] = [];
  for await (const batch of handle) output.push(batch.map((r) => JSON.stringify(Object.entries(r.fields).map(([k, v]) => [k, typed(v)]))));
  const summary = await handle.done;
  return { status: summary.status, output, errors: summary.progress.recordErrors };
}

function batches(): Batch[] {
  const dictionaries = new Map<string, KeyDictionary>();
  const out: Batch[] = [];
  for (let i = 0; i < ROWS.length; i += 25) {
    const records: StreamRecord[] = ROWS.slice(i, i + 25).map((fields, j) => ({ fields, timestamp: 0, eventTime: null, offset: i + j, partition: 0, key: null, headers: null }));
    out.push(withColumns(records, dictionaries));
  }
  return out;
}

const columns = ['ts', 'symbol', 'price', 'qty'].map((name) => ({ name, type: 'any' as never }));

describe('a WHERE on typed columns selects what the record path selects', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-filter-'));
  const file = path.join(dir, 'trades.csv');
  fs.writeFileSync(file, ['ts,symbol,price,qty', ...ROWS.map((r) => `${r.ts},${r.symbol},${(Number(r.price.unscaled) / 100).toFixed(2)},${r.qty}`)].join('\n'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each(comparisons())('WHERE %s', async (where) => {
    const memory = (execution: 'auto' | 'rows') => run(sql(where), { sources: { trades: { data: batches(), columns, bounded: true } }, execution });
    const csv = (execution: 'auto' | 'rows') =>
      run(`${sql(where)} WITH ('trades.type' = 'file_source', 'trades.path' = '${file}', 'trades.format' = 'csv')`, { execution });
    const [rows, columnar, csvRows, csvColumnar] = [await memory('rows'), await memory('auto'), await csv('rows'), await csv('auto')];
    expect(rows.status).toBe('completed');
    expect(columnar).toEqual(rows);
    expect(csvColumnar).toEqual(csvRows);
  });
});

test('explain shows which filters run on columns: comparisons with literals feeding a columnar aggregate or select list', () => {
  const info: SourceInfo = { columns, bounded: true, table: false };
  const plan = (text: string) => {
    const result = planStatement(parse(text).statements[0], { source: () => info });
    return explain(result.planned!.plan);
  };
  expect(plan(sql("price > 0.5 AND symbol = 'K1'"))).toMatch(/Filter .* exec=columnar/);
  expect(plan(sql('price > 0.5 OR qty < 3'))).not.toMatch(/Filter .* exec=columnar/);
  expect(plan(sql('price > qty'))).not.toMatch(/Filter .* exec=columnar/);
  expect(plan('SELECT symbol, price + 1 AS p FROM trades WHERE price > 0.5')).not.toContain('exec=columnar');
});
