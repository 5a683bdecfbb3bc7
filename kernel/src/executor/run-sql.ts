/**
 * Runs one prepared SQL statement of a cell (kernel spec §3.6, §4.1): static answers, queries with
 * a live display, the preview period, background jobs, batch caps and interrupts. The cell's
 * `error` message is the caller's business: this returns a CellError value.
 */
import {
  declareSource,
  startStatement,
  type PlannedStatement,
  type QueryHandle,
  type Value,
} from '@velostream/engine';
import { LiveDisplay } from '../display/live-display';
import type { ResultColumn, ResultMeta } from '../display/types';
import { chooseViz, NO_CHART, type VizInput } from '../display/viz';
import { answerStatement } from './catalog-answers';
import type { CellContext, SqlOptions } from './context';
import { engineError, resultError } from './engine-errors';
import { cellError, type CellError } from './errors';
import type { PreparedSql } from './cell/prepared';
import { QueryRun, type StopReason } from './query-run';
import { resultShape, type ResultShape } from './shape';
import { staticTable } from './static-result';

export async function runSql(sql: PreparedSql, ctx: CellContext, options: SqlOptions): Promise<CellError | undefined> {
  const { statement } = sql;
  switch (statement.kind) {
    case 'Show':
    case 'Describe':
    case 'StopJob':
    case 'PauseJob':
    case 'ResumeJob':
      return answerStatement(sql, ctx);
    case 'CreateSource': {
      // ⊕X24: the declared connector now owns the name; later cells read it by name.
      const declared = declareSource(statement, ctx.notebook.catalog);
      ctx.notebook.outputRegistered(declared.name);
      await ctx.exec.output.stream('stdout', `declared ${declared.kind} ${declared.name} (${declared.properties.type ?? 'no type'})\n`);
      return undefined;
    }
    case 'DeployJob':
    case 'RollbackJob':
      return cellError('SqlValidationError', `${statement.kind === 'DeployJob' ? 'DEPLOY' : 'ROLLBACK'} JOB is not run from a notebook`, {
        at: statementRange(sql),
        hint: 'use %%deploy to deploy the pipeline built in this notebook',
      });
    default:
      return runQuery(sql, ctx, options);
  }
}

function statementRange(sql: PreparedSql) {
  const start = sql.start + sql.substituted.toOriginal(sql.statement.span.start.offset);
  return { start, end: start + sql.statement.text.split(/\s/, 1)[0].length };
}

async function runQuery(sql: PreparedSql, ctx: CellContext, options: SqlOptions): Promise<CellError | undefined> {
  const { notebook } = ctx;
  // A plain SELECT ends at its own LIMIT (the engine's rule); `--limit` caps any statement's output.
  const handle = startStatement(sql.statement, notebook.catalog, {
    sources: notebook.injectedSources(sql.text),
    registry: notebook.kafka.registry(notebook.catalog),
    bindings: notebook.kafka.bindings(),
    ...(options.limit !== undefined ? { maxOutputRecords: options.limit } : {}),
  });
  const planned = handle.planned;
  if (!planned || handle.progress().status === 'failed') return failure(handle, sql);
  if (planned.output) notebook.outputRegistered(planned.output);
  if (planned.sources.length === 0 && planned.ctes.length === 0 && !planned.output) return staticQuery(handle, planned, sql, ctx);
  const error = await liveQuery(handle, planned, sql, ctx, options);
  if (planned.output) {
    if (error) notebook.pipeline.forget(planned.output);
    else notebook.pipeline.record(planned.output, sql.text);
  }
  return error;
}

async function failure(handle: QueryHandle, sql: PreparedSql): Promise<CellError> {
  const summary = await handle.done;
  return summary.error
    ? engineError(summary.error, summary.diagnostics, sql)
    : cellError('InternalError', 'the query failed without an error');
}

/** SELECT without FROM: one execute_result once the rows are in. */
async function staticQuery(handle: QueryHandle, planned: PlannedStatement, sql: PreparedSql, ctx: CellContext): Promise<CellError | undefined> {
  const shape = resultShape(planned);
  const rows: Value[][] = [];
  for await (const batch of handle) for (const record of batch) rows.push(shape.columns.map((c) => record.fields[c.name] ?? null));
  const summary = await handle.done;
  if (summary.status === 'failed') return failure(handle, sql);
  const data = staticTable({ columns: shape.columns, rows, statement: sql.statement.text, statementIndex: sql.ordinal - 1 }, ctx.notebook.settings.values.rows);
  await ctx.exec.output.executeResult(data);
  return undefined;
}

async function liveQuery(
  handle: QueryHandle,
  planned: PlannedStatement,
  sql: PreparedSql,
  ctx: CellContext,
  options: SqlOptions,
): Promise<CellError | undefined> {
  const { notebook, exec } = ctx;
  const settings = notebook.settings.values;
  const shape = resultShape(planned);
  const mode = options.mode ?? shape.mode;
  const vizInput = (columns: readonly ResultColumn[]): VizInput => ({
    columns,
    mode,
    keys: shape.keys,
    annotations: sql.statement.annotations,
    ...(options.chart !== undefined ? { option: options.chart } : {}),
    inference: settings.chart,
  });
  const viz = chooseViz(vizInput(shape.columns));
  if (!viz.ok) {
    handle.cancel();
    const note = sql.statement.annotations.find((a) => a.key.startsWith('viz'));
    const at = note ? { start: sql.start + sql.substituted.toOriginal(note.span.start.offset), end: sql.start + sql.substituted.toOriginal(note.span.end.offset) } : undefined;
    return cellError(options.chart !== undefined ? 'MagicError' : 'SqlValidationError', viz.message, at ? { at } : {});
  }

  const displayId = notebook.nextDisplayId();
  const meta: ResultMeta = {
    displayId,
    queryId: displayId.replace(/^vs-/, 'q-'),
    job: null,
    statement: sql.statement.text,
    statementIndex: sql.ordinal - 1,
    status: 'running',
    mode,
    emit: shape.emit,
    bounded: isBounded(planned, shape, options),
    columns: shape.columns,
    keys: shape.keys,
    viz: viz.viz,
    sources: shape.sources,
    sinks: shape.sinks,
    error: null,
    end: null,
  };
  const display = new LiveDisplay(meta, {
    output: exec.output,
    live: ctx.live,
    refresh: options.refresh ?? settings.refresh,
    rowLimit: options.rows ?? settings.rows,
    htmlRowLimit: options.rows ?? (mode === 'append' && !notebook.settings.isSet('rows') ? Math.min(APPEND_HTML_ROWS, settings.rows) : settings.rows),
    keepRows: options.keepRows ?? settings.keep_rows,
    counters: () => {
      const p = handle.progress();
      return { records_in: p.recordsIn, records_out: p.recordsOut, late_records: p.lateRecords };
    },
    chooseViz: (columns) => {
      const again = chooseViz(vizInput(columns));
      return again.ok ? again.viz : NO_CHART;
    },
  });
  const run = new QueryRun(handle, display, (summary) =>
    resultError(summary.error ? engineError(summary.error, summary.diagnostics, sql) : cellError('ExecutionError', 'query failed'), ctx.cell),
  );
  return supervise(run, meta.bounded, shape.limited, sql, ctx, options);
}

/** Append mode's text/html shows the newest 10 rows unless `%config rows` or `--rows` says otherwise. */
const APPEND_HTML_ROWS = 10;

/** Bounded (§3.6): every source bounded, a LIMIT, or a cell `--for` / `--limit`. */
function isBounded(planned: PlannedStatement, shape: ResultShape, options: SqlOptions): boolean {
  return !planned.unbounded || shape.limited || options.forMs !== undefined || options.limit !== undefined;
}

type Wake = 'finished' | 'interrupted' | 'timer';

/** Waits for the query to end, an interrupt, or `ms` (never when undefined). */
function waitFirst(run: QueryRun, signal: AbortSignal, ms: number | undefined): Promise<Wake> {
  return new Promise((resolve) => {
    const timer = ms === undefined || !Number.isFinite(ms) ? undefined : setTimeout(() => settle('timer'), ms);
    const onAbort = () => settle('interrupted');
    function settle(wake: Wake) {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      resolve(wake);
    }
    if (signal.aborted) return settle('interrupted');
    signal.addEventListener('abort', onAbort, { once: true });
    void run.finished.then(() => settle('finished'));
  });
}

async function supervise(
  run: QueryRun,
  bounded: boolean,
  limited: boolean,
  sql: PreparedSql,
  ctx: CellContext,
  options: SqlOptions,
): Promise<CellError | undefined> {
  const settings = ctx.notebook.settings.values;
  const previewMs = options.previewMs ?? settings.preview;
  const batch = ctx.runMode === 'batch';
  let limitMs: number | undefined;
  /** What ends the run when the timer fires in the foreground. */
  let timeout: { reason: StopReason; ms: number } | undefined;
  let detach = false;
  if (bounded) {
    limitMs = options.forMs;
    if (limitMs !== undefined) timeout = { reason: 'for', ms: limitMs };
  } else if (batch) {
    const wanted = limited ? Infinity : previewMs;
    limitMs = Math.min(wanted, settings.batch_timeout);
    timeout = wanted > settings.batch_timeout ? { reason: 'batch_timeout', ms: limitMs } : { reason: 'preview', ms: limitMs };
  } else if (!options.noDetach) {
    limitMs = options.background ? 0 : previewMs;
    detach = true;
  }

  const wake = await waitFirst(run, ctx.exec.signal, limitMs);
  if (wake === 'interrupted') {
    run.stop('interrupt');
    await run.finished;
    return cellError('KeyboardInterrupt', 'query cancelled');
  }
  if (wake === 'timer' && detach) return toBackground(run, sql, ctx, options);
  if (wake === 'timer' && timeout) {
    if (timeout.reason === 'batch_timeout')
      await ctx.exec.output.stream('stderr', `batch_timeout (${settings.batch_timeout / 1000}s) reached: the statement was stopped\n`);
    run.stop(timeout.reason, timeout.ms);
  }
  const end = await run.finished;
  return end.status === 'failed' && end.summary.error ? engineError(end.summary.error, end.summary.diagnostics, sql) : undefined;
}

/** The preview is over: the query keeps running as a named job, updating the same display. */
async function toBackground(run: QueryRun, sql: PreparedSql, ctx: CellContext, options: SqlOptions): Promise<CellError | undefined> {
  const { notebook, exec } = ctx;
  const maxJobs = notebook.settings.values.max_jobs;
  if (notebook.jobs.running().length >= maxJobs) {
    run.stop('max_jobs');
    await run.finished;
    return cellError('SourceError', `${maxJobs} background jobs are running (max_jobs)`, {
      hint: 'list them with %jobs and stop one with %stop NAME',
    });
  }
  const name = jobName(sql, options, run.handle.planned, exec.executionCount);
  const replaced = notebook.jobs.add({
    name,
    run,
    cellId: exec.request.cellId,
    executionCount: exec.executionCount,
    statement: sql.statement.text,
    startedAt: Date.now(),
  });
  if (replaced) await exec.output.stream('stderr', `stopped the earlier job ${name}: a new job took its name\n`);
  run.display.setJob(name);
  await (ctx.live ? run.display.tick() : run.display.showNow());
  return undefined;
}

/** `@name`, `--name`, the CSAS/CTAS/START JOB target, else `q<execution_count>_<k>` (§3.6). */
function jobName(sql: PreparedSql, options: SqlOptions, planned: PlannedStatement | null, count: number): string {
  const annotated = sql.statement.annotations.find((a) => a.key === 'name')?.value.trim();
  const started = sql.statement.kind === 'StartJob' ? sql.statement.name.name : undefined;
  return annotated || options.name || started || planned?.output || `q${count}_${sql.ordinal}`;
}
