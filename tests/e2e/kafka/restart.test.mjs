// A broker restart in the middle of a `velo run` job loses nothing: the job reconnects and
// continues; messages delivered again are skipped and counted as duplicates.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { kafka, readAll, restartBroker, uniqueTopic, velo } from './kafka-helpers.mjs';

const TOTAL = 6000;
const STEP = 250;

/** Resolves once the job has written to its output topic. */
async function outputStarted(topic) {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (let tries = 0; tries < 600; tries++) {
      const offsets = await admin.fetchTopicOffsets(topic).catch(() => []);
      if (offsets.some((o) => Number(o.high) > 0)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the job wrote nothing to ${topic} within a minute`);
  } finally {
    await admin.disconnect();
  }
}

test('broker restarted mid-job: every record arrives', { timeout: 300_000 }, async () => {
  const input = uniqueTopic('orders');
  const output = uniqueTopic('copy');
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const send = (from) =>
    producer.send({ topic: input, acks: -1, messages: Array.from({ length: STEP }, (_, k) => ({ value: JSON.stringify({ id: from + k, amount: (from + k) % 100 }) })) });
  await send(0);

  const job = velo(['run', join(import.meta.dirname, 'apps', 'passthrough.sql'), '--records', String(TOTAL), '--timeout', '240s'], {
    env: { IN_TOPIC: input, OUT_TOPIC: output, GROUP: uniqueTopic('g') },
  });
  for (let from = STEP; from < TOTAL; from += STEP) {
    if (from === TOTAL / 2) {
      await outputStarted(output); // the job is consuming and producing: now the broker goes away
      restartBroker();
    }
    await send(from);
    await new Promise((r) => setTimeout(r, 100));
  }
  await producer.disconnect();

  const run = await job;
  assert.equal(run.code, 0, run.stdout + run.stderr);
  const ids = new Set((await readAll(output)).map((m) => m.value.id));
  const missing = Array.from({ length: TOTAL }, (_, i) => i).filter((i) => !ids.has(i));
  assert.deepEqual(missing, []);
  process.stderr.write(`restart: ${run.stdout.trim()}\n`);
});
