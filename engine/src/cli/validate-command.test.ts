import * as path from 'path';
import { PassThrough } from 'stream';
import { command } from './commands/validate';
import { UsageError } from './command';

const FIXTURES = path.resolve(__dirname, '../../test/sql');

async function run(...argv: string[]): Promise<{ code: number; out: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk) => (out += chunk));
  const code = await command.run(argv, { stdout, stderr, cwd: FIXTURES, env: {} });
  return { code, out };
}

describe('velo validate', () => {
  test('a valid file exits 0', async () => {
    expect(await run('--syntax-only', 'good_app.sql')).toEqual({ code: 0, out: 'good_app.sql: ok (2 statements)\n' });
  });

  test('text output: position, caret and hint; exit 1', async () => {
    const { code, out } = await run('--syntax-only', 'bad_app.sql', 'good_app.sql');
    expect(code).toBe(1);
    expect(out).toBe(
      'bad_app.sql:1:37: error VS204 GROUP BY after WINDOW\n' +
        '  SELECT a FROM t WINDOW TUMBLING(1m) GROUP BY a;\n' +
        '                                      ^~~~~\n' +
        '  hint: WINDOW before GROUP BY is not supported: move GROUP BY before WINDOW\n' +
        'good_app.sql: ok (2 statements)\n',
    );
  });

  test('json output with --portable warnings', async () => {
    const { code, out } = await run('--syntax-only', '--portable', '--format', 'json', 'bad_app.sql');
    expect(code).toBe(1);
    expect(JSON.parse(out)).toEqual([
      {
        file: 'bad_app.sql',
        valid: false,
        statements: 2,
        errors: [
          {
            severity: 'error', code: 'VS204', message: 'GROUP BY after WINDOW',
            line: 1, column: 37, endLine: 1, endColumn: 42, hint: 'WINDOW before GROUP BY is not supported: move GROUP BY before WINDOW',
          },
          {
            severity: 'warning', code: 'VP-X8', message: 'not portable to Velostream: a % b',
            line: 2, column: 10, endLine: 2, endColumn: 11, hint: 'the reference implementation rejects or misreads this form',
          },
        ],
      },
    ]);
  });

  test('a missing file is reported, not thrown', async () => {
    const { code, out } = await run('--syntax-only', 'nope.sql');
    expect(code).toBe(1);
    expect(out).toContain('nope.sql:1:1: error VF001 cannot read nope.sql: file not found');
  });

  test('usage errors', async () => {
    await expect(run()).rejects.toThrow(UsageError);
    await expect(run('--format', 'xml', 'a.sql')).rejects.toThrow('--format must be text or json, not xml');
  });
});
