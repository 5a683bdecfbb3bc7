import type { StreamRecord } from '../../types/record';
import { fieldsToJson } from '../../types/values/format';
import { Interval, Scaled, SqlDate, Struct, Timestamp, type Value } from '../../types/values/types';
import type { ConnectorContext } from '../connector';
import type { ConnectorProblem } from '../errors';
import { ObjectProperties } from '../properties';
import { murmur2, partitionForKey } from './murmur2';
import { MAX_PER_PARTITION, TopicSink, TopicSource, topicStoreFactories } from './topic-connectors';
import { jsonCodec } from './message-codec';
import { TopicStore } from './topic-store';

const problems: ConnectorProblem[] = [];
const ctx: ConnectorContext = { now: () => 0, report: (p) => problems.push(p) };

const rec = (fields: StreamRecord['fields'], extra: Partial<StreamRecord> = {}): StreamRecord => ({
  fields,
  timestamp: 1000,
  eventTime: null,
  offset: 0,
  partition: 0,
  key: null,
  headers: null,
  ...extra,
});

describe('murmur2 partitioner', () => {
  // Expected values from the Kafka Java client's own tests (UtilsTest.testMurmur2).
  test.each([
    ['21', -973932308],
    ['foobar', -790332482],
    ['a-little-bit-long-string', -985981536],
    ['a-little-bit-longer-string', -1486304829],
    ['lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8', -58897971],
    ['abc', 479470107],
  ])('murmur2(%p) = %p', (key, hash) => {
    expect(murmur2(Buffer.from(key))).toBe(hash);
  });

  test('partition is (hash & 0x7fffffff) % partitions', () => {
    expect(partitionForKey('foobar', 6)).toBe((-790332482 & 0x7fffffff) % 6);
  });
});

describe('topic store', () => {
  test('offsets are dense per partition; keyed messages stay in one partition in order', () => {
    const store = new TopicStore(() => 42);
    store.ensureTopic('t', 4);
    const keys = ['AAPL', 'MSFT', 'AAPL', 'GOOG', 'AAPL', 'MSFT'];
    const stored = store.produce('t', keys.map((key, i) => ({ key, value: String(i) })));
    const aapl = stored.filter((m) => m.key === 'AAPL');
    expect(new Set(aapl.map((m) => m.partition)).size).toBe(1);
    expect(aapl.map((m) => m.value)).toEqual(['0', '2', '4']);
    for (let p = 0; p < 4; p++) {
      expect(store.read('t', p, 0, 100).map((m) => m.offset)).toEqual(store.read('t', p, 0, 100).map((_, i) => i));
    }
    expect(stored.every((m) => m.timestamp === 42)).toBe(true);
    expect(store.endOffsets('t').reduce((a, b) => a + b)).toBe(6);
  });

  test('unkeyed messages go round-robin per topic from partition 0', () => {
    const store = new TopicStore();
    store.ensureTopic('rr', 3);
    const stored = store.produce('rr', Array.from({ length: 5 }, () => ({ value: '{}' })));
    expect(stored.map((m) => [m.partition, m.offset])).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [1, 1],
    ]);
  });

  test('a topic is created on first produce with one partition', () => {
    const store = new TopicStore();
    store.produce('auto', [{ value: '{}' }]);
    expect(store.partitionCount('auto')).toBe(1);
  });
});

describe('topic source and sink', () => {
  test('sink → store → source round trip keeps fields, key, headers and timestamp', async () => {
    const store = new TopicStore();
    const sink = new TopicSink('out', 'kafka_sink', store, 'prices');
    await sink.write([
      rec({ symbol: 'AAPL', price: new Scaled(15025, 2), n: 3 }, { key: 'AAPL', headers: new Map([['trace', 'x']]), eventTime: 5000 }),
      rec({ symbol: 'MSFT', at: new Timestamp(0) }),
    ]);
    expect(store.messages('prices').map((m) => [m.key, m.value, m.timestamp])).toEqual([
      ['AAPL', '{"symbol":"AAPL","price":"150.25","n":3}', 5000],
      [null, '{"symbol":"MSFT","at":"1970-01-01T00:00:00"}', 1000],
    ]);
    const source = new TopicSource('in', 'kafka_source', store, 'prices', ctx);
    const batch = (await source.poll(100))!;
    expect(batch).toEqual([
      rec({ symbol: 'AAPL', price: '150.25', n: 3 }, { key: 'AAPL', headers: new Map([['trace', 'x']]), timestamp: 5000, eventTime: 5000 }),
      rec({ symbol: 'MSFT', at: '1970-01-01T00:00:00' }, { offset: 1, eventTime: 1000 }),
    ]);
  });

  test('empty headers travel as no headers, as on Kafka', async () => {
    const store = new TopicStore();
    await new TopicSink('out', 'kafka_sink', store, 'plain').write([rec({ n: 1 }, { headers: new Map() })]);
    expect(store.messages('plain')[0].headers).toBeNull();
    expect((await new TopicSource('in', 'kafka_source', store, 'plain', ctx).poll(10))![0].headers).toBeNull();
  });

  test('each poll takes up to 500 per partition in ascending partition order; offsets advance', async () => {
    const store = new TopicStore();
    store.ensureTopic('big', 2);
    store.produce('big', Array.from({ length: 1200 }, (_, i) => ({ value: `{"i":${i}}`, partition: i % 2 })));
    const source = new TopicSource('s', 'kafka_source', store, 'big', ctx);
    const first = (await source.poll(10_000))!;
    expect(first.length).toBe(2 * MAX_PER_PARTITION);
    expect(first.slice(0, MAX_PER_PARTITION).every((r) => r.partition === 0)).toBe(true);
    expect(first.slice(0, 3).map((r) => r.fields.i)).toEqual([0, 2, 4]);
    expect(first[MAX_PER_PARTITION].fields.i).toBe(1);
    expect(source.position()).toEqual([
      { partition: 0, offset: 500 },
      { partition: 1, offset: 500 },
    ]);
    expect((await source.poll(10_000))!.length).toBe(200);
    expect(await source.poll(10_000)).toEqual([]);
  });

  test('an unbounded topic source waits for produced data; start offsets skip older messages', async () => {
    const store = new TopicStore();
    store.produce('live', [{ value: '{"old":true}' }]);
    const source = new TopicSource('s', 'kafka_source', store, 'live', ctx, { startOffsets: store.endOffsets('live') });
    const pending = source.poll(10, 1000);
    setTimeout(() => store.produce('live', [{ value: '{"new":true}' }]), 5);
    expect((await pending)!.map((r) => r.fields)).toEqual([{ new: true }]);
  });

  test('undecodable messages are reported and skipped', async () => {
    const store = new TopicStore();
    store.produce('bad', [{ value: 'not json' }, { value: '[1]' }, { value: '{"ok":1}' }]);
    problems.length = 0;
    const batch = (await new TopicSource('s', 'kafka_source', store, 'bad', ctx).poll(10))!;
    expect(batch.map((r) => r.fields)).toEqual([{ ok: 1 }]);
    expect(problems.map((p) => p.message)).toEqual([expect.stringMatching(/^bad\[0\]@0: invalid JSON/), 'bad[0]@1: expected a JSON object; skipped']);
  });

  test('factories create topics with the configured partitions and honour event.time.field', async () => {
    const store = new TopicStore();
    const { source, sink } = topicStoreFactories(store);
    const created = sink.create(ObjectProperties.of('o', 'sink', { topic: 'orders', partitions: '3' }), ctx);
    expect(created.ok && store.partitionCount('orders')).toBe(3);
    store.produce('orders', [{ value: '{"ts":"2025-01-01T00:00:00"}', timestamp: 1 }]);
    const s = source.create(ObjectProperties.of('orders', 'source', { 'event.time.field': 'ts' }), ctx, {});
    if (!s.ok) throw new Error(s.error.message);
    const [r] = (await s.value.poll(10))!;
    expect([r.timestamp, r.eventTime]).toEqual([1, Date.UTC(2025, 0, 1)]);
  });
});

describe('sink records kept in process by the store', () => {
  test.each<[string, Value]>([
    ['a decimal', new Scaled(15025, 2)],
    ['a timestamp', new Timestamp(Date.UTC(2025, 0, 1, 0, 1))],
    ['a date', new SqlDate(0)],
    ['an interval', new Interval(60_000)],
    ['null', null],
    ['a float', 12.5],
    ['negative zero', -0],
    ['a map', new Map<string, Value>([['a', 1], ['b', new Scaled(5, 1)]])],
    ['a struct', new Struct(new Map<string, Value>([['x', 'y']]))],
    ['an array', [new Timestamp(0), 2]],
  ])('%s is written as the value printer’s JSON and decodes as that text does', (_, v) => {
    const record = rec({ v, s: 'AAPL' }, { key: 'k' });
    const store = new TopicStore();
    const [inProcess] = store.produce('out', [jsonCodec.encode(record)]);
    const [asText] = store.produce('text', [{ value: fieldsToJson(record.fields) }]);
    expect(inProcess.value).toBe(asText.value);
    expect(jsonCodec.decode(inProcess)).toStrictEqual(jsonCodec.decode(asText));
  });
});
