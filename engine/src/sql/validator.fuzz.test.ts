/**
 * Seeded fuzzing of parse + validate: 10 000 mutations of real statements (conformance corpus,
 * spec examples, annotated statements) must never throw, and every error must have a position.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Random } from '../types/prng';
import { parse } from './parse';
import { validate } from './validator';
import { SHARED } from '../../test/shared';

const MUTATIONS = 10_000;
const SEED = 20261122;

function corpus(): string[] {
  const texts: string[] = [];
  for (const line of fs.readFileSync(path.join(SHARED, 'conformance/parse/copy_paste_examples.jsonl'), 'utf8').split('\n')) {
    if (line.trim()) texts.push((JSON.parse(line) as { sql: string }).sql);
  }
  const spec = fs.readFileSync(path.join(SHARED, 'spec/dialect.md'), 'utf8');
  texts.push(...spec.slice(spec.indexOf('## 17.')).split('```sql').slice(1).map((b) => b.split('```')[0]));
  texts.push(
    '-- @metric: m\n-- @metric_type: histogram\n-- @metric_field: v\n-- @metric_buckets: [1, 2]\n-- @alert: v > 1\n-- @alert_for: 5m\n-- @viz: line x=a y=v\n-- @assert: field_values(v > 0)\n-- @data.v: range [1, 5]\nCREATE STREAM s AS SELECT a, v FROM t',
    "SELECT a FROM t WHERE b IN (SELECT c FROM u WHERE u.d = t.a) AND EXISTS (SELECT 1 FROM u) AND x > ANY (SELECT y FROM u)",
  );
  return texts;
}

const INSERTS = [
  ' ', '(', ')', ',', ';', "'", '"', '--', '/*', '*', '-', 'NOT ', ' AS ', ' SELECT ', ' FROM ', ' WHERE ', ' GROUP BY ', ' WINDOW ',
  ' OVER (', ' EMIT FINAL', ' WITH (', "'x.type' = 'kafka_source'", ' COUNT(*) ', ' SUM(', 'DISTINCT ', ' JOIN t2 ON ', ' 5m', 'INTERVAL ',
  '-- @metric: x\n', '-- @alert: \n', '-- @assert: no_nulls(\n', '-- @viz: pie y=\n', '@', '0.5', 'key', '_window_start', 'WITHIN GROUP (ORDER BY a)',
];

function mutate(text: string, next: () => number): string {
  const pick = (n: number) => Math.floor(next() * n);
  const words = text.split(/(\s+)/);
  switch (pick(5)) {
    case 0: // drop a word
      words.splice(pick(words.length), 1);
      return words.join('');
    case 1: // duplicate a word elsewhere
      words.splice(pick(words.length), 0, words[pick(words.length)] ?? '');
      return words.join('');
    case 2: {
      // insert a fragment at a random offset
      const at = pick(text.length + 1);
      return text.slice(0, at) + INSERTS[pick(INSERTS.length)] + text.slice(at);
    }
    case 3: // truncate
      return text.slice(0, pick(text.length + 1));
    default: {
      // swap two words
      const i = pick(words.length);
      const j = pick(words.length);
      [words[i], words[j]] = [words[j], words[i]];
      return words.join('');
    }
  }
}

test(`${MUTATIONS} mutated statements: no exception, every error has a position`, () => {
  const texts = corpus();
  const seeded = new Random(SEED);
  const next = () => seeded.nextFloat();
  let errors = 0;
  for (let i = 0; i < MUTATIONS; i++) {
    let text = texts[Math.floor(next() * texts.length)];
    for (let k = 1 + Math.floor(next() * 3); k > 0; k--) text = mutate(text, next);
    let diagnostics;
    try {
      diagnostics = validate(parse(text), { baseDir: __dirname, env: {} });
    } catch (e) {
      throw new Error(`validate threw on mutation ${i}: ${(e as Error).stack}\n--- input ---\n${text}`);
    }
    for (const d of diagnostics) {
      if (d.severity !== 'error') continue;
      errors++;
      const positioned = d.line >= 1 && d.column >= 1 && (d.endLine > d.line || (d.endLine === d.line && d.endColumn >= d.column));
      if (!positioned) throw new Error(`error without a position on mutation ${i}: ${JSON.stringify(d)}\n--- input ---\n${text}`);
    }
  }
  // The mutations do break statements: most runs report errors.
  expect(errors).toBeGreaterThan(MUTATIONS / 2);
}, 120_000);
