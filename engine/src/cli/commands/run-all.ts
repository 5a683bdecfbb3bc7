/** `velo-test run-all [dir]` (harness spec §2.2, §8.4): every application of a directory in one process. */
import * as path from 'path';
import { CliIO, Command, parseArgs } from '../command';
import { defaultAnalyzers } from '../../ai/analyzers';
import { renderRunAll } from '../../harness/report/run-all';
import { DEFAULT_RUN_ALL_PATTERN, runAll } from '../../harness/run/run-all';
import { integerFlag, parseFormat } from './test';

const usage = `Usage: velo-test run-all [dir] [options]

Runs every SQL application of a directory (as 'run -y') and prints one multi-app report.

Options:
  --pattern GLOB       files to run (default ${DEFAULT_RUN_ALL_PATTERN}; when it matches nothing, **/*.sql)
  --skip SUBSTR        skip files whose path contains SUBSTR (repeatable)
  -o, --output F       text (default), json or junit
  --timeout-ms N       per-query timeout (default 90000)
  --seed N             run seed
  --records N          record count of every generated input
  --no-ai              skip the Claude analysis of failures
`;

export const command: Command = {
  name: 'run-all',
  summary: 'run every SQL application of a directory',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { flags, positionals, lists } = parseArgs(argv, {
      values: ['pattern', 'output', 'timeout-ms', 'seed', 'records', 'kafka'],
      multiple: ['skip'],
      booleans: ['no-ai', 'ai', 'verbose', 'no-progress', 'yes'],
      aliases: { '-o': '--output', '-v': '--verbose', '-y': '--yes' },
    });
    const skip = lists.get('skip') ?? [];
    const format = parseFormat(flags.get('output'));
    const dir = path.resolve(io.cwd, positionals[0] ?? '.');
    const console = format === 'text' ? io.stdout : io.stderr;
    const report = await runAll(dir, {
      ...(typeof flags.get('pattern') === 'string' ? { pattern: flags.get('pattern') as string } : {}),
      skip,
      timeoutMs: integerFlag(flags, 'timeout-ms') ?? 90_000,
      ...(integerFlag(flags, 'seed') !== undefined ? { seed: integerFlag(flags, 'seed') } : {}),
      ...(integerFlag(flags, 'records') !== undefined ? { records: integerFlag(flags, 'records') } : {}),
      analyzers: defaultAnalyzers({ ai: !flags.has('no-ai'), env: io.env, warn: (m) => io.stderr.write(`warning: ${m}\n`) }),
      log: (line) => console.write(line + '\n'),
    });
    io.stdout.write(renderRunAll(report, format));
    return report.summary.apps_failed > 0 ? 1 : 0;
  },
};
