#!/usr/bin/env node
/**
 * `npm run eval:nl`: scores the offline NL engine (and Claude when ANTHROPIC_API_KEY is set) on
 * the shared development prompts and on this project's own prompts, by the protocol of
 * ../shared/nl/README.md. Prints valid %, same-result % and every miss. `--verbose` prints all.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const dist = resolve(here, '../../dist');
const { loadSchemaDirectory } = require(join(dist, 'harness/generator/load-schema.js'));
const { catalogFromSchemas } = require(join(dist, 'ai/nl/catalog.js'));
const { offlineResult } = require(join(dist, 'ai/nl/nl-to-sql.js'));
const { evalData, scoreQuery } = require(join(dist, 'ai/nl/score.js'));

const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const { sharedDir: findShared } = require('../../../scripts/shared-dir.cjs');
const sharedDir = findShared();
const schemaDir = join(sharedDir, 'conformance/harness_examples/schemas');
const SOURCES = ['market_data', 'sensor_readings', 'order_record', 'user_activity', 'product_record'];
const TABLES = ['product_record'];

const dir = loadSchemaDirectory(schemaDir);
const schemas = SOURCES.map((name) => dir.schemas.get(name)).filter(Boolean);
if (schemas.length !== SOURCES.length) {
  console.error(`eval:nl: the conformance schemas are missing under ${schemaDir}`);
  process.exit(2);
}
const catalog = catalogFromSchemas(schemas, TABLES);
const data = evalData(schemas, catalog);

const sets = [
  ['shared dev set', join(sharedDir, 'nl/dev_prompts.jsonl')],
  ['own prompts', join(here, 'own_prompts.jsonl')],
];

const engines = [['offline', async (prompt) => offlineResult(prompt, catalog)]];
if (process.env.ANTHROPIC_API_KEY) {
  const { claudeEngine } = require(join(dist, 'ai/nl/claude-nl.js'));
  const claude = claudeEngine({ env: process.env });
  engines.push(['claude', (prompt) => claude.toSql(prompt, { catalog }).catch((e) => ({ sql: e.sql ?? '', valid: false, explanation: e.message }))]);
}

let failed = false;
for (const [engineName, answer] of engines) {
  for (const [setName, file] of sets) {
    const prompts = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
    let valid = 0;
    let same = 0;
    const misses = [];
    for (const p of prompts) {
      const result = await answer(p.prompt);
      const score = result.sql ? await scoreQuery(result.sql, p.reference_sql, data) : { valid: false, same: false, detail: result.explanation };
      if (score.valid) valid++;
      if (score.same) same++;
      if (!score.same || verbose) misses.push(`  ${score.same ? 'ok  ' : score.valid ? 'DIFF' : 'BAD '} ${p.id} “${p.prompt}”\n       got: ${result.sql}\n       ref: ${p.reference_sql}${score.detail ? `\n       ${score.detail}` : ''}`);
    }
    const pct = (n) => ((100 * n) / prompts.length).toFixed(1);
    console.log(`${engineName} · ${setName} (${prompts.length} prompts): valid ${pct(valid)} %, same result ${pct(same)} %`);
    if (misses.length) console.log(misses.join('\n'));
    if (engineName === 'offline' && (valid / prompts.length < 0.9 || same / prompts.length < 0.8)) failed = true;
  }
}
process.exit(failed ? 1 : 0);
