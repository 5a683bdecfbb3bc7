/** `velo-test annotate <sql>` (harness spec §10.5): writes an annotated copy and, optionally, monitoring files. */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, sqlFileArgument } from '../command';
import { annotate, monitoringFiles } from '../../harness/annotate';
import { displayPath } from '../../harness/run/discovery';
import { integerFlag } from './test';

const usage = `Usage: velo-test annotate <sql> [-o FILE] [-n NAME] [--version V] [--monitoring DIR] [--prometheus-port P] [-y]

Writes <stem>.annotated.sql with application, observability, SLA and job annotations.
`;

export const command: Command = {
  name: 'annotate',
  summary: 'write an annotated copy of a SQL application',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { flags, positionals } = parseArgs(argv, { values: ['output', 'name', 'version', 'monitoring', 'prometheus-port'], booleans: ['yes', 'verbose', 'no-progress'], aliases: { '-o': '--output', '-n': '--name', '-y': '--yes', '-v': '--verbose' } });
    const sqlFile = sqlFileArgument(positionals, io);
    if (sqlFile === undefined) return 1;
    const stem = path.basename(sqlFile, '.sql');
    const target = typeof flags.get('output') === 'string' ? path.resolve(io.cwd, flags.get('output') as string) : path.join(path.dirname(sqlFile), `${stem}.annotated.sql`);
    if (fs.existsSync(target) && !flags.has('yes')) {
      io.stderr.write(`error: ${displayPath(target, io.cwd)} exists; pass -y to overwrite it\n`);
      return 1;
    }
    const text = fs.readFileSync(sqlFile, 'utf8');
    const name = typeof flags.get('name') === 'string' ? (flags.get('name') as string) : stem;
    fs.writeFileSync(target, annotate(text, { name, version: typeof flags.get('version') === 'string' ? (flags.get('version') as string) : '1.0.0' }));
    io.stdout.write(`📝 Wrote ${displayPath(target, io.cwd)}\n`);
    if (typeof flags.get('monitoring') === 'string') {
      const dir = path.resolve(io.cwd, flags.get('monitoring') as string);
      fs.mkdirSync(dir, { recursive: true });
      for (const [file, content] of Object.entries(monitoringFiles(text, name, integerFlag(flags, 'prometheus-port') ?? 9090))) {
        fs.writeFileSync(path.join(dir, file), content);
        io.stdout.write(`📝 Wrote ${displayPath(path.join(dir, file), io.cwd)}\n`);
      }
    }
    return 0;
  },
};
