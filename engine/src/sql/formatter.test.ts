import * as fs from 'fs';
import * as path from 'path';
import type { Statement } from './ast';
import { format } from './formatter';
import { parse } from './parse';
import { SHARED, CONFORMANCE } from '../../test/shared';


/** Position, comment and spelling fields: everything that may change without changing meaning. */
const IGNORED = new Set([
  'span', 'nameSpan', 'keySpan', 'valueSpan', 'partSpan', 'comments', 'annotations', 'headerLines', 'extensions', 'index',
  'aliasWithAs', 'keyQuoted', 'valueQuoted', 'clauseOrder', 'emitAfterWith', 'original',
]);

function normalise(node: unknown): unknown {
  if (typeof node === 'bigint') return node.toString();
  if (Array.isArray(node)) return node.map(normalise);
  if (node === null || typeof node !== 'object') return node;
  const object = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (IGNORED.has(key) || value === undefined) continue;
    // Statement text, a type's spelling and a function name's case are as written.
    if (key === 'text' && ('index' in object || object.kind === 'Type')) continue;
    if (key === 'name' && object.kind === 'FunctionCall') continue;
    out[key] = normalise(value);
  }
  return out;
}

function corpus(): Array<[string, string]> {
  const cases: Array<[string, string]> = [];
  // The reference's parser corpus and the statements of its SQL documentation (issue 9).
  for (const dir of [path.join(CONFORMANCE, 'parse'), path.join(SHARED, 'conformance-docs', 'parse')]) {
    const rejected = new Set(
      fs.readFileSync(path.join(dir, 'expected_rejections.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')),
    );
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
      for (const line of fs.readFileSync(path.join(dir, name), 'utf8').split('\n').filter(Boolean)) {
        const item = JSON.parse(line) as { id: string; sql: string };
        if (!rejected.has(item.id)) cases.push([item.id, item.sql]);
      }
    }
  }
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.sql') ? [path.join(dir, e.name)] : []));
  for (const file of walk(CONFORMANCE)) cases.push([path.relative(CONFORMANCE, file), fs.readFileSync(file, 'utf8')]);
  const spec = fs.readFileSync(path.join(SHARED, 'spec/dialect.md'), 'utf8');
  spec.slice(spec.indexOf('## 17.')).split('```sql').slice(1).forEach((block, i) => cases.push([`dialect §17 example ${i + 1}`, block.split('```')[0]]));
  return cases;
}

describe('parse → format → parse gives the same tree', () => {
  const cases = corpus();
  test('the corpus is there', () => expect(cases.length).toBeGreaterThan(100));

  test.each(cases)('%s', (_, sql) => {
    const parsed = parse(sql);
    expect(parsed.diagnostics).toEqual([]);
    for (const statement of parsed.statements) {
      const text = format(statement);
      const again = parse(text);
      expect({ text, diagnostics: again.diagnostics }).toEqual({ text, diagnostics: [] });
      expect(again.statements).toHaveLength(1);
      expect(normalise(again.statements[0])).toEqual(normalise(statement));
      // Canonical text is a fixpoint.
      expect(format(again.statements[0] as Statement)).toBe(text);
    }
  });
});

describe('canonical form (§15)', () => {
  const canonical = (sql: string) => format(parse(sql).statements[0]);

  test('upper-case keywords, fixed clause order, AS for select aliases, quoted WITH', () => {
    expect(canonical("create stream o as select a x, count(*) from t window tumbling(1m) group by a emit changes with ('t.type'='kafka_source')")).toBe(
      [
        'CREATE STREAM o AS',
        'SELECT a AS x, COUNT(*)',
        'FROM t',
        'GROUP BY a',
        'WINDOW TUMBLING(1m)',
        'EMIT CHANGES',
        'WITH (',
        "    't.type' = 'kafka_source'",
        ')',
        '',
      ].join('\n').replace(/\n$/, ';\n'),
    );
  });

  test('FROM aliases take AS inside CREATE only (X21 elsewhere)', () => {
    expect(canonical('CREATE STREAM s AS SELECT o.id FROM orders o')).toContain('FROM orders AS o');
    expect(canonical('SELECT o.id FROM orders o')).toContain('FROM orders o;');
  });

  test('precedence is kept with the fewest parentheses', () => {
    expect(canonical('SELECT (a + b) * c AS x, a + (b * c) AS y, NOT (a = b) AS z, - (a + b) AS w, a - (b - c) AS v FROM t')).toBe(
      'SELECT (a + b) * c AS x, a + b * c AS y, NOT (a = b) AS z, -(a + b) AS w, a - (b - c) AS v\nFROM t;\n',
    );
  });

  test('DECIMAL keeps its precision and scale, so formatting never changes a cast', () => {
    expect(canonical('SELECT CAST(p AS decimal(10,2)) AS a, CAST(q AS NUMERIC(5)) AS b FROM t')).toContain(
      'CAST(p AS DECIMAL(10, 2)) AS a, CAST(q AS DECIMAL(5, 0)) AS b',
    );
  });

  test('extension forms stay as written', () => {
    const text = canonical("SELECT COUNT(DISTINCT x) AS n, a % 2 AS m, CASE a WHEN 1 THEN 'one' END AS c FROM t FULL JOIN u ON t.id = u.id WINDOW HOPPING(INTERVAL '10' MINUTE, INTERVAL '1' MINUTE)");
    expect(text).toContain('COUNT(DISTINCT x)');
    expect(text).toContain('a % 2');
    expect(text).toContain("CASE a WHEN 1 THEN 'one' END");
    expect(text).toContain('FULL JOIN u ON t.id = u.id');
    expect(text).toContain("WINDOW HOPPING(INTERVAL '10' MINUTE, INTERVAL '1' MINUTE)");
  });

  test('a whole file keeps each statement with its annotations', () => {
    const file = '-- SQL Application: demo\n-- @name: one\nselect a from t;\n\n-- @metric: m\nselect b from u;\n-- the end\n';
    expect(format(parse(file))).toBe('-- SQL Application: demo\n-- @name: one\nSELECT a\nFROM t;\n\n-- @metric: m\nSELECT b\nFROM u;\n\n-- the end\n');
  });
});
