import { parseArgs, parseDuration, splitWords } from './args';
import { splitCell } from './cell';
import { cellError, printError } from '../errors';
import { Parameters, parseLiteral, parseSet, substitute } from './params';

describe('cell grammar (§4.1)', () => {
  it('splits line magics and statements in order; ; inside strings and comments does not end a statement', () => {
    const code = "%generate s\nSELECT ';' AS a; -- x;\n/* ; */ SELECT 2;\n%jobs";
    const shape = splitCell(code);
    expect(shape).toEqual({
      kind: 'items',
      items: [
        { kind: 'magic', name: 'generate', args: 's', nameStart: 1, argsStart: 9 },
        { kind: 'statement', text: "\nSELECT ';' AS a;", start: 11 },
        { kind: 'statement', text: ' -- x;\n/* ; */ SELECT 2;', start: 28 },
        { kind: 'magic', name: 'jobs', args: '', nameStart: 54, argsStart: 58 },
      ],
    });
  });

  it('a cell magic takes the first non-blank line and the body', () => {
    expect(splitCell('\n%%sql --for 2s\nSELECT 1;')).toMatchObject({ kind: 'cell-magic', name: 'sql', args: '--for 2s', body: 'SELECT 1;', bodyStart: 16 });
  });

  it('a % line inside an open statement is a syntax error with a hint; %% later is a magic error', () => {
    expect(splitCell('SELECT a\n%jobs\nFROM t;')).toMatchObject({ ename: 'SqlSyntaxError', at: { start: 9, end: 14 } });
    expect(splitCell('SELECT 1;\n%%sql')).toMatchObject({ ename: 'MagicError', message: 'cell magic %%sql must be on the first line of the cell' });
  });
});

describe('parameters (§4.3)', () => {
  it('parses literals keeping their type', () => {
    expect(['42', '-1.50', '1e3', 'true', 'null', "'it''s'"].map(parseLiteral)).toEqual([
      { type: 'INTEGER', text: '42' },
      { type: 'DECIMAL', text: '-1.50' },
      { type: 'FLOAT', text: '1e3' },
      { type: 'BOOLEAN', text: 'TRUE' },
      { type: 'NULL', text: 'NULL' },
      { type: 'STRING', text: "it's" },
    ]);
    expect(parseLiteral('AAPL')).toBeNull();
  });

  it('recognises SET after comments, SET alone, and rejects a bare word value', () => {
    expect(parseSet('-- p\nSET symbol = \'AAPL\';', 0)).toEqual({ kind: 'set', name: 'symbol', value: { type: 'STRING', text: 'AAPL' } });
    expect(parseSet('  SET ;', 0)).toEqual({ kind: 'list' });
    expect(parseSet('SELECT 1', 0)).toBeNull();
    expect(parseSet('SET s = AAPL;', 10)).toMatchObject({ ename: 'SqlSyntaxError', at: { start: 18, end: 22 } });
  });

  it('substitutes known names textually, keeps unknown ones and $${, and maps offsets back', () => {
    const params = new Parameters();
    params.set('sym', { type: 'STRING', text: 'AAPL' });
    params.set('n', { type: 'INTEGER', text: '10' });
    const s = substitute("WHERE s = '${sym}' AND x > ${n} AND e = '${HOME}' AND l = '$${sym}'", params);
    expect(s.text).toBe("WHERE s = 'AAPL' AND x > 10 AND e = '${HOME}' AND l = '${sym}'");
    // `AND` after the first replacement: 4 characters shorter than the original
    expect(s.toOriginal(s.text.indexOf('AND'))).toBe(19);
    // inside a replacement → the `${` that produced it
    expect(s.toOriginal(12)).toBe(11);
  });
});

describe('magic arguments', () => {
  const specs = [
    { name: 'for', kind: 'duration' as const, value: 'D', help: '' },
    { name: 'limit', kind: 'integer' as const, value: 'N', help: '' },
    { name: 'mode', kind: 'string' as const, value: 'M', choices: ['append', 'update'], help: '' },
    { name: 'all', kind: 'flag' as const, help: '' },
  ];

  it('splits shell-like words and parses --key value, --key=value, flags', () => {
    expect(splitWords(`a "b c" 'd e' f\\ g`)).toEqual(['a', 'b c', 'd e', 'f g']);
    expect(parseArgs('x --for 2m --limit=5 --all --mode update', specs, '%%sql')).toEqual({
      options: { for: 120000, limit: 5, all: true, mode: 'update' },
      positional: ['x'],
    });
  });

  it('durations: 250ms, 3s, 2m, 1h, bare seconds', () => {
    expect(['250ms', '3s', '2m', '1h', '1.5'].map(parseDuration)).toEqual([250, 3000, 120000, 3600000, 1500]);
    expect(parseDuration('3 days')).toBeNull();
  });

  it('unknown options and bad values list what is valid', () => {
    expect(parseArgs('--bogus', specs, '%%sql')).toMatchObject({ message: '%%sql: unknown option --bogus; valid options: --for D, --limit N, --mode M, --all' });
    expect(parseArgs('--mode sideways', specs, '%%sql')).toMatchObject({ message: "%%sql: bad value 'sideways' for --mode M (one of append, update)" });
  });
});

describe('printed errors (§7)', () => {
  it('columns count code points and carets span the offending text', () => {
    const cell = "SELECT '😀' AS e,\n  bogus FROM t;";
    const printed = printError(cellError('SqlValidationError', "unknown column 'bogus'", { at: { start: 20, end: 25 }, hint: 'known columns: a' }), cell);
    expect(printed.evalue).toBe("unknown column 'bogus' (line 2, column 3)");
    expect(printed.traceback).toEqual([
      "\x1b[31;1mSqlValidationError\x1b[0m: unknown column 'bogus' (line 2, column 3)",
      "  1 | SELECT '😀' AS e,",
      '  2 |   bogus FROM t;',
      '    |   ^^^^^',
      'hint: known columns: a',
    ]);
    const astral = printError(cellError('SqlSyntaxError', 'x', { at: { start: 12, end: 14 } }), cell);
    expect(astral.column).toBe(12); // the 😀 is one code point but two UTF-16 units
  });
});
