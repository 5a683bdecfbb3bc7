import { DeliveredOffsets, releaseRule } from './delivery';
import { parse } from '../sql/parse';
import { planStatement } from '../plan/planner';
import { withColumns } from '../types/columns';

test('delivered offsets: the offset after the highest record processed, per source and partition', () => {
  const offsets = new DeliveredOffsets();
  offsets.observe('orders', [rec(0, 4), rec(1, 9), rec(0, 5)]);
  offsets.observe('orders', [rec(0, 6)]);
  offsets.observe('prices', [rec(2, 0)]);
  expect(Object.fromEntries(offsets.snapshot())).toEqual({
    orders: [{ partition: 0, offset: 7 }, { partition: 1, offset: 10 }],
    prices: [{ partition: 2, offset: 1 }],
  });
});

test('delivered offsets of batches with attached columns come from their summary, the same as from the records', () => {
  const rec = (partition: number, offset: number) => ({ fields: { x: offset }, timestamp: 0, eventTime: null, partition, offset, key: null, headers: null });
  const batches = () => [[rec(0, 4), rec(1, 9), rec(0, 2)], [rec(0, 6), rec(1, 3)]];
  const plain = new DeliveredOffsets();
  const attached = new DeliveredOffsets();
  for (const batch of batches()) plain.observe('orders', batch);
  for (const batch of batches()) attached.observe('orders', withColumns(batch));
  expect(attached.snapshot()).toEqual(plain.snapshot());
  expect(Object.fromEntries(attached.snapshot())).toEqual({ orders: [{ partition: 0, offset: 7 }, { partition: 1, offset: 10 }] });
});

const rootOf = (sql: string) => planStatement(parse(sql).statements[0], { source: () => undefined }).planned!.plan.root;
const rec = (partition: number, offset: number, eventTime: number | null = null) => ({ fields: {}, timestamp: 0, eventTime, partition, offset, key: null, headers: null });

test('release rule: stateless at once, tumbling/sliding windows by watermark, other state at the end', () => {
  expect(releaseRule(rootOf('SELECT a FROM s WHERE a > 1')).kind).toBe('at-once');
  expect(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k WINDOW TUMBLING(10s)'))).toMatchObject({ kind: 'window', window: { kind: 'tumbling', sizeMs: 10_000 } });
  expect(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k WINDOW SESSION(10s)')).kind).toBe('at-end');
  expect(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k')).kind).toBe('at-end');
});

test('a windowed statement commits only offsets whose windows have fired', () => {
  let watermark: number | null = null;
  const offsets = new DeliveredOffsets(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k WINDOW TUMBLING(10s)')), () => watermark);
  // Event times 5, 15, 12, 25, 8 s: windows [0, 10), [10, 20), [10, 20), [20, 30), [0, 10) (late).
  offsets.observe('s', [rec(0, 0, 5000), rec(0, 1, 15_000), rec(0, 2, 12_000), rec(0, 3, 25_000), rec(0, 4, 8000)]);
  watermark = 25_000;
  // [0, 10) and [10, 20) fired: records 0-2 are in the output; 3 belongs to the open [20, 30).
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 0, offset: 3 }]);
  watermark = 30_000;
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 0, offset: 5 }]);
  offsets.observe('s', [rec(0, 5, 31_000)]);
  watermark = 31_000;
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 0, offset: 5 }]);
  expect(offsets.snapshot(true).get('s')).toEqual([{ partition: 0, offset: 6 }]);
});

test('with a time column the records are dated by the watermark they were processed under', () => {
  let watermark: number | null = null;
  const offsets = new DeliveredOffsets(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k WINDOW TUMBLING(ts, 10s)')), () => watermark);
  offsets.observe('s', [rec(0, 0), rec(0, 1)]);
  watermark = 12_000; // both are in windows ending by 20 s
  offsets.observe('s', [rec(0, 2)]);
  watermark = 21_000;
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 0, offset: 2 }]);
});

test('GROUP BY without a window commits nothing past its first record until the input ends', () => {
  const offsets = new DeliveredOffsets(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k')), () => 99_999);
  offsets.observe('s', [rec(1, 7), rec(1, 8)]);
  offsets.observe('s', [rec(1, 9)]);
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 1, offset: 7 }]);
  expect(offsets.snapshot(true).get('s')).toEqual([{ partition: 1, offset: 10 }]);
});
