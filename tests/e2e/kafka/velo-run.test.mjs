// produce → `velo run` → consume against the real broker: exact counts and values.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createTopic, produce, readAll, uniqueTopic, velo } from './kafka-helpers.mjs';

const APPS = join(import.meta.dirname, 'apps');
const CUSTOMERS = ['ann', 'bob', 'cy', 'dee', 'eve', 'fay', 'gus'];

function order(i) {
  return { key: CUSTOMERS[i % CUSTOMERS.length], value: JSON.stringify({ id: i, customer: CUSTOMERS[i % CUSTOMERS.length], amount: i % 100 }), headers: { origin: 'e2e' } };
}

test('a filter app reads 4 partitions and writes every matching order once, keyed, in per-key order', async () => {
  const input = uniqueTopic('orders');
  const output = uniqueTopic('large');
  await createTopic(input, 4);
  await produce(input, Array.from({ length: 2000 }, (_, i) => order(i)));
  const sent = await readAll(input);
  const partitionOf = new Map(sent.map((m) => [m.value.id, m.partition]));

  const run = await velo(['run', join(APPS, 'large_orders.sql'), '--records', '2000', '--timeout', '120s'], { env: { IN_TOPIC: input, OUT_TOPIC: output, GROUP: uniqueTopic('g') } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /large_orders: completed, 2000 records in, 1000 out/);

  const got = await readAll(output);
  assert.equal(got.length, 1000);
  assert.deepEqual(got.map((m) => m.value.id).sort((a, b) => a - b), Array.from({ length: 2000 }, (_, i) => i).filter((i) => i % 100 >= 50));
  for (const { key, value } of got) {
    assert.equal(key, value.customer);
    assert.equal(value.doubled, value.amount * 2);
    assert.equal(value.origin, 'e2e');
    assert.equal(value.src_partition, partitionOf.get(value.id));
  }
  // One key's orders come out in the order they went in.
  for (const customer of CUSTOMERS) {
    const ids = got.filter((m) => m.key === customer).sort((a, b) => a.partition - b.partition || a.offset - b.offset).map((m) => m.value.id);
    assert.deepEqual(ids, [...ids].sort((a, b) => a - b));
  }
});

test('message timestamps are the event time of a tumbling window', async () => {
  const input = uniqueTopic('orders');
  const output = uniqueTopic('counts');
  const base = Date.UTC(2026, 0, 1, 12, 0, 0);
  // Minute 0: ann ×3 (1+2+3), bob ×1 (10); minute 1: ann ×2 (5+5). The payload carries no time.
  const rows = [
    ['ann', 1, 0], ['bob', 10, 5_000], ['ann', 2, 20_000], ['ann', 3, 59_000],
    ['ann', 5, 61_000], ['ann', 5, 90_000],
  ];
  await produce(input, rows.map(([customer, amount, at], id) => ({ key: customer, value: JSON.stringify({ id, customer, amount }), timestamp: String(base + at) })));

  const run = await velo(['run', join(APPS, 'minute_counts.sql'), '--records', String(rows.length), '--timeout', '120s'], { env: { IN_TOPIC: input, OUT_TOPIC: output, GROUP: uniqueTopic('g') } });
  assert.equal(run.code, 0, run.stderr);
  const got = (await readAll(output)).map((m) => m.value).sort((a, b) => a.window_start - b.window_start || a.customer.localeCompare(b.customer));
  assert.deepEqual(
    got.map(({ customer, orders, total, window_start }) => [customer, orders, total, window_start]),
    [
      ['ann', 3, 6, base],
      ['bob', 1, 10, base],
      ['ann', 2, 10, base + 60_000],
    ],
  );
});

test('a second run of the same group continues after the committed offsets', async () => {
  const input = uniqueTopic('orders');
  const output = uniqueTopic('copy');
  const env = { IN_TOPIC: input, OUT_TOPIC: output, GROUP: uniqueTopic('g') };
  await produce(input, Array.from({ length: 300 }, (_, i) => order(i)));
  const first = await velo(['run', join(APPS, 'passthrough.sql'), '--records', '300', '--timeout', '60s'], { env });
  assert.equal(first.code, 0, first.stderr);
  await produce(input, Array.from({ length: 200 }, (_, i) => order(300 + i)));
  const second = await velo(['run', join(APPS, 'passthrough.sql'), '--records', '200', '--timeout', '60s'], { env });
  assert.equal(second.code, 0, second.stderr);
  const ids = (await readAll(output)).map((m) => m.value.id);
  assert.deepEqual(ids, Array.from({ length: 500 }, (_, i) => i));
});

test('undecodable messages are reported and skipped under LogAndContinue', async () => {
  const input = uniqueTopic('orders');
  const output = uniqueTopic('copy');
  await produce(input, [order(1), { value: 'not json' }, order(2)]);
  const run = await velo(['run', join(APPS, 'passthrough.sql'), '--records', '2', '--timeout', '60s'], { env: { IN_TOPIC: input, OUT_TOPIC: output, GROUP: uniqueTopic('g') } });
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, new RegExp(`${input}\\[0\\]@1: invalid JSON`));
  assert.match(run.stdout, /1 bad rows skipped/);
  assert.deepEqual((await readAll(output)).map((m) => m.value.id), [1, 2]);
});

test('SHOW STREAM HEALTH reports the Kafka source: records taken, position, and lag from the broker log end', async () => {
  const input = uniqueTopic('orders');
  await createTopic(input, 1);
  await produce(input, Array.from({ length: 300 }, (_, i) => order(i)));
  const env = { IN_TOPIC: input, OUT_TOPIC: uniqueTopic('copy'), GROUP: uniqueTopic('g') };
  // The passthrough app, asking at its end for the health of its source.
  const app = join(mkdtempSync(join(tmpdir(), 'velo-health-')), 'health.sql');
  writeFileSync(app, `${readFileSync(join(APPS, 'passthrough.sql'), 'utf8')}\nSHOW STREAM HEALTH orders;\n`);
  const run = await velo(['run', app, '--records', '300', '--timeout', '60s'], { env });
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.split('\n');
  const header = lines.findIndex((l) => l.startsWith('statement'));
  assert.deepEqual(lines[header].split(/\s+/), ['statement', 'source', 'connector', 'state', 'records', 'position', 'lag', 'last_event_time', 'watermark']);
  // --records ends the run at the 300th record, before the source itself ends: 'stopped', nothing left behind.
  assert.deepEqual(lines[header + 1].split(/\s+/).slice(0, 7), ['copied', 'orders', 'kafka_source', 'stopped', '300', '300', '0']);
});
