#!/usr/bin/env node
// The Kafka end-to-end stage: starts a broker of its own with scripts/kafka.mjs (fresh storage
// on a test port), runs the suites against it with KAFKA_BOOTSTRAP_SERVERS set, and stops it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..', '..');
const PORT = process.env.VELO_KAFKA_TEST_PORT ?? '19392';
const dir = mkdtempSync(join(tmpdir(), 'velo-kafka-e2e-'));
const broker = (command) =>
  spawnSync(process.execPath, [join(ROOT, 'scripts', 'kafka.mjs'), command, '--port', PORT, '--dir', dir], { stdio: 'inherit' }).status;

let status = broker('start');
if (status === 0) {
  const env = { ...process.env, KAFKA_BOOTSTRAP_SERVERS: `127.0.0.1:${PORT}`, VELO_KAFKA_TEST_PORT: PORT, VELO_KAFKA_TEST_DIR: dir };
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.test.mjs'))
    .map((f) => join(HERE, f));
  const only = process.argv.slice(2);
  status = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...(only.length ? only : files)], { stdio: 'inherit', env, cwd: ROOT }).status ?? 1;
  if (only.length === 0) {
    // The kernel against the same broker (skipped by the plain kernel stage, which has none).
    const python = join(ROOT, '.venv', 'bin', 'python');
    const kernel = spawnSync(python, ['-m', 'pytest', '-q', join(ROOT, 'tests', 'e2e', 'kernel', 'test_kafka_kernel.py')], { stdio: 'inherit', env, cwd: ROOT });
    status = status || (kernel.status ?? 1);
  }
  broker('stop');
}
rmSync(dir, { recursive: true, force: true });
process.exit(status);
