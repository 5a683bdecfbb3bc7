/** Test support: runs a CLI entry point with captured stdout and stderr. */
import { PassThrough } from 'stream';
import type { CliIO } from './command';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export async function captureCli(run: (io: CliIO) => Promise<number>, cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (c) => (stdout += c));
  err.on('data', (c) => (stderr += c));
  const code = await run({ stdout: out, stderr: err, cwd, env });
  return { code, stdout, stderr };
}
