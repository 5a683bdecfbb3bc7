import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import type { CliIO } from '../command';
import { UsageError } from '../command';
import { command } from './generate';

function capture(): Writable & { text: () => string; isTTY?: boolean } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  }) as Writable & { text: () => string };
  stream.text = () => chunks.join('');
  return stream;
}

async function velo(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = capture();
  const stderr = capture();
  const io: CliIO = { stdout, stderr, cwd, env: {} };
  const code = await command.run(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

const SCHEMA = `name: trades
record_count: 4
fields:
  - {name: id, type: integer, constraints: {sequence: {start: 1}}}
  - {name: symbol, type: string, constraints: {enum_values: {values: [AAPL, MSFT]}}}
  - {name: price, type: decimal(2), constraints: {range: {min: 1, max: 2}}}
  - {name: at, type: timestamp}
`;

describe('velo generate', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'velo-generate-'));
    fs.writeFileSync(path.join(dir, 'trades.schema.yaml'), SCHEMA);
  });

  it('writes the schema record_count of JSON Lines to stdout by default', async () => {
    const { code, stdout, stderr } = await velo(['trades.schema.yaml'], dir);
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([1, 2, 3, 4]);
    expect(stdout).toMatch(/"price":\d\.\d\d,"at":"2024-12-31T23:\d\d:\d\d\.\d{3}"/);
  });

  it('gives identical bytes for the same seed and different ones for another seed', async () => {
    const a = await velo(['trades.schema.yaml', '-n', '50', '--seed', '7'], dir);
    const b = await velo(['trades.schema.yaml', '--records=50', '--seed=7'], dir);
    const c = await velo(['trades.schema.yaml', '-n', '50', '--seed', '8'], dir);
    expect(a.stdout).toBe(b.stdout);
    expect(c.stdout).not.toBe(a.stdout);
  });

  it('writes CSV to a file and spaces event times with --time-sim', async () => {
    const { code } = await velo(['trades.schema.yaml', '-f', 'csv', '-o', 'out.csv', '--time-sim', '-3m..now', '--now', '2025-06-01T00:00:00Z'], dir);
    expect(code).toBe(0);
    const csv = fs.readFileSync(path.join(dir, 'out.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('id,symbol,price,at');
    expect(csv.slice(1).map((line) => line.split(',')[3])).toEqual([
      '2025-05-31T23:57:00',
      '2025-05-31T23:58:00',
      '2025-05-31T23:59:00',
      '2025-06-01T00:00:00',
    ]);
  });

  it('uses the schemas directory of a SQL application, then its @data hints', async () => {
    const app = path.join(dir, 'app');
    fs.mkdirSync(path.join(app, 'schemas'), { recursive: true });
    fs.writeFileSync(path.join(app, 'schemas', 'trades.schema.yaml'), SCHEMA);
    fs.writeFileSync(
      path.join(app, 'app.sql'),
      '-- @data.source: quotes\n-- @data.record_count: 2\n-- @data.bid: range [1, 2]\nCREATE STREAM s AS SELECT * FROM trades;\n',
    );
    const fromFile = await velo(['app/app', '--source', 'trades', '-n', '1'], dir);
    expect(Object.keys(JSON.parse(fromFile.stdout))).toEqual(['id', 'symbol', 'price', 'at']);
    const fromHints = await velo(['app/app.sql', '--source', 'quotes'], dir);
    expect(fromHints.stdout.trim().split('\n').map((l) => Object.keys(JSON.parse(l)))).toEqual([['bid'], ['bid']]);
    const missing = await velo(['app/app.sql', '--source', 'nope'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("no schema for source 'nope'");
  });

  it('prints schema errors with file:line:col and exits 1', async () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'name: b\nfields:\n  - {name: a, type: strng}\n');
    const { code, stdout, stderr } = await velo(['bad.yaml'], dir);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(`error: ${path.join(dir, 'bad.yaml')}:3:21: fields[0].type: unknown type 'strng'`);
  });

  it('reports usage errors for bad flags', async () => {
    await expect(velo([], dir)).rejects.toThrow(UsageError);
    await expect(velo(['trades.schema.yaml', '-f', 'xml'], dir)).rejects.toThrow("--format expects jsonl, csv or json, got 'xml'");
    await expect(velo(['trades.schema.yaml', '--seed', '-1'], dir)).rejects.toThrow('--seed expects an integer');
    await expect(velo(['trades.schema.yaml', '--time-sim', 'yesterday'], dir)).rejects.toThrow('--time-sim expects START..END');
  });

  it('reports an unwritable output file', async () => {
    const { code, stderr } = await velo(['trades.schema.yaml', '-o', 'missing/dir/out.jsonl'], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: cannot write missing\/dir\/out\.jsonl: ENOENT/);
  });
});
