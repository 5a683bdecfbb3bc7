// Shared by the Kafka e2e suites: a kafkajs client on the test broker, producing, reading a
// topic to its end, running `velo`, and restarting the broker through scripts/kafka.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { Kafka, logLevel } = require('kafkajs');

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const BROKERS = process.env.KAFKA_BOOTSTRAP_SERVERS ?? '127.0.0.1:9092';
export const VELO = join(ROOT, 'engine', 'bin', 'velo.js');
export const VELO_TEST = join(ROOT, 'engine', 'bin', 'velo-test.js');

export const kafka = new Kafka({
  clientId: 'velo-e2e',
  brokers: [BROKERS],
  logLevel: logLevel.NOTHING,
  retry: { initialRetryTime: 250, maxRetryTime: 3000, retries: 60 },
});

/** A topic name no other test (or earlier run against the same broker) uses. */
export function uniqueTopic(stem) {
  return `${stem}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
}

export async function createTopic(topic, partitions) {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
}

export async function produce(topic, messages) {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  for (let i = 0; i < messages.length; i += 1000) await producer.send({ topic, messages: messages.slice(i, i + 1000), acks: -1 });
  await producer.disconnect();
}

/** Every message of `topic` from the beginning to its current end offsets. */
export async function readAll(topic) {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]));
  await admin.disconnect();
  const total = [...ends.values()].reduce((a, b) => a + b, 0);
  const out = [];
  if (total === 0) return out;
  const consumer = kafka.consumer({ groupId: uniqueTopic('reader') });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise((done, failed) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          if (Number(message.offset) >= ends.get(partition)) return;
          out.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: JSON.parse(message.value.toString()), headers: message.headers, timestamp: Number(message.timestamp) });
          if (out.length === total) done();
        },
      })
      .catch(failed);
  });
  await consumer.disconnect();
  return out;
}

/** Runs `velo` with `args`; resolves with exit code, stdout and stderr. */
export function velo(args, options = {}) {
  return new Promise((done) => {
    const child = spawn(process.execPath, [options.bin ?? VELO, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

/** Stops and restarts the test broker (same storage), as an operator restarting Kafka would. */
export function restartBroker() {
  const script = join(ROOT, 'scripts', 'kafka.mjs');
  const where = ['--port', process.env.VELO_KAFKA_TEST_PORT, '--dir', process.env.VELO_KAFKA_TEST_DIR];
  for (const command of ['stop', 'start']) {
    const result = spawnSync(process.execPath, [script, command, ...where], { stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`kafka.mjs ${command} failed`);
  }
}
