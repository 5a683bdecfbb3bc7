#!/usr/bin/env node
/**
 * Kafka → query → Kafka throughput (JSON), beside a bare kafkajs consume-and-produce loop doing
 * the same work on the same input topic in the same run. Not a test: `node bench/run.js kafka
 * [--messages N] [--runs N]` after `npx tsc -b`. Uses KAFKA_BOOTSTRAP_SERVERS, else starts the
 * project's broker (scripts/kafka.mjs) on port 19692 for the run.
 *
 * Work per message in both legs: decode the JSON value, keep orders with qty > 0, project
 * id, symbol and price * qty, encode JSON, produce keyed by symbol (idempotent, acks=all); the
 * consumed offsets are committed (kafkajs auto-commit in the loop; the engine's at-least-once
 * commits after the sink's acks). Rates are messages per wall-clock second from the first fetch
 * to the last acknowledgement, median of the runs; 1 and 4 partitions.
 */
'use strict';
const path = require('path');
const os = require('os');
const { spawnSync } = require('child_process');
const { parseArgs } = require('util');
const { Kafka, logLevel, CompressionTypes } = require('kafkajs');
const { Catalog, startQuery } = require(path.join(__dirname, '..', 'dist', 'index.js'));

const ROOT = path.resolve(__dirname, '..', '..');
const PORT = 19692;
const { values } = parseArgs({ options: { messages: { type: 'string' }, runs: { type: 'string' } } });
const MESSAGES = Number(values.messages ?? 200_000);
const RUNS = Number(values.runs ?? 3);
const SYMBOLS = ['AAPL', 'MSFT', 'GOOG', 'AMZN', 'NVDA', 'META', 'TSLA', 'ORCL'];

function broker() {
  if (process.env.KAFKA_BOOTSTRAP_SERVERS) return { brokers: process.env.KAFKA_BOOTSTRAP_SERVERS.split(','), stop() {} };
  const where = ['--port', String(PORT), '--dir', path.join(os.tmpdir(), `velo-bench-kafka-${PORT}`)];
  const script = path.join(ROOT, 'scripts', 'kafka.mjs');
  if (spawnSync(process.execPath, [script, 'start', ...where], { stdio: 'inherit' }).status !== 0) throw new Error('the broker did not start');
  return { brokers: [`127.0.0.1:${PORT}`], stop: () => spawnSync(process.execPath, [script, 'stop', ...where], { stdio: 'inherit' }) };
}

const unique = (stem) => `${stem}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;

async function createTopic(kafka, topic, partitions) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
}

async function produceInput(kafka, topic) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let start = 0; start < MESSAGES; start += 5000) {
    const messages = [];
    for (let id = start; id < Math.min(MESSAGES, start + 5000); id++) {
      const symbol = SYMBOLS[id % SYMBOLS.length];
      messages.push({ key: symbol, value: JSON.stringify({ id, symbol, price: 100 + (id % 997) / 10, qty: id % 50, venue: 'XNAS', ts: 1735689600000 + id }) });
    }
    await producer.send({ topic, messages, acks: -1 });
  }
  await producer.disconnect();
}

/** The bare loop, as the kafkajs docs write it: eachBatch → JSON → filter/project → JSON → send; auto-commit. */
async function bareLoop(kafka, input, output) {
  const consumer = kafka.consumer({ groupId: unique('bench-bare'), maxWaitTimeInMs: 100 });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: input, fromBeginning: true });
  let seen = 0;
  let started = 0;
  const finished = new Promise((done) => {
    consumer.run({
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        started ||= performance.now();
        const out = [];
        for (const m of batch.messages) {
          const o = JSON.parse(m.value.toString());
          if (o.qty > 0) out.push({ key: o.symbol, value: JSON.stringify({ id: o.id, symbol: o.symbol, notional: o.price * o.qty }) });
        }
        if (out.length) await producer.send({ topic: output, messages: out, acks: -1, compression: CompressionTypes.None });
        resolveOffset(batch.lastOffset());
        await heartbeat();
        seen += batch.messages.length;
        if (seen >= MESSAGES) done();
      },
    });
  });
  await finished;
  const ms = performance.now() - started;
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  return (MESSAGES / ms) * 1000;
}

/** The engine: the same work as a CREATE STREAM over kafka_source → kafka_sink. */
async function query(brokers, input, output) {
  const sql = `CREATE STREAM notional AS SELECT id, symbol, price * qty AS notional FROM orders WHERE qty > 0 EMIT CHANGES
    WITH ('orders.type' = 'kafka_source', 'orders.topic' = '${input}', 'orders.group.id' = '${unique('bench-velo')}',
          'orders.bootstrap.servers' = '${brokers.join(',')}',
          'notional.type' = 'kafka_sink', 'notional.topic' = '${output}', 'notional.key.field' = 'symbol',
          'notional.bootstrap.servers' = '${brokers.join(',')}')`;
  const started = performance.now();
  const handle = startQuery(sql, new Catalog(), { maxInputRecords: MESSAGES, output: 'discard' });
  const summary = await handle.done;
  if (summary.status !== 'completed') throw new Error(`query ${summary.status}: ${summary.error?.message}`);
  return (MESSAGES / (performance.now() - started)) * 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function main() {
  const b = broker();
  try {
    const kafka = new Kafka({ brokers: b.brokers, clientId: 'velo-bench', logLevel: logLevel.NOTHING });
    const results = [];
    for (const partitions of [1, 4]) {
      const input = unique(`bench_in_${partitions}p`);
      await createTopic(kafka, input, partitions);
      await produceInput(kafka, input);
      const bare = [];
      const ours = [];
      for (let run = 0; run < RUNS; run++) {
        // Alternating order, so neither leg always runs on a warmer broker.
        const legs = run % 2 === 0 ? ['bare', 'ours'] : ['ours', 'bare'];
        for (const leg of legs) {
          const output = unique(`bench_out_${leg}`);
          await createTopic(kafka, output, partitions);
          if (leg === 'bare') bare.push(await bareLoop(kafka, input, output));
          else ours.push(await query(b.brokers, input, output));
        }
      }
      const row = { benchmark: 'kafka-json', partitions, messages: MESSAGES, runs: RUNS, bareMsgPerSec: Math.round(median(bare)), queryMsgPerSec: Math.round(median(ours)), ratio: Math.round((median(ours) / median(bare)) * 100) / 100 };
      results.push(row);
      process.stdout.write(JSON.stringify(row) + '\n');
    }
    process.stderr.write('\npartitions | bare kafkajs msg/s | Kafka → query → Kafka msg/s | ratio\n');
    for (const r of results) process.stderr.write(`${r.partitions} | ${r.bareMsgPerSec} | ${r.queryMsgPerSec} | ${Math.round(r.ratio * 100)} %\n`);
  } finally {
    b.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack}\n`);
  process.exit(1);
});
