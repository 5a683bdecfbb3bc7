import { parse } from './parse';

describe('splitting and comment ownership (§3.1)', () => {
  const app = [
    '-- SQL Application: demo_app', //                    line 1
    '-- Version: 2.1.0',
    '-- Dependencies: a, b',
    '-- Tag: team: payments',
    '-- @application: demo', //                           line 5
    '',
    "CREATE STREAM s1 AS SELECT ';' AS semi FROM t; -- trailing note",
    '/* block; with semicolon */',
    '--@Metric :  velo_total   -- counts rows', //        line 9
    '-- Name: second',
    'SELECT 2',
    '-- after the last statement',
  ].join('\n');
  const result = parse(app);

  test('semicolons inside strings and comments do not split; the final statement needs no ;', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.statements.map((s) => s.text)).toEqual(["CREATE STREAM s1 AS SELECT ';' AS semi FROM t", 'SELECT 2']);
  });

  test('the file header belongs to the first statement', () => {
    const [first] = result.statements;
    expect(first.comments.map((c) => c.span.start.line)).toEqual([1, 2, 3, 4, 5]);
    expect(first.annotations).toEqual([
      expect.objectContaining({ key: 'application', rawKey: 'application', value: 'demo', line: 5, column: 4 }),
    ]);
  });

  test('comments after a ; belong to the next statement; annotation keys are case-insensitive', () => {
    const second = result.statements[1];
    expect(second.comments.map((c) => c.text)).toEqual([
      '-- trailing note',
      '/* block; with semicolon */',
      '--@Metric :  velo_total   -- counts rows',
      '-- Name: second',
    ]);
    expect(second.annotations).toEqual([
      expect.objectContaining({ key: 'metric', rawKey: 'Metric', value: 'velo_total', line: 9, column: 3 }),
    ]);
    expect(second.headerLines).toEqual([expect.objectContaining({ key: 'name', value: 'second' })]);
  });

  test('comments after the last statement are trailing', () => {
    expect(result.trailingComments.map((c) => c.text)).toEqual(['-- after the last statement']);
  });

  test('application header from header lines', () => {
    expect(result.header).toEqual({
      name: 'demo_app', version: '2.1.0', dependencies: ['a', 'b'], tags: { team: 'payments' },
    });
  });

  test('empty statements are skipped and their comments move on', () => {
    const r = parse('SELECT 1;\n-- @name: x\n;\nSELECT 2;');
    expect(r.statementCount).toBe(2);
    expect(r.statements[1].annotations.map((a) => a.value)).toEqual(['x']);
  });

  test('an annotation value keeps quotes and # (the validator interprets it)', () => {
    const r = parse('-- @metric_help: "Total # of rows"\nSELECT 1');
    expect(r.statements[0].annotations[0].value).toBe('"Total # of rows"');
  });

  test('extension uses are collected per statement and for the file', () => {
    const r = parse('SELECT a % 2 FROM t;\nSELECT t.* FROM t;');
    expect(r.statements.map((s) => s.extensions.map((e) => e.id))).toEqual([['X8'], ['X7']]);
    expect(r.extensions.map((e) => `${e.id}@${e.span.start.line}:${e.span.start.column}`)).toEqual(['X8@1:10', 'X7@2:8']);
  });
});
