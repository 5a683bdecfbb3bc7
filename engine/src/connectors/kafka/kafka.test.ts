import * as http from 'http';
import type { AddressInfo } from 'net';
import { Scaled } from '../../types/values/types';
import { ObjectProperties } from '../properties';
import { valueCodecFor } from './schema-codecs';
import { kafkaSettings } from './settings';
import { parseKafkaUri } from './uri';

const props = (keys: Record<string, string>) => ObjectProperties.of('orders', 'source', keys, __dirname);

describe('Kafka settings', () => {
  test('the reference config spellings: consumer_config, consumer.group, value.serializer', () => {
    const { settings, diagnostics } = kafkaSettings(
      props({ 'datasource.consumer_config.bootstrap.servers': 'a:1,b:2', 'consumer.group': 'analytics', 'datasource.schema.value.serializer': 'avro', 'schema.file': 'x.avsc', topic: 't' }),
      {},
    );
    expect(diagnostics).toEqual([]);
    expect(settings).toMatchObject({ brokers: ['a:1', 'b:2'], groupId: 'analytics', format: 'avro', topic: 't', fromBeginning: true, commit: true, idempotent: true });
    expect(settings.schema.file).toBe(`${__dirname}/x.avsc`);
  });

  test('defaults: brokers from KAFKA_BOOTSTRAP_SERVERS, group velo-sql-<name>, json', () => {
    const { settings } = kafkaSettings(props({}), { KAFKA_BOOTSTRAP_SERVERS: 'kafka://h:9' });
    expect(settings).toMatchObject({ brokers: ['h:9'], groupId: 'velo-sql-orders', format: 'json', topic: 'orders' });
  });

  test('bad values are errors on their key; an unavailable compression is a warning', () => {
    const { diagnostics } = kafkaSettings(props({ 'auto.offset.reset': 'newest', format: 'xml', failure_strategy: 'Ignore', 'compression.type': 'lz4' }), {});
    expect(diagnostics.map((d) => [d.severity, d.code, d.key])).toEqual([
      ['error', 'VV355', 'format'],
      ['error', 'VV355', 'auto.offset.reset'],
      ['error', 'VV355', 'failure_strategy'],
      ['warning', 'VW553', 'compression.type'],
    ]);
  });

  test('a comma list of topics (kafka://h:9092/a,b) is an error on topic that says how to read several', () => {
    const { diagnostics } = kafkaSettings(props({ topic: 'a,b' }), {});
    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'error', code: 'VV355', key: 'topic', hint: 'read each topic as its own source and combine them with UNION ALL' })]);
  });
});

test('Kafka URIs: topic, brokers/topic, connection', () => {
  expect(parseKafkaUri('kafka://trades')).toEqual({ brokers: null, topic: 'trades' });
  expect(parseKafkaUri('kafka://h1:9092,h2:9093/trades')).toEqual({ brokers: ['h1:9092', 'h2:9093'], topic: 'trades' });
  expect(parseKafkaUri('kafka://localhost:9092')).toEqual({ brokers: ['localhost:9092'], topic: null });
  expect(parseKafkaUri('kafka://')).toEqual({ brokers: null, topic: null });
  expect(parseKafkaUri('file:///x.csv')).toBeNull();
});

describe('schema codecs', () => {
  const avsc = JSON.stringify({ type: 'record', name: 'T', fields: [{ name: 'id', type: 'long' }, { name: 'price', type: 'double' }, { name: 'note', type: ['null', 'string'] }] });

  test('Avro inline: fields round-trip, decimals travel as doubles, a missing optional field is null', () => {
    const codec = valueCodecFor(kafkaSettings(props({ format: 'avro', schema: avsc }), {}).settings, 'orders');
    if (!codec.ok) throw new Error(codec.error.message);
    const bytes = codec.value.encode({ id: 7, price: new Scaled(1250, 2) });
    expect(codec.value.decode(Buffer.from(bytes))).toEqual({ id: 7, price: 12.5, note: null });
    expect(codec.value.decode(Buffer.from('{}'))).toMatch(/^invalid Avro/);
  });

  test('Protobuf: the named message type; a schema is required', () => {
    const proto = 'syntax = "proto3"; package p; message A { int64 id = 1; } message B { string s = 1; int32 n = 2; }';
    const codec = valueCodecFor(kafkaSettings(props({ format: 'protobuf', schema: proto, 'protobuf.message': 'p.B' }), {}).settings, 'orders');
    if (!codec.ok) throw new Error(codec.error.message);
    expect(codec.value.decode(Buffer.from(codec.value.encode({ s: 'x', n: 3 })))).toEqual({ s: 'x', n: 3 });
    const missing = valueCodecFor(kafkaSettings(props({ format: 'protobuf' }), {}).settings, 'orders');
    expect(missing).toMatchObject({ ok: false, error: { code: 'MISSING_PROPERTY', message: "format protobuf needs a schema for 'orders'" } });
  });

  test('Avro from a schema registry: latest schema of <topic>-value, Confluent wire format', async () => {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ id: 42, version: 3, schema: avsc }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const codec = valueCodecFor(kafkaSettings(props({ format: 'avro', topic: 'trades', 'schema.registry.url': url }), {}).settings, 'orders');
      if (!codec.ok) throw new Error(codec.error.message);
      await codec.value.init?.();
      const bytes = Buffer.from(codec.value.encode({ id: 1, price: 2.5, note: 'n' }));
      expect([bytes[0], bytes.readUInt32BE(1)]).toEqual([0, 42]);
      expect(codec.value.decode(bytes)).toEqual({ id: 1, price: 2.5, note: 'n' });
      expect(requests).toEqual(['/subjects/trades-value/versions/latest']);
    } finally {
      server.close();
    }
  });
});
