import { DeliveredOffsets } from './delivery';

test('delivered offsets: the offset after the highest record processed, per source and partition', () => {
  const offsets = new DeliveredOffsets();
  const rec = (partition: number, offset: number) => ({ fields: {}, timestamp: 0, eventTime: null, partition, offset, key: null, headers: null });
  offsets.observe('orders', [rec(0, 4), rec(1, 9), rec(0, 5)]);
  offsets.observe('orders', [rec(0, 6)]);
  offsets.observe('prices', [rec(2, 0)]);
  expect(Object.fromEntries(offsets.snapshot())).toEqual({
    orders: [{ partition: 0, offset: 7 }, { partition: 1, offset: 10 }],
    prices: [{ partition: 2, offset: 1 }],
  });
});
