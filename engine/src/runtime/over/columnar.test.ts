/**
 * The columnar ROWS WINDOW BUFFER operator itself: which plans take it, that clean data stays on
 * it (so the differential test in api/execution-paths.test.ts compares two different paths), and
 * that it hands over to the record path, partitions included, at the first value it cannot hold.
 */
import type { OverCall, OverNode } from '../../plan/logical';
import { col, lit, scan } from '../../plan/build';
import { columnarOverShape } from '../../plan/columnar-over';
import { explain } from '../../plan/explain';
import { Scaled, type Value } from '../../types/values/types';
import type { Batch } from '../../types/record';
import { newCounters, type OperatorEnv } from '../operators/operator';
import { DEFAULT_COMPILE_OPTIONS } from '../compile';
import { rec } from '../testing/fixtures';
import { ColumnarOverOperator } from './columnar';
import { deferredBatch, INTEGER_VECTOR, KeyDictionary, type BatchColumns } from '../../types/columns';
import { typed } from '../testing/fixtures';
import { parse } from '../../sql/parse';
import { planStatement } from '../../plan/planner';

function overNode(functionName: string, spec: Partial<OverCall> = {}): OverNode {
  const call: OverCall = {
    functionName,
    args: [col('price')],
    partitionBy: [col('symbol')],
    orderBy: [{ expr: col('ts'), descending: false }],
    frame: null,
    buffer: { rows: 2, emit: 'everyRecord', expireAfterMs: null },
    type: 'any',
    outputField: '$over1',
    ...spec,
  };
  return { kind: 'over', input: scan('t'), calls: [call] };
}

function operator(node: OverNode) {
  const out: Batch[] = [];
  const env: OperatorEnv = { counters: newCounters(), compile: { ...DEFAULT_COMPILE_OPTIONS }, now: () => 0, onRecordError: null, onTooLate: null };
  const op = new ColumnarOverOperator(node, columnarOverShape(node)!, env, { push: (b) => out.push(b), flush: () => {} });
  return { op, values: () => out.flat().map((r) => r.fields.$over1) };
}

const trade = (ts: number, symbol: string | null, price: Value) => rec({ ts, symbol, price }, ts);
const text = (values: Value[]) => values.map((v) => (v instanceof Scaled ? `${v.unscaled}e-${v.scale}` : String(v)));

test('plans: buffer aggregates of columns are columnar (explain says so); frames, expressions and other functions are not', () => {
  expect(columnarOverShape(overNode('AVG'))).toEqual([
    { kind: 'avg', argument: 'price', partition: 'symbol', order: ['ts'], capacity: 2, onlyWhenFull: false, expireAfterMs: null },
  ]);
  expect(explain(overNode('SUM'))).toContain('exec=columnar');
  expect(columnarOverShape(overNode('COUNT', { args: [] }))?.[0].argument).toBeNull();
  expect(columnarOverShape(overNode('LAG'))).toBeNull();
  expect(columnarOverShape(overNode('STDDEV'))).toBeNull();
  expect(columnarOverShape(overNode('SUM', { buffer: null }))).toBeNull();
  expect(columnarOverShape(overNode('SUM', { args: [lit(1)] }))).toBeNull();
  expect(columnarOverShape(overNode('SUM', { frame: { units: 'rows', start: { kind: 'preceding', offset: 1 }, end: { kind: 'currentRow' } } }))).toBeNull();
  expect(explain(overNode('SUM', { buffer: null }))).not.toContain('exec=columnar');
});

test('clean data stays columnar: sliding SUM and MIN per partition, NULLs skipped, a NULL partition of its own', () => {
  const sum = operator(overNode('SUM'));
  sum.op.push([trade(1, 'A', new Scaled(150, 2)), trade(2, 'B', new Scaled(1, 2)), trade(3, 'A', null), trade(4, null, new Scaled(7, 2))]);
  sum.op.push([trade(5, 'A', new Scaled(25, 2)), trade(6, null, new Scaled(3, 2))]);
  expect(sum.op.isColumnar).toBe(true);
  expect(text(sum.values())).toEqual(['150e-2', '1e-2', '150e-2', '7e-2', '25e-2', '10e-2']);
  const min = operator(overNode('MIN'));
  min.op.push([trade(1, 'A', 5), trade(2, 'A', 3), trade(3, 'A', 4), trade(4, 'A', 6)]);
  expect(min.op.isColumnar).toBe(true);
  expect(min.values()).toEqual([5, 3, 3, 4]);
});

test('a Float hands the partitions over to the record path, which keeps the rows each buffer held', () => {
  const avg = operator(overNode('AVG'));
  avg.op.push([trade(1, 'A', 2), trade(2, 'B', 10), trade(3, 'A', 4)]);
  avg.op.push([trade(4, 'A', 0.5), trade(5, 'B', 20), trade(6, 'A', 6)]);
  expect(avg.op.isColumnar).toBe(false);
  expect(avg.values()).toEqual([2, 10, 3, 2.25, 15, 3.25]);
});

/**
 * A deferred batch as the CSV file source hands it out (records built only on demand, here
 * never): `ts` and `price` Integer columns, `symbol` coded, processing time 7, offsets from 100.
 */
function deferredTrades(rows: [ts: number, symbol: string, price: number][]): Batch {
  const dictionary = new KeyDictionary();
  const vectors = {
    ts: { kind: 'number' as const, type: INTEGER_VECTOR, values: Float64Array.from(rows.map((r) => r[0])) },
    symbol: { kind: 'key' as const, codes: Int32Array.from(rows.map((r) => dictionary.codeOf(r[1]))), dictionary },
    price: { kind: 'number' as const, type: INTEGER_VECTOR, values: Float64Array.from(rows.map((r) => r[2])) },
  };
  const columns: BatchColumns = {
    noHeaders: true,
    noEventTime: true,
    nextOffsets: new Map([[0, 100 + rows.length]]),
    firstOffsets: new Map([[0, 100]]),
    uniform: { timestamp: 7, partition: 0, firstOffset: 100 },
    column: (name) => vectors[name as keyof typeof vectors] ?? null,
  };
  return deferredBatch(rows.length, columns, () => {
    throw new Error('the records of a deferred batch were built');
  });
}

test('with its select list fused in, a deferred batch is emitted from its columns, and its kept rows hand over with their ORDER BY values', () => {
  const node = overNode('MIN');
  const fused = (batches: Batch[]) => {
    const out: Batch[] = [];
    const env: OperatorEnv = { counters: newCounters(), compile: { ...DEFAULT_COMPILE_OPTIONS }, now: () => 0, onRecordError: null, onTooLate: null };
    const fields = [{ name: 'ts', column: 'ts' }, { name: 'm', call: 0 }, { name: 'sym', column: 'symbol' }];
    const op = new ColumnarOverOperator(node, columnarOverShape(node)!, env, { push: (b) => out.push(b), flush: () => {} }, { over: node, calls: columnarOverShape(node)!, fields });
    expect(op.takesDeferred).toBe(true);
    batches.forEach((b) => op.push(b));
    return out.flat().map((r) => [Object.entries(r.fields).map(([k, v]) => `${k}=${typed(v)}`).join(' '), r.timestamp, r.offset].join(' '));
  };
  // The kept row (ts 5, price 1) meets 1.0 at ts 3: a second kind hands over; the record path's view
  // sorts by ts, so the earlier 1.0 is the MIN's first equal value — only if ts 5 came along.
  const later = [trade(3, 'A', new Scaled(10, 1))];
  expect(fused([deferredTrades([[5, 'A', 1]]), later])).toEqual([
    'ts=int:5 m=int:1 sym=string:A 7 100',
    'ts=int:3 m=decimal(1):1.0 sym=string:A 0 0',
  ]);
  expect(fused([[rec({ ts: 5, symbol: 'A', price: 1 }, null, { timestamp: 7, offset: 100 })], later])).toEqual(fused([deferredTrades([[5, 'A', 1]]), later]));
});

test('a select list of plain columns over a columnar OVER is fused into it (explain: exec=fused-over); expressions and other calls are not', () => {
  const explained = (sql: string) => {
    const source = { columns: ['ts', 'symbol', 'price'].map((name) => ({ name, type: 'any' as never })), bounded: true, table: false };
    return explain(planStatement(parse(sql).statements[0], { source: () => source }).planned!.plan);
  };
  const over = 'OVER (ROWS WINDOW BUFFER 10 ROWS PARTITION BY symbol ORDER BY ts)';
  expect(explained(`SELECT ts, symbol AS s, AVG(price) ${over} AS a FROM t`)).toContain('exec=fused-over');
  expect(explained(`SELECT price * 2 AS p, AVG(price) ${over} AS a FROM t`)).not.toContain('exec=fused-over');
  expect(explained(`SELECT ts, LAG(price) ${over} AS a FROM t`)).not.toContain('exec=fused-over');
});
