/**
 * Seeded fuzzing: mutated statements from the conformance corpus and the spec's examples must
 * never make `parse` throw, and every rejection must carry a position.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Random } from '../types/prng';
import { parse } from './parse';
import { CONFORMANCE } from '../../test/shared';


function corpus(): string[] {
  const texts: string[] = [];
  const jsonl = path.join(CONFORMANCE, 'parse', 'copy_paste_examples.jsonl');
  if (fs.existsSync(jsonl)) {
    for (const line of fs.readFileSync(jsonl, 'utf8').split('\n')) if (line.trim()) texts.push(JSON.parse(line).sql);
  }
  const walk = (dir: string): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      // One statement per text: the fuzzer mutates statements, not whole files.
      else if (entry.name.endsWith('.sql')) texts.push(...fs.readFileSync(full, 'utf8').split(/;\s*\n/).filter((t) => t.trim()));
    }
  };
  walk(CONFORMANCE);
  // Spec examples, so the fuzzer has material even without the shared corpus.
  texts.push(
    "SELECT symbol, AVG(price) AS avg_5m FROM trades GROUP BY symbol WINDOW SLIDING(_event_time, 5m, 1m) EMIT CHANGES",
    'SELECT symbol, price, LAG(price, 1) OVER (ROWS WINDOW BUFFER 20 ROWS PARTITION BY symbol ORDER BY event_ts) AS prev FROM trades',
    "INSERT INTO alerts_sink WITH logins AS (SELECT account, device FROM auth_events WHERE ok = FALSE) SELECT account, COUNT(DISTINCT device) AS devices FROM logins GROUP BY account WINDOW HOPPING(login_ts, INTERVAL '10' MINUTE, INTERVAL '1' MINUTE) HAVING COUNT(DISTINCT device) > 3",
    "SELECT order_id, CASE WHEN amount > 1000 THEN 'large' ELSE 'small' END AS size FROM orders WHERE customer_id IN (SELECT id FROM customers WHERE status = 'active')",
  );
  return texts;
}

const FRAGMENTS = ['SELECT', 'FROM', 'WHERE', 'GROUP BY', 'WINDOW', 'EMIT', 'WITH', '(', ')', ',', ';', "'", '"', '/*', '--',
  '.', '*', 'AS', 'key', '5m', 'INTERVAL', 'OVER', 'JOIN', 'ON', '^', '@', '`', 'kafka://x', 'NOT', 'CASE', 'END', '1.5e', '99999999999999999999'];

function mutate(text: string, random: () => number): string {
  const words = text.split(/(\s+)/);
  const pick = (n: number) => Math.floor(random() * n);
  const edits = 1 + pick(3);
  let out = text;
  for (let e = 0; e < edits; e++) {
    switch (pick(5)) {
      case 0: { // delete a character range
        const at = pick(out.length);
        out = out.slice(0, at) + out.slice(at + 1 + pick(8));
        break;
      }
      case 1: { // insert a fragment
        const at = pick(out.length + 1);
        out = `${out.slice(0, at)} ${FRAGMENTS[pick(FRAGMENTS.length)]} ${out.slice(at)}`;
        break;
      }
      case 2: { // swap two words
        const i = pick(words.length);
        const j = pick(words.length);
        [words[i], words[j]] = [words[j], words[i]];
        out = words.join('');
        break;
      }
      case 3: { // delete a word
        const i = pick(words.length);
        words.splice(i, 1);
        out = words.join('');
        break;
      }
      default: { // duplicate a slice
        const at = pick(out.length);
        out = out.slice(0, at) + out.slice(at, at + pick(20)) + out.slice(at);
      }
    }
  }
  return out;
}

test('10,000 mutated statements: no exception escapes, every rejection has a position', () => {
  const texts = corpus();
  const seeded = new Random(20240611);
  const random = () => seeded.nextFloat();
  let rejected = 0;
  for (let i = 0; i < 10_000; i++) {
    const source = texts[i % texts.length];
    const mutated = mutate(source, random);
    let result;
    try {
      result = parse(mutated);
    } catch (err) {
      throw new Error(`parse threw on mutation ${i}: ${(err as Error).stack}\n--- input ---\n${mutated}`);
    }
    for (const d of result.diagnostics) {
      if (!(d.line >= 1 && d.column >= 1 && d.endLine >= d.line && d.code && d.message)) {
        throw new Error(`diagnostic without a position on mutation ${i}: ${JSON.stringify(d)}\n--- input ---\n${mutated}`);
      }
    }
    if (result.diagnostics.length > 0) rejected++;
  }
  // Most mutations break something; a fuzzer that never hits an error tests nothing.
  expect(rejected).toBeGreaterThan(5_000);
});
