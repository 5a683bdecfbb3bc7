/**
 * Acceptance: the file-based conformance apps produce their expected CSV files under `velo run`,
 * and every conformance app either runs or names the connector this runtime lacks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { veloRun } from '../../test/velo-run';
import { parseCsv } from '../connectors/formats/csv-decoder';
import { formatValue } from '../types/values/format';
import { isNumeric } from '../types/values/kinds';
import { runApp } from '../api/app';
import { CONFORMANCE } from '../../test/shared';


/** A private copy of a conformance folder (apps write their outputs next to themselves). */
function copyOf(folder: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-app-'));
  fs.cpSync(path.join(CONFORMANCE, folder), dir, { recursive: true });
  return dir;
}

function csvRows(file: string) {
  return parseCsv(fs.readFileSync(file, 'utf8')).rows;
}


const field = (file: string, name: string) => csvRows(file).map((r) => String(r[name]));

describe('quickstart', () => {
  const dir = copyOf('quickstart');

  test('hello_world writes exactly hello_world_expected.csv', async () => {
    expect(await veloRun(['hello_world.sql'], dir)).toEqual({ code: 0, stdout: 'hello_world: completed, 5 records in, 5 out\n', stderr: '' });
    expect(fs.readFileSync(path.join(dir, 'output/hello_world_output.csv'), 'utf8')).toBe(fs.readFileSync(path.join(dir, 'hello_world_expected.csv'), 'utf8'));
  });

  test('01_filter keeps the rows with value > 150', async () => {
    expect((await veloRun(['01_filter.sql'], dir)).code).toBe(0);
    expect(field(path.join(dir, 'output/01_filter_output.csv'), 'name')).toEqual(['Bob', 'Dave', 'Eve']);
  });

  test('02_transform adds doubled_value and name_upper', async () => {
    expect((await veloRun(['02_transform.sql'], dir)).code).toBe(0);
    const out = csvRows(path.join(dir, 'output/02_transform_output.csv'));
    expect(out.map((r) => [r.name_upper, r.doubled_value])).toEqual([
      ['ALICE', 200],
      ['BOB', 400],
      ['CAROL', 300],
      ['DAVE', 600],
      ['EVE', 500],
    ]);
  });

  test('03_aggregate emits one running row per input (8 rows), exact sums', async () => {
    expect((await veloRun(['03_aggregate.sql'], dir)).code).toBe(0);
    const out = csvRows(path.join(dir, 'output/03_aggregate_output.csv'));
    expect(out).toHaveLength(8);
    expect(new Set(out.map((r) => r.category))).toEqual(new Set(['Electronics', 'Books', 'Clothing']));
    const last = (category: string) => out.filter((r) => r.category === category).pop()!;
    expect(formatValue(last('Electronics').total_amount)).toBe('1049.97');
    expect(last('Electronics').transaction_count).toBe(3);
  });

  test('04_window gives each row the previous price of its symbol', async () => {
    expect((await veloRun(['04_window.sql'], dir)).code).toBe(0);
    const out = csvRows(path.join(dir, 'output/04_window_output.csv'));
    expect(out).toHaveLength(8);
    expect(out.slice(0, 3).map((r) => [r.symbol, r.previous_price === null ? null : formatValue(r.previous_price)])).toEqual([
      ['AAPL', null],
      ['GOOGL', null],
      ['AAPL', '150.00'],
    ]);
  });
});

test('file_io passthrough matches expected_output.csv (by column, numeric tolerance 0.01)', async () => {
  const dir = copyOf('harness_examples/file_io');
  fs.rmSync(path.join(dir, 'output_trades.csv'));
  expect((await veloRun(['passthrough.sql'], dir)).code).toBe(0);
  const actual = csvRows(path.join(dir, 'output_trades.csv'));
  const expected = csvRows(path.join(dir, 'expected_output.csv'));
  expect(actual).toHaveLength(expected.length);
  expected.forEach((want, i) => {
    for (const [name, value] of Object.entries(want)) {
      const got = actual[i][name];
      if (!isNumeric(value)) expect(formatValue(got)).toBe(formatValue(value));
      else expect(Math.abs(Number(formatValue(got)) - Number(formatValue(value)))).toBeLessThanOrEqual(0.01);
    }
  });
});

test('every conformance app runs, or says which connector this runtime lacks or which broker it cannot reach — never a stack trace', async () => {
  const apps: string[] = [];
  const walk = (d: string) =>
    fs.readdirSync(d, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.sql') && apps.push(path.join(d, e.name))));
  const root = copyOf('.');
  walk(root);
  expect(apps.length).toBeGreaterThan(20);
  for (const app of apps) {
    const result = await veloRun([path.basename(app), '--timeout', '10s'], path.dirname(app));
    const label = path.relative(root, app);
    expect({ label, trace: /\n\s+at /.test(result.stderr) }).toEqual({ label, trace: false });
    if (result.code !== 0) {
      expect({ label, stderr: result.stderr }).toEqual({ label, stderr: expect.stringMatching(/needs connector \w+, which this runtime does not have yet|cannot reach Kafka at \S+/) });
    }
  }
}, 60_000);

test('runApp reports a missing file and a missing source type as values', async () => {
  expect(await runApp('/nonexistent/app.sql')).toMatchObject({ status: 'failed', problems: [{ error: { code: 'IO', message: "cannot read '/nonexistent/app.sql': file not found" } }] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-app-'));
  fs.writeFileSync(path.join(dir, 'a.sql'), "CREATE STREAM s AS SELECT * FROM t WITH ('s.type' = 'file_sink', 's.path' = 'o.csv');");
  expect(await runApp(path.join(dir, 'a.sql'))).toMatchObject({ status: 'failed', problems: [{ statement: 's', error: { code: 'MISSING_TYPE' } }] });
});

test('a statement reading another statement’s output runs after it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-app-'));
  fs.writeFileSync(path.join(dir, 'in.csv'), 'k,v\na,1\nb,2\na,3\n');
  fs.writeFileSync(
    path.join(dir, 'app.sql'),
    [
      // Written first but reads `totals`, so it must run second.
      "CREATE STREAM big AS SELECT k, total FROM totals WHERE total > 2 WITH ('big.type' = 'file_sink', 'big.path' = 'big.csv');",
      "CREATE TABLE totals AS SELECT k, SUM(v) AS total FROM src GROUP BY k EMIT FINAL WITH ('src.type' = 'file_source', 'src.path' = 'in.csv');",
    ].join('\n'),
  );
  const result = await runApp(path.join(dir, 'app.sql'));
  expect(result.status).toBe('completed');
  expect(result.statements.map((s) => s.name)).toEqual(['totals', 'big']);
  expect(fs.readFileSync(path.join(dir, 'big.csv'), 'utf8')).toBe('k,total\na,4\n');
});
