/**
 * The options every runner client command shares (`--server URL`, `--token-file F`,
 * `--state DIR`) and how a failed call is printed.
 */
import * as path from 'path';
import type { CliIO, ParsedArgs } from './command';
import { RunnerCallError, RunnerClient } from '../serve/client';

export const RUNNER_OPTIONS = ['server', 'token-file', 'state'];

export const RUNNER_USAGE = `  --server URL       the runner (default: the one serving --state, else http://127.0.0.1:9400)
  --token-file F     its token (default: the state directory's token)
  --state DIR        the runner's state directory (default ~/.velostream/runner)
`;

export function runnerClient(args: ParsedArgs, io: CliIO): RunnerClient {
  const flag = (name: string) => (args.flags.has(name) ? path.resolve(io.cwd, String(args.flags.get(name))) : undefined);
  return RunnerClient.connect({ server: args.flags.has('server') ? String(args.flags.get('server')) : undefined, tokenFile: flag('token-file'), stateDir: flag('state') ?? io.env.VELOSTREAM_RUNNER_STATE });
}

/** Runs one client call; a refused or failed call prints one line and exits 1. */
export async function withRunner(prog: string, io: CliIO, call: () => Promise<void>): Promise<number> {
  try {
    await call();
    return 0;
  } catch (e) {
    if (!(e instanceof RunnerCallError)) throw e;
    io.stderr.write(`${prog}: ${e.message}\n`);
    return 1;
  }
}
