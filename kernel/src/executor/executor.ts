/**
 * The kernel's SQL executor: the `Executor` the session calls. Owns the notebook state for the
 * kernel process, runs cells through CellRunner, prints errors once (§7), and serves completion,
 * inspection, user_expressions and the catalog comm.
 */
import { formatValue, startQuery } from '@velostream/engine';
import type {
  Completeness,
  CompletionResult,
  ExecuteOutcome,
  ExecutionContext,
  Executor,
  ExecutorFactory,
  ExecutorHost,
  InspectionResult,
  LanguageInfo,
  UserExpressionResult,
} from '../session/executor';
import { registerCatalogComm } from './comms/catalog-comm';
import { CellRunner } from './cell-runner';
import { complete } from './language/complete';
import { cellError, printError, type CellError } from './errors';
import { inspect } from './language/inspect';
import { checkComplete } from './language/is-complete';
import { kernelInfo } from './language/kernel-info';
import { Notebook } from './notebook/notebook';
import { substitute } from './cell/params';

export const createVelostreamExecutor: ExecutorFactory = (host) => new VelostreamExecutor(host);

export class VelostreamExecutor implements Executor {
  readonly notebook: Notebook;

  constructor(host: ExecutorHost) {
    this.notebook = new Notebook(host.sessionId, host.log);
    registerCatalogComm(host.comms, this.notebook);
  }

  async execute(code: string, ctx: ExecutionContext): Promise<ExecuteOutcome> {
    // Re-running a cell, or deleting it, stops the jobs it started (§3.6 owner rule).
    const owners = [...ctx.request.deletedCells, ...(ctx.request.cellId ? [ctx.request.cellId] : [])];
    if (owners.length > 0) await this.notebook.jobs.stopAll('owner', owners);

    const runner = new CellRunner(this.notebook, ctx, code);
    let error: CellError | undefined;
    try {
      error = await runner.run();
    } catch (thrown) {
      error = this.internalError(thrown);
    }
    if (!error) return { status: 'ok', payload: runner.payload };
    const { ename, evalue, traceback } = printError(error, code);
    return { status: 'error', ename, evalue, traceback };
  }

  kernelInfo(): LanguageInfo {
    return kernelInfo();
  }

  isComplete(code: string): Completeness {
    return checkComplete(code);
  }

  async complete(code: string, cursor: number): Promise<CompletionResult> {
    return complete(code, cursor, this.notebook);
  }

  async inspect(code: string, cursor: number, detailLevel: number): Promise<InspectionResult> {
    return inspect(code, cursor, detailLevel, this.notebook);
  }

  /** A parameter name, or a constant SQL expression (§1.8). */
  async evaluateUserExpressions(expressions: Record<string, string>): Promise<Record<string, UserExpressionResult>> {
    const results: Record<string, UserExpressionResult> = {};
    for (const [key, expression] of Object.entries(expressions)) results[key] = await this.evaluate(expression);
    return results;
  }

  resultLimit(): number {
    return this.notebook.settings.values.max_results;
  }

  interrupt(): void {
    // The foreground cell watches its AbortSignal; background jobs keep running (§1.11).
  }

  async shutdown(): Promise<void> {
    await this.notebook.jobs.stopAll('shutdown');
  }

  private async evaluate(expression: string): Promise<UserExpressionResult> {
    const param = this.notebook.params.get(expression.trim());
    if (param) return { status: 'ok', data: { 'text/plain': param.text }, metadata: {} };
    const sql = `SELECT ${substitute(expression, this.notebook.params).text} AS value`;
    const handle = startQuery(sql, this.notebook.catalog);
    let text = '';
    for await (const batch of handle) for (const record of batch) text = record.fields.value === null ? 'NULL' : formatValue(record.fields.value);
    const summary = await handle.done;
    if (summary.status !== 'completed' || (handle.planned?.sources.length ?? 0) > 0)
      return { status: 'error', ename: 'SqlValidationError', evalue: summary.error?.message ?? 'not a constant expression', traceback: [] };
    return { status: 'ok', data: { 'text/plain': text }, metadata: {} };
  }

  private internalError(thrown: unknown): CellError {
    const message = thrown instanceof Error ? thrown.message : String(thrown);
    this.notebook.log.error(`internal error: ${thrown instanceof Error ? thrown.stack : message}`);
    const debug = this.notebook.settings.values.debug;
    return cellError('InternalError', debug ? message : `${message} (set %config debug=true for details)`, {
      ...(debug && thrown instanceof Error && thrown.stack ? { details: thrown.stack.split('\n') } : {}),
    });
  }
}
