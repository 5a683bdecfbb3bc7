/**
 * `velo nl [--schemas DIR] [--app APP.sql] [--sample FILE] [--tables A,B] [--offline] [--format text|json] REQUEST`
 * — natural language → validated SQL from the shell (kernel spec §4.5). The catalog comes from
 * harness schema files, data samples (schemas inferred) and/or an application's sources and outputs; Claude answers when
 * ANTHROPIC_API_KEY is set (unless --offline or VELOSTREAM_AI=off), else the offline engine.
 * `--format json` prints `{sql, explanation, engine, valid, diagnostics}`. Exit 1 when no valid SQL.
 */
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { aiSetting, loadNlCatalog } from '../nl-catalog';
import { AiError } from '../../ai/errors';
import { chooseNlEngine, nlToSql, offlineEngine, type NlResult } from '../../ai/nl/nl-to-sql';

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
    const loaded = loadNlCatalog(args.flags, io);
    if (typeof loaded === 'string') {
      io.stderr.write(`velo nl: ${loaded}\n`);
      return 1;
    }
    const { catalog } = loaded;
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
