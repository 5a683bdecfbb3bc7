/**
 * `velo run APP.sql [--records N] [--timeout DURATION]`
 *
 * Runs every statement of an application (engine `runApp`), writing their sinks. Prints a
 * progress line on a TTY stderr, one line per bad source row (first 20), one line per error,
 * and a summary line per statement on stdout. Exit 0 when every statement completed (every
 * bounded source exhausted and sinks flushed), 1 otherwise, 2 on usage errors. Ctrl-C stops
 * the run.
 */
import * as path from 'path';
import { CliIO, Command, parseArgs, UsageError } from '../command';
import { runApp, type AppAnswer, type AppProblem, type StatementRun } from '../../api/app';
import { textTable } from '../text-table';
import { describeProblem, type ConnectorProblem } from '../../connectors/errors';

const usage = `Usage: velo run APP.sql [--records N] [--timeout DURATION]

Runs a Velostream SQL application: every statement, in dependency order, reading its sources
and writing its sinks. Relative paths in WITH resolve against the SQL file's folder.
DESCRIBE, SHOW CREATE and SHOW STREAM HEALTH statements of the file are answered on stdout
once the run has ended.

Options:
  --records N          read at most N records from each source, then treat it as ended
  --timeout DURATION   stop after DURATION (e.g. 30s, 5m, 1500ms; a bare number is seconds)
`;

const MAX_PROBLEM_LINES = 20;

export const command: Command = {
  name: 'run',
  summary: 'run a SQL application (all statements, sources to sinks)',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const args = parseArgs(argv, { values: ['records', 'timeout'] });
    if (args.positionals.length !== 1) throw new UsageError('expected one APP.sql file');
    const maxInputRecords = args.flags.has('records') ? positiveInteger(String(args.flags.get('records')), '--records') : undefined;
    const timeoutMs = args.flags.has('timeout') ? parseDuration(String(args.flags.get('timeout'))) : undefined;
    const file = path.resolve(io.cwd, args.positionals[0]);

    let problemLines = 0;
    const onProblem = (p: ConnectorProblem) => {
      if (++problemLines <= MAX_PROBLEM_LINES) io.stderr.write(`velo run: ${describeProblem(p)}\n`);
    };
    const progress = io.stderr.isTTY ? new ProgressLine(io.stderr) : null;
    const abort = new AbortController();
    const onInterrupt = () => abort.abort();
    process.once('SIGINT', onInterrupt);
    try {
      const result = await runApp(file, {
        maxInputRecords,
        timeoutMs,
        signal: abort.signal,
        onProblem,
        env: io.env,
        onStatementStart: (run) => progress?.track(run),
      });
      progress?.stop();
      if (problemLines > MAX_PROBLEM_LINES) io.stderr.write(`velo run: … ${problemLines - MAX_PROBLEM_LINES} more bad rows\n`);
      for (const problem of result.problems) io.stderr.write(`velo run: ${problemText(problem)}\n`);
      for (const s of result.statements) {
        const p = s.summary.progress;
        io.stdout.write(`${s.name}: ${s.summary.status}, ${p.recordsIn} records in, ${p.recordsOut} out${p.badRecords ? `, ${p.badRecords} bad rows skipped` : ''}${p.duplicates ? `, ${p.duplicates} duplicates skipped` : ''}\n`);
      }
      for (const answer of result.answers) io.stdout.write(answerText(answer));
      if (result.status === 'timeout') io.stderr.write(`velo run: stopped after --timeout ${args.flags.get('timeout')}\n`);
      if (result.status === 'cancelled') io.stderr.write('velo run: interrupted\n');
      return result.status === 'completed' ? 0 : 1;
    } finally {
      progress?.stop();
      process.removeListener('SIGINT', onInterrupt);
    }
  },
};

/** ⊕X35 DESCRIBE / SHOW CREATE / SHOW STREAM HEALTH: the statement, then its answer as a table. */
function answerText(answer: AppAnswer): string {
  const { title, columns, rows } = answer.listing;
  const table = columns.length === 0 ? '' : rows.length === 0 ? '(no rows)\n' : textTable(columns, rows);
  return `\n${answer.statement}\n${title ? `${title}\n` : ''}${table}`;
}

/** One line per problem; connector-not-available gets the sentence users look for. */
function problemText(problem: AppProblem): string {
  const { error } = problem;
  const where = problem.statement ? `statement '${problem.statement}'` : '';
  const type = /connector not available: (\S+)/.exec(error.message)?.[1];
  if (error.code === 'CONNECTOR_NOT_AVAILABLE' && type) {
    return `${where || 'the application'} needs connector ${type}, which this runtime does not have yet`;
  }
  const position = error.line !== undefined ? ` (line ${error.line}, column ${error.column})` : '';
  const hint = error.hint ? ` — ${error.hint}` : '';
  return `${where ? `${where}: ` : ''}${error.message}${position}${hint}`;
}

function positiveInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) <= 0) throw new UsageError(`${flag} needs a positive integer, got '${text}'`);
  return Number(text);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30s`, `5m`, `1500ms`, `2h`; a bare number is seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new UsageError(`--timeout needs a duration like 30s, 5m or 1500ms, got '${text}'`);
  return Number(m[1]) * UNIT_MS[m[2] ?? 's'];
}

/** A single self-overwriting status line on a terminal: records in/out per running statement. */
class ProgressLine {
  private readonly runs: StatementRun[] = [];
  private readonly timer: NodeJS.Timeout;
  private drawn = false;

  constructor(private readonly out: NodeJS.WritableStream) {
    this.timer = setInterval(() => this.draw(), 200);
    this.timer.unref();
  }

  track(run: StatementRun): void {
    this.runs.push(run);
  }

  stop(): void {
    clearInterval(this.timer);
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }

  private draw(): void {
    const parts = this.runs.map((r) => {
      const p = r.handle.progress();
      return `${r.name} ${p.status === 'running' ? '▶' : '✓'} ${p.recordsIn}→${p.recordsOut}`;
    });
    if (parts.length === 0) return;
    this.out.write(`\r\x1b[K${parts.join('  ')}`);
    this.drawn = true;
  }
}
