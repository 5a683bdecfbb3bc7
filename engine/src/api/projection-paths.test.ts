/**
 * A select list straight over a CSV file, built from the decoder's typed columns
 * (`exec=columnar` on the Project, issue 15), gives exactly the records of the record path:
 * random select lists of columns and products of two columns (Integer × Integer past 2^53,
 * DECIMAL × DECIMAL, Integer × DECIMAL, a String factor that raises), with or without a WHERE
 * the columns answer (or one they cannot: OR, a String against numbers), over random files whose
 * chunks mix clean columns with NULLs, Floats, a second scale and quoted numbers — every field
 * by type and exact decimal text, processing time, offset, partition, key, headers, errors.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { explain } from '../plan/explain';
import { planStatement } from '../plan/planner';
import { typed } from '../runtime/testing/fixtures';
import { parse } from '../sql/parse';
import { Random } from '../types/prng';
import { Catalog } from './catalog';
import { startQuery } from './query';

/** No WHERE, one on the columns, or one the columns cannot answer (OR; a String against numbers). */
const WHERES = ['', '', ' WHERE price > 100.5', " WHERE price <= 0 AND sym != 'S3'", ' WHERE n >= 0 AND qty < 50', " WHERE sym = 'S1'", ' WHERE price > 0 OR qty < 10', " WHERE n = 'x'"];

const ITEMS = ['ts', 'sym', 'price', 'qty', 'n', 'price * qty AS notional', 'qty * price AS back', 'n * n AS nn', 'n * price AS np', 'ts * n AS big', 'qty AS q2', 'sym * n AS bad'];

/** One cell per column; `odd` of the rows get a value the typed columns cannot hold. */
function csvFile(random: Random, file: string, odd: number): void {
  const lines = ['ts,sym,price,qty,n'];
  const rows = 500 + random.below(3000);
  for (let i = 0; i < rows; i++) {
    const cells = [
      String(1_700_000_000_000 + i * 1000),
      `S${random.below(7)}`,
      (random.below(200_000) / 100 - 500).toFixed(2),
      (random.below(100_000) / 1000).toFixed(3),
      String(random.below(4) === 0 ? 2 ** 40 + random.below(1000) : random.below(1000) - 500),
    ];
    if (random.nextFloat() < odd) cells[random.below(5)] = ['', 'NULL', '1.5e3', '7.12345', '"42"', 'x'][random.below(6)];
    lines.push(cells.join(','));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

async function run(sql: string, file: string, execution: 'auto' | 'rows') {
  const statement = `${sql} WITH ('trades.type' = 'file_source', 'trades.path' = '${file}', 'trades.format' = 'csv')`;
  const handle = startQuery(statement, new Catalog(), { execution, now: () => 1_000 });
  const output: string[] = [];
  for await (const batch of handle) {
    for (const r of batch) {
      const fields = Object.entries(r.fields).map(([k, v]) => [k, typed(v)]);
      output.push(JSON.stringify({ fields, t: r.timestamp, e: r.eventTime, o: r.offset, p: r.partition, k: typed(r.key), h: r.headers && [...r.headers] }));
    }
  }
  const summary = await handle.done;
  return { status: summary.status, output, errors: summary.progress.recordErrors, bad: summary.progress.badRecords };
}

describe.each([
  ['clean columns', 0],
  ['odd cells in some chunks', 0.002],
])('a select list over a CSV file: columns and the record path agree (%s)', (_name, odd) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-project-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('20 random select lists over random files', async () => {
    const random = new Random(0x2b0 + odd * 1e4);
    let compared = 0;
    for (let round = 0; round < 20; round++) {
      const file = path.join(dir, `t${round}.csv`);
      csvFile(random, file, odd);
      const items = ITEMS.filter(() => random.below(3) === 0);
      if (items.length === 0) items.push('price * qty AS notional');
      const sql = `SELECT ${items.join(', ')} FROM trades${WHERES[random.below(WHERES.length)]}`;
      const [rows, columnar] = [await run(sql, file, 'rows'), await run(sql, file, 'auto')];
      expect(rows.status).toBe('completed');
      expect({ sql, ...columnar }).toEqual({ sql, ...rows });
      compared += rows.output.length;
    }
    expect(compared).toBeGreaterThan(5_000);
  }, 120_000);
});

test('explain marks a select list of columns and products over a Scan exec=columnar, and nothing else', () => {
  const info = { columns: ['ts', 'sym', 'price', 'qty'].map((name) => ({ name, type: 'any' as never })), bounded: true, table: false };
  const plan = (sql: string) => explain(planStatement(parse(sql).statements[0], { source: () => info }).planned!.plan);
  expect(plan('SELECT ts, sym, price * qty AS notional FROM trades')).toMatch(/Project .* exec=columnar/);
  expect(plan('SELECT ts, price + qty AS s FROM trades')).not.toContain('exec=columnar');
  expect(plan('SELECT ts, sym PRIMARY KEY FROM trades')).not.toContain('exec=columnar');
  expect(plan("SELECT * FROM trades WHERE price > 1 AND sym = 'A'")).toMatch(/Project .* exec=columnar\n\s+Filter .* exec=columnar/);
  expect(plan('SELECT * FROM trades WHERE price > 1 OR qty > 1')).not.toContain('exec=columnar');
});
