/**
 * `velo validate [--syntax-only] [--portable] [--format text|json] FILE...`
 *
 * Parses every file (many files, one process) and prints diagnostics. Exit 0 when every file is
 * valid, 1 otherwise, 2 on usage errors. `--syntax-only` skips the semantic checks of
 * `sql/validator`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { parse, portabilityWarnings } from '../../sql';
import type { Diagnostic } from '../../sql';
import { byPosition, hasErrors } from '../../sql/diagnostics';
import { validateSql } from '../../harness/validate-sql';
import { diagnosticText, sourceLines } from '../diagnostic-text';

const usage = `Usage: velo validate [--syntax-only] [--portable] [--format text|json] FILE...

Checks Velostream SQL files and reports errors with line, column and a hint.

Options:
  --syntax-only     only lexical and syntax checks (no functions, columns, annotations)
  --portable        warn about extension forms the Velostream reference does not accept
  --format FORMAT   text (default) or json
`;

interface ValidateOptions {
  portable: boolean;
}

interface FileReport {
  file: string;
  valid: boolean;
  statements: number;
  diagnostics: Diagnostic[];
  /** Source lines, for the caret display. */
  lines: string[];
}

function checkFile(file: string, io: CliIO, syntaxOnly: boolean, options: ValidateOptions): FileReport {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(io.cwd, file), 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    const diagnostic: Diagnostic = {
      severity: 'error', code: 'VF001', message: `cannot read ${file}: ${reason}`,
      line: 1, column: 1, endLine: 1, endColumn: 1, token: '', expected: [], hint: 'check the path',
    };
    return { file, valid: false, statements: 0, diagnostics: [diagnostic], lines: [] };
  }
  const result = parse(text);
  // The validator returns the parse diagnostics with its own; paths in WITH resolve against the file.
  const diagnostics = syntaxOnly ? [...result.diagnostics] : validateSql(result, { ...options, baseDir: path.dirname(path.resolve(io.cwd, file)) });
  if (syntaxOnly && options.portable) diagnostics.push(...portabilityWarnings(result.extensions));
  diagnostics.sort(byPosition);
  return { file, valid: !hasErrors(diagnostics), statements: result.statementCount, diagnostics, lines: sourceLines(text) };
}

function formatText(report: FileReport): string {
  if (report.diagnostics.length === 0) return `${report.file}: ok (${report.statements} statement${report.statements === 1 ? '' : 's'})\n`;
  return report.diagnostics.map((d) => diagnosticText(report.file, report.lines, d)).join('');
}

function toJson(report: FileReport) {
  return {
    file: report.file,
    valid: report.valid,
    statements: report.statements,
    errors: report.diagnostics.map(({ severity, code, message, line, column, endLine, endColumn, hint }) => ({
      severity, code, message, line, column, endLine, endColumn, hint,
    })),
  };
}

export const command: Command = {
  name: 'validate',
  summary: 'check SQL files for errors (syntax, and semantics unless --syntax-only)',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { flags, positionals } = parseArgs(argv, { values: ['format'], booleans: ['syntax-only', 'portable'] });
    const format = flags.get('format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not ${format}`);
    if (positionals.length === 0) throw new UsageError('no files given');
    const options: ValidateOptions = { portable: flags.has('portable') };
    const reports = positionals.map((file) => checkFile(file, io, flags.has('syntax-only'), options));
    if (format === 'json') io.stdout.write(JSON.stringify(reports.map(toJson), null, 2) + '\n');
    else io.stdout.write(reports.map(formatText).join(''));
    return reports.every((r) => r.valid) ? 0 : 1;
  },
};
