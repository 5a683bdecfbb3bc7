/**
 * One deployed app version running under supervision (deploy spec §1 "supervision"): runs its
 * statements as jobs (engine `runApp`), records file-source positions every checkpoint
 * interval, feeds job output to the metrics, and restarts a failed run with exponential
 * backoff (1 s … 60 s) until 5 failures within 10 minutes leave it `failed` with its error.
 */
import * as fs from 'fs';
import { runApp, type StatementRun } from '../api/app';
import { Catalog } from '../api/catalog';
import type { EngineError } from '../api/errors';
import { releaseRule } from '../api/delivery';
import type { QueryProgressSnapshot } from '../api/query';
import { createConnectorRegistry, type BuiltinConnectorOptions } from '../connectors/builtin';
import { TopicStore } from '../connectors/topics/topic-store';
import type { RunnerMetrics } from '../observe/metrics';
import type { PlanNode } from '../plan/logical';
import type { PlannedStatement } from '../plan/planner';
import type { Row } from '../connectors/formats/csv-decoder';
import { readAnnotations } from '../sql/annotationModel';
import type * as A from '../sql/ast';
import { parse } from '../sql/parse';
import { querySelects, sourceName, sourcesOf, statementQuery } from '../sql/walk';
import { ResumableConnectors, type ResumeMode } from './checkpoint';
import type { StateStore } from './state';

export type AppStatus = 'running' | 'restarting' | 'completed' | 'failed' | 'stopped';
export type JobStatus = 'running' | 'completed' | 'failed' | 'stopped' | 'cancelled';

export interface JobView {
  name: string;
  app: string;
  version: number;
  status: JobStatus;
  startedAt: string;
  progress: QueryProgressSnapshot;
  error?: EngineError;
}

const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 60_000;
const FAILURE_WINDOW_MS = 10 * 60_000;
const MAX_FAILURES = 5;
/** Rows of each job's output kept for `GET /jobs/{name}/output`. */
const KEPT_ROWS = 100;

export interface AppRunOptions {
  store: StateStore;
  metrics: RunnerMetrics;
  worker: string;
  /** One JSON line per transition. */
  log(event: Record<string, unknown>): void;
  checkpointMs: number;
  /** Job names that stay stopped in this version. */
  stoppedJobs: readonly string[];
  /** Kafka brokers (`velo serve --kafka`): kafka_* objects are real topics, read in the group `velo-<app>-<job>`. */
  kafka?: readonly string[];
}

interface Job {
  run: StatementRun;
  startedAt: Date;
  stopped: boolean;
  rows: Row[];
}

export class AppRun {
  status: AppStatus = 'running';
  error: EngineError | null = null;
  private readonly jobs = new Map<string, Job>();
  private abort = new AbortController();
  private failures: number[] = [];
  private wakeBackoff: (() => void) | null = null;
  readonly finished: Promise<void>;
  /** Settles once every job of the first run has started (or that run ended): a replaced version may stop then. */
  readonly started: Promise<void>;
  private markStarted: () => void = () => {};

  constructor(
    readonly app: string,
    readonly version: number,
    private readonly options: AppRunOptions,
    /** Start from recorded positions (false: a fresh activation reads from the beginning). */
    resume: boolean,
  ) {
    if (!resume) options.store.clearPositions(app, version);
    this.started = new Promise((resolve) => (this.markStarted = resolve));
    this.finished = this.supervise().finally(() => this.markStarted());
  }

  jobViews(): JobView[] {
    return [...this.jobs.values()].map((j) => {
      const progress = j.run.handle.progress();
      const status: JobStatus = j.stopped ? 'stopped' : progress.status;
      return { name: j.run.name, app: this.app, version: this.version, status, startedAt: j.startedAt.toISOString(), progress };
    });
  }

  output(job: string, limit: number): Row[] | null {
    const j = this.jobs.get(job);
    return j ? j.rows.slice(-limit) : null;
  }

  hasJob(job: string): boolean {
    return this.jobs.has(job);
  }

  /** Cancels one job of the running version (it stays stopped until started again). */
  stopJob(job: string): boolean {
    const j = this.jobs.get(job);
    if (!j) return false;
    j.stopped = true;
    j.run.handle.cancel();
    return true;
  }

  async stop(): Promise<void> {
    this.status = 'stopped';
    this.abort.abort();
    this.wakeBackoff?.();
    await this.finished;
  }

  private async supervise(): Promise<void> {
    while (this.status !== 'stopped') {
      const outcome = await this.runOnce();
      if (this.isStopped()) return;
      if (outcome.ok) {
        this.transition('completed');
        return;
      }
      this.error = outcome.error;
      const now = Date.now();
      this.failures = [...this.failures.filter((t) => now - t < FAILURE_WINDOW_MS), now];
      if (this.failures.length >= MAX_FAILURES) {
        this.transition('failed', { error: outcome.error });
        return;
      }
      const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (this.failures.length - 1));
      this.transition('restarting', { error: outcome.error, in_ms: delay });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        this.wakeBackoff = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.abort = new AbortController();
    }
  }

  /** Read through a method: `stop()` changes the status while `supervise` awaits. */
  private isStopped(): boolean {
    return this.status === 'stopped';
  }

  private async runOnce(): Promise<{ ok: true } | { ok: false; error: EngineError }> {
    const { store } = this.options;
    const manifest = store.manifest(this.app, this.version);
    const file = store.sqlFile(this.app, this.version);
    if (!manifest || !fs.existsSync(file)) return { ok: false, error: { code: 'STATE', message: `version ${this.version} of ${this.app} is missing from the state directory` } };
    const parsed = parse(fs.readFileSync(file, 'utf8'));
    const annotations = readAnnotations(parsed);
    const jobCount = parsed.statements.filter((s) => s.kind !== 'CreateSource').length;
    // A job fed by another job's output cannot resume on its own: such apps rerun from the start.
    const resumes = !readsOwnOutputs(parsed.statements);
    const catalog = new Catalog();
    const registry = createConnectorRegistry({ memory: catalog.store, ...this.kafkaConnectors() });
    const connectors = new ResumableConnectors(registry, resumes ? store.positions(this.app, this.version) : {});
    const checkpoint = async () => store.savePositions(this.app, this.version, await connectors.checkpoint());
    const timer = setInterval(() => void checkpoint().catch(() => {}), this.options.checkpointMs);
    this.jobs.clear();
    this.transition('running');
    const consumers: Promise<void>[] = [];
    try {
      const result = await runApp(file, {
        catalog,
        registry: connectors.registry(),
        baseDir: manifest.baseDir,
        output: 'iterate',
        signal: this.abort.signal,
        onStatementStart: (run) => {
          connectors.attach(run.name, { recordsOut: () => run.handle.progress().recordsOut }, resumes && resumeMode(run.handle.planned));
          const job: Job = { run, startedAt: new Date(), stopped: this.options.stoppedJobs.includes(run.name), rows: [] };
          this.jobs.set(run.name, job);
          if (this.jobs.size >= jobCount) this.markStarted();
          if (job.stopped) run.handle.cancel();
          const statement = annotations.statements.find((s) => s.index === run.index);
          const observed = this.options.metrics.track(
            { app: this.app, job: run.name, worker: this.options.worker },
            () => run.handle.progress(),
            run.handle.columns,
            run.handle.planned?.keyColumns ?? [],
            statement?.metrics ?? [],
            statement?.alerts ?? [],
          );
          consumers.push(
            (async () => {
              for await (const batch of run.handle) {
                observed.observe(batch);
                for (const record of batch) job.rows.push(record.fields);
                if (job.rows.length > 2 * KEPT_ROWS) job.rows.splice(0, job.rows.length - KEPT_ROWS);
              }
              await run.handle.done;
              observed.stop();
              this.options.log({ event: 'job', app: this.app, version: this.version, job: run.name, status: job.stopped ? 'stopped' : run.handle.progress().status });
            })(),
          );
        },
      });
      await Promise.all(consumers);
      await checkpoint();
      const problem = result.problems.find((p) => !this.jobs.get(p.statement ?? '')?.stopped);
      if (result.status === 'failed' && problem) return { ok: false, error: problem.error };
      return { ok: true };
    } finally {
      clearInterval(timer);
    }
  }

  /**
   * With `--kafka`, every runner that deploys this app shares each job's partitions through the
   * consumer group `velo-<app>-<job>` (deploy spec §3); without it, `kafka_*` objects are topics
   * of this run's in-process store (as in the harness).
   */
  private kafkaConnectors(): BuiltinConnectorOptions {
    const brokers = this.options.kafka;
    if (!brokers) return { topicStore: new TopicStore() };
    return { kafka: { brokers, consumer: { groupId: (job, source) => `velo-${this.app}-${job ?? source}`, commit: true } } };
  }

  private transition(status: AppStatus, detail: Record<string, unknown> = {}): void {
    if (this.status === 'stopped' && status !== 'stopped') return;
    this.status = status;
    this.options.log({ event: 'app', app: this.app, version: this.version, status, ...detail });
  }
}

/** How a job resumes (checkpoint.ts): one input through filters and projections, or into one tumbling/sliding window aggregate. */
function resumeMode(planned: PlannedStatement | null): ResumeMode {
  if (!planned || planned.ctes.length > 0) return false;
  const stateless = (node: PlanNode): boolean => node.kind === 'scan' || ((node.kind === 'filter' || node.kind === 'project' || node.kind === 'sink') && stateless(node.input));
  if (stateless(planned.plan.root)) return 'stateless';
  return releaseRule(planned.plan.root).kind === 'window' ? 'windowed' : false;
}

/** Whether a statement reads what another statement of the app writes (FROM/JOIN, CTEs included). */
function readsOwnOutputs(statements: readonly A.Statement[]): boolean {
  const outputs = new Set(statements.map((s) => statementQuery(s)?.sink?.name.toLowerCase()).filter((n): n is string => n !== undefined));
  return statements.some((s) => {
    const q = statementQuery(s);
    if (!q) return false;
    return querySelects(q.query).some((select) => sourcesOf(select).some((source) => outputs.has(sourceName(source).toLowerCase())));
  });
}
