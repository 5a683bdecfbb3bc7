/**
 * `velo-test validate <sql>` (harness spec §10.1): the SQL application through the engine's
 * validator, then the discovered (or given) spec and the schemas, each with its errors and
 * warnings. Exit 1 on any error.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, sqlFileArgument } from '../command';
import { validateSql } from '../../harness/validate-sql';
import { parse } from '../../sql/parse';
import { formatDiagnostic, hasErrors } from '../../harness/generator/diagnostics';
import { loadSchemaDirectory } from '../../harness/generator/load-schema';
import { discoverSchemasDir, discoverSpec, displayPath } from '../../harness/run/discovery';
import { loadSpec } from '../../harness/spec/load-spec';

const usage = `Usage: velo-test validate <sql> [-s SPEC] [--schemas DIR]

Validates the SQL application, its test spec and schemas.
`;

export const command: Command = {
  name: 'validate',
  summary: 'validate a SQL application, its test spec and schemas',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { flags, positionals } = parseArgs(argv, { values: ['spec', 'schemas'], booleans: ['verbose', 'no-progress'], aliases: { '-s': '--spec', '-v': '--verbose' } });
    const sqlFile = sqlFileArgument(positionals, io);
    if (sqlFile === undefined) return 1;
    const text = fs.readFileSync(sqlFile, 'utf8');
    const parsed = parse(text);
    const diagnostics = validateSql(parsed, { baseDir: path.dirname(sqlFile) });
    const statements = parsed.statements;
    const invalid = new Set(diagnostics.filter((d) => d.severity === 'error').map((d) => statements.findIndex((s) => d.line >= s.span.start.line && d.line <= s.span.end.line)));
    const out = ['📊 Validation Results', `Application: ${parsed.header.name ?? path.basename(sqlFile, '.sql')}`, `Total Queries: ${statements.length}, Valid: ${statements.length - invalid.size}, Invalid: ${invalid.size}`];
    if (invalid.size === 0) out.push('✅ All queries valid!');
    statements.forEach((s, k) => {
      const errors = diagnostics.filter((d) => d.severity === 'error' && d.line >= s.span.start.line && d.line <= s.span.end.line);
      if (errors.length === 0) return;
      out.push(`Query #${k + 1} (Line ${s.span.start.line}): ${s.text.replace(/\s+/g, ' ').slice(0, 60)}`);
      for (const e of errors) {
        out.push(`   ❌ ${e.message} at ${e.line}:${e.column}`);
        if (e.hint) out.push(`   💡 ${e.hint}`);
      }
    });
    let failed = diagnostics.some((d) => d.severity === 'error');
    const specFile = typeof flags.get('spec') === 'string' ? path.resolve(io.cwd, flags.get('spec') as string) : discoverSpec(sqlFile);
    if (specFile) {
      const { diagnostics: specDiagnostics } = loadSpec(specFile);
      out.push('', `Spec: ${displayPath(specFile, io.cwd)}`);
      out.push(...(specDiagnostics.length ? specDiagnostics.map((d) => `   ${formatDiagnostic({ ...d, file: displayPath(d.file, io.cwd) })}`) : ['   ✅ valid']));
      failed ||= hasErrors(specDiagnostics);
    }
    const schemasDir = typeof flags.get('schemas') === 'string' ? path.resolve(io.cwd, flags.get('schemas') as string) : discoverSchemasDir(sqlFile);
    if (schemasDir) {
      const dir = loadSchemaDirectory(schemasDir);
      out.push('', `Schemas: ${displayPath(schemasDir, io.cwd)}`, `   ${dir.schemas.size} schemas: ${[...dir.schemas.keys()].join(', ')}`);
      out.push(...dir.diagnostics.map((d) => `   ${formatDiagnostic({ ...d, file: displayPath(d.file, io.cwd) })}`));
      failed ||= hasErrors(dir.diagnostics);
    }
    io.stdout.write(out.join('\n') + '\n');
    return failed ? 1 : 0;
  },
};
