/**
 * Tables shared between statements: CREATE TABLE results read live by later statements' lookup
 * joins and subqueries (§4.4, §9.1), and re-run statements replacing their earlier output.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Batch, StreamRecord } from '../types/record';
import { runApp } from './app';
import { Catalog } from './catalog';
import { startQuery, type QueryHandle } from './query';

const sales = [
  { region: 'EU', amount: 10 },
  { region: 'US', amount: 5 },
  { region: 'EU', amount: 7 },
  { region: 'APAC', amount: 1 },
  { region: 'EU', amount: 2 },
];
// Latest total per region: EU 19, US 5, APAC 1.
const orders = [
  { id: 1, region: 'EU', amount: 20 },
  { id: 2, region: 'US', amount: 3 },
  { id: 3, region: 'APAC', amount: 2 },
  { id: 4, region: 'LATAM', amount: 9 },
];

const fieldsOf = (records: readonly StreamRecord[]) => records.map((r) => r.fields);

async function rows(handle: QueryHandle) {
  const out: StreamRecord['fields'][] = [];
  for await (const batch of handle) out.push(...fieldsOf(batch));
  return out;
}

const record = (fields: StreamRecord['fields'], offset: number): StreamRecord => ({ fields, timestamp: 0, eventTime: null, offset, partition: 0, key: null, headers: null });

/** An unbounded source: the given rows, then nothing until the query is cancelled. */
function thenIdle(data: StreamRecord['fields'][]) {
  return {
    bounded: false,
    data: async function* (): AsyncGenerator<Batch> {
      yield data.map(record);
      await new Promise(() => {});
    },
  };
}

async function until(condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(condition()).toBe(true);
}

test('runApp: IN and scalar subqueries and a lookup join read a CREATE TABLE result of the same file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-tables-'));
  const file = path.join(dir, 'app.sql');
  fs.writeFileSync(
    file,
    `CREATE TABLE totals AS SELECT region, SUM(amount) AS total FROM sales GROUP BY region;
CREATE STREAM in_big_regions AS SELECT id FROM orders WHERE region IN (SELECT region FROM totals WHERE total > 4);
CREATE STREAM above_total AS SELECT id FROM orders o WHERE amount > (SELECT total FROM totals t WHERE t.region = o.region);
CREATE STREAM enriched AS SELECT o.id, t.total FROM orders o LEFT JOIN totals t ON o.region = t.region;
`,
  );
  const catalog = new Catalog();
  const result = await runApp(file, { catalog, sources: { sales, orders } });
  expect(result.problems).toEqual([]);
  expect(result.status).toBe('completed');
  const output = (name: string) => fieldsOf(catalog.store.channel(name).records);
  expect(output('in_big_regions')).toEqual([{ id: 1 }, { id: 2 }]);
  // 20 > 19 and 2 > 1; LATAM has no total, and a comparison with NULL is FALSE.
  expect(output('above_total')).toEqual([{ id: 1 }, { id: 3 }]);
  expect(output('enriched')).toEqual([
    { id: 1, total: 19 },
    { id: 2, total: 5 },
    { id: 3, total: 1 },
    { id: 4, total: null },
  ]);
});

test('a lookup join and a subquery read the live rows of a CREATE TABLE that is still running', async () => {
  const catalog = new Catalog();
  const ctas = startQuery('CREATE TABLE totals AS SELECT region, SUM(amount) AS total FROM sales GROUP BY region', catalog, { sources: { sales: thenIdle(sales) } });
  await until(() => catalog.tableState('totals')?.size === 3);

  const joined = startQuery('SELECT o.id, t.total FROM orders o JOIN totals t ON o.region = t.region', catalog, { sources: { orders } });
  expect(await rows(joined)).toEqual([
    { id: 1, total: 19 },
    { id: 2, total: 5 },
    { id: 3, total: 1 },
  ]);
  const filtered = startQuery('SELECT id FROM orders WHERE region IN (SELECT region FROM totals WHERE total >= 5)', catalog, { sources: { orders } });
  expect(await rows(filtered)).toEqual([{ id: 1 }, { id: 2 }]);

  expect(ctas.progress().status).toBe('running');
  ctas.cancel();
  expect((await ctas.done).status).toBe('cancelled');
});

test('re-running a CREATE TABLE / CREATE STREAM replaces its earlier output instead of appending', async () => {
  const catalog = new Catalog();
  const ctas = 'CREATE TABLE totals AS SELECT region, SUM(amount) AS total FROM sales GROUP BY region EMIT FINAL';
  await startQuery(ctas, catalog, { sources: { sales } }).done;
  await startQuery(ctas, catalog, { sources: { sales: [{ region: 'EU', amount: 1 }] } }).done;
  expect(fieldsOf(catalog.store.channel('totals').records)).toEqual([{ region: 'EU', total: 1 }]);
  expect(await rows(startQuery('SELECT o.id, t.total FROM orders o JOIN totals t ON o.region = t.region', catalog, { sources: { orders } }))).toEqual([{ id: 1, total: 1 }]);

  const csas = 'CREATE STREAM eu AS SELECT id FROM orders WHERE region = \'EU\'';
  await startQuery(csas, catalog, { sources: { orders } }).done;
  await startQuery(csas, catalog, { sources: { orders } }).done;
  expect(fieldsOf(catalog.store.channel('eu').records)).toEqual([{ id: 1 }]);
});

test('INSERT INTO appends to the output of earlier statements', async () => {
  const catalog = new Catalog();
  await startQuery("CREATE STREAM picked AS SELECT id FROM orders WHERE region = 'EU'", catalog, { sources: { orders } }).done;
  await startQuery("INSERT INTO picked SELECT id FROM orders WHERE region = 'US'", catalog, { sources: { orders } }).done;
  expect(fieldsOf(catalog.store.channel('picked').records)).toEqual([{ id: 1 }, { id: 2 }]);
});

test('a table the host declares in the catalog (a CSV file) serves subqueries and lookup joins', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-tables-'));
  fs.writeFileSync(path.join(dir, 'regions.csv'), 'region,manager\nEU,Ana\nUS,Bo\n');
  const catalog = new Catalog();
  catalog.addSource('regions', { table: true, properties: { type: 'file_source', path: 'regions.csv', format: 'csv' } });
  const options = { sources: { orders }, baseDir: dir };
  const managed = startQuery('SELECT id FROM orders WHERE region IN (SELECT region FROM regions)', catalog, options);
  expect(await rows(managed)).toEqual([{ id: 1 }, { id: 2 }]);
  const joined = startQuery('SELECT o.id, r.manager FROM orders o LEFT JOIN regions r ON o.region = r.region', catalog, options);
  expect(await rows(joined)).toEqual([
    { id: 1, manager: 'Ana' },
    { id: 2, manager: 'Bo' },
    { id: 3, manager: null },
    { id: 4, manager: null },
  ]);
});
