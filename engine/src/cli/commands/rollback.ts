/** `velo rollback APP`: the runner restarts the app's previous version. */
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { RUNNER_OPTIONS, RUNNER_USAGE, runnerClient, withRunner } from '../runner-args';

const usage = `Usage: velo rollback APP [--server URL] [--token-file F] [--state DIR]

Stops the app's current version in the job runner and starts the version before it.

Options:
${RUNNER_USAGE}`;

export const command: Command = {
  name: 'rollback',
  summary: 'roll a deployed app back to its previous version',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { values: RUNNER_OPTIONS });
    if (args.positionals.length !== 1) throw new UsageError('name one app');
    return withRunner('velo rollback', io, async () => {
      const app = (await runnerClient(args, io).rollback(args.positionals[0])) as { name: string; version: number };
      io.stdout.write(`${app.name}: now running version ${app.version}\n`);
    });
  },
};
