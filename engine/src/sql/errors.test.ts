import { parse } from './parse';
import type { Diagnostic } from './diagnostics';

function firstError(sql: string): Diagnostic {
  const { diagnostics } = parse(sql);
  expect(diagnostics.length).toBeGreaterThan(0);
  return diagnostics[0];
}

describe('common mistakes read like a colleague hint', () => {
  test('WINDOW before GROUP BY (spec §14 example)', () => {
    expect(firstError('SELECT a FROM t WINDOW TUMBLING(1m) GROUP BY a')).toEqual({
      severity: 'error',
      code: 'VS204',
      message: 'GROUP BY after WINDOW',
      line: 1,
      column: 37,
      endLine: 1,
      endColumn: 42,
      token: 'GROUP',
      expected: ['HAVING', 'ORDER BY', 'LIMIT', 'EMIT', 'INTO', 'WITH', ';', '<end of input>'],
      hint: 'WINDOW before GROUP BY is not supported: move GROUP BY before WINDOW',
    });
  });

  test('WHERE after GROUP BY', () => {
    expect(firstError('SELECT a FROM t GROUP BY a WHERE a > 1')).toMatchObject({ column: 28, hint: 'WHERE must come before GROUP BY' });
  });

  test('EMIT twice', () => {
    expect(firstError('CREATE TABLE x AS SELECT a FROM t EMIT CHANGES WITH (\'a\' = \'b\') EMIT FINAL')).toMatchObject({
      code: 'VS204', message: 'EMIT appears twice',
    });
  });

  test('clauses after WITH in CREATE', () => {
    expect(firstError("CREATE STREAM s AS SELECT a FROM t GROUP BY a WITH ('k' = 'v') LIMIT 5")).toMatchObject({
      code: 'VS204', line: 1, column: 64, token: 'LIMIT', hint: 'LIMIT must come before WITH',
    });
  });

  test('unterminated string points at the opening quote', () => {
    expect(firstError("SELECT 'abc FROM t")).toMatchObject({
      code: 'VL102', line: 1, column: 8, endColumn: 9, message: "unterminated string starting with '",
    });
  });

  test('unterminated block comment', () => {
    expect(firstError('SELECT 1 /* never closed\nFROM t')).toMatchObject({ code: 'VL103', line: 1, column: 10 });
  });

  test('illegal characters', () => {
    expect(firstError('SELECT a ^ 2 FROM t')).toMatchObject({
      code: 'VL101', message: "illegal character '^'", column: 10, token: '^', hint: 'use POWER(a, b) for exponentiation',
    });
    expect(firstError('SELECT `a` FROM t')).toMatchObject({ code: 'VL101', hint: 'there are no quoted identifiers: write the plain name ("x" is a string)' });
    expect(firstError('@metric: x\nSELECT 1')).toMatchObject({ code: 'VL101', line: 1, column: 1, hint: 'annotations live in comments: write -- @key: value' });
  });

  test('trailing garbage after a complete statement', () => {
    expect(firstError('SELECT a FROM t x y')).toMatchObject({
      code: 'VS202', column: 19, token: 'y', message: "unexpected 'y' after the end of the statement",
      hint: 'the statement is already complete here; end it with ; before starting another',
    });
  });

  test('a misspelt clause keyword taken as an alias without AS is named at the alias', () => {
    expect(firstError('SELECT a, AVG(x) FORM t')).toEqual({
      severity: 'error',
      code: 'VS202',
      message: "unexpected 't' after alias FORM",
      line: 1,
      column: 18,
      endLine: 1,
      endColumn: 22,
      token: 'FORM',
      expected: ['FROM'],
      hint: 'did you mean FROM?',
    });
    // A source alias too: one deleted letter (WHER), one swapped pair (GORUP), any case.
    expect(firstError('SELECT a FROM t WHER x > 1')).toMatchObject({ column: 17, message: "unexpected 'x' after alias WHER", hint: 'did you mean WHERE?' });
    expect(firstError('SELECT a FROM t gorup BY a')).toMatchObject({ column: 17, message: "unexpected 'BY' after alias gorup", hint: 'did you mean GROUP?' });
    expect(firstError('SELECT a FROM t LIMITS 5')).toMatchObject({ message: "unexpected '5' after alias LIMITS", hint: 'did you mean LIMIT?' });
  });

  test('an alias far from every clause keyword keeps the generic error; a well-formed bare alias parses', () => {
    expect(firstError('SELECT a FORMS t')).toMatchObject({ column: 16, message: "unexpected 't' after the end of the statement" });
    const { statements, diagnostics } = parse('SELECT a, AVG(x) avgx FROM t');
    expect(diagnostics).toEqual([]);
    expect(statements[0]).toMatchObject({ kind: 'Select', query: { body: { items: [{ alias: undefined }, { alias: { name: 'avgx' }, aliasWithAs: false }] } } });
  });

  test('CREATE without AS SELECT or WITH', () => {
    expect(firstError('CREATE STREAM s')).toMatchObject({
      code: 'VS206', column: 16, message: 'CREATE STREAM needs AS SELECT … or WITH (…)',
    });
  });

  test('AS key', () => {
    expect(firstError('SELECT a AS key FROM t')).toMatchObject({
      code: 'VS207', column: 13, endColumn: 16, message: "'key' cannot be an alias", hint: 'KEY is reserved; choose another alias',
    });
    expect(firstError('SELECT a AS end FROM t').hint).toBe('END is reserved; choose another alias');
  });


  test.each([
    ['DROP STREAM x', 'VS205', 1, 'DROP is not supported; streams and tables live as long as their application'],
    ['SELECT * FROM a JOIN b USING (id)', 'VS205', 24, 'write ON a.col = b.col'],
    ['SELECT a FROM t GROUP BY a, TUMBLING(ts, INTERVAL \'1\' MINUTE)', 'VS205', 29, 'use WINDOW TUMBLING(…) after GROUP BY'],
    ['SELECT a FROM t GROUP BY a, TUMBLE(ts, INTERVAL \'1\' MINUTE) WINDOW TUMBLING(1m)', 'VS205', 61, 'keep either the GROUP BY window function or the WINDOW clause'],
    ['SELECT LAG(x) OVER (ROWS WINDOW BUFFER 5 ROWS EMIT CHANGES) FROM t', 'VS201', 47, 'use EMIT EVERY RECORD or EMIT ON BUFFER FULL'],
    ['SELECT LAG(x) OVER (ROWS WINDOW BUFFER 5 ROWS EMIT ON BUFFER_FULL) FROM t', 'VS201', 47, 'write EMIT ON BUFFER FULL'],
    ['SELECT LAG(x) OVER w FROM t', 'VS201', 15, 'define it after HAVING: WINDOW w AS (PARTITION BY … ORDER BY …)'],
    // ⊕X30 OVER (w …) may add to w only what the SQL standard lets it add.
    ['SELECT SUM(x) OVER (w PARTITION BY t) FROM s WINDOW w AS (PARTITION BY k)', 'VS201', 23, 'w decides the partitions; add PARTITION BY to WINDOW w AS (…), or write the whole specification here'],
    ['SELECT SUM(x) OVER (w ORDER BY t) FROM s WINDOW w AS (PARTITION BY k ORDER BY u)', 'VS201', 32, 'w already orders its rows; drop ORDER BY here, or define another window'],
    ['SELECT SUM(x) OVER (w ROWS 2 PRECEDING) FROM s WINDOW w AS (ORDER BY t ROWS 3 PRECEDING)', 'VS201', 21, 'move the frame out of WINDOW w AS (…) into each OVER that needs it, or write OVER w'],
    ['SELECT SUM(x) OVER (w) FROM s WINDOW w AS (ORDER BY t ROWS 3 PRECEDING)', 'VS201', 21, 'write OVER w without parentheses to use it as it is'],
    ['SELECT SUM(x) OVER (v ORDER BY t) FROM s WINDOW w AS (PARTITION BY k)', 'VS201', 21, 'define it after HAVING: WINDOW v AS (PARTITION BY … ORDER BY …)'],
    ['SELECT SUM(x) OVER w2 FROM s WINDOW w2 AS (w1 ORDER BY t), w1 AS (PARTITION BY k)', 'VS201', 44, 'a window definition can extend only a window defined before it in the same WINDOW clause'],
    ['SELECT SUM(x ORDER BY y) FROM t', 'VS201', 8, 'only STRING_AGG and LISTAGG order their values: STRING_AGG(x, sep ORDER BY y)'],
    ['SELECT a FROM t WINDOW TUMBLING(5M)', 'VL105', 33, 'duration units are lower-case: write 5m'],
    ['SELECT a FROM t WINDOW TUMBLING(1h30m)', 'VL105', 33, 'compound durations are not supported; use one unit (90m, not 1h30m)'],
    ["SELECT INTERVAL '1.5 hour' FROM t", 'VS208', 17, "write a whole number and a unit: INTERVAL '1' HOUR"],
    ["SELECT a FROM t WINDOW TUMBLING(ts, INTERVAL '1' MONTH)", 'VS208', 37, "months and years only work in date arithmetic (ts + INTERVAL '1' MONTH); use DAY(S) or WEEK(S)"],
    // Constructs the dialect refuses on purpose (spec §2, end): named, with the alternative.
    ['SELECT * FROM t MATCH_RECOGNIZE (PARTITION BY k)', 'VS205', 17, 'MATCH_RECOGNIZE is not supported; detect patterns with LAG/LEAD over OVER (…) or a SESSION window'],
    ['WITH RECURSIVE r AS (SELECT a FROM t) SELECT * FROM r', 'VS205', 6, 'streams have no recursive queries; write each level as its own CTE or CREATE STREAM'],
    ['SELECT ** FROM t', 'VS205', 8, 'name each level of the path: profile.*.email, or profile.contact.email'],
    ['SELECT a.**.b FROM t', 'VS205', 10, 'name each level of the path: profile.*.email, or profile.contact.email'],
    ['SELECT items[0:3] FROM t', 'VS205', 15, 'index one element at a time: items[0], items[1]; or use the whole array'],
    ['SELECT * FROM (SELECT a, b FROM t) x PIVOT (SUM(b) FOR a IN (1, 2))', 'VS205', 38, "PIVOT is not supported; write one aggregate per column: SUM(CASE WHEN k = 'a' THEN v END) AS a"],
    ['SELECT * FROM t CROSS JOIN JSON_TABLE(t.doc, \'$.items[*]\')', 'VS205', 28, "JSON_TABLE is not supported; read JSON fields with JSON_VALUE(col, '$.path') or a path such as col.field"],
    ['SELECT CAST(x AS JSON) FROM t', 'VS208', 18, "CAST(… AS JSON) is not supported; JSON text is a STRING: read fields with JSON_VALUE(x, '$.path')"],
    ['SELECT a FROM t WHERE x > 5m', 'VS201', 28, "durations like 5m only go in WINDOW and JOIN … WITHIN; in expressions write INTERVAL '5' <UNIT>"],
    ['SELECT a FROM t LIMIT 5 JOIN u ON a = b', 'VS204', 25, 'JOIN must come right after FROM (before WHERE and GROUP BY)'],
    ['SELECT * FROM a, b', 'VS205', 16, 'comma joins are not supported; use JOIN … ON <condition>'],
    ['SELECT a FROM t WINDOW BOUNCING(5m)', 'VS201', 24, 'use TUMBLING(…), SLIDING(…) or SESSION(…)'],
    ["SELECT a FROM 'trades'", 'VS208', 15, "write the stream name without quotes, or a URI such as 'kafka://topic'"],
    ['SELECT kafka://x FROM t', 'VS201', 8, 'unquoted URIs are only allowed as a source after FROM or JOIN; quote it to make a string'],
  ])('%s', (sql, code, column, hint) => {
    expect(firstError(sql)).toMatchObject({ code, line: 1, column, hint });
  });

  test('unexpected end of input points just after the last token', () => {
    expect(firstError('SELECT a FROM t WHERE')).toMatchObject({
      code: 'VS203', line: 1, column: 22, token: '<end of input>', expected: ['expression'],
    });
  });

  test('only the first error of a statement is reported; other statements still parse', () => {
    const result = parse('SELECT FROM;\nSELECT 1;\nSELECT a b c;');
    expect(result.diagnostics.map((d) => d.line)).toEqual([1, 3]);
    expect(result.statements.map((s) => s.index)).toEqual([1]);
    expect(result.statementCount).toBe(3);
  });

  test('integers beyond 64 bits are lexical errors', () => {
    expect(firstError('SELECT 9223372036854775808')).toMatchObject({ code: 'VL104', column: 8 });
  });
});
