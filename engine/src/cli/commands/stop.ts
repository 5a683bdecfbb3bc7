/** `velo stop JOB…`: stops jobs in the runner (they stay stopped until started again). */
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { RUNNER_OPTIONS, RUNNER_USAGE, runnerClient, withRunner } from '../runner-args';

const usage = `Usage: velo stop JOB… [--server URL] [--token-file F] [--state DIR]

Stops running jobs of the job runner.

Options:
${RUNNER_USAGE}`;

export const command: Command = {
  name: 'stop',
  summary: 'stop jobs in the job runner',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { values: RUNNER_OPTIONS });
    if (args.positionals.length === 0) throw new UsageError('name at least one job');
    return withRunner('velo stop', io, async () => {
      const client = runnerClient(args, io);
      for (const job of args.positionals) {
        await client.stopJob(job);
        io.stdout.write(`stopped ${job}\n`);
      }
    });
  },
};
