/**
 * The job runner's model (deploy spec §1): deployed apps, their versions and running jobs,
 * independent of HTTP. Deploying an app name again adds a version whose jobs start before the
 * old ones stop; rollback reactivates the previous kept version; a runner started on an
 * existing state directory resumes every app that was running, from recorded positions.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Diagnostic } from '../sql/diagnostics';
import { parse } from '../sql/parse';
import { validate } from '../sql/validator';
import { statementQuery } from '../sql/walk';
import { untypedSources } from './deployment';
import { RunnerMetrics } from '../observe/metrics';
import type { Row } from '../connectors/formats/csv-decoder';
import { AppRun, type AppStatus, type JobView } from './app-run';
import { StateStore, type AppRecord, type Manifest } from './state';

export interface RunnerOptions {
  stateDir: string;
  worker?: string;
  /** Kafka brokers: jobs read kafka_* sources in consumer groups shared with other runners. */
  kafka?: readonly string[];
  /** How often file-source positions are recorded (default 500 ms). */
  checkpointMs?: number;
  log?(line: string): void;
}

export interface AppView {
  name: string;
  version: number;
  versions: number[];
  status: AppStatus;
  error?: string;
  jobs: JobView[];
}

/** A request the runner refuses, with the HTTP status it maps to. */
export class RunnerError extends Error {
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}

const APP_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** The resolved paths of an app's file sinks; null when one has no `<name>.path` in its WITH (a config file). */
function fileSinks(sql: string, baseDir: string): Set<string> | null {
  const paths = new Set<string>();
  for (const statement of parse(sql).statements) {
    const q = statementQuery(statement);
    if (!q?.sink) continue;
    const props = new Map((q.properties?.entries ?? []).map((e) => [e.key.toLowerCase(), e.value]));
    const name = q.sink.name.toLowerCase();
    if (props.get(`${name}.type`) !== 'file_sink' && !props.has(`${name}.config_file`)) continue;
    const file = props.get(`${name}.path`);
    if (file === undefined) return null;
    paths.add(path.resolve(baseDir, file));
  }
  return paths;
}

export class Runner {
  readonly store: StateStore;
  readonly metrics = new RunnerMetrics();
  readonly worker: string;
  private readonly runs = new Map<string, AppRun>();

  constructor(private readonly options: RunnerOptions) {
    this.store = new StateStore(options.stateDir);
    this.worker = options.worker ?? 'local';
  }

  /** Starts every app the state directory says was running, from its recorded positions. */
  resumeAll(): void {
    for (const app of this.store.apps()) if (app.running) this.start(app, true);
  }

  async deploy(manifest: Manifest): Promise<AppView> {
    if (!manifest || typeof manifest.app !== 'string' || !APP_NAME.test(manifest.app)) throw new RunnerError(400, 'the manifest needs an app name ([A-Za-z_][A-Za-z0-9_.-]*)');
    const sql = manifest.files?.[`${manifest.app}.sql`];
    if (typeof sql !== 'string') throw new RunnerError(400, `the manifest has no ${manifest.app}.sql`);
    if (typeof manifest.baseDir !== 'string') throw new RunnerError(400, 'the manifest needs baseDir (where relative paths resolve)');
    const errors = [...validate(sql).filter((d) => d.severity === 'error'), ...untypedSources(parse(sql).statements)];
    if (errors.length > 0) throw new RunnerError(400, `${manifest.app}.sql has ${errors.length} error(s)`, errors);
    const stored = this.store.addVersion(manifest);
    const version = stored.versions[stored.versions.length - 1];
    const record: AppRecord = { ...stored, active: version, running: true, stoppedJobs: [] };
    await this.activate(record);
    return this.app(manifest.app)!;
  }

  async rollback(name: string): Promise<AppView> {
    const record = this.record(name);
    const previous = record.versions.filter((v) => v < record.active).pop();
    if (previous === undefined) throw new RunnerError(409, `${name} has no version before ${record.active} to roll back to`);
    await this.activate({ ...record, active: previous, running: true, stoppedJobs: [] });
    return this.app(name)!;
  }

  async deleteApp(name: string): Promise<void> {
    this.record(name);
    await this.runs.get(name)?.stop();
    this.runs.delete(name);
    this.store.deleteApp(name);
    this.log({ event: 'app', app: name, status: 'deleted' });
  }

  apps(): AppView[] {
    return this.store.apps().map((a) => this.view(a));
  }

  app(name: string): AppView | null {
    const record = this.store.app(name);
    return record ? this.view(record) : null;
  }

  jobs(): JobView[] {
    return [...this.runs.values()].flatMap((r) => r.jobViews());
  }

  output(job: string, limit: number): Row[] {
    const rows = this.runOf(job).output(job, limit);
    return rows ?? [];
  }

  async stopJob(job: string): Promise<void> {
    const run = this.runOf(job);
    run.stopJob(job);
    const record = this.record(run.app);
    this.store.saveApp({ ...record, stoppedJobs: [...new Set([...record.stoppedJobs, job])] });
  }

  /** Starts a stopped job (and restarts the others of its app, from their positions). */
  async startJob(job: string): Promise<void> {
    const run = this.runOf(job);
    const record = this.record(run.app);
    await this.restart({ ...record, stoppedJobs: record.stoppedJobs.filter((j) => j !== job) });
  }

  async restartJob(job: string): Promise<void> {
    await this.restart(this.record(this.runOf(job).app));
  }

  /** Stops every job, recording positions, so a later start resumes (the state still says running). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.runs.values()].map((r) => r.stop()));
    this.runs.clear();
  }

  private async restart(record: AppRecord): Promise<void> {
    await this.runs.get(record.name)?.stop();
    this.runs.delete(record.name);
    this.store.saveApp(record);
    this.start(record, true);
  }

  /**
   * Starts `record.active` from the beginning, and stops what ran before once the new jobs are
   * running (deploy spec §1), so a Kafka job hands its partitions over through its consumer
   * group. Two runs cannot share a sink file, so when both versions write one the old run stops
   * first (docs/decisions.md).
   */
  private async activate(record: AppRecord): Promise<void> {
    const old = this.runs.get(record.name);
    const sharedFiles = old ? this.sharedSinkFiles(record.name, old.version, record.active) : false;
    if (old && sharedFiles) await old.stop();
    this.store.saveApp(record);
    const run = this.start(record, false);
    if (old && !sharedFiles) {
      await run.started;
      await old.stop();
      this.log({ event: 'app', app: record.name, version: old.version, status: 'replaced', by: record.active });
    }
  }

  /** Whether two versions of an app write a common file (or a file sink whose path cannot be read from the SQL). */
  private sharedSinkFiles(app: string, a: number, b: number): boolean {
    const files = (version: number) => {
      const manifest = this.store.manifest(app, version);
      return fileSinks(fs.readFileSync(this.store.sqlFile(app, version), 'utf8'), manifest?.baseDir ?? '.');
    };
    const [first, second] = [files(a), files(b)];
    if (first === null || second === null) return true;
    return [...first].some((f) => second.has(f));
  }

  private start(record: AppRecord, resume: boolean): AppRun {
    const run = new AppRun(record.name, record.active, {
      store: this.store,
      metrics: this.metrics,
      worker: this.worker,
      log: (e) => this.log(e),
      checkpointMs: this.options.checkpointMs ?? 500,
      stoppedJobs: record.stoppedJobs,
      kafka: this.options.kafka,
    }, resume);
    this.runs.set(record.name, run);
    return run;
  }

  private view(record: AppRecord): AppView {
    const run = this.runs.get(record.name);
    const status: AppStatus = run?.version === record.active ? run.status : 'stopped';
    return {
      name: record.name,
      version: record.active,
      versions: record.versions,
      status,
      ...(run?.error ? { error: run.error.message } : {}),
      jobs: run?.version === record.active ? run.jobViews() : [],
    };
  }

  private record(name: string): AppRecord {
    const record = this.store.app(name);
    if (!record) throw new RunnerError(404, `no app named ${name}`);
    return record;
  }

  private runOf(job: string): AppRun {
    const run = [...this.runs.values()].find((r) => r.hasJob(job));
    if (!run) throw new RunnerError(404, `no job named ${job}`);
    return run;
  }

  private log(event: Record<string, unknown>): void {
    this.options.log?.(JSON.stringify({ time: new Date().toISOString(), worker: this.worker, ...event }));
  }
}
