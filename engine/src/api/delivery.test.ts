import { DeliveredOffsets } from './delivery';
import { withColumns } from '../types/columns';

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
