/**
 * `velo-test init <sql>` (harness spec §10.2): writes the spec generated from the SQL — one
 * query per CREATE with runnable assertions — to `-o` or `<dir>/<stem>.test.yaml`. An existing
 * file is overwritten only with `-y`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, sqlFileArgument } from '../command';
import { appFromPrompt } from '../app-from-prompt';
import { loadAppModel } from '../../harness/run/app-model';
import { discoverSchemasDir, displayPath } from '../../harness/run/discovery';
import { generateSpec } from '../../harness/run/generated-spec';
import { buildSchemaRegistry } from '../../harness/run/schemas';

const usage = `Usage: velo-test init <sql> [-o FILE] [-y] [--ai]
       velo init --from-prompt REQUEST [--schemas DIR] [--sample FILE,…] [--name APP] [--dir DIR] [--offline] [-y]

Writes a test spec generated from the SQL application (default <dir>/<stem>.test.yaml).
With --from-prompt, builds a whole app from a template mapped onto your schema: <DIR>/<APP>/<APP>.sql,
<APP>.test.yaml, schemas/, and the notebook <DIR>/<APP>.ipynb (DIR defaults to the current one).

Options:
  -o, --output FILE   where to write the spec
  -y, --yes           overwrite an existing file
  --ai                accepted; the rule-based spec is written (see the warning)
`;

export const command: Command = {
  name: 'init',
  summary: 'write a test spec generated from a SQL application, or an app from a prompt (--from-prompt)',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { flags, positionals } = parseArgs(argv, {
      values: ['output', 'from-prompt', 'schemas', 'sample', 'tables', 'name', 'dir'],
      booleans: ['yes', 'ai', 'verbose', 'no-progress', 'offline'],
      aliases: { '-o': '--output', '-y': '--yes', '-v': '--verbose' },
    });
    if (flags.has('from-prompt')) return appFromPrompt(String(flags.get('from-prompt')), flags, io);
    const sqlFile = sqlFileArgument(positionals, io);
    if (sqlFile === undefined) return 1;
    if (flags.has('ai')) io.stderr.write('warning: --ai spec generation is not available in this harness; writing the rule-based spec\n');
    const target = typeof flags.get('output') === 'string' ? path.resolve(io.cwd, flags.get('output') as string) : path.join(path.dirname(sqlFile), `${path.basename(sqlFile, '.sql')}.test.yaml`);
    if (fs.existsSync(target) && !flags.has('yes')) {
      io.stderr.write(`error: ${displayPath(target, io.cwd)} exists; pass -y to overwrite it\n`);
      return 1;
    }
    const text = fs.readFileSync(sqlFile, 'utf8');
    const app = loadAppModel(sqlFile, text);
    const registry = buildSchemaRegistry(app, text, discoverSchemasDir(sqlFile) ?? null, null);
    const { yaml, spec } = generateSpec(app, (name) => registry.schemas.has(name));
    fs.writeFileSync(target, yaml);
    io.stdout.write(`📝 Wrote ${displayPath(target, io.cwd)} (${spec.queries.length} queries)\n`);
    return 0;
  },
};
