import * as fs from 'fs';
import * as path from 'path';
import { PassThrough } from 'stream';
import { format } from '../sql/formatter';
import { parse } from '../sql/parse';
import { command } from './commands/fmt';
import { CONFORMANCE } from '../../test/shared';


async function run(file: string) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => (out += c));
  stderr.on('data', (c) => (err += c));
  const code = await command.run([file], { stdout, stderr, cwd: path.join(CONFORMANCE, 'quickstart'), env: {} });
  return { code, out, err };
}

describe('velo fmt', () => {
  test('prints the canonical form of the file', async () => {
    const { code, out } = await run('02_transform.sql');
    expect(code).toBe(0);
    const original = parse(fs.readFileSync(path.join(CONFORMANCE, 'quickstart/02_transform.sql'), 'utf8'));
    expect(out).toBe(format(original));
  });

  test('a file with syntax errors is not printed; its errors are', async () => {
    const { code, out, err } = await run('../../spec/dialect.md');
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^\.\.\/\.\.\/spec\/dialect\.md:\d+:\d+: error V[LS]\d+ /);
  });
});
