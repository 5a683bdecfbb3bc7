/**
 * A lookup join with its select list fused in (exec=fused-lookup, issue 15) and the record path
 * (join, then project) give the same results: random stream–table joins planned from SQL, over
 * random streams and a host table that changes between stream batches, run with
 * `execution: 'auto'` (from the records, and from typed columns attached with `withColumns`)
 * and `'rows'`, compared exactly — every output batch, every value by type, event times,
 * processing times, offsets, message keys, headers and the error counter.
 *
 * The data has what a join must get right: keys the table lacks, NULL keys (NULL = NULL matches,
 * §5.3), keys of another type that compare equal (1 and 1.0), stream records without the key
 * field or with undeclared fields, table rows with extra or missing fields, rows replaced by
 * message key or added without one (the latest row per lookup key wins), headers, and a key
 * expression that raises (UPPER of a number).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from '../sql/parse';
import { planStatement, type SourceInfo } from '../plan/planner';
import { explain } from '../plan/explain';
import type { LogicalPlan } from '../plan/logical';
import { buildPipeline, type Execution } from '../runtime/physical';
import { TableState } from '../runtime/joins/table';
import { typed } from '../runtime/testing/fixtures';
import { Random } from '../types/prng';
import { Scaled, type Value } from '../types/values/types';
import type { Batch, StreamRecord } from '../types/record';
import { KeyDictionary, withColumns } from '../types/columns';
import { Catalog } from './catalog';
import { startQuery } from './query';

const STREAM = ['ts', 'symbol', 'price', 'note'];
const TABLE = ['symbol', 'sector', 'lot_size', 'note'];

const sources: Record<string, SourceInfo> = {
  trades: { columns: STREAM.map((name) => ({ name, type: 'any' as never })), bounded: true, table: false },
  symbols: { columns: TABLE.map((name) => ({ name, type: 'any' as never })), bounded: true, table: true },
};

const SELECTS = [
  't.ts, t.symbol, t.price, s.sector, s.lot_size',
  's.sector AS sec, t.price AS p, s.symbol AS table_symbol, t.note, s.note AS table_note',
  '*',
  't.symbol, s.lot_size, s.lot_size AS again, t.ts',
  // not fused (an expression): the control
  't.ts, s.lot_size * 2 AS double_lot',
];
const JOINS = ['JOIN', 'LEFT JOIN', 'INNER JOIN', 'LEFT OUTER JOIN'];
const ONS = ['t.symbol = s.symbol', 's.symbol = t.symbol', 'UPPER(t.symbol) = s.symbol', 't.symbol = s.symbol AND t.note = s.note'];

const pick = <T>(random: Random, from: readonly T[]): T => from[random.below(from.length)];

function query(random: Random): string {
  return `SELECT ${pick(random, SELECTS)} FROM trades t ${pick(random, JOINS)} symbols s ON ${pick(random, ONS)}`;
}

const SYMBOLS = ['A', 'B', 'C', 'D', 'E', 'F'];

/** A key value: mostly table symbols, some the table lacks, NULL, numbers equal across types. */
function key(random: Random): Value {
  switch (random.below(12)) {
    case 0:
      return null;
    case 1:
      return 'Z' + random.below(3);
    case 2:
      return random.below(2) ? 1 : new Scaled(10, 1); // 1 = 1.0
    default:
      return pick(random, SYMBOLS);
  }
}

function tableRow(random: Random, i: number): StreamRecord {
  const symbol = key(random);
  const fields: Record<string, Value> = { symbol, sector: `sec${random.below(5)}`, lot_size: random.below(3) ? 100 * (1 + random.below(5)) : null, note: random.below(2) ? 'n' : null };
  if (random.below(15) === 0) fields.extra = 'x'; // not exactly the declared columns
  if (random.below(15) === 0) delete fields.sector;
  // Keyed rows replace the row with the same message key; unkeyed ones are added.
  const messageKey = random.below(3) ? null : typed(symbol);
  return { fields, timestamp: 500 + i, eventTime: random.below(2) ? 1000 * i : null, offset: i, partition: 0, key: messageKey, headers: null };
}

function streamBatches(random: Random): Batch[] {
  const n = 50 + random.below(400);
  const records: StreamRecord[] = [];
  for (let i = 0; i < n; i++) {
    const fields: Record<string, Value> = { ts: 1000 * i, symbol: key(random), price: new Scaled(random.below(100_000), 2), note: random.below(2) ? 'n' : null };
    if (random.below(40) === 0) delete fields.symbol;
    if (random.below(40) === 0) fields.sector = 'undeclared';
    records.push({
      fields,
      timestamp: random.below(1000),
      eventTime: random.below(4) ? 1000 * i + random.below(2000) : null,
      offset: i,
      partition: random.below(2),
      key: null,
      headers: random.below(30) === 0 ? new Map([['h', `${i}`]]) : null,
    });
  }
  const batches: Batch[] = [];
  for (let i = 0; i < n; ) {
    const size = 1 + random.below(80);
    batches.push(records.slice(i, i + size));
    i += size;
  }
  return batches;
}

function planned(sql: string): LogicalPlan {
  const parsed = parse(sql);
  const result = planStatement(parsed.statements[0], { source: (name) => sources[name] });
  if (!result.planned) throw new Error(`${sql}: ${result.diagnostics.map((d) => d.message).join('; ')}`);
  return result.planned.plan;
}

/** Table rows before the stream, and the rows upserted before each stream batch. */
interface TableScript {
  initial: StreamRecord[];
  before: StreamRecord[][];
}

function tableScript(random: Random, batches: number): TableScript {
  let i = 0;
  const rows = (n: number) => Array.from({ length: n }, () => tableRow(random, i++));
  return { initial: rows(3 + random.below(10)), before: Array.from({ length: batches }, () => (random.below(4) === 0 ? rows(1 + random.below(3)) : [])) };
}

function run(plan: LogicalPlan, batches: Batch[], script: TableScript, execution: Execution) {
  const table = new TableState('symbols');
  for (const row of script.initial) table.upsert(row);
  const output: string[][] = [];
  const pipeline = buildPipeline(
    plan,
    (batch) =>
      output.push(
        batch.map((r) =>
          JSON.stringify({
            fields: Object.entries(r.fields).map(([k, v]) => [k, typed(v)]),
            timestamp: r.timestamp,
            eventTime: r.eventTime,
            offset: r.offset,
            partition: r.partition,
            key: typed(r.key),
            headers: r.headers ? [...r.headers] : null,
          }),
        ),
      ),
    { tables: (name) => (name === 'symbols' ? table : undefined), execution },
  );
  batches.forEach((batch, i) => {
    for (const row of script.before[i]) table.upsert(row);
    pipeline.input.push(batch);
  });
  pipeline.input.flush(true);
  return { output, recordErrors: pipeline.counters.recordErrors };
}

test('the fused path is chosen for plain columns over a lookup join, and shown by explain', () => {
  expect(explain(planned(`SELECT ${SELECTS[0]} FROM trades t JOIN symbols s ON t.symbol = s.symbol`))).toContain('exec=fused-lookup');
  expect(explain(planned(`SELECT ${SELECTS[4]} FROM trades t JOIN symbols s ON t.symbol = s.symbol`))).not.toContain('exec=fused-lookup');
  expect(explain(planned(`SELECT t.ts FROM trades t JOIN symbols s ON t.symbol = s.symbol AND s.lot_size > 100`))).not.toContain('exec=fused-lookup');
});

test('fused and record paths agree: 150 random joins over random streams and a changing table', () => {
  const random = new Random(0x159);
  let rowsCompared = 0;
  let fused = 0;
  for (let round = 0; round < 150; round++) {
    const sql = query(random);
    const plan = planned(sql);
    if (explain(plan).includes('exec=fused-lookup')) fused++;
    const batches = streamBatches(random);
    const script = tableScript(random, batches.length);
    const rows = run(plan, batches, script, 'rows');
    const auto = run(plan, batches, script, 'auto');
    const dictionaries = new Map<string, KeyDictionary>();
    const attached = run(plan, batches.map((b) => withColumns(b.slice(), random.below(2) ? dictionaries : undefined)), script, 'auto');
    expect({ sql, ...auto }).toEqual({ sql, ...rows });
    expect({ sql, ...attached }).toEqual({ sql, ...rows });
    rowsCompared += rows.output.flat().length;
  }
  expect(fused).toBeGreaterThan(75);
  expect(rowsCompared).toBeGreaterThan(10_000);
}, 120_000);

/**
 * Over CSV files: the stream side of a fused join reads the file source's deferred batches
 * (typed columns, records built only when needed: a table row of another shape, a key column
 * that is not all Strings, a chunk with a value the columns cannot hold), the table its own file.
 * Files span several read chunks; some stream chunks are clean, some are not.
 */
function csvStream(random: Random, file: string): void {
  const n = 500 + random.below(5000);
  const oddFrom = random.below(2) ? n * random.nextFloat() : n;
  const lines = ['ts,symbol,price,note'];
  for (let i = 0; i < n; i++) {
    const odd = i >= oddFrom && random.below(200) === 0;
    const symbol = odd ? pick(random, ['', '"A"', '1', '1.0', 'NULL']) : random.below(15) === 0 ? `Z${random.below(3)}` : pick(random, SYMBOLS);
    const price = odd && random.below(2) ? pick(random, ['1.5e2', '7.125', '', '98765432109876543210']) : (random.below(100_000) / 100).toFixed(2);
    lines.push(`${1000 * i},${symbol},${price},${random.below(2) ? 'n' : ''}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

/** A few rows, or (a third of the files) thousands over several read chunks, later rows replacing earlier ones of a key. */
function csvTable(random: Random, file: string): void {
  const lines = ['symbol,sector,lot_size,note'];
  const n = random.below(3) === 0 ? 6000 : 3 + random.below(10);
  for (let i = 0; i < n; i++) {
    const symbol = random.below(10) === 0 ? '1' : pick(random, SYMBOLS);
    lines.push(`${symbol},sec${random.below(5)},${random.below(3) ? 100 * (1 + random.below(5)) : ''},${random.below(2) ? 'n' : ''}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

async function runCsv(sql: string, stream: string, table: string, execution: Execution) {
  const files = `WITH ('trades.type' = 'file_source', 'trades.path' = '${stream}', 'trades.format' = 'csv', 'symbols.type' = 'file_source', 'symbols.path' = '${table}', 'symbols.format' = 'csv')`;
  const handle = startQuery(`${sql} ${files}`, new Catalog(), { now: () => 1_700_000_000_000, execution });
  const output: string[][] = [];
  for await (const batch of handle) {
    output.push(batch.map((r) => JSON.stringify([Object.entries(r.fields).map(([k, v]) => [k, typed(v)]), r.timestamp, r.eventTime, r.offset, r.partition, typed(r.key), r.headers && [...r.headers]])));
  }
  const summary = await handle.done;
  return { output, status: summary.status, recordErrors: summary.progress.recordErrors };
}

test('fused and record paths agree over CSV files: 30 random joins', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-joins-'));
  try {
    const random = new Random(0x9c5);
    let rowsCompared = 0;
    for (let round = 0; round < 30; round++) {
      const [stream, table] = [path.join(dir, `trades-${round}.csv`), path.join(dir, `symbols-${round}.csv`)];
      csvStream(random, stream);
      csvTable(random, table);
      const sql = query(random);
      const rows = await runCsv(sql, stream, table, 'rows');
      const auto = await runCsv(sql, stream, table, 'auto');
      expect(rows.status).toBe('completed');
      expect({ sql, ...auto }).toEqual({ sql, ...rows });
      rowsCompared += rows.output.flat().length;
    }
    expect(rowsCompared).toBeGreaterThan(10_000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
