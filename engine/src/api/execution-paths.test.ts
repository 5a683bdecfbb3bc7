/**
 * The columnar batch path and the record path give the same results (issue 15): random
 * queries of the shapes the columnar path takes (TUMBLING, SESSION and unwindowed GROUP BY, EMIT FINAL), over random data, run through `startQuery`
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
import { Random } from '../types/prng';
import { Scaled, Timestamp, type Value } from '../types/values/types';
import { formatValue } from '../types/values/format';
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
  /** Times on a grid of this many ms, so records land exactly on session boundaries (t = last + gap). */
  grid?: number;
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

function dataSet(random: Random, spice: Spice): Batch[] {
  const n = 200 + random.below(1500);
  const keys = 1 + random.below(12);
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
    const fields: Record<string, Value> = {
      ts: odd && random.below(8) === 0 ? (random.below(2) ? new Timestamp(ts) : 'soon') : ts,
      symbol: spice.integerKeys ? k * 7 - 20 : `S${k}`,
      price: odd && random.below(2) === 0 ? oddValue(random) : price,
      qty: odd && random.below(3) === 0 ? oddValue(random) : new Scaled(random.below(100_000), 3),
    };
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
];

function query(random: Random): string {
  const picked = AGGREGATES.filter(() => random.below(2) === 0);
  if (picked.length === 0) picked.push(AGGREGATES[0]);
  const size = [1, 2, 5, 30][random.below(4)];
  const time = random.below(4) === 0 ? '' : 'ts, ';
  const having = random.below(4) === 0 ? ' HAVING COUNT(*) > 1' : '';
  const order = random.below(4) === 0 ? ' ORDER BY symbol' : '';
  if (random.below(4) === 0) return `SELECT symbol, ${picked.join(', ')} FROM trades GROUP BY symbol${having}${order} EMIT FINAL`;
  const bounds = random.below(2) === 0 ? ', _WINDOW_START AS ws, _WINDOW_END AS we' : '';
  return `SELECT symbol, ${picked.join(', ')}${bounds} FROM trades GROUP BY symbol WINDOW TUMBLING(${time}INTERVAL '${size}' SECOND)${having}${order} EMIT FINAL`;
}

/** A SESSION query: gaps short enough to split each key's records and let late ones bridge sessions. */
function sessionQuery(random: Random): string {
  const picked = AGGREGATES.filter(() => random.below(2) === 0);
  if (picked.length === 0) picked.push(AGGREGATES[0]);
  const gap = [500, 1000, 2000, 5000][random.below(4)];
  const time = random.below(4) === 0 ? '' : 'ts, ';
  const having = random.below(4) === 0 ? ' HAVING COUNT(*) > 1' : '';
  const order = random.below(4) === 0 ? ' ORDER BY symbol' : '';
  const bounds = random.below(4) === 0 ? '' : ', _WINDOW_START AS ws, _WINDOW_END AS we';
  return `SELECT symbol, ${picked.join(', ')}${bounds} FROM trades GROUP BY symbol WINDOW SESSION(${time}INTERVAL '${gap}' MILLISECOND)${having}${order} EMIT FINAL`;
}

/** A value as exact text with its type, so 1 ≠ 1.0 ≠ '1' and decimals compare digit for digit. */
function typed(v: Value): string {
  if (v instanceof Scaled) return `decimal(${v.scale}):${formatValue(v)}`;
  if (typeof v === 'number') return `${Number.isInteger(v) ? 'int' : 'float'}:${Object.is(v, -0) ? '-0' : String(v)}`;
  return `${typeof v}:${formatValue(v)}`;
}

async function run(sql: string, batches: Batch[], execution: 'auto' | 'rows') {
  const options: StartQueryOptions = {
    sources: { trades: { data: batches, columns: ['ts', 'symbol', 'price', 'qty'].map((name) => ({ name, type: 'any' as never })), bounded: true } },
    now: () => NOW,
    execution,
  };
  const handle = startQuery(sql, new Catalog(), options);
  const output: string[][] = [];
  for await (const batch of handle) {
    output.push(
      batch.map((r) =>
        JSON.stringify({
          fields: Object.entries(r.fields).map(([k, v]) => [k, typed(v)]),
          eventTime: r.eventTime,
          key: typed(r.key),
          headers: r.headers ? [...r.headers] : null,
        }),
      ),
    );
  }
  const summary = await handle.done;
  const progress: Partial<typeof summary.progress> = { ...summary.progress };
  delete progress.elapsedMs; // wall time differs between runs
  return { output, status: summary.status, error: summary.error?.message ?? null, progress };
}

const CLEAN: Spice = { disorder: 0, oddValue: 0, integerKeys: false, headers: false, integerPrices: false, huge: false };

const CASES: [string, Spice][] = [
  ['in-order decimals, String keys', CLEAN],
  ['no event times', { ...CLEAN, noEventTime: true }],
  ['integer keys and Integer prices', { ...CLEAN, integerKeys: true, integerPrices: true }],
  ['totals past 2^53 (fallback when a SUM needs a bigint)', { ...CLEAN, huge: true }],
  ['Integer totals past 2^53', { ...CLEAN, huge: true, integerPrices: true, integerKeys: true }],
  ['late and too-late records', { ...CLEAN, disorder: 0.1 }],
  ['values the columns cannot hold (fallback mid-stream)', { ...CLEAN, disorder: 0.05, oddValue: 0.01, headers: true }],
  ['many odd values', { ...CLEAN, disorder: 0.2, oddValue: 0.1, integerKeys: true, headers: true }],
];

describe.each(CASES)('columnar and record paths agree: %s', (_name, spice) => {
  test('40 random queries over random data', () => agree(new Random(0x15 + spice.disorder * 1000 + spice.oddValue * 100 + (spice.integerKeys ? 7 : 0)), spice, query), 120_000);
});

const SESSION_CASES: [string, Spice][] = [
  ...CASES,
  ['late records bridging sessions, times on a 250 ms grid (boundaries hit exactly)', { ...CLEAN, disorder: 0.15, grid: 250 }],
  ['odd values and late records on a grid', { ...CLEAN, disorder: 0.1, oddValue: 0.02, integerKeys: true, grid: 500 }],
];

describe.each(SESSION_CASES)('columnar and record paths agree on SESSION windows: %s', (_name, spice) => {
  test('25 random session queries over random data', () => agree(new Random(0x5e55 + spice.disorder * 1000 + spice.oddValue * 100 + (spice.grid ?? 0)), spice, sessionQuery, 25), 120_000);
});

/** `rounds` random queries over random data, compared on the three ways to run it. */
async function agree(random: Random, spice: Spice, queryOf: (random: Random) => string, rounds = 40): Promise<void> {
  let rowsCompared = 0;
  for (let round = 0; round < rounds; round++) {
    const batches = dataSet(random, spice);
    const sql = queryOf(random);
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
