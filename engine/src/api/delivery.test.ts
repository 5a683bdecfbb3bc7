import { DeliveredOffsets, releaseRule } from './delivery';
import { parse } from '../sql/parse';
import { planStatement } from '../plan/planner';

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

const rootOf = (sql: string) => planStatement(parse(sql).statements[0], { source: () => undefined }).planned!.plan.root;
const rec = (partition: number, offset: number) => ({ fields: {}, timestamp: 0, eventTime: null, partition, offset, key: null, headers: null });

test('release rule: stateless at once, tumbling/sliding windows by watermark, other state at the end', () => {
  expect(releaseRule(rootOf('SELECT a FROM s WHERE a > 1')).kind).toBe('at-once');
  expect(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k WINDOW TUMBLING(10s)'))).toMatchObject({ kind: 'window', window: { kind: 'tumbling', sizeMs: 10_000 } });
  expect(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k WINDOW SESSION(10s)')).kind).toBe('at-end');
  expect(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k')).kind).toBe('at-end');
});

test('a windowed statement commits only offsets whose windows have fired', () => {
  let watermark: number | null = null;
  const offsets = new DeliveredOffsets(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k WINDOW TUMBLING(10s)')), () => watermark);
  // Records 0-2 are processed under watermark 12 s (window [10, 20) open), records 3-4 under 25 s.
  offsets.observe('s', [rec(0, 0), rec(0, 1), rec(0, 2)]);
  watermark = 12_000;
  offsets.observe('s', [rec(0, 3), rec(0, 4)]);
  watermark = 25_000;
  // [10, 20) fired at 20 s: records 0-2 are in the output; 3-4 may belong to the open [20, 30).
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 0, offset: 3 }]);
  watermark = 30_000;
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 0, offset: 5 }]);
  offsets.observe('s', [rec(0, 5)]);
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 0, offset: 5 }]);
  expect(offsets.snapshot(true).get('s')).toEqual([{ partition: 0, offset: 6 }]);
});

test('GROUP BY without a window commits nothing past its first record until the input ends', () => {
  const offsets = new DeliveredOffsets(releaseRule(rootOf('SELECT k, COUNT(*) AS n FROM s GROUP BY k')), () => 99_999);
  offsets.observe('s', [rec(1, 7), rec(1, 8)]);
  offsets.observe('s', [rec(1, 9)]);
  expect(offsets.snapshot().get('s')).toEqual([{ partition: 1, offset: 7 }]);
  expect(offsets.snapshot(true).get('s')).toEqual([{ partition: 1, offset: 10 }]);
});
