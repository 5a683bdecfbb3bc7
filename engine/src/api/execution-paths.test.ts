/**
 * The columnar batch path and the record path give the same results (issue 15): random
 * queries of the shapes the columnar path takes (TUMBLING, SLIDING, SESSION and unwindowed GROUP BY, EMIT FINAL; TUMBLING and
 * unwindowed EMIT CHANGES), over random data, run through `startQuery`
 * with `execution: 'auto'` (columnar where it applies; from the records, and from typed columns
 * attached to the batches with `withColumns`) and `'rows'`, and compared exactly —
 * every output batch and its boundaries, every value by type and exact decimal text, event
 * times, message keys, headers, and the counters (late, dropped, errors, groups, windows).
 *
 * The data mixes what the columnar path holds (ordered or shuffled times, String or integer
 * keys, DECIMALs at one scale, Integers) with, in some data sets, what sends it back to the
 * record path mid-stream: a NULL, a Float, a second scale, a bigint or a total past 2^53, a key
 * of another type, a Timestamp time column, headers, a time that is not a time.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Random } from '../types/prng';
import { Scaled, Timestamp, type Value } from '../types/values/types';
import { typed } from '../runtime/testing/fixtures';
import type { Batch, StreamRecord } from '../types/record';
import { KeyDictionary, withColumns } from '../types/columns';
import { Catalog } from './catalog';
import { startQuery, type StartQueryOptions } from './query';

const NOW = 1_700_000_000_000;

/** What a data set may contain besides the values the columnar path holds. */
interface Spice {
  disorder: number; // share of records moved back in time (late, some too late)
  oddValue: number; // share of records with a value the typed columns cannot hold
  integerKeys: boolean;
  headers: boolean;
  integerPrices: boolean;
  /** Prices near 2^51: a few per group take a SUM past 2^53 (exact only as a bigint). */
  huge: boolean;
  /** Records without an event time (the time column, else processing time, windows them). */
  noEventTime?: boolean;
  /** Share of NULL prices and quantities (held columnar, in a validity array). */
  nulls?: number;
  /** Hundreds of keys; integer ones mostly dense but first seen out of order, a few negative or huge. */
  manyKeys?: boolean;
  /** Times on a grid of this many ms, so records land exactly on session boundaries (t = last + gap). */
  grid?: number;
  /** Share of records whose key is NULL (half of them a missing field): one more group, held columnar. */
  nullKeys?: number;
}

/** Integer key number `k` of a many-keys data set: dense ids, with some far outside their range. */
function manyKey(k: number): number {
  if (k % 5 === 1) return 2 ** 40 + k;
  return k % 7 === 3 ? -k : k;
}

function oddValue(random: Random): Value {
  switch (random.below(6)) {
    case 0:
      return null;
    case 1:
      return 1.5; // Float
    case 2:
      return new Scaled(12345, 4); // another scale
    case 3:
      return new Scaled(2n ** 60n, 2); // bigint unscaled
    case 4:
      return new Scaled(2 ** 52 + random.below(1000), 2); // totals pass 2^53
    default:
      return 'text';
  }
}

/** A second GROUP BY column: Strings, an Integer, NULL (several GROUP BY columns are columnar too). */
const VENUES: Value[] = ['X', 'Y', 'X', 2, null];

/** The GROUP BY columns of a random query: usually `symbol`, sometimes `symbol` and `venue`. */
/**
 * The GROUP BY of a query and the select items that output it, as clause texts: columns, an
 * expression (computed per row), or none (one group).
 */
function groupKeys(random: Random): { select: string; groupBy: string; order: string } {
  const size = "CASE WHEN qty > 50 THEN 'big' ELSE 'small' END";
  const kinds = [
    ['symbol', 'symbol'],
    ['symbol', 'symbol'],
    ['symbol, venue', 'symbol, venue'],
    [`symbol, ${size} AS size`, `symbol, ${size}`],
    ['symbol, qty > 50 AS big', 'symbol, qty > 50'], // a Boolean key: record path from the first row
  ];
  if (random.below(6) === 0) return { select: '', groupBy: '', order: '' };
  const [select, groupBy] = kinds[random.below(kinds.length)];
  return { select: `${select}, `, groupBy: ` GROUP BY ${groupBy}`, order: random.below(4) === 0 ? ' ORDER BY symbol' : '' };
}

function dataSet(random: Random, spice: Spice): Batch[] {
  const n = 200 + random.below(1500);
  const keys = spice.manyKeys ? 300 + random.below(1500) : 1 + random.below(12);
  let t = random.below(5000);
  const records: StreamRecord[] = [];
  for (let i = 0; i < n; i++) {
    t += random.below(400);
    let ts = t;
    if (random.nextFloat() < spice.disorder) ts = Math.max(0, t - random.below(8000));
    if (spice.grid) ts -= ts % spice.grid;
    const k = random.below(keys);
    const odd = random.nextFloat() < spice.oddValue;
    const unscaled = spice.huge ? 2 ** 51 + random.below(1000) : random.below(200_000) - 50_000;
    const price = spice.integerPrices ? (spice.huge ? unscaled : unscaled % 2000) : new Scaled(unscaled, 2);
    const nullPrice = spice.nulls !== undefined && random.nextFloat() < spice.nulls;
    const nullQty = spice.nulls !== undefined && random.nextFloat() < spice.nulls;
    const fields: Record<string, Value> = {
      ts: odd && random.below(8) === 0 ? (random.below(2) ? new Timestamp(ts) : 'soon') : ts,
      symbol: spice.integerKeys ? (spice.manyKeys ? manyKey(k) : k * 7 - 20) : `S${k}`,
      price: nullPrice ? null : odd && random.below(2) === 0 ? oddValue(random) : price,
      qty: nullQty ? null : odd && random.below(3) === 0 ? oddValue(random) : new Scaled(random.below(100_000), 3),
      venue: VENUES[random.below(VENUES.length)],
    };
    if (spice.nullKeys !== undefined && random.nextFloat() < spice.nullKeys) {
      if (random.below(2) === 0) fields.symbol = null;
      else delete fields.symbol;
    }
    if (odd && random.below(10) === 0) fields.symbol = [null, -0, 1.5, '\u0001x', new Scaled(7, 1)][random.below(5)];
    const headers = spice.headers && random.below(50) === 0 ? new Map([['src', `h${i}`]]) : null;
    records.push({ fields, timestamp: NOW, eventTime: spice.noEventTime || random.below(4) === 0 ? null : ts, offset: i, partition: 0, key: null, headers });
  }
  const batches: Batch[] = [];
  for (let i = 0; i < records.length; ) {
    const size = 1 + random.below(300);
    batches.push(records.slice(i, i + size));
    i += size;
  }
  return batches;
}

const AGGREGATES = [
  'COUNT(*) AS n',
  'COUNT(price) AS np',
  'SUM(qty) AS volume',
  'SUM(price) AS sp',
  'AVG(price) AS avg_price',
  'MIN(price) AS lo',
  'MAX(qty) AS hi',
  'SUM(price * qty) AS notional',
  'SUM(qty * qty) AS q2',
  'AVG(qty) AS aq',
  'STDDEV(price) AS sd',
  'VAR_POP(qty) AS vq',
  'FIRST_VALUE(price) AS open',
  'LAST_VALUE(price) AS close',
  'LAST(qty) AS lq',
  'SUM(CASE WHEN qty > 50 THEN qty END) AS big_volume',
  'SUM(CASE WHEN qty > 50 THEN qty ELSE 0 END) AS big_or_zero',
  'COUNT(CASE WHEN price > 100 THEN 1 END) AS dear',
  'AVG(price - qty) AS spread',
  'MAX(price * 2) AS hi2',
];

/**
 * No WHERE, or one of one or two comparisons of a column with a literal (the columnar filter's
 * shape, literals on either side, bounds between two column values, Strings compared with
 * integer keys), or one the columnar filter does not take.
 */
function where(random: Random): string {
  if (random.below(3) === 0) return '';
  if (random.below(8) === 0) return ' WHERE price > 0 OR qty < 10';
  const comparisons = [
    () => `price ${['>', '>=', '<', '<='][random.below(4)]} ${random.below(2000) - 500}${['', '.5', '.125', '.00'][random.below(4)]}`,
    () => `qty ${['<', '>=', '=', '!='][random.below(4)]} ${random.below(100)}${['', '.5'][random.below(2)]}`,
    () => `${random.below(60_000)} < ts`,
    () => `symbol ${['=', '!='][random.below(2)]} 'S${random.below(4)}'`,
    () => `price != -${random.below(500)}.00`,
  ];
  const picked = Array.from({ length: 1 + random.below(2) }, () => comparisons[random.below(comparisons.length)]());
  return ` WHERE ${picked.join(' AND ')}`;
}

function query(random: Random): string {
  const picked = AGGREGATES.filter(() => random.below(2) === 0);
  if (picked.length === 0) picked.push(AGGREGATES[0]);
  const size = [1, 2, 5, 30][random.below(4)];
  const time = random.below(4) === 0 ? '' : 'ts, ';
  const having = random.below(4) === 0 ? ' HAVING COUNT(*) > 1' : '';
  const filter = where(random);
  const keys = groupKeys(random);
  // EMIT CHANGES (a row per input) on a third of the queries; no EMIT clause is CHANGES unwindowed, FINAL windowed.
  const emit = [' EMIT FINAL', ' EMIT FINAL', ' EMIT CHANGES', ''][random.below(4)];
  if (random.below(4) === 0) return `SELECT ${keys.select}${picked.join(', ')} FROM trades${filter}${keys.groupBy}${having}${keys.order}${emit}`;
  const bounds = random.below(2) === 0 ? ', _WINDOW_START AS ws, _WINDOW_END AS we' : '';
  // SLIDING with the advance dividing the size or not (panes of their gcd).
  const [slide, advance] = [[2, 1], [3, 2], [5, 5], [30, 10], [4, 3]][random.below(5)];
  const window = random.below(3) === 0 ? `SLIDING(${time}${slide}s, ${advance}s)` : `TUMBLING(${time}INTERVAL '${size}' SECOND)`;
  return `SELECT ${keys.select}${picked.join(', ')}${bounds} FROM trades${filter}${keys.groupBy} WINDOW ${window}${having}${keys.order}${emit}`;
}

/** A SESSION query: gaps short enough to split each key's records and let late ones bridge sessions. */
function sessionQuery(random: Random): string {
  const picked = AGGREGATES.filter(() => random.below(2) === 0);
  if (picked.length === 0) picked.push(AGGREGATES[0]);
  const gap = [500, 1000, 2000, 5000][random.below(4)];
  const time = random.below(4) === 0 ? '' : 'ts, ';
  const having = random.below(4) === 0 ? ' HAVING COUNT(*) > 1' : '';
  const bounds = random.below(4) === 0 ? '' : ', _WINDOW_START AS ws, _WINDOW_END AS we';
  const keys = groupKeys(random);
  return `SELECT ${keys.select}${picked.join(', ')}${bounds} FROM trades${where(random)}${keys.groupBy} WINDOW SESSION(${time}INTERVAL '${gap}' MILLISECOND)${having}${keys.order} EMIT FINAL`;
}

/** Runs `sql` over `batches` injected as `trades`, or (a string) over that CSV file read by the file source. */
async function run(sql: string, batches: Batch[] | string, execution: 'auto' | 'rows') {
  const options: StartQueryOptions = {
    sources:
      typeof batches === 'string'
        ? {}
        : { trades: { data: batches, columns: ['ts', 'symbol', 'price', 'qty', 'venue'].map((name) => ({ name, type: 'any' as never })), bounded: true } },
    now: () => NOW,
    execution,
  };
  const statement = typeof batches === 'string' ? `${sql} WITH ('trades.type' = 'file_source', 'trades.path' = '${batches}', 'trades.format' = 'csv')` : sql;
  const handle = startQuery(statement, new Catalog(), options);
  const output: string[][] = [];
  for await (const batch of handle) {
    output.push(
      batch.map((r) =>
        JSON.stringify({
          fields: Object.entries(r.fields).map(([k, v]) => [k, typed(v)]),
          eventTime: r.eventTime,
          timestamp: r.timestamp,
          offset: r.offset,
          partition: r.partition,
          key: typed(r.key),
          headers: r.headers ? [...r.headers] : null,
        }),
      ),
    );
  }
  const summary = await handle.done;
  const progress: Partial<typeof summary.progress> = { ...summary.progress };
  delete progress.elapsedMs; // wall time differs between runs
  const sources = handle.sources().map((s) => ({ ...s, lastReadAt: null })); // SHOW STREAM HEALTH, but wall time
  return { output, status: summary.status, error: summary.error?.message ?? null, progress, sources };
}

/**
 * `rounds` random queries over fresh data, each run on the record path, on the columnar path from
 * the records, and from typed columns attached to the batches (with or without a shared
 * dictionary), compared exactly.
 */
async function compareRounds(rounds: number, random: Random, data: () => Batch[], sqlOf: (random: Random) => string): Promise<void> {
  let rowsCompared = 0;
  for (let round = 0; round < rounds; round++) {
    const batches = data();
    const sql = sqlOf(random);
    const rows = await run(sql, batches, 'rows');
    const columnar = await run(sql, batches, 'auto');
    const dictionaries = new Map<string, KeyDictionary>();
    const attached = await run(sql, batches.map((b) => withColumns(b.slice(), random.below(2) ? dictionaries : undefined)), 'auto');
    expect(rows.status).toBe('completed');
    expect({ sql, ...columnar }).toEqual({ sql, ...rows });
    expect({ sql, ...attached }).toEqual({ sql, ...rows });
    rowsCompared += rows.output.flat().length;
  }
  expect(rowsCompared).toBeGreaterThan(100);
}

const CLEAN: Spice = { disorder: 0, oddValue: 0, integerKeys: false, headers: false, integerPrices: false, huge: false };

const CASES: [string, Spice][] = [
  ['in-order decimals, String keys', CLEAN],
  ['no event times', { ...CLEAN, noEventTime: true }],
  ['integer keys and Integer prices', { ...CLEAN, integerKeys: true, integerPrices: true }],
  ['totals past 2^53 (fallback when a SUM needs a bigint)', { ...CLEAN, huge: true }],
  ['Integer totals past 2^53', { ...CLEAN, huge: true, integerPrices: true, integerKeys: true }],
  ['many integer keys (direct and hashed dictionary codes)', { ...CLEAN, integerKeys: true, manyKeys: true }],
  ['many String keys, late records', { ...CLEAN, manyKeys: true, disorder: 0.1 }],
  ['NULL prices and quantities (columnar validity)', { ...CLEAN, nulls: 0.3, disorder: 0.05 }],
  ['mostly NULL Integer prices, integer keys', { ...CLEAN, nulls: 0.9, integerPrices: true, integerKeys: true }],
  ['NULL and missing keys', { ...CLEAN, nullKeys: 0.1 }],
  ['NULL integer keys, NULL prices, late records', { ...CLEAN, nullKeys: 0.2, integerKeys: true, nulls: 0.2, disorder: 0.1 }],
  ['NULL keys, then values the columns cannot hold (fallback mid-stream)', { ...CLEAN, nullKeys: 0.15, oddValue: 0.01, disorder: 0.05 }],
  ['NULL keys, totals past 2^53 (fallback)', { ...CLEAN, nullKeys: 0.15, huge: true }],
  ['late and too-late records', { ...CLEAN, disorder: 0.1 }],
  ['values the columns cannot hold (fallback mid-stream)', { ...CLEAN, disorder: 0.05, oddValue: 0.01, headers: true }],
  ['many odd values', { ...CLEAN, disorder: 0.2, oddValue: 0.1, integerKeys: true, headers: true }],
];

describe.each(CASES)('columnar and record paths agree: %s', (_name, spice) => {
  test('40 random queries over random data', async () => {
    const random = new Random(0x15 + spice.disorder * 1000 + spice.oddValue * 100 + (spice.integerKeys ? 7 : 0) + (spice.manyKeys ? 3 : 0) + (spice.nulls ?? 0) * 10 + (spice.nullKeys ?? 0) * 50);
    await compareRounds(40, random, () => dataSet(random, spice), query);
  }, 120_000);
});

/**
 * `ROWS WINDOW BUFFER n ROWS` aggregates (runtime/over/columnar.ts) against the record path:
 * several buffer sizes, EMIT modes and expiries, partitioned or not, over the same data sets
 * (NULLs, Floats, a second scale, bigints and values past the exact bound send the columnar
 * operator back to the record path mid-stream; disorder moves times back, which expiry sees).
 */
const OVER_CALLS = ['COUNT(*)', 'COUNT(price)', 'SUM(price)', 'AVG(price)', 'MIN(price)', 'MAX(price)', 'SUM(qty)', 'AVG(qty)', 'MAX(qty)', 'MIN(qty)'];

function overQuery(random: Random, leading = 'ts, symbol'): string {
  const calls = OVER_CALLS.filter(() => random.below(3) === 0);
  if (calls.length === 0) calls.push(OVER_CALLS[random.below(OVER_CALLS.length)]);
  const items = calls.map((call, i) => {
    const size = [1, 2, 3, 7, 100][random.below(5)];
    const partition = random.below(5) === 0 ? '' : ' PARTITION BY symbol';
    const emit = random.below(4) === 0 ? ' EMIT ON BUFFER FULL' : '';
    const expire = [' EXPIRE AFTER NEVER', " EXPIRE AFTER INTERVAL '1' SECOND INACTIVITY", ''][random.below(3)];
    return `${call} OVER (ROWS WINDOW BUFFER ${size} ROWS${partition} ORDER BY ts${emit}${expire}) AS o${i}`;
  });
  return `SELECT ${leading}, ${items.join(', ')} FROM trades`;
}

/**
 * Select lists over the OVER calls: plain columns (fused into the OVER, `exec=fused-over`, and
 * over CSV emitted from the typed columns — Integers, DECIMALs, Strings), a column twice, and an
 * expression (not fused: the OVER's records go through the projection).
 */
const OVER_LEADING = ['ts, symbol', 'ts, symbol, price', 'qty, ts AS t, symbol AS s, ts', 'price * 2 AS double_price, symbol'];

/** NULL arguments and partition values, which the columnar operator holds (NaN, a partition of its own). */
function withNulls(batches: Batch[], random: Random): Batch[] {
  const share = [0, 0.02, 0.3][random.below(3)];
  for (const r of batches.flat()) {
    if (random.nextFloat() < share) r.fields.price = null;
    if (random.nextFloat() < share) r.fields.qty = null;
    if (random.nextFloat() < share / 4) r.fields.symbol = null;
  }
  return batches;
}

describe.each(CASES)('columnar and record paths agree on ROWS WINDOW BUFFER: %s', (_name, spice) => {
  test('12 random queries over random data', async () => {
    const random = new Random(0x10 + spice.disorder * 1000 + spice.oddValue * 100 + (spice.integerKeys ? 7 : 0) + (spice.manyKeys ? 3 : 0) + (spice.nulls ?? 0) * 10 + (spice.nullKeys ?? 0) * 50);
    await compareRounds(12, random, () => withNulls(dataSet(random, spice), random), overQuery);
  }, 120_000);
});

/**
 * Over CSV files the source decodes into typed columns and defers its records when the query is
 * columnar (connectors/file/file-source.ts); the record path reads the same file as records.
 * Files of up to ~150 KB span several read chunks (the decoder's column store is reused per
 * chunk), and mix in what the typed columns cannot hold or what CSV spells several ways.
 */
interface CsvSpice {
  /** Share of cells written in another of their spellings or with another value kind. */
  odd: number;
  crlf: boolean;
  integerKeys: boolean;
  disorder: number;
  /** Odd cells only after this share of the rows, in files of several chunks: the first chunks stay typed. */
  oddFrom?: number;
}

/** A cell spelled another way, or a value of another kind (all as the decoder types them). */
function oddCell(random: Random, column: 'ts' | 'symbol' | 'price' | 'qty', clean: string): string {
  switch (random.below(9)) {
    case 0:
      return ''; // NULL
    case 1:
      return 'NULL';
    case 2:
      return `"${clean}"`; // quoted: a String, whatever it looks like
    case 3:
      return column === 'ts' || column === 'symbol' ? clean : `${clean}0`; // a second scale
    case 4:
      return '1.5e2'; // Float
    case 5:
      return '98765432109876543210'; // past 2^53
    case 6:
      return `"a ""quoted"", field\nover two lines"`;
    case 7:
      return column === 'symbol' ? '-0' : '-0.00';
    default:
      return '2023-11-14T22:13:20Z'; // a Timestamp
  }
}

function csvFile(random: Random, spice: CsvSpice, file: string): void {
  const n = spice.oddFrom === undefined ? 200 + random.below(random.below(3) === 0 ? 4000 : 1500) : 3000 + random.below(4000);
  const keys = 1 + random.below(12);
  const eol = spice.crlf ? '\r\n' : '\n';
  let t = random.below(5000);
  const lines = ['ts,symbol,price,qty,venue'];
  // Per file, venues that are all Strings, all Integers (both typed columns) or mixed with NULLs (values).
  const venues = [['X', 'Y'], ['1', '2', '30'], ['X', 'Y', '2', '']][random.below(3)];
  for (let i = 0; i < n; i++) {
    t += random.below(400);
    const ts = random.nextFloat() < spice.disorder ? Math.max(0, t - random.below(8000)) : t;
    const k = random.below(keys);
    const cells = {
      ts: String(ts),
      symbol: spice.integerKeys ? String(k * 7 - 20) : random.below(20) === 0 ? `"S${k}"` : `S${k}`,
      price: (Math.round((random.below(200_000) - 50_000)) / 100).toFixed(2),
      qty: (random.below(100_000) / 1000).toFixed(3),
    };
    for (const column of ['ts', 'symbol', 'price', 'qty'] as const) {
      if (random.nextFloat() < spice.odd && i >= n * (spice.oddFrom ?? 0)) cells[column] = oddCell(random, column, cells[column]);
    }
    if (random.below(300) === 0) lines.push('');
    lines.push(`${cells.ts},${cells.symbol},${cells.price},${cells.qty},${venues[random.below(venues.length)]}`);
  }
  fs.writeFileSync(file, lines.join(eol) + (random.below(2) ? eol : ''));
}

const CSV_CASES: [string, CsvSpice][] = [
  ['clean decimals, String keys', { odd: 0, crlf: false, integerKeys: false, disorder: 0 }],
  ['CRLF, integer keys, late records', { odd: 0, crlf: true, integerKeys: true, disorder: 0.1 }],
  ['NULLs, empty cells, quoted fields, mixed scales', { odd: 0.003, crlf: false, integerKeys: false, disorder: 0.05 }],
  ['many odd cells, CRLF', { odd: 0.03, crlf: true, integerKeys: false, disorder: 0.1 }],
  // Rows of typed chunks kept in OVER buffers when a later chunk sends the operator to the record path.
  ['odd cells after clean chunks', { odd: 0.004, crlf: false, integerKeys: false, disorder: 0.05, oddFrom: 0.7 }],
];

describe.each(CSV_CASES)('columnar and record paths agree over CSV files: %s', (_name, spice) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-paths-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** `rounds` random files, each queried with `sqlOf`'s query on both paths, compared exactly. */
  async function compareFiles(seed: number, name: string, sqlOf: (random: Random) => string, minRows: number): Promise<void> {
    const random = new Random(seed + spice.odd * 10_000 + (spice.crlf ? 3 : 0) + spice.disorder * 100);
    let rowsCompared = 0;
    for (let round = 0; round < 25; round++) {
      const file = path.join(dir, `${name}-${round}.csv`);
      csvFile(random, spice, file);
      const sql = sqlOf(random);
      const rows = await run(sql, file, 'rows');
      const columnar = await run(sql, file, 'auto');
      expect(rows.status).toBe('completed');
      expect({ sql, ...columnar }).toEqual({ sql, ...rows });
      rowsCompared += rows.output.flat().length;
    }
    expect(rowsCompared).toBeGreaterThan(minRows);
  }

  test('25 random queries over random files', async () => {
    await compareFiles(0x1515, 'trades', (random) => (random.below(3) === 0 ? sessionQuery(random) : query(random)), 100);
  }, 180_000);

  test('25 random ROWS WINDOW BUFFER queries over random files', async () => {
    await compareFiles(0x0f15, 'over', (random) => overQuery(random, OVER_LEADING[random.below(OVER_LEADING.length)]), 1000);
  }, 180_000);
});

const SESSION_CASES: [string, Spice][] = [
  ...CASES,
  ['late records bridging sessions, times on a 250 ms grid (boundaries hit exactly)', { ...CLEAN, disorder: 0.15, grid: 250 }],
  ['odd values and late records on a grid', { ...CLEAN, disorder: 0.1, oddValue: 0.02, integerKeys: true, grid: 500 }],
];

describe.each(SESSION_CASES)('columnar and record paths agree on SESSION windows: %s', (_name, spice) => {
  test('25 random session queries over random data', async () => {
    const random = new Random(0x5e55 + spice.disorder * 1000 + spice.oddValue * 100 + (spice.grid ?? 0) + (spice.manyKeys ? 3 : 0) + (spice.nulls ?? 0) * 10 + (spice.nullKeys ?? 0) * 50);
    await compareRounds(25, random, () => dataSet(random, spice), sessionQuery);
  }, 120_000);
});

/**
 * A final firing of more groups than a slice (windows/tumbling.ts FINAL_SLICE_ROWS): at the end
 * of a bounded input a window of thousands of groups goes out in slices, on both paths at the
 * same groups, unless ORDER BY (or another node that needs whole firings) is above it.
 */
function wideWindow(random: Random, laterWindow = random.below(3) === 0, keys = 5000 + random.below(9000)): Batch[] {
  const records: StreamRecord[] = [];
  for (let i = 0; i < keys + random.below(keys); i++) {
    const k = i < keys ? i : random.below(keys); // every key at least once
    const ts = random.below(20_000);
    const fields: Record<string, Value> = { ts, symbol: random.below(2) ? k : `S${k}`, price: new Scaled(random.below(100_000), 2), qty: new Scaled(random.below(9_000), 3) };
    records.push({ fields, timestamp: NOW, eventTime: ts, offset: i, partition: 0, key: null, headers: null });
  }
  records.sort((a, b) => (a.fields.ts as number) - (b.fields.ts as number));
  // A record of a later window closes the wide one mid-stream: that firing stays one batch.
  if (laterWindow) records.push({ ...records[0], fields: { ...records[0].fields, ts: 45_000 }, eventTime: 45_000 });
  const batches: Batch[] = [];
  for (let i = 0; i < records.length; i += 1000) batches.push(records.slice(i, i + 1000));
  return batches;
}

function wideQuery(random: Random): string {
  const picked = AGGREGATES.filter(() => random.below(2) === 0);
  if (picked.length === 0) picked.push(AGGREGATES[0]);
  const having = random.below(3) === 0 ? ' HAVING COUNT(*) > 1' : '';
  const order = random.below(3) === 0 ? ' ORDER BY symbol' : '';
  return `SELECT symbol, ${picked.join(', ')}, _WINDOW_START AS ws FROM trades GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '30' SECOND)${having}${order} EMIT FINAL`;
}

describe('a final firing larger than a slice', () => {
  test('both paths slice it at the same groups (one batch under ORDER BY)', async () => {
    const random = new Random(0x51ce);
    await compareRounds(8, random, () => wideWindow(random), wideQuery);
  }, 180_000);

  test('a window of more groups than the first page of the columnar group table', async () => {
    const random = new Random(0x9a9e);
    await compareRounds(2, random, () => wideWindow(random, false, 33_000 + random.below(40_000)), wideQuery);
  }, 180_000);

  test('the rows of a wide window arrive in slices of 4096 at the end of input; ORDER BY and a mid-stream firing keep one batch', async () => {
    const sql = "SELECT symbol, COUNT(*) AS n FROM trades GROUP BY symbol WINDOW TUMBLING(ts, INTERVAL '30' SECOND) EMIT FINAL";
    const sizes = async (batches: Batch[], execution: 'auto' | 'rows', text = sql) => (await run(text, batches, execution)).output.map((b) => b.length);
    const batches = wideWindow(new Random(7), false);
    const groups = new Set(batches.flat().map((r) => String(r.fields.symbol))).size;
    const slices = [...Array(Math.floor(groups / 4096)).fill(4096), groups % 4096];
    const closedMidStream = wideWindow(new Random(7), true);
    for (const execution of ['auto', 'rows'] as const) {
      expect(await sizes(batches, execution)).toEqual(slices);
      expect(await sizes(batches, execution, sql.replace(' EMIT FINAL', ' ORDER BY symbol EMIT FINAL'))).toEqual([groups]);
      expect(await sizes(closedMidStream, execution)).toEqual([groups, 1]);
    }
  }, 60_000);
});
