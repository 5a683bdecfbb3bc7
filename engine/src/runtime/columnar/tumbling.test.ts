/**
 * The columnar TUMBLING operator itself: which plans take it, that clean data stays on it (so
 * the differential test in api/execution-paths.test.ts compares two different paths), and that
 * it hands over to the record path, state included, at the first value its columns cannot hold
 * (NULLs they hold, in a validity array).
 */
import type { AggregateNode } from '../../plan/logical';
import { aggCall, aggRef, aggregate, bin, col, item, keyRef, scan, sliding, sys, tumbling } from '../../plan/build';
import { columnarShape } from '../../plan/columnar';
import { Scaled } from '../../types/values/types';
import type { Batch } from '../../types/record';
import { newCounters, type OperatorEnv } from '../operators/operator';
import { DEFAULT_COMPILE_OPTIONS } from '../compile';
import { COUNT, COUNT_X, SUM, rec } from '../testing/fixtures';
import { lookupFunction } from '../../types/functions/catalogue';
import { ColumnarTumblingAggregate } from './tumbling';

function node(parts: Partial<Parameters<typeof aggregate>[1]> = {}): AggregateNode {
  return aggregate(scan('t'), {
    groupBy: [col('symbol')],
    aggregates: [aggCall(COUNT, []), aggCall(SUM, [bin('*', col('price'), col('qty'))])],
    window: tumbling(1000, col('ts')),
    emit: 'final',
    having: null,
    items: [item('symbol', keyRef(0)), item('ws', sys('_WINDOW_START')), item('n', aggRef(0)), item('notional', aggRef(1))],
    ...parts,
  });
}

function operator(n: AggregateNode) {
  const out: Batch[] = [];
  const env: OperatorEnv = { counters: newCounters(), compile: { ...DEFAULT_COMPILE_OPTIONS }, now: () => 0, onRecordError: null, onTooLate: null };
  const downstream = { push: (b: Batch) => out.push(b), flush: () => {} };
  const shape = columnarShape(n)!;
  const w = n.window as Extract<AggregateNode['window'], { kind: 'tumbling' }>;
  return { op: new ColumnarTumblingAggregate(n, w, shape, env, downstream), out };
}

const trade = (ts: number, symbol: string | null, price: Scaled | number | null, qty = new Scaled(1500, 3)) => rec({ ts, symbol, price, qty });

test('plans: TUMBLING EMIT FINAL or CHANGES and SLIDING EMIT FINAL with column or expression keys and aggregates are columnar; SLIDING EMIT CHANGES, subqueries and ungrouped reads are not', () => {
  expect(columnarShape(node())).toEqual({
    windowed: true,
    keys: ['symbol'],
    time: 'ts',
    aggregates: [{ kind: 'count', columns: [] }, { kind: 'sumProduct', columns: ['price', 'qty'] }],
    computed: [],
  });
  expect(columnarShape(node({ aggregates: [aggCall(COUNT_X, [col('price')])] }))?.aggregates).toEqual([{ kind: 'count', columns: ['price'] }]);
  expect(columnarShape(node({ aggregates: [aggCall(lookupFunction('LAST')!, [col('price')])] }))?.aggregates.map((a) => a.kind)).toEqual(['last']);
  expect(columnarShape(node({ window: sliding(1000, 500, col('ts')) }))?.windowed).toBe(true);
  expect(columnarShape(node({ emit: 'changes' }))?.keys).toEqual(['symbol']);
  expect(columnarShape(node({ emit: 'changes', window: sliding(1000, 500, col('ts')) }))).toBeNull();
  const sum = bin('+', col('price'), col('qty'));
  expect(columnarShape(node({ aggregates: [aggCall(SUM, [sum])] }))).toMatchObject({ aggregates: [{ kind: 'sum', columns: ['#expr0'] }], computed: [{ name: '#expr0', expr: sum }] });
  expect(columnarShape(node({ groupBy: [col('symbol'), col('venue')] }))?.keys).toEqual(['symbol', 'venue']);
  expect(columnarShape(node({ groupBy: [col('symbol'), sum] }))?.keys).toEqual(['symbol', '#expr0']);
  // One computed column per distinct expression: a key and an argument alike share it.
  expect(columnarShape(node({ groupBy: [col('symbol'), sum], aggregates: [aggCall(SUM, [bin('+', col('price'), col('qty'))])] }))).toMatchObject({
    keys: ['symbol', '#expr0'],
    aggregates: [{ kind: 'sum', columns: ['#expr0'] }],
    computed: [{ name: '#expr0' }],
  });
  expect(columnarShape(node({ groupBy: [col('symbol'), bin('+', col('price'), { kind: 'subquery', id: 0, mode: { kind: 'scalar' }, type: 'any' } as never)] }))).toBeNull();
  expect(columnarShape(node({ items: [item('p', col('price'))] }))).toBeNull();
});

test('clean decimals stay columnar and give exact totals per window', () => {
  const { op, out } = operator(node());
  op.push([trade(100, 'A', new Scaled(1050, 2)), trade(200, 'B', new Scaled(1, 2)), trade(900, 'A', new Scaled(2000, 2))]);
  op.push([trade(1100, 'A', new Scaled(5, 2))]);
  expect(op.isColumnar).toBe(true);
  op.flush(true);
  expect(op.isColumnar).toBe(true);
  const rows = out.flat().map((r) => ({ ...r.fields, notional: String((r.fields.notional as Scaled).unscaled) + '@' + (r.fields.notional as Scaled).scale }));
  expect(rows).toEqual([
    { symbol: 'A', ws: 0, n: 2, notional: '4575000@5' }, // (10.50 + 20.00) × 1.500 = 45.75000
    { symbol: 'B', ws: 0, n: 1, notional: '1500@5' },
    { symbol: 'A', ws: 1000, n: 1, notional: '7500@5' },
  ]);
});

test('NULLs stay columnar: a product with a NULL factor is skipped, a group of only NULLs sums to NULL', () => {
  const { op, out } = operator(node());
  op.push([trade(100, 'A', new Scaled(1000, 2)), trade(200, 'A', null), trade(250, 'B', null), trade(300, 'A', new Scaled(1000, 2))]);
  expect(op.isColumnar).toBe(true);
  op.flush(true);
  expect(out.flat().map((r) => r.fields)).toEqual([
    { symbol: 'A', ws: 0, n: 3, notional: new Scaled(3000000, 5) },
    { symbol: 'B', ws: 0, n: 1, notional: null },
  ]);
});

test('NULL keys stay columnar and form one group per window; a missing key field is NULL too', () => {
  const { op, out } = operator(node());
  const missing = rec({ ts: 400, price: new Scaled(100, 2), qty: new Scaled(1000, 3) });
  op.push([trade(100, null, new Scaled(1000, 2)), trade(200, 'A', new Scaled(1000, 2)), missing, trade(1200, null, new Scaled(1, 2))]);
  expect(op.isColumnar).toBe(true);
  op.flush(true);
  expect(out.flat().map((r) => [r.fields, r.key])).toEqual([
    [{ symbol: null, ws: 0, n: 2, notional: new Scaled(1600000, 5) }, null], // 10.00 × 1.500 + 1.00 × 1.000
    [{ symbol: 'A', ws: 0, n: 1, notional: new Scaled(1500000, 5) }, 'A'],
    [{ symbol: null, ws: 1000, n: 1, notional: new Scaled(1500, 5) }, null],
  ]);
});

test('several GROUP BY columns stay columnar: one group per combination, NULL a value like any other', () => {
  const two = node({
    groupBy: [col('symbol'), col('venue')],
    items: [item('symbol', keyRef(0)), item('venue', keyRef(1)), item('ws', sys('_WINDOW_START')), item('n', aggRef(0)), item('notional', aggRef(1))],
  });
  const { op, out } = operator(two);
  const row = (ts: number, symbol: string, venue: string | number | null) => rec({ ts, symbol, venue, price: new Scaled(100, 2), qty: new Scaled(1000, 3) });
  op.push([row(100, 'A', 'X'), row(200, 'A', 7), row(300, 'B', 'X'), row(400, 'A', 'X'), row(500, 'A', null), row(600, 'A', 7), row(700, 'A', '7')]);
  expect(op.isColumnar).toBe(true);
  op.flush(true);
  expect(out.flat().map((r) => [r.fields.symbol, r.fields.venue, r.fields.n, r.key])).toEqual([
    ['A', 'X', 2, 'A|X'],
    ['A', 7, 2, 'A|7'],
    ['B', 'X', 1, 'B|X'],
    ['A', null, 1, 'A|'], // the record path's message key: NULL formats as ''
    ['A', '7', 1, 'A|7'],
  ]);
});

test('EMIT CHANGES candles: FIRST_VALUE and LAST_VALUE skip NULLs, a row per input, and hand over to the record path with their values', () => {
  const [first, last] = ['FIRST_VALUE', 'LAST_VALUE'].map((name) => lookupFunction(name)!);
  const candles = node({
    aggregates: [aggCall(first, [col('price')]), aggCall(last, [col('price')])],
    items: [item('symbol', keyRef(0)), item('open', aggRef(0)), item('close', aggRef(1))],
    emit: 'changes',
  });
  const { op, out } = operator(candles);
  op.push([trade(100, 'A', null), trade(200, 'A', new Scaled(1050, 2)), trade(300, 'B', new Scaled(700, 2)), trade(400, 'A', null), trade(500, 'A', new Scaled(1100, 2))]);
  expect(op.isColumnar).toBe(true);
  op.push([trade(600, 'A', 9.75)]); // a Float: the record path from here, with open 10.50 and close 11.00
  expect(op.isColumnar).toBe(false);
  op.push([trade(700, 'A', null), trade(1100, 'A', new Scaled(1200, 2))]);
  op.flush(true);
  expect(out.map((b) => b.map((r) => [r.fields.symbol, r.fields.open, r.fields.close]))).toEqual([
    [
      ['A', null, null],
      ['A', new Scaled(1050, 2), new Scaled(1050, 2)],
      ['B', new Scaled(700, 2), new Scaled(700, 2)],
      ['A', new Scaled(1050, 2), new Scaled(1050, 2)],
      ['A', new Scaled(1050, 2), new Scaled(1100, 2)],
    ],
    [['A', new Scaled(1050, 2), 9.75]],
    [
      ['A', new Scaled(1050, 2), 9.75],
      ['A', new Scaled(1200, 2), new Scaled(1200, 2)], // the next window
    ],
  ]);
});

test('a value at a second scale hands the open windows over to the record path with their state', () => {
  const { op, out } = operator(node());
  op.push([trade(100, 'A', new Scaled(1000, 2)), trade(150, 'A', null), trade(200, 'A', new Scaled(12345, 4)), trade(300, 'A', new Scaled(1000, 2))]);
  expect(op.isColumnar).toBe(false);
  op.flush(true);
  // 10.00 × 1.500 + 1.2345 × 1.500 + 10.00 × 1.500, at the finer scale 7
  expect(out.flat().map((r) => r.fields)).toEqual([{ symbol: 'A', ws: 0, n: 4, notional: new Scaled(318517500, 7) }]);
});
