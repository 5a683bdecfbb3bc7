/**
 * `runTests(options) → Promise<TestReport>` (harness spec §3, §12): the test run of a SQL
 * application against a spec. Builds the schema registry, chooses the mode (file-only when
 * every source and sink is a file, else per-query on the in-process topic store), runs the spec
 * queries in `from_previous` order — inputs published, statement deployed as a job, sinks
 * captured, metrics read before the job stops — routes assertions to captured sinks (§3.8),
 * analyses failures (§9) and returns the report. Never throws for user errors: an invalid SQL
 * file or a failing input become `error` queries with a message.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { randomBytes } from 'crypto';
import { Catalog } from '../../api/catalog';
import { runApp } from '../../api/app';
import { jsonCodec } from '../../connectors/topics/message-codec';
import { TopicStore } from '../../connectors/topics/topic-store';
import { validateSql } from '../validate-sql';
import type { AnalysisFinding, QueryReport, ReportWarning, RunMode, TestReport } from '../report/types';
import { assertionOutcome, summarise } from '../report/types';
import type { AssertionContext, AssertionResult, CapturedOutput, CapturedRecord, InputData, Performance } from '../assert/output';
import { evaluateAssertion } from '../assert/evaluate';
import type { Diagnostic as SchemaDiagnostic } from '../generator/diagnostics';
import type { Schema } from '../generator/schema';
import { DEFAULT_NOW_MS, DEFAULT_SEED } from '../generator/timespec';
import { MetricsRegistry } from '../metrics/registry';
import { ASSERTION_TYPES } from '../spec/assertion-catalog';
import type { AssertionSpec, QuerySpec, TestSpec } from '../spec/types';
import type { FailedQuery, FailureAnalyzer } from '../analyse/types';
import { loadAppModel, type AppModel, type AppStatement } from './app-model';
import type { Value } from '../../types/values/types';
import { RunClock, type ClockMode } from './clock';
import { displayPath } from './discovery';
import { buildInput, type InputEnvironment } from './inputs';
import { publishRecords } from './wire-message';
import { KafkaBridge } from './kafka-mode';
import { MemorySampler } from './memory';
import { readFileSink, runJob, type JobOptions, type JobResult, type ProgressFactory } from './query-job';
import { buildSchemaRegistry, type SchemaRegistry } from './schemas';

import { ENGINE_VERSION as HARNESS_VERSION } from '../../version';

export { HARNESS_VERSION };
export const DEFAULT_MAX_CAPTURE = 1_000_000;

export interface RunTestsOptions {
  sqlFile: string;
  /** SQL text (notebook cells); default: the file's content. */
  sqlText?: string;
  spec: TestSpec;
  schemasDir?: string | null;
  /** Schemas registered before the schemas directory (notebook schemas). */
  schemas?: readonly Schema[];
  seed?: number;
  nowMs?: number;
  clock?: ClockMode;
  /** `--records`: count for every generated input. */
  records?: number;
  /** `--timeout-ms`: overrides spec values. */
  timeoutMs?: number;
  /** `--query`: only this query is reported (its predecessors still run). */
  query?: string;
  maxCapture?: number;
  /** Offline rules always; Claude when configured (§9). */
  analyzers?: readonly FailureAnalyzer[];
  /** Console lines (§8.1). */
  log?: (line: string) => void;
  /** Warnings as they occur (also collected in the report). */
  warn?: (warning: ReportWarning) => void;
  /** Warnings found before the run (spec loading, discovery). */
  warnings?: readonly ReportWarning[];
  signal?: AbortSignal;
  /** Progress displays for long phases (the CLI draws bars on a TTY). */
  progress?: ProgressFactory;
  /** Base for paths in console lines. */
  cwd?: string;
  /** Topic mode against these brokers instead of the in-process store (`--kafka`). */
  kafka?: { brokers: readonly string[] };
}

interface QueryOutcome {
  report: QueryReport;
  failed?: FailedQuery;
}

export async function runTests(options: RunTestsOptions): Promise<TestReport> {
  return new TestRun(options).run();
}

class TestRun {
  private readonly log: (line: string) => void;
  private readonly warnings: ReportWarning[] = [];
  private readonly cwd: string;
  private readonly specDir: string;
  private seed: number;
  private readonly nowMs: number;
  private readonly clock: RunClock;
  private readonly store: TopicStore;
  private readonly catalog = new Catalog();
  private readonly captures = new Map<string, { bySink: Map<string, CapturedRecord[]>; first: CapturedRecord[] | undefined }>();
  private readonly deployedDependencies = new Set<string>();
  private app!: AppModel;
  private registry!: SchemaRegistry;
  private mode: RunMode = 'in-process';
  private readonly bridge: KafkaBridge | null;
  /** Per topic, the broker's end offsets when this run first touched it (dependencies read from there). */
  private readonly runStart = new Map<string, number[]>();

  constructor(private readonly o: RunTestsOptions) {
    this.log = o.log ?? (() => {});
    this.cwd = o.cwd ?? process.cwd();
    this.specDir = o.spec.file ? path.dirname(path.resolve(o.spec.file)) : path.dirname(path.resolve(o.sqlFile));
    this.seed = o.seed ?? o.spec.seed ?? DEFAULT_SEED;
    this.nowMs = o.nowMs ?? o.spec.nowMs ?? DEFAULT_NOW_MS;
    this.clock = new RunClock(o.clock ?? 'virtual', this.nowMs);
    this.store = new TopicStore(this.clock.now);
    this.bridge = o.kafka ? new KafkaBridge(o.kafka.brokers) : null;
    for (const w of o.warnings ?? []) this.warnings.push(w);
  }

  private warn(w: ReportWarning): void {
    this.warnings.push(w);
    this.o.warn?.(w);
  }

  async run(): Promise<TestReport> {
    const startedAt = new Date();
    const t0 = performance.now();
    const sqlFile = path.resolve(this.o.sqlFile);
    const text = this.o.sqlText ?? fs.readFileSync(sqlFile, 'utf8');
    this.app = loadAppModel(sqlFile, text);
    this.registry = buildSchemaRegistry(this.app, text, this.o.schemasDir ?? null, this.o.spec, this.o.schemas);
    // `@data.seed` is known only once the SQL is read (§3.9: --seed > spec seed > @data.seed > 42).
    this.seed = this.o.seed ?? this.o.spec.seed ?? this.registry.hintSeed ?? DEFAULT_SEED;
    const seed = this.seed;
    const invalid = this.validationError();
    this.mode = this.app.statements.length > 0 && this.app.statements.every((s) => [...s.sources, ...(s.sink ? [s.sink] : [])].every((x) => x.kind === 'file')) ? 'file-only' : this.bridge ? 'kafka' : 'in-process';
    this.log(`Seed: ${seed} | Now: ${new Date(this.nowMs).toISOString()} | Mode: ${this.mode}`);
    this.log('');
    this.log('📊 Test Configuration:');
    this.log(`   Application: ${this.o.spec.application || this.app.name}`);
    this.log(`   Queries: ${this.o.spec.queries.length}`);
    this.log('');
    this.logSchemas();

    const queries = this.order(this.o.spec.queries);
    const outcomes: QueryOutcome[] = [];
    if (invalid) {
      for (const q of queries) outcomes.push({ report: emptyReport(q.name, 'error', { error: invalid }) });
    } else if (this.mode === 'file-only') {
      outcomes.push(...(await this.runFileOnly(queries)));
    } else {
      for (const q of queries) {
        if (this.o.signal?.aborted) outcomes.push({ report: emptyReport(q.name, 'skipped', { skip_reason: 'interrupted' }) });
        else outcomes.push(await this.runQuery(q));
      }
    }
    const reported = this.o.query === undefined ? outcomes : outcomes.filter((o) => o.report.name === this.o.query);
    for (const outcome of reported) if (outcome.failed) outcome.report.analysis = await this.analyse(outcome.failed);
    for (const d of this.registry.diagnostics.filter((x) => x.severity === 'warning')) this.warn(schemaWarning(d));
    const endedAt = new Date();
    const queryReports = reported.map((o) => o.report);
    return {
      application: this.o.spec.application || this.app.name,
      run_id: randomBytes(4).toString('hex'),
      start_time: startedAt.toISOString(),
      end_time: endedAt.toISOString(),
      duration_ms: Math.round(performance.now() - t0),
      sql_file: this.o.sqlFile,
      spec_file: this.o.spec.file,
      harness: { version: HARNESS_VERSION, mode: this.mode, seed, now: new Date(this.nowMs).toISOString(), clock: this.clock.mode },
      summary: summarise(queryReports),
      queries: queryReports,
      warnings: this.warnings,
    };
  }

  /** The first error of parsing and validating the SQL with the engine, or null. */
  private validationError(): string | null {
    const errors = validateSql(this.app.parsed, { baseDir: path.dirname(path.resolve(this.o.sqlFile)) }).filter((d) => d.severity === 'error');
    if (errors.length === 0) return null;
    const e = errors[0];
    return `invalid SQL: ${displayPath(this.o.sqlFile, this.cwd)}:${e.line}:${e.column}: ${e.message}`;
  }

  private logSchemas(): void {
    if (this.registry.schemas.size === 0) return;
    this.log(`📁 Loading schemas${this.o.schemasDir ? ` from ${displayPath(this.o.schemasDir, this.cwd)}` : ''}`);
    for (const { schema, origin } of this.registry.schemas.values()) {
      const where = origin.startsWith('@data') || origin === 'registered' ? origin : displayPath(origin, this.cwd);
      this.log(`   ✓ ${schema.name} (${schema.fields.length} fields${schema.keyField ? `, key_field: ${schema.keyField}` : ''}) ← ${where}`);
    }
    this.log('');
  }

  /** `skip` first, then a topological sort on `from_previous` (ties and cycles in declaration order). */
  private order(queries: readonly QuerySpec[]): QuerySpec[] {
    const out: QuerySpec[] = [];
    const placed = new Set<string>();
    const visiting = new Set<string>();
    const byName = new Map(queries.map((q) => [q.name, q]));
    const visit = (q: QuerySpec) => {
      if (placed.has(q.name) || visiting.has(q.name)) return;
      visiting.add(q.name);
      for (const input of q.inputs) {
        const previous = input.fromPrevious ? byName.get(input.fromPrevious) : undefined;
        if (previous) visit(previous);
      }
      visiting.delete(q.name);
      placed.add(q.name);
      out.push(q);
    };
    queries.forEach(visit);
    return out;
  }

  /** The statement of a spec query (§3.1), or why it is skipped. */
  private statementFor(q: QuerySpec): { statement: AppStatement; fallback: boolean } | { skip: string } {
    const named = this.app.statements.find((s) => s.name === q.name);
    if (named) return { statement: named, fallback: false };
    const specNamesOne = this.o.spec.queries.some((other) => this.app.statements.some((s) => s.name === other.name));
    if (specNamesOne || this.app.statements.length === 0) return { skip: `no statement '${q.name}' in ${path.basename(this.o.sqlFile)}` };
    const first = this.app.statements[0];
    // A spec generated from the SQL (no file) names an unnamed statement itself: nothing to warn about.
    if (this.o.spec.file)
      this.warn({ message: `query '${q.name}' matches no statement of ${path.basename(this.o.sqlFile)}; running the first statement '${first.name ?? '?'}'`, file: this.o.spec.file, line: q.position.line, column: q.position.column });
    return { statement: first, fallback: true };
  }

  private timeoutFor(q: QuerySpec): number {
    return this.o.timeoutMs ?? q.timeoutMs ?? this.o.spec.defaultTimeoutMs;
  }

  // ---- per-query mode ---------------------------------------------------------------------

  private async runQuery(q: QuerySpec): Promise<QueryOutcome> {
    const started = performance.now();
    this.log(`▶️  Executing: ${q.name}`);
    if (q.skip) return this.skipped(q, 'skip: true in the spec');
    const found = this.statementFor(q);
    if ('skip' in found) return this.skipped(q, found.skip);
    const { statement, fallback } = found;
    if (q.captureFormat !== 'json') return this.errored(q, started, `capture_format '${q.captureFormat}' is not supported by this harness (JSON only)`);

    const sampler = new MemorySampler();
    for (const dep of q.dependencies) {
      const problem = await this.deployDependency(dep);
      if (problem) {
        sampler.stop();
        return this.errored(q, started, problem);
      }
    }
    const kafkaSources = statement.sources.filter((s) => s.kind === 'kafka');
    const startOffsets = new Map<string, readonly number[]>();
    for (const source of kafkaSources) {
      this.store.ensureTopic(source.topic, source.partitions);
      startOffsets.set(source.topic, this.store.endOffsets(source.topic));
    }
    const storeStart = new Map(startOffsets);
    if (this.bridge) {
      try {
        for (const source of kafkaSources) startOffsets.set(source.topic, await this.brokerStart(source.topic, source.partitions));
      } catch (e) {
        sampler.stop();
        return this.errored(q, started, `Kafka at ${this.bridge.brokers.join(',')}: ${(e as Error).message}`);
      }
    }
    const published = this.publishInputs(q, statement);
    if (!published.ok) {
      sampler.stop();
      return this.errored(q, started, published.error, published.inputs);
    }
    const ends = new Map<string, readonly number[]>();
    if (this.bridge) {
      try {
        for (const source of kafkaSources) {
          await this.bridge.publishFromStore(this.store, source.topic, storeStart.get(source.topic) ?? [], await this.bridge.codecOf(source));
          ends.set(source.topic, await this.bridge.endOffsets(source.topic));
        }
      } catch (e) {
        sampler.stop();
        return this.errored(q, started, `publishing to Kafka at ${this.bridge.brokers.join(',')}: ${(e as Error).message}`, published.inputs);
      }
    }
    sampler.sample();
    const job = await this.runStatement({
      statement,
      timeoutMs: this.timeoutFor(q),
      startOffsets,
      aliases: [q.name],
      ...(this.o.signal ? { signal: this.o.signal } : {}),
      ...(this.bridge ? { kafka: { bridge: this.bridge, ends } } : {}),
    });
    const memory = sampler.stop();
    const outputs = job.output ? [job.output] : [];
    if (job.output?.truncatedAt !== undefined) this.warn({ message: `output of '${q.name}' truncated at ${job.output.truncatedAt} records (--max-capture)` });
    this.keepCaptures(q.name, outputs);
    const performanceData: Performance = {
      executionMs: job.executionMs,
      recordsIn: job.job.recordsIn,
      recordsOut: job.recordsOut,
      memoryStartBytes: memory.startBytes,
      memoryPeakBytes: memory.peakBytes,
      memoryEndBytes: memory.endBytes,
    };
    return this.evaluate(q, statement, fallback, started, published.inputs, outputs, performanceData, job);
  }

  /** Runs one statement as a job on this run's store, catalog and clock, relative to the SQL file. */
  /** Creates the topic on the broker if needed; its end offsets now (first touch remembered for dependencies). */
  private async brokerStart(topic: string, partitions: number): Promise<number[]> {
    await this.bridge!.ensureTopic(topic, partitions);
    const ends = await this.bridge!.endOffsets(topic);
    if (!this.runStart.has(topic)) this.runStart.set(topic, ends);
    return ends;
  }

  private runStatement(o: Pick<JobOptions, 'statement' | 'timeoutMs' | 'startOffsets' | 'aliases' | 'signal' | 'kafka'>): Promise<JobResult> {
    return runJob({
      ...o,
      store: this.store,
      catalog: this.catalog,
      clock: this.clock,
      baseDir: path.dirname(path.resolve(this.o.sqlFile)),
      maxCapture: this.o.maxCapture ?? DEFAULT_MAX_CAPTURE,
      ...(this.o.progress ? { progress: this.o.progress } : {}),
    });
  }

  private skipped(q: QuerySpec, reason: string): QueryOutcome {
    this.log(`   ⏭️  Skipped: ${reason}`);
    return { report: emptyReport(q.name, 'skipped', { skip_reason: reason }) };
  }

  private errored(q: QuerySpec, started: number, error: string, inputs?: Map<string, InputData>): QueryOutcome {
    this.log(`   💥 Error: ${error}`);
    const report = emptyReport(q.name, 'error', { error });
    report.duration_ms = Math.round(performance.now() - started);
    if (inputs) report.record_counts.inputs = Object.fromEntries([...inputs].map(([k, v]) => [k, v.records.length]));
    return {
      report,
      failed: { report, statement: null, inputs: inputs ?? new Map(), outputs: [], schemas: new Map(), assertions: [], job: null, timedOut: false, unmatchedSinks: [], writtenFiles: [] },
    };
  }

  private async deployDependency(name: string): Promise<string | undefined> {
    if (this.deployedDependencies.has(name)) return undefined;
    const statement = this.app.statements.find((s) => s.name === name);
    if (!statement) return `dependency '${name}' is not a statement of ${path.basename(this.o.sqlFile)}`;
    this.deployedDependencies.add(name);
    const startOffsets = new Map(statement.sources.map((s) => [s.topic, [] as number[]]));
    const ends = new Map<string, readonly number[]>();
    if (this.bridge) {
      // Against a broker the topics have a history: a dependency reads what this run published.
      for (const source of statement.sources.filter((s) => s.kind === 'kafka')) {
        startOffsets.set(source.topic, this.runStart.get(source.topic) ?? (await this.brokerStart(source.topic, source.partitions)));
        ends.set(source.topic, await this.bridge.endOffsets(source.topic));
      }
    }
    const job = await this.runStatement({
      statement,
      timeoutMs: this.o.timeoutMs ?? this.o.spec.defaultTimeoutMs,
      startOffsets,
      aliases: [name],
      ...(this.bridge ? { kafka: { bridge: this.bridge, ends } } : {}),
    });
    return job.error ? `dependency '${name}' failed: ${job.error}` : undefined;
  }

  private publishInputs(q: QuerySpec, statement: AppStatement): { ok: true; inputs: Map<string, InputData> } | { ok: false; error: string; inputs: Map<string, InputData> } {
    const inputs = new Map<string, InputData>();
    const siblings = new Map<string, Record<string, Value>[]>();
    const env: InputEnvironment = {
      queryName: q.name,
      specDir: this.specDir,
      registry: this.registry,
      seed: this.seed,
      nowMs: this.nowMs,
      clock: this.clock,
      ...(this.o.records !== undefined ? { recordsOverride: this.o.records } : {}),
      defaultRecords: this.o.spec.defaultRecords,
      captures: this.captures,
      topicOf: (source) => statement.sources.find((s) => s.name === source)?.topic ?? source,
      siblings,
    };
    for (const input of q.inputs) {
      const object = statement.sources.find((s) => s.name === input.source);
      const built = buildInput(input, env);
      if (!built.ok) {
        const where = this.o.spec.file ? `${displayPath(this.o.spec.file, this.cwd)}:${input.position.line}:${input.position.column}: ` : '';
        return { ok: false, error: `${where}input '${input.source}': ${built.error}`, inputs };
      }
      for (const w of built.value.warnings) this.warn({ message: w });
      const { records, origin, schema } = built.value;
      const payloads = records.map((r) => r.fields);
      siblings.set(schema?.name ?? input.source, payloads);
      siblings.set(input.source, payloads);
      // Stream records are captured records already (payload, key, headers, position, timestamp).
      inputs.set(input.source, { source: input.source, ...(schema ? { schema: schema.name } : {}), records });
      if (object?.kind === 'file') {
        if (origin === 'generated') this.warn({ message: `input '${input.source}' of '${q.name}': '${input.source}' is a file source; generated data is ignored` });
        this.log(`   📥 ${input.source}: ${records.length} records (read by the application from its file)`);
        continue;
      }
      const topic = input.sourceType?.type === 'kafka' && input.sourceType.topic ? input.sourceType.topic : object?.topic ?? input.source;
      this.store.ensureTopic(topic, object?.partitions ?? 1);
      this.clock.advance(publishRecords(this.store, topic, records));
      this.log(`   📥 ${input.source}: ${records.length} records → topic '${topic}' (${origin})`);
    }
    return { ok: true, inputs };
  }

  private keepCaptures(query: string, outputs: readonly CapturedOutput[]): void {
    const bySink = new Map<string, CapturedRecord[]>();
    for (const output of outputs) for (const alias of [output.name, ...output.aliases]) bySink.set(alias, output.records);
    this.captures.set(query, { bySink, first: outputs[0]?.records });
  }

  // ---- file-only mode ---------------------------------------------------------------------

  private async runFileOnly(queries: readonly QuerySpec[]): Promise<QueryOutcome[]> {
    this.log('📁 File-only mode detected (no Kafka required)');
    const timeout = Math.max(...queries.map((q) => this.timeoutFor(q)), this.o.timeoutMs ?? this.o.spec.defaultTimeoutMs);
    const sampler = new MemorySampler();
    const started = performance.now();
    const result = await runApp(path.resolve(this.o.sqlFile), { catalog: this.catalog, timeoutMs: timeout, now: this.clock.now, ...(this.o.signal ? { signal: this.o.signal } : {}) });
    const executionMs = performance.now() - started;
    const memory = sampler.stop();
    this.log(`✅ Deployed ${result.statements.length} jobs: [${result.statements.map((s) => s.name).join(', ')}]`);
    for (const s of result.statements) this.log(`✅ ${s.name}: ${s.summary.progress.recordsIn} records in ${(s.summary.progress.elapsedMs / 1000).toFixed(2)}s`);
    const sinks = this.app.statements.map((s) => s.sink).filter((s): s is NonNullable<typeof s> => s !== null && s.path !== undefined);
    for (const sink of sinks) {
      const exists = fs.existsSync(sink.path!);
      this.log(exists ? `✅ ${displayPath(sink.path!, this.cwd)} (${fs.statSync(sink.path!).size} bytes)` : `⚠️ ${displayPath(sink.path!, this.cwd)} (not found)`);
    }
    this.log('');
    const outcomes: QueryOutcome[] = [];
    for (const q of queries) {
      const qStarted = performance.now();
      this.log(`▶️  Executing: ${q.name}`);
      if (q.skip) {
        outcomes.push(this.skipped(q, 'skip: true in the spec'));
        continue;
      }
      const found = this.statementFor(q);
      if ('skip' in found) {
        outcomes.push(this.skipped(q, found.skip));
        continue;
      }
      const { statement, fallback } = found;
      for (const input of q.inputs) if (!input.sourceType && !input.dataFile && !input.fromPrevious) this.warn({ message: `input '${input.source}' of '${q.name}' is ignored in file-only mode (the application reads its own files)` });
      const run = result.statements.find((s) => s.index === statement.index);
      const progress = run?.summary.progress;
      const job: JobResult = {
        output: statement.sink ? readFileSink(statement.sink, [statement.sink.name, q.name], this.o.maxCapture ?? DEFAULT_MAX_CAPTURE) : null,
        ...(run?.summary.error ? { error: run.summary.error.message } : result.status === 'timeout' ? { error: `timed out after ${timeout} ms` } : {}),
        executionMs: progress?.elapsedMs ?? executionMs,
        job: { recordsIn: progress?.recordsIn ?? 0, recordErrors: (progress?.recordErrors ?? 0) + (progress?.badRecords ?? 0), lateRecords: progress?.lateRecords ?? 0, droppedTooLate: progress?.droppedTooLate ?? 0, watermark: progress?.watermark ?? null },
        recordsOut: progress?.recordsOut ?? 0,
        metrics: new MetricsRegistry(),
        summary: run?.summary ?? null,
      };
      if (!run && result.problems.length > 0) job.error = result.problems[0].error.message;
      const inputs = new Map<string, InputData>(statement.sources.map((s) => [s.name, { source: s.name, records: [] }]));
      const perf: Performance = { executionMs: job.executionMs, recordsIn: job.job.recordsIn, recordsOut: job.recordsOut, memoryStartBytes: memory.startBytes, memoryPeakBytes: memory.peakBytes, memoryEndBytes: memory.endBytes };
      const outcome = this.evaluate(q, statement, fallback, qStarted, inputs, job.output ? [job.output] : [], perf, job);
      outcome.report.record_counts.inputs = Object.fromEntries(statement.sources.map((s) => [s.name, job.job.recordsIn]));
      outcomes.push(outcome);
    }
    return outcomes;
  }

  // ---- assertions and status --------------------------------------------------------------

  private evaluate(
    q: QuerySpec,
    statement: AppStatement,
    fallback: boolean,
    started: number,
    inputs: Map<string, InputData>,
    outputs: CapturedOutput[],
    perf: Performance,
    job: JobResult,
  ): QueryOutcome {
    const outputCounts: Record<string, number> = {};
    for (const o of outputs) for (const alias of [o.name, ...o.aliases]) outputCounts[alias] = o.records.length;
    const baseContext = (output: CapturedOutput): AssertionContext => ({
      output,
      inputs,
      outputCounts,
      variables: this.o.spec.config,
      performance: perf,
      job: job.job,
      ...(statement.fromSource ? { fromSource: statement.fromSource } : {}),
      ...(statement.joinSource ? { joinSource: statement.joinSource } : {}),
      now: this.clock.now(),
      metrics: job.metrics,
      topicRecords: (topic) => this.store.messages(topic).map((m) => ({ fields: decode(m), key: m.key, headers: m.headers, partition: m.partition, offset: m.offset, timestamp: m.timestamp })),
      hasTopic: (topic) => this.store.hasTopic(topic),
      tableRows: (name) => this.captures.get(name)?.first ?? inputs.get(name)?.records,
      baseDir: this.specDir,
    });
    const evaluated: { spec: AssertionSpec; result: AssertionResult }[] = [];
    const unmatchedSinks: string[] = [];
    const run = (assertions: readonly AssertionSpec[], output: CapturedOutput) => {
      const ctx = baseContext(output);
      for (const spec of assertions) evaluated.push({ spec, result: evaluateAssertion(spec, ctx) });
    };
    const isMetric = (a: AssertionSpec) => ASSERTION_TYPES[a.type]?.family === 'metric';
    const emptyOutput = (name: string): CapturedOutput => ({ name, location: `sink '${name}'`, aliases: [name], records: [] });
    const matched = new Set<CapturedOutput>();
    for (const entry of q.outputs) {
      const output = outputs.find((o) => o.name === entry.sink) ?? outputs.find((o) => o.aliases.includes(entry.sink));
      if (output) {
        matched.add(output);
        run(entry.assertions, output);
        continue;
      }
      unmatchedSinks.push(entry.sink);
      const captured = outputs.map((o) => o.name).join(', ') || 'none';
      // A spec written for another statement (first-statement fallback) keeps the reference's behaviour: the block is skipped.
      this.warn({ message: `outputs[].sink '${entry.sink}' matched no captured sink (captured: ${captured})${fallback ? '; skipped for the fallback statement' : ''}`, file: this.o.spec.file ?? undefined, line: entry.position.line, column: entry.position.column });
      if (!fallback) run(entry.assertions, emptyOutput(entry.sink));
    }
    const topLevel = q.assertions.filter((a) => !isMetric(a));
    const unmatchedOutputs = outputs.filter((o) => !matched.has(o));
    if (topLevel.length > 0) {
      if (outputs.length === 0) run(topLevel, emptyOutput(`${q.name}_output`));
      for (const o of unmatchedOutputs) run(topLevel, o);
    }
    const metricAssertions = [...q.metricAssertions, ...q.assertions.filter(isMetric)];
    if (metricAssertions.length > 0) run(metricAssertions, outputs[0] ?? emptyOutput(`${q.name}_output`));

    const results = evaluated.map((e) => e.result);
    const failedCount = results.filter((r) => assertionOutcome(r) === 'failed').length;
    const skippedCount = results.filter((r) => assertionOutcome(r) === 'skipped').length;
    const checked = results.length - skippedCount;
    const skippedNote = skippedCount > 0 ? `, ${skippedCount} skipped` : '';
    const status = job.error ? 'error' : failedCount > 0 ? 'failed' : 'passed';
    if (status === 'error') this.log(`   💥 Error: ${job.error}`);
    else if (status === 'failed') this.log(`   ❌ Failed (${failedCount}/${checked} assertions${skippedNote})`);
    else this.log(`   ✅ Passed (${checked}/${checked} assertions${skippedNote})`);
    const seconds = perf.executionMs / 1000;
    const report: QueryReport = {
      name: q.name,
      status,
      duration_ms: Math.round(performance.now() - started),
      ...(job.error ? { error: job.error } : {}),
      record_counts: {
        inputs: Object.fromEntries([...inputs].map(([k, v]) => [k, v.records.length])),
        outputs: Object.fromEntries(outputs.map((o) => [o.name, o.records.length])),
      },
      performance: {
        execution_time_ms: Math.round(perf.executionMs),
        records_in: perf.recordsIn,
        records_per_second: seconds > 0 ? Math.round((perf.recordsIn / seconds) * 100) / 100 : 0,
        memory_peak_bytes: perf.memoryPeakBytes,
        memory_growth_bytes: perf.memoryEndBytes - perf.memoryStartBytes,
      },
      assertions: results.map(toAssertionReport),
      analysis: [],
    };
    if (status === 'passed') return { report };
    const schemas = new Map<string, Schema>();
    for (const [source, data] of inputs) {
      const schema = data.schema ? this.registry.schemas.get(data.schema)?.schema : undefined;
      if (schema) schemas.set(source, schema);
    }
    const writtenFiles = this.app.statements.map((s) => s.sink?.path).filter((p): p is string => p !== undefined && fs.existsSync(p));
    return {
      report,
      failed: { report, statement, inputs, outputs, schemas, assertions: evaluated, job: job.job, timedOut: (job.error ?? '').startsWith('timed out'), unmatchedSinks, writtenFiles },
    };
  }

  private async analyse(failed: FailedQuery): Promise<AnalysisFinding[]> {
    const findings: AnalysisFinding[] = [];
    for (const analyzer of this.o.analyzers ?? []) {
      try {
        findings.push(...(await analyzer.analyzeFailure(failed)));
      } catch (e) {
        this.warn({ message: `failure analysis failed: ${(e as Error).message}` });
      }
    }
    return findings;
  }
}

function decode(m: Parameters<typeof jsonCodec.decode>[0]): Record<string, Value> {
  const fields = jsonCodec.decode(m);
  return typeof fields === 'string' ? {} : fields;
}

function toAssertionReport(r: AssertionResult): QueryReport['assertions'][number] {
  return {
    type: r.type,
    passed: r.passed,
    ...(r.skipReason !== undefined ? { status: 'skipped' as const, skip_reason: r.skipReason } : {}),
    message: r.message,
    ...(r.expected !== undefined ? { expected: r.expected } : {}),
    ...(r.actual !== undefined ? { actual: r.actual } : {}),
    ...(r.sink !== undefined ? { sink: r.sink } : {}),
    ...(r.details !== undefined ? { details: r.details } : {}),
  };
}

function emptyReport(name: string, status: QueryReport['status'], extra: Partial<QueryReport>): QueryReport {
  return {
    name,
    status,
    duration_ms: 0,
    ...extra,
    record_counts: { inputs: {}, outputs: {} },
    performance: { execution_time_ms: 0, records_in: 0, records_per_second: 0, memory_peak_bytes: 0, memory_growth_bytes: 0 },
    assertions: [],
    analysis: [],
  };
}

function schemaWarning(d: SchemaDiagnostic): ReportWarning {
  return { message: d.message, file: d.file, ...(d.line > 0 ? { line: d.line, column: d.column } : {}) };
}
