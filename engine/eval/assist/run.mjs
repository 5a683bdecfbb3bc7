#!/usr/bin/env node
/**
 * `npm run eval:assist`: scores the offline inline completer on `cases.jsonl` (cell text around
 * a cursor and what a skilled user would type next) against `catalog.json`. A suggestion is
 * accepted when it equals the expected text (whitespace and keyword case aside) or when both
 * make the cell valid and the cells format to the same SQL. Reports accepted %, valid-after-insert
 * %, p50/p95 latency and every miss; exits 1 below 95 % valid or 60 % accepted. `--verbose` prints all.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dist = resolve(here, '../../dist');
const { offlineComplete } = require(join(dist, 'ai/assist/offline-completer.js'));
const { sameInsertion } = require(join(dist, 'ai/assist/equivalence.js'));

const VALID_TARGET = 95;
const ACCEPT_TARGET = 60;
const verbose = process.argv.includes('--verbose');
const baseCatalog = JSON.parse(readFileSync(join(here, 'catalog.json'), 'utf8'));
const cases = readFileSync(join(here, 'cases.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

// Warm the parser, validator and planner once, as a running kernel would be.
offlineComplete('SELECT * FROM ', '', baseCatalog);

let valid = 0;
let accepted = 0;
const latencies = [];
for (const c of cases) {
  const catalog = c.parameters ? { ...baseCatalog, parameters: c.parameters } : baseCatalog;
  const started = performance.now();
  const suggestion = offlineComplete(c.prefix, c.suffix, catalog);
  latencies.push(performance.now() - started);
  const same = sameInsertion(c.prefix, suggestion.text, c.expected, c.suffix, catalog);
  if (suggestion.valid) valid++;
  if (same) accepted++;
  if (verbose || !same || !suggestion.valid) {
    const mark = `${same ? 'match' : 'MISS '} ${suggestion.valid ? 'valid  ' : 'INVALID'}`;
    console.log(`${mark} ${c.id}: ${JSON.stringify(c.prefix + '▮' + c.suffix)}\n    got      ${JSON.stringify(suggestion.text)}\n    expected ${JSON.stringify(c.expected)}`);
  }
}
latencies.sort((a, b) => a - b);
const pct = (n) => (100 * n) / cases.length;
const quantile = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
console.log(`\neval:assist (offline completer, ${cases.length} cases): accepted as-is ${pct(accepted).toFixed(1)} %, valid after insert ${pct(valid).toFixed(1)} %, latency p50 ${quantile(0.5).toFixed(1)} ms, p95 ${quantile(0.95).toFixed(1)} ms`);
if (pct(valid) < VALID_TARGET || pct(accepted) < ACCEPT_TARGET) {
  console.error(`eval:assist: below target (≥ ${VALID_TARGET} % valid, ≥ ${ACCEPT_TARGET} % accepted)`);
  process.exit(1);
}
