/**
 * `runApp(file, options)`: runs every statement of a `.sql` application (dialect spec §3), the
 * way `velo run` does.
 *
 * 1. Parse; syntax errors stop the run.
 * 2. Preflight: each statement is planned against a scratch catalog in dependency order, so
 *    every missing `<name>.type` and unavailable connector of the whole file is reported before
 *    anything runs ("statement 'x' needs connector kafka_source, …").
 * 3. Run: statements start in dependency order (a statement reading another's output starts
 *    after it; when that upstream is bounded it has finished, so a CTAS table is complete
 *    before the streams that join it start). Independent statements run concurrently.
 * The result says which statements completed, with their progress and errors as values.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { ConnectorRegistry } from '../connectors/registry';
import { createConnectorRegistry } from '../connectors/builtin';
import type * as A from '../sql/ast';
import { hasErrors, type Diagnostic } from '../sql/diagnostics';
import { parse } from '../sql/parse';
import { Catalog } from './catalog';
import { declareSource } from './declare';
import { answerIntrospection, answeredByHost, type Listing } from './introspect';
import { fromDiagnostic, type EngineError } from './errors';
import { prepareStatement, runPrepared, statementName, type QueryHandle, type QuerySummary, type StartQueryOptions } from './query';

export interface RunAppOptions
  extends Pick<StartQueryOptions, 'sources' | 'env' | 'now' | 'maxInputRecords' | 'onProblem' | 'eventTimeFallback'> {
  /** Catalog to run against and register outputs in (default: a fresh one). */
  catalog?: Catalog;
  registry?: ConnectorRegistry;
  /** Stop every statement after this long (status 'timeout'). */
  timeoutMs?: number;
  /** Stops the run (status 'cancelled'). */
  signal?: AbortSignal;
  /** Called as each statement starts (progress display). */
  onStatementStart?(run: StatementRun): void;
  /** Directory relative WITH paths resolve against (default: the SQL file's folder). */
  baseDir?: string;
  /** 'iterate': keep each statement's output batches for `for await` on its handle (the job runner reads them). Default 'discard'. */
  output?: 'iterate' | 'discard';
}

export interface StatementRun {
  /** Index of the statement in the file. */
  index: number;
  /** The output name (CREATE name / INTO target), else `statement <n>` (1-based). */
  name: string;
  handle: QueryHandle;
}

export interface StatementResult {
  index: number;
  name: string;
  summary: QuerySummary;
}

export interface AppProblem {
  /** The statement concerned, when there is one. */
  statement?: string;
  error: EngineError;
}

export interface AppResult {
  status: 'completed' | 'failed' | 'cancelled' | 'timeout';
  /** `-- SQL Application:` name, else the file's stem. */
  name: string;
  statements: StatementResult[];
  /** Parse and plan diagnostics of the whole file (warnings included). */
  diagnostics: Diagnostic[];
  /** Everything that stopped the run or a statement, in order. */
  problems: AppProblem[];
  /** ⊕X35 answers to the file's DESCRIBE / SHOW CREATE / SHOW STREAM HEALTH, taken once the run ended. */
  answers: AppAnswer[];
}

export interface AppAnswer {
  /** Index of the statement in the file. */
  index: number;
  /** The statement's text. */
  statement: string;
  listing: Listing;
}

export async function runApp(file: string, options: RunAppOptions = {}): Promise<AppResult> {
  const stem = path.basename(file).replace(/\.[^.]*$/, '');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : String((e as Error).message);
    return { status: 'failed', name: stem, statements: [], diagnostics: [], problems: [{ error: { code: 'IO', message: `cannot read '${file}': ${reason}` } }], answers: [] };
  }
  const parsed = parse(text);
  const name = parsed.header.name ?? stem;
  if (hasErrors(parsed.diagnostics)) {
    const problems = parsed.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ error: fromDiagnostic(d) }));
    return { status: 'failed', name, statements: [], diagnostics: parsed.diagnostics, problems, answers: [] };
  }

  const catalog = options.catalog ?? new Catalog();
  const registry = options.registry ?? createConnectorRegistry({ memory: catalog.store });
  const queryOptions: StartQueryOptions = { ...options, registry, baseDir: options.baseDir ?? path.dirname(path.resolve(file)), output: options.output ?? 'discard' };
  // ⊕X24 source declarations run first: they only name sources the queries read.
  const declarations = parsed.statements.filter((s): s is A.CreateSourceStatement => s.kind === 'CreateSource');
  declarations.forEach((s) => declareSource(s, catalog));
  // ⊕X35 introspection is answered by this host once every statement has ended.
  const introspection = parsed.statements.filter(answeredByHost);
  const queries = parsed.statements.filter((s) => s.kind !== 'CreateSource' && !answeredByHost(s));
  const order = dependencyOrder(queries, catalog, queryOptions);
  if (order.problems.length > 0) return { status: 'failed', name, statements: [], diagnostics: parsed.diagnostics, problems: order.problems, answers: [] };

  const runs: StatementRun[] = [];
  const byOutput = new Map<string, StatementRun>();
  const problems: AppProblem[] = [];
  const diagnostics = [...parsed.diagnostics];
  let stopped: 'cancelled' | 'timeout' | null = null;
  const stopAll = (why: 'cancelled' | 'timeout') => {
    stopped = stopped ?? why;
    runs.forEach((r) => r.handle.cancel());
  };
  const timer = options.timeoutMs !== undefined ? setTimeout(() => stopAll('timeout'), options.timeoutMs) : null;
  const onAbort = () => stopAll('cancelled');
  options.signal?.addEventListener('abort', onAbort);

  try {
    for (const { statement, reads } of order.statements) {
      // A bounded upstream must have finished before its readers start (files written, tables complete).
      for (const upstream of reads.map((r) => byOutput.get(r)).filter((r): r is StatementRun => r !== undefined)) {
        if (upstream.handle.planned?.unbounded === false) await upstream.handle.done;
      }
      if (stopped) break;
      const prepared = prepareStatement(statement, catalog, queryOptions);
      diagnostics.push(...prepared.diagnostics);
      const run: StatementRun = { index: statement.index, name: statementName(statement, prepared.planned?.output ?? null), handle: runPrepared(prepared, catalog, queryOptions) };
      runs.push(run);
      if (run.handle.planned?.output) byOutput.set(run.handle.planned.output, run);
      options.onStatementStart?.(run);
    }
    const statements: StatementResult[] = [];
    for (const run of runs) {
      const summary = await run.handle.done;
      statements.push({ index: run.index, name: run.name, summary });
      if (summary.error) problems.push({ statement: run.name, error: summary.error });
    }
    const answers: AppAnswer[] = [];
    for (const statement of introspection) {
      const answer = answerIntrospection(statement, catalog, runs);
      if ('code' in answer) problems.push({ statement: statementName(statement, null), error: { ...answer, line: statement.span.start.line, column: statement.span.start.column } });
      else answers.push({ index: statement.index, statement: statement.text, listing: answer });
    }
    const status = stopped ?? (problems.length > 0 ? 'failed' : 'completed');
    return { status, name, statements, diagnostics, problems, answers };
  } finally {
    if (timer) clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

interface Ordered {
  statement: A.Statement;
  /** Names it reads that other statements of the file produce. */
  reads: string[];
}

/**
 * Plans every statement against a scratch copy of the catalog (registering outputs as it goes)
 * to learn what each reads and to report connector problems up front; returns the statements
 * in dependency order (file order among independent ones).
 */
function dependencyOrder(statements: A.Statement[], catalog: Catalog, options: StartQueryOptions): { statements: Ordered[]; problems: AppProblem[] } {
  const scratch = Catalog.fromJSON(catalog.toJSON());
  const outputs = new Map<string, A.Statement>();
  const prepareAll = () =>
    statements.map((statement) => {
      const prepared = prepareStatement(statement, scratch, { ...options, onProblem: undefined });
      if (prepared.planned) {
        scratch.registerOutput(prepared.planned);
        if (prepared.planned.output) outputs.set(prepared.planned.output, statement);
      }
      return { statement, prepared };
    });
  prepareAll(); // learns every output name, so a statement may read one defined later in the file
  const planned = prepareAll();
  const problems: AppProblem[] = [];
  for (const { statement, prepared } of planned) {
    const error = prepared.error;
    // Plan errors are left to the run: an upstream file written by an earlier statement may be what makes it plan.
    if (error && !/^V/.test(error.code)) problems.push({ statement: statementName(statement, prepared.planned?.output ?? null), error });
  }
  const readsOf = new Map(planned.map(({ statement, prepared }) => [statement, (prepared.planned?.sources ?? []).filter((s) => outputs.has(s) && outputs.get(s) !== statement)]));
  const ordered: Ordered[] = [];
  const placed = new Set<A.Statement>();
  const visiting = new Set<A.Statement>();
  const place = (statement: A.Statement) => {
    if (placed.has(statement) || visiting.has(statement)) return; // a cycle keeps file order
    visiting.add(statement);
    for (const read of readsOf.get(statement) ?? []) place(outputs.get(read)!);
    visiting.delete(statement);
    placed.add(statement);
    ordered.push({ statement, reads: readsOf.get(statement) ?? [] });
  };
  statements.forEach(place);
  return { statements: ordered, problems };
}
