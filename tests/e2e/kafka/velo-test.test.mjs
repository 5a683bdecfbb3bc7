// `velo-test run --kafka`: conformance apps that read Kafka give the same results against the
// broker as on the in-process topic store; `--kafka auto` starts the project's broker itself.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { test } from 'node:test';
import { createRequire } from 'node:module';
import { BROKERS, ROOT, velo, VELO_TEST } from './kafka-helpers.mjs';

const { sharedDir } = createRequire(import.meta.url)(join(ROOT, 'scripts', 'shared-dir.cjs'));
const SHARED = sharedDir();
const APPS = [
  'tier1_basic/01_passthrough.sql',
  'tier2_aggregations/12_tumbling_window.sql',
  'tier3_joins/20_stream_table_join.sql',
  'tier3_joins/21_stream_stream_join.sql',
  'tier5_complex/40_pipeline.sql',
];

/** A scratch copy of the harness examples (runs may write files beside the apps). */
function examples() {
  const source = join(SHARED, 'conformance', 'harness_examples');
  assert.ok(existsSync(source), `the conformance corpus is missing at ${source} (set VELOSTREAM_SHARED)`);
  const copy = mkdtempSync(join(tmpdir(), 'velo-kafka-apps-'));
  cpSync(source, copy, { recursive: true });
  return copy;
}

async function report(app, extra) {
  const run = await velo(['run', basename(app), '-y', '--no-progress', '--no-ai', '-o', 'json', ...extra], { bin: VELO_TEST, cwd: dirname(app) });
  assert.ok(run.stdout.trim().startsWith('{'), `${app}: ${run.stderr}`);
  const parsed = JSON.parse(run.stdout);
  return { mode: parsed.harness.mode, queries: parsed.queries.map((q) => [q.name, q.status, q.record_counts.outputs, q.assertions.map((a) => [a.type, a.passed])]) };
}

test('conformance apps: the same results against the broker as in process', { timeout: 600_000 }, async () => {
  const dir = examples();
  for (const app of APPS) {
    const inProcess = await report(join(dir, app), []);
    const kafka = await report(join(dir, app), ['--kafka', BROKERS]);
    assert.equal(inProcess.mode, 'in-process');
    assert.equal(kafka.mode, 'kafka');
    assert.deepEqual(kafka.queries, inProcess.queries, app);
    assert.ok(kafka.queries.every(([, status]) => status === 'passed'), `${app}: ${JSON.stringify(kafka.queries)}`);
  }
});

const FORMATS = join(import.meta.dirname, 'formats');

test('Avro and Protobuf topics (schemas in files beside the apps): the same results on the broker as in process', { timeout: 300_000 }, async () => {
  for (const app of ['avro_notional.sql', 'protobuf_big_trades.sql']) {
    const inProcess = await report(join(FORMATS, app), ['--schemas', 'schemas']);
    const kafka = await report(join(FORMATS, app), ['--schemas', 'schemas', '--kafka', BROKERS]);
    assert.deepEqual(kafka.queries, inProcess.queries, app);
    assert.ok(kafka.queries.every(([, status]) => status === 'passed'), `${app}: ${JSON.stringify(kafka.queries)}`);
  }
});

test('--kafka auto starts the project broker for the run (an Avro app) and stops it', { timeout: 300_000 }, async () => {
  const result = await report(join(FORMATS, 'avro_notional.sql'), ['--schemas', 'schemas', '--kafka', 'auto']);
  assert.equal(result.mode, 'kafka');
  assert.deepEqual(result.queries.map(([name, status, outputs]) => [name, status, outputs]), [['notional_by_symbol', 'passed', { avro_notional_by_symbol: 200 }]]);
});
