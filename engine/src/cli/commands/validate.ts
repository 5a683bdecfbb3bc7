/**
 * `velo validate [--syntax-only] [--portable] [--format text|json] FILE...`
 *
 * Parses every file (many files, one process) and prints diagnostics. Exit 0 when every file is
 * valid, 1 otherwise, 2 on usage errors. Semantic checks come from `sql/validator` when that
 * module exists; `--syntax-only` skips them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { parse, portabilityWarnings } from '../../sql';
import type { Diagnostic, ParseResult } from '../../sql';
import { byPosition, hasErrors } from '../../sql/diagnostics';

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

/** The semantic validator's entry point (engine/src/sql/validator.ts). */
type SemanticValidator = (result: ParseResult, options: ValidateOptions & { baseDir: string }) => Diagnostic[];

function loadValidator(): SemanticValidator | undefined {
  try {
    return (require('../../sql/validator') as { validate: SemanticValidator }).validate;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw err;
  }
}

interface FileReport {
  file: string;
  valid: boolean;
  statements: number;
  diagnostics: Diagnostic[];
  /** Source lines, for the caret display. */
  lines: string[];
}

function checkFile(file: string, io: CliIO, validator: SemanticValidator | undefined, options: ValidateOptions): FileReport {
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
  const diagnostics = validator ? validator(result, { ...options, baseDir: path.dirname(path.resolve(io.cwd, file)) }) : [...result.diagnostics];
  if (!validator && options.portable) diagnostics.push(...portabilityWarnings(result.extensions));
  diagnostics.sort(byPosition);
  return { file, valid: !hasErrors(diagnostics), statements: result.statementCount, diagnostics, lines: text.split(/\r\n|\r|\n/) };
}

function formatText(report: FileReport): string {
  if (report.diagnostics.length === 0) return `${report.file}: ok (${report.statements} statement${report.statements === 1 ? '' : 's'})\n`;
  return report.diagnostics
    .map((d) => {
      const out = [`${report.file}:${d.line}:${d.column}: ${d.severity} ${d.code} ${d.message}`];
      const source = report.lines[d.line - 1];
      if (source !== undefined) {
        const width = d.endLine === d.line ? Math.max(1, d.endColumn - d.column) : 1;
        // Keep tabs so the caret lines up under the same column.
        const pad = source.slice(0, d.column - 1).replace(/[^\t]/g, ' ');
        out.push(`  ${source}`, `  ${pad}^${'~'.repeat(width - 1)}`);
      }
      if (d.hint) out.push(`  hint: ${d.hint}`);
      return out.join('\n') + '\n';
    })
    .join('');
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
    const validator = flags.has('syntax-only') ? undefined : loadValidator();
    const reports = positionals.map((file) => checkFile(file, io, validator, options));
    if (format === 'json') io.stdout.write(JSON.stringify(reports.map(toJson), null, 2) + '\n');
    else io.stdout.write(reports.map(formatText).join(''));
    return reports.every((r) => r.valid) ? 0 : 1;
  },
};
