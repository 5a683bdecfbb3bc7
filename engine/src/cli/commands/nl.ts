/**
 * `velo nl [--schemas DIR] [--app APP.sql] [--sample FILE] [--tables A,B] [--offline] [--format text|json] REQUEST`
 * — natural language → validated SQL from the shell (kernel spec §4.5). The catalog comes from
 * harness schema files, data samples (schemas inferred) and/or an application's sources and outputs; Claude answers when
 * ANTHROPIC_API_KEY is set (unless --offline or VELOSTREAM_AI=off), else the offline engine.
 * `--format json` prints `{sql, explanation, engine, valid, diagnostics}`. Exit 1 when no valid SQL.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { Catalog } from '../../api/catalog';
import { prepareStatement } from '../../api/query';
import { AiError } from '../../ai/errors';
import { catalogFromEngine, sourceFromSchema, type NlCatalog } from '../../ai/nl/catalog';
import { chooseNlEngine, nlToSql, offlineEngine, type NlResult } from '../../ai/nl/nl-to-sql';
import { schemaFromSample } from '../../ai/nl/sample-schema';
import { loadSchemaDirectory } from '../../harness/generator/load-schema';
import type { Schema } from '../../harness/generator/schema';
import { parse } from '../../sql/parse';

const usage = `Usage: velo nl [--schemas DIR] [--app APP.sql] [--sample FILE,…] [--tables A,B] [--offline] [--format text|json] REQUEST

Writes SQL for a request in natural language, validated against the catalog:
  --schemas DIR   harness schema files (*.schema.yaml); default ./schemas when it exists
  --app APP.sql   the sources and outputs of an application
  --sample FILE   CSV or JSON Lines samples: a schema is inferred per file (named after it)
  --tables A,B    schemas to read as tables (join partners) rather than streams
  --offline       use the offline engine even when ANTHROPIC_API_KEY is set
  --format json   print {sql, explanation, engine, valid, diagnostics}
`;

export const command: Command = {
  name: 'nl',
  summary: 'write SQL from a request in natural language',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { values: ['schemas', 'app', 'sample', 'tables', 'format'], booleans: ['offline'] });
    const request = args.positionals.join(' ').trim();
    if (!request) throw new UsageError('expected a REQUEST');
    const format = (args.flags.get('format') as string | undefined) ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`unknown --format '${format}' (text or json)`);
    const catalog = loadCatalog(args.flags, io);
    if (typeof catalog === 'string') {
      io.stderr.write(`velo nl: ${catalog}\n`);
      return 1;
    }
    const engine = args.flags.has('offline') ? offlineEngine : chooseNlEngine({ ai: aiSetting(io.env), env: io.env });
    let result: NlResult;
    try {
      result = await nlToSql(request, { catalog }, engine);
    } catch (e) {
      if (!(e instanceof AiError)) throw e;
      io.stderr.write(`velo nl: ${e.message}\n`);
      return 1;
    }
    if (format === 'json') {
      const { sql, explanation, engine: used, valid, diagnostics } = result;
      io.stdout.write(`${JSON.stringify({ sql, explanation, engine: used, valid, diagnostics }, null, 2)}\n`);
    } else {
      io.stdout.write(`${result.sql || '-- no SQL'}\n${result.explanation.split('\n').filter(Boolean).map((l) => `-- ${l}`).join('\n')}\n-- engine: ${result.engine}\n`);
      for (const d of result.diagnostics) io.stderr.write(`velo nl: ${d.severity} ${d.code}: ${d.message}\n`);
    }
    return result.valid ? 0 : 1;
  },
};

function aiSetting(env: NodeJS.ProcessEnv): 'auto' | 'on' | 'off' {
  const v = env.VELOSTREAM_AI?.trim().toLowerCase();
  return v === 'on' || v === 'off' ? v : 'auto';
}

/** Schemas and app sources as an NL catalog, or a message saying what could not be read. */
function loadCatalog(flags: Map<string, string | true>, io: CliIO): NlCatalog | string {
  const schemas = new Map<string, Schema>();
  const dirFlag = flags.get('schemas');
  const dir = typeof dirFlag === 'string' ? path.resolve(io.cwd, dirFlag) : path.join(io.cwd, 'schemas');
  if (typeof dirFlag === 'string' && !fs.existsSync(dir)) return `schema directory '${dirFlag}' not found`;
  if (fs.existsSync(dir)) for (const [name, schema] of loadSchemaDirectory(dir).schemas) schemas.set(name, schema);
  const samples = flags.get('sample');
  for (const file of typeof samples === 'string' ? samples.split(',') : []) {
    const inferred = schemaFromSample(path.resolve(io.cwd, file.trim()));
    if (!inferred.ok) return inferred.error;
    schemas.set(inferred.name, inferred.schema);
  }
  const engineCatalog = new Catalog();
  const tables = typeof flags.get('tables') === 'string' ? (flags.get('tables') as string).split(',').map((t) => t.trim()) : [];
  for (const [name, schema] of schemas) engineCatalog.addSource(name, { columns: sourceFromSchema(schema).columns.map((c) => ({ name: c.name, type: c.type })), table: tables.includes(name) });
  const app = flags.get('app');
  if (typeof app === 'string') {
    const file = path.resolve(io.cwd, app);
    if (!fs.existsSync(file)) return `cannot read '${app}': file not found`;
    const parsed = parse(fs.readFileSync(file, 'utf8'));
    for (const statement of parsed.statements) {
      const prepared = prepareStatement(statement, engineCatalog, { baseDir: path.dirname(file), env: io.env });
      const planned = prepared.planned;
      if (!planned) continue;
      // Sources the app reads through WITH properties (CSV headers give their columns).
      for (const name of planned.sources) {
        const info = prepared.sources.info(name);
        if (!engineCatalog.get(name) && info.columns) engineCatalog.addSource(name, { columns: info.columns, table: info.table });
      }
      engineCatalog.registerOutput(planned);
    }
  }
  if (engineCatalog.list().length === 0) return 'no catalog: pass --schemas DIR and/or --app APP.sql';
  return catalogFromEngine(engineCatalog, schemas);
}
