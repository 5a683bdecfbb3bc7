/** `velo jobs`: the runner's jobs with app, version, status and counts. */
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { RUNNER_OPTIONS, RUNNER_USAGE, runnerClient, withRunner } from '../runner-args';
import { textTable } from '../text-table';

const usage = `Usage: velo jobs [--server URL] [--token-file F] [--state DIR] [--json]

Lists the jobs the runner runs.

Options:
${RUNNER_USAGE}  --json             print the API's JSON
`;

export const command: Command = {
  name: 'jobs',
  summary: 'list the jobs of the job runner',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { values: RUNNER_OPTIONS, booleans: ['json'] });
    if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals[0]}`);
    return withRunner('velo jobs', io, async () => {
      const { jobs } = await runnerClient(args, io).jobs();
      if (args.flags.has('json')) {
        io.stdout.write(JSON.stringify(jobs, null, 2) + '\n');
        return;
      }
      const rows = jobs.map((j) => {
        const p = j.progress as { recordsIn: number; recordsOut: number };
        return [String(j.name), `${String(j.app)} v${String(j.version)}`, String(j.status), String(p.recordsIn), String(p.recordsOut), String(j.startedAt)];
      });
      io.stdout.write(rows.length === 0 ? 'no jobs\n' : textTable(['JOB', 'APP', 'STATUS', 'IN', 'OUT', 'STARTED'], rows));
    });
  },
};
