/**
 * The columnar SESSION operator itself: which plans take it, that clean data stays on it while
 * sessions open, close and merge (so the differential test in api/execution-paths.test.ts
 * compares two different paths), and that it hands over to the record path, sessions and
 * schedule included, at the first value its columns cannot hold.
 */
import type { AggregateNode } from '../../plan/logical';
import { aggCall, aggRef, aggregate, col, item, keyRef, scan, session, sys } from '../../plan/build';
import { columnarShape } from '../../plan/columnar';
import { Scaled } from '../../types/values/types';
import { formatValue } from '../../types/values/format';
import type { Batch } from '../../types/record';
import { newCounters, type OperatorEnv } from '../operators/operator';
import { DEFAULT_COMPILE_OPTIONS } from '../compile';
import { COUNT, SUM, rec } from '../testing/fixtures';
import { ColumnarSessionAggregate } from './session';

function node(parts: Partial<Parameters<typeof aggregate>[1]> = {}): AggregateNode {
  return aggregate(scan('t'), {
    groupBy: [col('client')],
    aggregates: [aggCall(COUNT, []), aggCall(SUM, [col('qty')])],
    window: session(5000, col('ts')),
    emit: 'final',
    having: null,
    items: [item('client', keyRef(0)), item('ws', sys('_WINDOW_START')), item('we', sys('_WINDOW_END')), item('n', aggRef(0)), item('volume', aggRef(1))],
    ...parts,
  });
}

function operator(n: AggregateNode) {
  const out: Batch[] = [];
  const env: OperatorEnv = { counters: newCounters(), compile: { ...DEFAULT_COMPILE_OPTIONS }, now: () => 0, onRecordError: null, onTooLate: null };
  const downstream = { push: (b: Batch) => out.push(b), flush: () => {} };
  const w = n.window as Extract<AggregateNode['window'], { kind: 'session' }>;
  return { op: new ColumnarSessionAggregate(n, w, columnarShape(n)!, env, downstream), out, env };
}

const trade = (ts: number, client: string, qty: Scaled | null) => rec({ ts, client, qty });
const rows = (out: Batch[]) => out.map((b) => b.map((r) => ({ ...r.fields, volume: formatValue(r.fields.volume) })));

test('plans: SESSION EMIT FINAL is columnar, not with a partition column', () => {
  expect(columnarShape(node())).toMatchObject({ windowed: true, keys: ['client'], time: 'ts' });
  expect(columnarShape(node({ window: session(5000, col('ts'), col('desk')) }))).toBeNull();
  expect(columnarShape(node({ emit: 'changes' }))).toBeNull();
});

test('sessions close by the watermark and a late record bridging two sessions merges them, staying columnar', () => {
  const { op, out, env } = operator(node());
  op.push([trade(0, 'A', new Scaled(1, 0)), trade(1000, 'B', new Scaled(2, 0)), trade(9000, 'A', new Scaled(4, 0))]);
  // The watermark 9000 closed A's session [0, 5000) and B's [1000, 6000): A first (earlier last).
  op.push([trade(9500, 'C', new Scaled(8, 0))]);
  // Late for A: 4500 is within the gap of both [0, 5000) (closed, kept until 10 000) and [9000, 14000).
  op.push([trade(4500, 'A', new Scaled(16, 0))]);
  expect(op.isColumnar).toBe(true);
  op.flush(true);
  expect(op.isColumnar).toBe(true);
  expect(rows(out)).toEqual([
    [
      { client: 'A', ws: 0, we: 5000, n: 1, volume: '1' },
      { client: 'B', ws: 1000, we: 6000, n: 1, volume: '2' },
    ],
    [{ client: 'A', ws: 0, we: 14_000, n: 3, volume: '21' }], // the late record re-emits the merged session
    [
      { client: 'A', ws: 0, we: 14_000, n: 3, volume: '21' },
      { client: 'C', ws: 9500, we: 14_500, n: 1, volume: '8' },
    ],
  ]);
  expect(env.counters.lateRecords).toBe(1);
  expect(env.counters.windows).toBe(3); // A's merged session, C's and B's (closed, kept until 11 000)
});

test('a NULL stays columnar and is skipped by SUM', () => {
  const { op, out } = operator(node());
  op.push([trade(0, 'A', null), trade(100, 'A', new Scaled(2, 0)), trade(200, 'B', null)]);
  op.flush(true);
  expect(op.isColumnar).toBe(true);
  expect(rows(out)).toEqual([
    [
      { client: 'A', ws: 0, we: 5100, n: 2, volume: '2' },
      { client: 'B', ws: 200, we: 5200, n: 1, volume: '' }, // NULL
    ],
  ]);
});

test('a second decimal scale hands the open sessions over to the record path with their state and schedule', () => {
  const { op, out } = operator(node());
  op.push([trade(0, 'A', new Scaled(1, 0)), trade(100, 'B', new Scaled(2, 0)), trade(200, 'A', new Scaled(15, 1)), trade(300, 'A', new Scaled(4, 0))]);
  expect(op.isColumnar).toBe(false);
  op.push([trade(7000, 'B', new Scaled(8, 0))]);
  op.flush(true);
  expect(rows(out)).toEqual([
    [
      { client: 'B', ws: 100, we: 5100, n: 1, volume: '2' },
      { client: 'A', ws: 0, we: 5300, n: 3, volume: '6.5' },
    ],
    [{ client: 'B', ws: 7000, we: 12_000, n: 1, volume: '8' }],
  ]);
});
