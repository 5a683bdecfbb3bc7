/**
 * `velo-test infer-schema <sql>` (harness spec §10.3): one `<source>.schema.yaml` per FROM/JOIN
 * source, inferred from a data sample (`<data dir>/<source>.csv|.json|.jsonl` or the source's
 * configured file) or, without one, from the columns the SQL uses. No overwrite without `-y`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, sqlFileArgument } from '../command';
import { loadDataFile } from '../../harness/data/load-data';
import { columnsUsed, inferFromSample, inferFromSql, schemaYaml } from '../../harness/infer-schema';
import { loadAppModel } from '../../harness/run/app-model';
import { discoverDataDir, displayPath } from '../../harness/run/discovery';

const usage = `Usage: velo-test infer-schema <sql> [--data-dir DIR] [-o DIR] [-y]

Writes one <source>.schema.yaml per FROM/JOIN source (default directory <dir>/schemas).
`;

export const command: Command = {
  name: 'infer-schema',
  summary: 'write schema files for the sources of a SQL application',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { flags, positionals } = parseArgs(argv, { values: ['data-dir', 'output'], booleans: ['yes', 'ai', 'verbose', 'no-progress'], aliases: { '-o': '--output', '-y': '--yes', '-v': '--verbose' } });
    const sqlFile = sqlFileArgument(positionals, io);
    if (sqlFile === undefined) return 1;
    if (flags.has('ai')) io.stderr.write('warning: --ai schema inference is not available in this harness; using the rules\n');
    const dataDir = typeof flags.get('data-dir') === 'string' ? path.resolve(io.cwd, flags.get('data-dir') as string) : discoverDataDir(sqlFile);
    const outDir = typeof flags.get('output') === 'string' ? path.resolve(io.cwd, flags.get('output') as string) : path.join(path.dirname(sqlFile), 'schemas');
    const app = loadAppModel(sqlFile, fs.readFileSync(sqlFile, 'utf8'));
    const done = new Set<string>();
    let failed = false;
    for (const statement of app.statements) {
      const used = columnsUsed(statement.statement);
      for (const source of statement.sources) {
        if (done.has(source.name) || app.statements.some((s) => s.name === source.name)) continue;
        done.add(source.name);
        const candidates = [...(dataDir ? ['.csv', '.json', '.jsonl'].map((ext) => path.join(dataDir, `${source.name}${ext}`)) : []), ...(source.path ? [source.path] : [])];
        const sample = candidates.find((f) => fs.existsSync(f));
        const loaded = sample ? loadDataFile(sample, sample === source.path ? source.format : undefined) : undefined;
        const doc = loaded?.ok ? inferFromSample(source.name, loaded.rows, loaded.columns) : inferFromSql(source.name, used.columns, used.literals);
        const target = path.join(outDir, `${source.name}.schema.yaml`);
        if (fs.existsSync(target) && !flags.has('yes')) {
          io.stderr.write(`error: ${displayPath(target, io.cwd)} exists; pass -y to overwrite it\n`);
          failed = true;
          continue;
        }
        fs.mkdirSync(outDir, { recursive: true });
        fs.writeFileSync(target, schemaYaml(doc, sample ? displayPath(sample, io.cwd) : `the columns ${path.basename(sqlFile)} uses`));
        io.stdout.write(`📝 ${displayPath(target, io.cwd)} (${(doc.fields as unknown[]).length} fields, from ${sample ? displayPath(sample, io.cwd) : 'SQL column names'})\n`);
      }
    }
    return failed ? 1 : 0;
  },
};
