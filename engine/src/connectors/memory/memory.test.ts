import { createConnectorRegistry } from '../builtin';
import type { Source } from '../connector';
import { ObjectProperties } from '../properties';
import { MemoryStore } from './memory';

const ctx = { now: () => 7, report: () => {} };

function memorySource(store: MemoryStore, keys: Record<string, string>): Source {
  const created = createConnectorRegistry({ memory: store }).createSource(ObjectProperties.of('feed', 'source', { type: 'memory', ...keys }), ctx);
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

describe('memory connectors', () => {
  test('a bounded memory source reads its channel in batches and ends', async () => {
    const store = new MemoryStore();
    store.channel('feed').appendFields([{ a: 1 }, { a: 2 }, { a: 3 }], 7);
    const source = memorySource(store, {});
    expect(source.bounded).toBe(true);
    expect((await source.poll(2))!.map((r) => [r.fields.a, r.offset])).toEqual([
      [1, 0],
      [2, 1],
    ]);
    expect((await source.poll(2))!.map((r) => r.fields.a)).toEqual([3]);
    expect(await source.poll(2)).toBeNull();
  });

  test('an unbounded memory source waits for appends and ends when the channel ends', async () => {
    const store = new MemoryStore();
    const source = memorySource(store, { bounded: 'false', channel: 'ticks' });
    expect(source.bounded).toBe(false);
    expect(await source.poll(10, 5)).toEqual([]);
    setTimeout(() => store.channel('ticks').appendFields([{ t: 1 }], 7), 5);
    expect((await source.poll(10, 1000))!.map((r) => r.fields)).toEqual([{ t: 1 }]);
    store.channel('ticks').end();
    expect(await source.poll(10, 1000)).toBeNull();
  });

  test('a memory sink appends whole batches to its channel', async () => {
    const store = new MemoryStore();
    const created = createConnectorRegistry({ memory: store }).createSink(ObjectProperties.of('out', 'sink', { type: 'memory' }), ctx);
    if (!created.ok) throw new Error(created.error.message);
    const record = { fields: { x: 1 }, timestamp: 0, eventTime: null, offset: 0, partition: 0, key: 'k', headers: null };
    await created.value.write([record, { ...record, fields: { x: 2 } }]);
    expect(store.channel('out').records.map((r) => r.fields.x)).toEqual([1, 2]);
  });
});
