/**
 * Statements answered from the notebook's catalog and job registry rather than the engine
 * (kernel spec §4.1): SHOW/LIST, DESCRIBE, STOP JOB. Static `execute_result` outputs.
 */
import { allFunctions, createStatementText, healthListing, type Ast } from '@velostream/engine';
import type { CellContext } from './context';
import { describeSource } from './notebook/describe';
import { cellError, isCellError, type CellError } from './errors';
import { describeBundle, jobListing, sourceRows, SOURCE_COLUMNS } from './notebook/listings';
import type { PreparedSql } from './cell/prepared';
import { textListing } from './static-result';

/** `LIKE 'pat'` with `%` and `_` wildcards, case-insensitive. */
export function likeMatcher(pattern: string | undefined): (name: string) => boolean {
  if (!pattern) return () => true;
  const regex = new RegExp(
    '^' + pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.') + '$',
    'i',
  );
  return (name) => regex.test(name);
}

export async function answerStatement(sql: PreparedSql, ctx: CellContext): Promise<CellError | undefined> {
  const { statement } = sql;
  const { notebook, exec } = ctx;
  const rowLimit = notebook.settings.values.rows;
  switch (statement.kind) {
    case 'Describe': {
      const described = describeSource(notebook, statement.name.name, 5);
      if (isCellError(described)) return described;
      await exec.output.executeResult(describeBundle(described, rowLimit));
      return undefined;
    }
    case 'StopJob': {
      const stopped = await notebook.jobs.stop(statement.name.name);
      if (!stopped) return cellError('ExecutionError', `no running job named ${statement.name.name}`, { hint: 'list jobs with %jobs' });
      await exec.output.stream('stdout', `stopped job ${statement.name.name}\n`);
      return undefined;
    }
    case 'PauseJob':
    case 'ResumeJob':
      return cellError('SqlValidationError', `${statement.kind === 'PauseJob' ? 'PAUSE' : 'RESUME'} JOB is not supported in a notebook`, {
        hint: 'stop a job with STOP JOB name or %stop NAME and run its cell again',
      });
    case 'Show': {
      if (statement.target === 'CREATE' && statement.name) return showCreate(statement.name.name, ctx);
      const like = likeMatcher(statement.pattern?.value);
      const answer = statement.target === 'HEALTH' ? streamHealth(statement.name?.name, ctx) : showAnswer(statement.target, like, ctx);
      if (isCellError(answer)) return answer;
      await exec.output.executeResult(answer);
      return undefined;
    }
    default:
      return cellError('InternalError', `unexpected ${statement.kind} statement`);
  }
}

/** ⊕X35 `SHOW CREATE STREAM|TABLE n`: the statement that defined `n`. */
async function showCreate(name: string, ctx: CellContext): Promise<CellError | undefined> {
  const object = ctx.notebook.catalog.get(name);
  if (!object) return cellError('SqlValidationError', `unknown stream or table ${name}`, { hint: 'SHOW STREAMS and SHOW TABLES list what this notebook knows' });
  await ctx.exec.output.stream('stdout', `${createStatementText(object)}\n`);
  return undefined;
}

/** ⊕X35 `SHOW STREAM HEALTH [n]`: each source of the notebook's jobs (running, and the finished ones %jobs --all lists). */
function streamHealth(name: string | undefined, ctx: CellContext) {
  const hosted = ctx.notebook.jobs.all().map((job) => ({ name: job.name, handle: job.run.handle }));
  const listing = healthListing(hosted, name);
  if ('code' in listing) return cellError('SqlValidationError', listing.message, { hint: listing.hint });
  return textListing(listing.columns, listing.rows);
}

function showAnswer(target: Ast.ShowTarget, like: (name: string) => boolean, ctx: CellContext) {
  const { notebook } = ctx;
  switch (target) {
    case 'STREAMS':
    case 'TABLES': {
      const kind = target === 'STREAMS' ? 'stream' : 'table';
      return textListing(SOURCE_COLUMNS, sourceRows(notebook.sources().filter((s) => s.kind === kind && like(s.name))));
    }
    case 'JOBS':
    case 'QUERIES':
      return jobListing(notebook.jobs.all().filter((j) => like(j.name)));
    case 'FUNCTIONS':
      return textListing(
        ['name', 'kind', 'signature'],
        allFunctions()
          .filter((f) => like(f.name))
          .map((f) => [f.name, f.kind, f.signature]),
      );
    default:
      return cellError('SqlValidationError', `SHOW ${target} is not available in a notebook`, {
        hint: 'SHOW STREAMS, TABLES, JOBS, QUERIES, FUNCTIONS and STREAM HEALTH are; see also %sources and %jobs',
      });
  }
}
