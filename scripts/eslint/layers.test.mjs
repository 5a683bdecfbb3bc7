/**
 * The layer rule as `npm run lint` applies it: a deliberate upward import fails with a message
 * naming both layers; the same file importing downward passes. Runs the project's own eslint
 * with its own configuration on text given through stdin (nothing is written to the tree).
 */
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ESLINT = join(ROOT, 'node_modules', '.bin', 'eslint');

function lint(file, text) {
  const r = spawnSync(ESLINT, ['--no-warn-ignored', '--stdin', '--stdin-filename', file], { cwd: ROOT, input: text, encoding: 'utf8' });
  return { status: r.status, output: r.stdout + r.stderr };
}

test('engine: the validator importing the connector layer fails lint', () => {
  const r = lint('engine/src/sql/upward.ts', "import { TopicStore } from '../connectors/topics/topic-store';\nexport const x = TopicStore;\n");
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /engine\/src\/sql may not import engine\/src\/connectors: layers only import downward/);
});

test('engine: the planner importing the value model (a lower layer) passes', () => {
  const r = lint('engine/src/plan/downward.ts', "import { Scaled } from '../types/values/types';\nexport const x = Scaled;\n");
  assert.equal(r.status, 0, r.output);
});

test('engine: the harness importing ai (above it), even as a type or dynamically, fails', () => {
  const r = lint(
    'engine/src/harness/upward.ts',
    "import type { AnalyzerOptions } from '../ai/analyzers';\nexport type O = AnalyzerOptions;\nexport const load = () => import('../cli/command');\n",
  );
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /engine\/src\/harness may not import engine\/src\/ai/);
  assert.match(r.output, /engine\/src\/harness may not import engine\/src\/cli/);
});

test('engine: a new top-level folder must be placed in the layer list', () => {
  const r = lint('engine/src/newlayer/x.ts', 'export const x = 1;\n');
  assert.equal(r.status, 1, r.output);
  assert.match(r.output, /'newlayer' is not in the layer list of engine\/src/);
});

test('kernel: session importing the executor or the engine fails; protocol importing the engine fails', () => {
  const session = lint(
    'kernel/src/session/upward.ts',
    "import { startQuery } from '@velostream/engine';\nimport { checkComplete } from '../executor/language/is-complete';\nexport const x = [startQuery, checkComplete];\n",
  );
  assert.equal(session.status, 1, session.output);
  assert.match(session.output, /kernel\/src\/session may not import @velostream\/engine/);
  assert.match(session.output, /kernel\/src\/session may not import kernel\/src\/executor/);
  const protocol = lint('kernel/src/protocol/upward.ts', "import { MAGICS } from '../magics/registry';\nexport const x = MAGICS;\n");
  assert.equal(protocol.status, 1, protocol.output);
  assert.match(protocol.output, /kernel\/src\/protocol may not import kernel\/src\/magics/);
});

test('kernel: the executor reaching into engine internals fails; the public index passes', () => {
  const deep = lint('kernel/src/executor/deep.ts', "import { parse } from '../../../engine/src/sql/parse';\nexport const x = parse;\n");
  assert.equal(deep.status, 1, deep.output);
  assert.match(deep.output, /kernel\/src\/executor may not import engine/);
  const index = lint('kernel/src/executor/index-only.ts', "import { parse } from '@velostream/engine';\nexport const x = parse;\n");
  assert.equal(index.status, 0, index.output);
});
