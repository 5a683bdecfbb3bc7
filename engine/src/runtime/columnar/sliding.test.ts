/**
 * The columnar SLIDING operator itself: clean data stays on it (so the differential test in
 * api/execution-paths.test.ts compares two different paths), a window's row merges its panes,
 * a late row re-emits its group's row of each closed window it falls in, and a value its columns
 * cannot hold hands the panes over to the record path with their state.
 */
import type { AggregateNode } from '../../plan/logical';
import { aggCall, aggRef, aggregate, col, item, keyRef, scan, sliding, sys } from '../../plan/build';
import { columnarShape } from '../../plan/columnar';
import { Scaled } from '../../types/values/types';
import type { Batch } from '../../types/record';
import { newCounters, type OperatorEnv } from '../operators/operator';
import { DEFAULT_COMPILE_OPTIONS } from '../compile';
import { COUNT, SUM, rec } from '../testing/fixtures';
import { ColumnarSlidingAggregate } from './sliding';

/** SLIDING(ts, 1 s, 500 ms): every row is in two windows. */
function operator() {
  const node: AggregateNode = aggregate(scan('t'), {
    groupBy: [col('symbol')],
    aggregates: [aggCall(COUNT, []), aggCall(SUM, [col('qty')])],
    window: sliding(1000, 500, col('ts')),
    emit: 'final',
    having: null,
    items: [item('symbol', keyRef(0)), item('ws', sys('_WINDOW_START')), item('n', aggRef(0)), item('q', aggRef(1))],
  });
  const out: Batch[] = [];
  const env: OperatorEnv = { counters: newCounters(), compile: { ...DEFAULT_COMPILE_OPTIONS }, now: () => 0, onRecordError: null, onTooLate: null };
  const w = node.window as Extract<AggregateNode['window'], { kind: 'sliding' }>;
  const op = new ColumnarSlidingAggregate(node, w, columnarShape(node)!, env, { push: (b: Batch) => out.push(b), flush: () => {} });
  return { op, out, rows: () => out.flat().map((r) => r.fields) };
}

const trade = (ts: number, symbol: string, qty: Scaled | number) => rec({ ts, symbol, qty });

test('a window row merges its panes; windows close as the watermark passes their end', () => {
  const { op, rows } = operator();
  op.push([trade(100, 'A', new Scaled(15, 1)), trade(600, 'A', new Scaled(5, 1)), trade(700, 'B', new Scaled(10, 1))]);
  expect(rows()).toEqual([{ symbol: 'A', ws: -500, n: 1, q: new Scaled(15, 1) }]); // [-500, 500) closed at 600
  op.push([trade(1600, 'B', new Scaled(1, 1))]);
  expect(op.isColumnar).toBe(true);
  expect(rows().slice(1)).toEqual([
    { symbol: 'A', ws: 0, n: 2, q: new Scaled(20, 1) },
    { symbol: 'B', ws: 0, n: 1, q: new Scaled(10, 1) },
    { symbol: 'A', ws: 500, n: 1, q: new Scaled(5, 1) },
    { symbol: 'B', ws: 500, n: 1, q: new Scaled(10, 1) },
  ]);
});

test('a late row re-emits its group in the closed windows still within their lateness', () => {
  const { op, rows } = operator();
  op.push([trade(100, 'A', 1), trade(1400, 'A', 2)]); // closes [-500, 500) and [0, 1000)
  const before = rows().length;
  op.push([trade(1450, 'A', 8), trade(800, 'A', 4)]); // 800: late for [0, 1000) (lateness 500 ms), open [500, 1500)
  op.push([trade(1700, 'A', 16), trade(900, 'A', 32)]); // 900: [0, 1000) now past its lateness, [500, 1500) closed but within it
  expect(op.isColumnar).toBe(true);
  expect(rows().slice(before)).toEqual([
    { symbol: 'A', ws: 0, n: 2, q: 5 },
    { symbol: 'A', ws: 500, n: 3, q: 14 }, // [500, 1500) closing at 1700
    { symbol: 'A', ws: 500, n: 4, q: 46 }, // and re-emitted with the late 900
  ]);
});

test('a value at a second scale hands every pane over to the record path with its state', () => {
  const { op, rows } = operator();
  op.push([trade(100, 'A', new Scaled(15, 1)), trade(600, 'A', new Scaled(125, 2))]);
  expect(op.isColumnar).toBe(false);
  op.flush(true);
  expect(rows()).toEqual([
    { symbol: 'A', ws: -500, n: 1, q: new Scaled(15, 1) },
    { symbol: 'A', ws: 0, n: 2, q: new Scaled(275, 2) },
    { symbol: 'A', ws: 500, n: 1, q: new Scaled(125, 2) },
  ]);
});
