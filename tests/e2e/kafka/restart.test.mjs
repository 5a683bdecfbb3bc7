// A broker restart in the middle of a `velo run` job loses nothing: the job reconnects and
// continues; messages delivered again are skipped and counted as duplicates. It also ends: a
// connection kafkajs lost track of during the restart once kept the finished job alive for
// minutes, so the job's own --timeout is far below this test's.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { kafka, readAll, restartBroker, uniqueTopic, velo } from './kafka-helpers.mjs';

const TOTAL = 6000;
const STEP = 250;

async function withAdmin(use) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

const written = async (admin, topic) => (await admin.fetchTopicOffsets(topic).catch(() => [])).reduce((n, o) => n + Number(o.high), 0);

/** Resolves once the job has written to its output topic. */
function outputStarted(topic) {
  return withAdmin(async (admin) => {
    for (let tries = 0; tries < 600; tries++) {
      if ((await written(admin, topic)) > 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the job wrote nothing to ${topic} within a minute`);
  });
}

/**
 * Seconds from now until the job writes more to `topic`, or null when it wrote nothing more
 * within `limitMs` (printed, not asserted: machine load varies).
 */
function secondsUntilMoreOutput(topic, limitMs) {
  return withAdmin(async (admin) => {
    const before = await written(admin, topic);
    const start = Date.now();
    while (Date.now() - start < limitMs) {
      if ((await written(admin, topic)) > before) return (Date.now() - start) / 1000;
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  });
}

test('broker restarted mid-job: every record arrives and the job ends', { timeout: 240_000 }, async () => {
  const input = uniqueTopic('orders');
  const output = uniqueTopic('copy');
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const send = (from) =>
    producer.send({ topic: input, acks: -1, messages: Array.from({ length: STEP }, (_, k) => ({ value: JSON.stringify({ id: from + k, amount: (from + k) % 100 }) })) });
  await send(0);

  const job = velo(['run', join(import.meta.dirname, 'apps', 'passthrough.sql'), '--records', String(TOTAL), '--timeout', '120s'], {
    env: { IN_TOPIC: input, OUT_TOPIC: output, GROUP: uniqueTopic('g') },
  });
  let resumed = null;
  for (let from = STEP; from < TOTAL; from += STEP) {
    if (from === TOTAL / 2) {
      await outputStarted(output); // the job is consuming and producing: now the broker goes away
      restartBroker();
      resumed = secondsUntilMoreOutput(output, 120_000);
    }
    await send(from);
    await new Promise((r) => setTimeout(r, 100));
  }
  await producer.disconnect();

  const run = await job;
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, new RegExp(`${TOTAL} records in, ${TOTAL} out`));
  const messages = await readAll(output);
  const ids = new Set(messages.map((m) => m.value.id));
  const missing = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !ids.has(i));
  assert.deepEqual(missing, []);
  process.stderr.write(
    `restart: output resumed ${(await resumed)?.toFixed(1)} s after the broker was back; ` +
      `${messages.length} messages out, ${messages.length - ids.size} duplicated; job: ${run.stdout.trim()}\n`,
  );
});
