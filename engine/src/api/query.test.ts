import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Batch, StreamRecord } from '../types/record';
import { Catalog } from './catalog';
import { startQuery, type QueryHandle } from './query';
import { formatValue } from '../types/values/format';

const record = (fields: StreamRecord['fields'], offset = 0): StreamRecord => ({
  fields,
  timestamp: 0,
  eventTime: null,
  offset,
  partition: 0,
  key: null,
  headers: null,
});

/** An unbounded feed: one batch of `size` records every millisecond, forever. */
async function* endless(size = 10): AsyncGenerator<Batch> {
  for (let i = 0; ; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    yield Array.from({ length: size }, (_, j) => record({ i: i * size + j, k: (i * size + j) % 3 }, i * size + j));
  }
}

async function rows(handle: QueryHandle) {
  const out: StreamRecord['fields'][] = [];
  for await (const batch of handle) out.push(...batch.map((r) => r.fields));
  return out;
}

const sales = [
  { region: 'EU', amount: 10 },
  { region: 'US', amount: 5 },
  { region: 'EU', amount: 7 },
  { region: 'APAC', amount: 1 },
  { region: 'EU', amount: 2 },
];

test('a query over injected rows yields its output, columns and plan; done summarises the run', async () => {
  const handle = startQuery('SELECT region, amount * 2 AS doubled FROM sales WHERE amount > 4', new Catalog(), { sources: { sales } });
  expect(handle.columns).toEqual([
    { name: 'region', type: 'string' },
    { name: 'doubled', type: 'integer' },
  ]);
  expect(await rows(handle)).toEqual([
    { region: 'EU', doubled: 20 },
    { region: 'US', doubled: 10 },
    { region: 'EU', doubled: 14 },
  ]);
  const summary = await handle.done;
  expect(summary).toMatchObject({ status: 'completed', limitReached: false, progress: { status: 'completed', recordsIn: 5, recordsOut: 3 } });
});

test('batches arrive while an unbounded query is still running', async () => {
  const handle = startQuery('SELECT i FROM feed WHERE k = 0', new Catalog(), { sources: { feed: { data: endless, columns: [{ name: 'i', type: 'integer' }, { name: 'k', type: 'integer' }] } } });
  let settled = false;
  void handle.done.then(() => (settled = true));
  const iterator = handle[Symbol.asyncIterator]();
  const first = await iterator.next();
  expect(first.done).toBe(false);
  expect(first.value.map((r: StreamRecord) => r.fields)).toEqual([{ i: 0 }, { i: 3 }, { i: 6 }, { i: 9 }]);
  expect(settled).toBe(false);
  expect(handle.progress().status).toBe('running');
  handle.cancel();
  expect((await handle.done).status).toBe('cancelled');
});

test('cancel ends an unbounded query within 100 ms, with its counters', async () => {
  const handle = startQuery('SELECT k, COUNT(*) AS n FROM feed GROUP BY k', new Catalog(), { sources: { feed: { data: endless } }, output: 'discard' });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const asked = Date.now();
  handle.cancel();
  const summary = await handle.done;
  expect(Date.now() - asked).toBeLessThan(100);
  expect(summary.status).toBe('cancelled');
  expect(summary.progress.recordsIn).toBeGreaterThan(0);
  expect(summary.progress.recordsOut).toBe(summary.progress.recordsIn); // EMIT CHANGES: one row per input
  expect(summary.progress.groups).toBe(3);
});

test('maxOutputRecords stops the query once reached', async () => {
  const handle = startQuery('SELECT i FROM feed', new Catalog(), { sources: { feed: { data: endless } }, maxOutputRecords: 25 });
  expect((await rows(handle)).length).toBe(25);
  expect(await handle.done).toMatchObject({ status: 'completed', limitReached: true });
});

test('recordsOut counts the records delivered, not those cut off by maxOutputRecords', async () => {
  const handle = startQuery('SELECT i FROM feed', new Catalog(), { sources: { feed: { data: endless } }, maxOutputRecords: 2 });
  expect(await rows(handle)).toEqual([{ i: 0 }, { i: 1 }]); // from the first batch of 10
  expect(handle.progress().recordsOut).toBe(2);
  expect((await handle.done).progress).toMatchObject({ recordsIn: 10, recordsOut: 2 });
});

describe('LIMIT of a plain SELECT over an endless source (§4.5, docs/decisions.md)', () => {
  test('the query completes once the LIMIT is reached', async () => {
    const handle = startQuery('SELECT i FROM feed LIMIT 5', new Catalog(), { sources: { feed: { data: () => endless(2) } } });
    expect(await rows(handle)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }, { i: 3 }, { i: 4 }]);
    expect(await handle.done).toMatchObject({ status: 'completed', limitReached: true, progress: { status: 'completed', recordsIn: 6, recordsOut: 5 } });
  });

  test('LIMIT 0 completes at once with no rows', async () => {
    const handle = startQuery('SELECT i FROM feed LIMIT 0', new Catalog(), { sources: { feed: { data: endless } } });
    expect(await rows(handle)).toEqual([]);
    expect(await handle.done).toMatchObject({ status: 'completed', limitReached: true, progress: { recordsOut: 0 } });
  });

  test('a statement with an output keeps consuming its input after the LIMIT', async () => {
    const handle = startQuery('CREATE STREAM firsts AS SELECT i FROM feed LIMIT 5', new Catalog(), { sources: { feed: { data: () => endless(2) } } });
    while (handle.progress().recordsIn < 20) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(handle.progress()).toMatchObject({ status: 'running', recordsOut: 5 });
    handle.cancel();
    expect(await handle.done).toMatchObject({ status: 'cancelled', limitReached: false });
  });
});

test('a CREATE TABLE result is queryable by a later statement through the catalog', async () => {
  const catalog = new Catalog();
  const ctas = startQuery('CREATE TABLE totals AS SELECT region, SUM(amount) AS total FROM sales GROUP BY region EMIT FINAL', catalog, { sources: { sales } });
  expect((await ctas.done).status).toBe('completed');
  expect(catalog.get('totals')).toMatchObject({ kind: 'table', origin: 'statement', bounded: true, keyColumns: ['region'] });
  const later = startQuery('SELECT region, total FROM totals WHERE total > 3', catalog);
  expect(later.columns).toEqual([
    { name: 'region', type: 'string' },
    { name: 'total', type: 'integer' },
  ]);
  expect(await rows(later)).toEqual([
    { region: 'EU', total: 19 },
    { region: 'US', total: 5 },
  ]);
});

test('a stream–table join looks up the injected table', async () => {
  const handle = startQuery('SELECT o.id, c.tier FROM orders o LEFT JOIN customers c ON o.cid = c.id', new Catalog(), {
    sources: {
      orders: [{ id: 1, cid: 10 }, { id: 2, cid: 11 }],
      customers: { data: [{ id: 10, tier: 'gold' }], table: true },
    },
  });
  expect(await rows(handle)).toEqual([
    { id: 1, tier: 'gold' },
    { id: 2, tier: null },
  ]);
  expect((await handle.done).progress.recordsIn).toBe(3); // the table's row is input too
});

test('a CTE feeds the main query as an intermediate stream', async () => {
  const handle = startQuery('WITH big AS (SELECT region, amount FROM sales WHERE amount >= 5) SELECT region, COUNT(*) AS n FROM big GROUP BY region EMIT FINAL', new Catalog(), {
    sources: { sales },
  });
  expect(await rows(handle)).toEqual([
    { region: 'EU', n: 2 },
    { region: 'US', n: 1 },
  ]);
});

test('errors are values: a plan error with its position, a missing connector, a missing type', async () => {
  const alias = await startQuery('SELECT amount AS a FROM sales\nWHERE a2 > 1', new Catalog(), { sources: { sales } }).done;
  expect(alias.error).toMatchObject({ code: 'VV301', line: 2, column: 7 });
  const s3 = await startQuery("SELECT * FROM t WITH ('t.type' = 's3_source')", new Catalog()).done;
  expect(s3).toMatchObject({ status: 'failed', error: { code: 'CONNECTOR_NOT_AVAILABLE', message: 'connector not available: s3_source' } });
  const untyped = await startQuery('SELECT * FROM nowhere', new Catalog()).done;
  expect(untyped.error).toMatchObject({ code: 'MISSING_TYPE', message: "source 'nowhere' has no type" });
});

test('a file source: CSV header types plan the query; bad rows are counted, skipped and reported', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-api-'));
  fs.writeFileSync(path.join(dir, 'in.csv'), 'id,price\n1,10.50\n2,3,extra\n3,1.25\n');
  const problems: string[] = [];
  const handle = startQuery(
    "CREATE STREAM out AS SELECT id, price * 2 AS p FROM src WITH ('src.type' = 'file_source', 'src.path' = 'in.csv', 'out.type' = 'file_sink', 'out.path' = 'out.csv')",
    new Catalog(),
    { baseDir: dir, onProblem: (p) => problems.push(p.message) },
  );
  expect(handle.columns).toEqual([
    { name: 'id', type: 'integer' },
    { name: 'p', type: 'decimal' },
  ]);
  const summary = await handle.done;
  expect(summary.progress).toMatchObject({ recordsIn: 2, recordsOut: 2, badRecords: 1 });
  expect(problems).toHaveLength(1);
  expect(fs.readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe('id,p\n1,21.00\n3,2.50\n');
});

test('the catalog round-trips through JSON', () => {
  const catalog = new Catalog();
  catalog.addSource('trades', { columns: [{ name: 'symbol', type: 'string' }], bounded: false, properties: { type: 'kafka_source', topic: 'trades' } });
  catalog.setSchema('trade', [{ name: 'price', type: 'decimal' }]);
  catalog.setParameter('threshold', '10');
  const copy = Catalog.fromJSON(JSON.parse(JSON.stringify(catalog.toJSON())));
  expect(copy.toJSON()).toEqual(catalog.toJSON());
  expect(copy.get('trades')).toMatchObject({ kind: 'stream', origin: 'external', columns: [{ name: 'symbol', type: 'string' }] });
});

test('subqueries read tables: an injected table and a CREATE TABLE result of an earlier statement', async () => {
  const catalog = new Catalog();
  const active = startQuery("SELECT id FROM orders WHERE cid IN (SELECT id FROM customers WHERE status = 'active')", catalog, {
    sources: {
      orders: [{ id: 1, cid: 10 }, { id: 2, cid: 11 }, { id: 3, cid: 10 }],
      customers: { data: [{ id: 10, status: 'active' }, { id: 11, status: 'closed' }], table: true },
    },
  });
  expect(await rows(active)).toEqual([{ id: 1 }, { id: 3 }]);

  await startQuery('CREATE TABLE totals AS SELECT region, SUM(amount) AS total FROM sales GROUP BY region', catalog, { sources: { sales } }).done;
  const top = startQuery('SELECT region, amount FROM sales s WHERE amount * 2 > (SELECT total FROM totals t WHERE t.region = s.region)', catalog, { sources: { sales } });
  // Latest totals per region: EU 19, US 5, APAC 1 (the table keeps the last row per key).
  expect(await rows(top)).toEqual([
    { region: 'EU', amount: 10 },
    { region: 'US', amount: 5 },
    { region: 'APAC', amount: 1 },
  ]);
});

test('CAST(price AS DECIMAL(10, 2)) rounds half away from zero to two decimals', async () => {
  const handle = startQuery("SELECT CAST(price AS DECIMAL(10, 2)) AS p FROM prices", new Catalog(), {
    sources: { prices: [{ price: 10.456 }, { price: 3 }, { price: -2.005 }, { price: '7.1' }] },
  });
  expect(handle.columns).toEqual([{ name: 'p', type: 'decimal' }]);
  expect((await rows(handle)).map((r) => formatValue(r.p))).toEqual(['10.46', '3.00', '-2.01', '7.10']);
});

describe('UNION (§3.3)', () => {
  const eu = [{ id: 1, region: 'EU' }, { id: 2, region: 'EU' }];
  const us = [{ id: 3, region: 'US' }, { id: 2, region: 'EU' }];
  const byId = (a: StreamRecord['fields'], b: StreamRecord['fields']) => Number(a.id) - Number(b.id);

  test('UNION ALL merges the rows of both branches, each read from its own source', async () => {
    const handle = startQuery("SELECT id, 'left' AS side FROM eu UNION ALL SELECT id, 'right' AS side FROM us WHERE id > 2", new Catalog(), { sources: { eu, us } });
    expect(handle.columns?.map((c) => c.name)).toEqual(['id', 'side']);
    expect((await rows(handle)).sort(byId)).toEqual([
      { id: 1, side: 'left' },
      { id: 2, side: 'left' },
      { id: 3, side: 'right' },
    ]);
    expect(await handle.done).toMatchObject({ status: 'completed', progress: { recordsIn: 4, recordsOut: 3 } });
  });

  test('UNION drops rows equal to an earlier output row, across branches', async () => {
    const handle = startQuery('SELECT id, region FROM eu UNION SELECT id, region FROM us UNION SELECT id, region FROM eu', new Catalog(), { sources: { eu, us } });
    expect((await rows(handle)).sort(byId)).toEqual([
      { id: 1, region: 'EU' },
      { id: 2, region: 'EU' },
      { id: 3, region: 'US' },
    ]);
  });

  test('a branch with EMIT FINAL aggregation emits when its own input ends', async () => {
    const handle = startQuery('SELECT region, COUNT(*) AS n FROM eu GROUP BY region UNION ALL SELECT region, COUNT(*) AS n FROM us GROUP BY region EMIT FINAL', new Catalog(), { sources: { eu, us } });
    const out = await rows(handle);
    expect(out.filter((r) => r.region === 'US')).toEqual([{ region: 'US', n: 1 }]);
    expect(out.filter((r) => r.region === 'EU').map((r) => r.n)).toEqual([1, 2, 1]); // EMIT CHANGES left, FINAL right
  });
});

describe('stream–stream join bounded by BETWEEN in ON (§4.4)', () => {
  const HOUR = 3_600_000;
  const T0 = Date.UTC(2024, 0, 1);
  /** An unbounded stream whose records carry their `ts` as event time. */
  const stream = (data: StreamRecord['fields'][]) => ({
    bounded: false,
    columns: [
      { name: 'id', type: 'string' as const },
      { name: 'ts', type: 'integer' as const },
    ],
    data: async function* (): AsyncGenerator<Batch> {
      yield data.map((fields, i) => ({ ...record(fields, i), eventTime: Number(fields.ts) }));
    },
  });
  const sources = {
    orders: stream([
      { id: 'o1', ts: T0 },
      { id: 'o2', ts: T0 },
    ]),
    shipments: stream([
      { id: 'o1', ts: T0 + 20 * HOUR },
      { id: 'o2', ts: T0 + 25 * HOUR },
    ]),
  };

  test.each([
    ["s.ts BETWEEN o.ts AND o.ts + INTERVAL '24' HOUR"],
    ["o.ts BETWEEN s.ts - INTERVAL '24' HOUR AND s.ts"],
  ])('%s: rows 20 h apart match, 25 h apart do not', async (between) => {
    const handle = startQuery(`SELECT o.id, s.ts AS shipped FROM orders o LEFT JOIN shipments s ON o.id = s.id AND ${between}`, new Catalog(), { sources });
    expect(handle.plan?.root).toMatchObject({ kind: 'project', input: { kind: 'join', strategy: 'interval', residual: null } });
    expect(await rows(handle)).toEqual([
      { id: 'o1', shipped: T0 + 20 * HOUR },
      { id: 'o2', shipped: null },
    ]);
  });
});

describe('output names of joins (§4.2, §4.4)', () => {
  /** A bounded source whose columns are unknown until it runs. */
  const unknownShape = (data: StreamRecord['fields'][], table = false) => ({
    table,
    bounded: true,
    data: async function* (): AsyncGenerator<Batch> {
      yield data.map(record);
    },
  });
  const sources = {
    orders: unknownShape([{ id: 1, cid: 10, tier: 'bronze' }]),
    customers: unknownShape([{ id: 10, tier: 'gold' }], true),
  };

  test('two unaliased id columns: the right side one is right_id, with its own value', async () => {
    const handle = startQuery('SELECT id, c.id FROM orders o JOIN customers c ON o.cid = c.id', new Catalog(), { sources });
    expect(handle.columns?.map((c) => c.name)).toEqual(['id', 'right_id']);
    expect(await rows(handle)).toEqual([{ id: 1, right_id: 10 }]);
  });

  test('a right column reads the right record even when the left record has an undeclared field of that name', async () => {
    const handle = startQuery('SELECT o.id, c.tier FROM orders o JOIN customers c ON o.cid = c.id', new Catalog(), { sources });
    expect(await rows(handle)).toEqual([{ id: 1, tier: 'gold' }]);
  });

  test('items naming the same output field are suffixed _2 instead of overwriting each other', async () => {
    const handle = startQuery('SELECT o.id, o.cid AS id, c.tier, o.tier FROM orders o JOIN customers c ON o.cid = c.id', new Catalog(), { sources });
    // `o.tier` is the left side's, `c.tier` the right side's right_tier (§4.4).
    expect(await rows(handle)).toEqual([{ id: 1, id_2: 10, right_tier: 'gold', tier: 'bronze' }]);
  });
});
