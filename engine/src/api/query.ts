/**
 * `startQuery(sql, catalog, options) → QueryHandle`: parse, plan, connect and run one statement.
 *
 * The handle is an async iterable of output batches (records: payload `fields` plus system
 * columns, key and headers), with `progress()`, a prompt `cancel()`, and `done`, which resolves
 * — never rejects — with a summary carrying an error value when the query failed. Planning is
 * synchronous, so `plan`, `columns` and `diagnostics` are set when `startQuery` returns.
 *
 * A statement with an output (CREATE STREAM/TABLE, INSERT INTO, SELECT … INTO) writes its sink
 * when `<name>.type` is configured, and is registered in the catalog with its records kept in
 * `catalog.store`, so later statements and subqueries can read it by name.
 */
import * as path from 'path';
import { createConnectorRegistry } from '../connectors/builtin';
import type { ConnectorContext, Sink } from '../connectors/connector';
import type { ConnectorProblem } from '../connectors/errors';
import { ObjectProperties, StatementProperties, type Env, type PropertyList } from '../connectors/properties';
import { teeSink } from '../connectors/tee';
import type { ConnectorRegistry } from '../connectors/registry';
import type { LogicalPlan, PlanColumn } from '../plan/logical';
import { planStatement, type PlannedStatement } from '../plan/planner';
import type { EventTimeFallback } from '../runtime/compile';
import { runQueryInputs, type QueryStatus, type RunningQuery } from '../runtime/query';
import type { Execution, RuntimeOptions } from '../runtime/physical';
import type { Batch, StreamRecord } from '../types/record';
import type { ValueError } from '../types/values/errors';
import type * as A from '../sql/ast';
import { hasErrors, type Diagnostic } from '../sql/diagnostics';
import { parse } from '../sql/parse';
import { branches } from '../sql/walk';
import type { Catalog } from './catalog';
import { fromConnectorError, fromDiagnostic, toEngineError, type EngineError } from './errors';
import { planInputs } from './inputs';
import { statementTables } from './tables';
import { SourceResolver, type OpenOptions, type SourceSupply } from './sources';
import { SourceHealthTracker, type SourceHealth } from './source-health';
import { OutputQueue } from './output-queue';
import { DeliveredOffsets, OffsetCommitter, releaseRule } from './delivery';
import { deadLetterProperties, DeadLetters, lateToDeadLetters, wantsDeadLetters } from './dead-letters';

export interface StartQueryOptions {
  /** Sources supplied by the host, by FROM/JOIN name; they win over WITH properties and the catalog. */
  sources?: Readonly<Record<string, SourceSupply>>;
  /**
   * Default WITH keys per FROM/JOIN name (a notebook's `%connect`ed topics): used when the
   * statement gives the name no `<name>.type`; the statement's own keys win (kernel spec §4.1).
   */
  bindings?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Connector types available (default: file, memory; `kafka_*` only when the host registers them). */
  registry?: ConnectorRegistry;
  /** Directory relative paths in WITH resolve against (default: process.cwd()). */
  baseDir?: string;
  /** Values for `${VAR}` in WITH (default: process.env, then catalog parameters override). */
  env?: Env;
  /** Clock for `_TIMESTAMP` of read records and NOW() (default Date.now). */
  now?: () => number;
  /** Which statement of `sql` to run, 0-based (default: the only one; several is an error). */
  statement?: number;
  /** Stop reading after this many input records; the input then counts as ended (windows flush). */
  maxInputRecords?: number;
  /**
   * Stop the query once this many output records were delivered (status 'completed', `limitReached`).
   * A plain SELECT also stops at its own top-level LIMIT (see `endingLimit`).
   */
  maxOutputRecords?: number;
  /** 'discard': do not buffer output batches for iteration (runs that only write sinks). Default 'iterate'. */
  output?: 'iterate' | 'discard';
  /** Write the statement's sink when it has a `<name>.type` (default true). */
  writeSinks?: boolean;
  /** Register the statement's output in the catalog (default true). */
  register?: boolean;
  /** Record-level source problems (bad CSV rows: reported, skipped, the run continues). */
  onProblem?: (problem: ConnectorProblem) => void;
  /** What `_EVENT_TIME` reads when a record has none (§10.1; default 'processing_time'). */
  eventTimeFallback?: EventTimeFallback;
  /** 'rows' runs every operator record at a time instead of on columnar batches where it can (default 'auto'). */
  execution?: Execution;
}

export interface QueryProgressSnapshot {
  status: QueryStatus;
  recordsIn: number;
  recordsOut: number;
  /** Records skipped because an expression raised (bad CAST, type error). */
  recordErrors: number;
  /** Source records reported bad and skipped (bad CSV rows). */
  badRecords: number;
  lateRecords: number;
  droppedTooLate: number;
  /** Messages a source received again after a broker restart or rebalance, and skipped. */
  duplicates: number;
  /** Records an earlier reader of the same consumer group had processed, read again after a failover (at-least-once). */
  replayed: number;
  /** Kafka consumer lag summed over the statement's Kafka sources; null without one. */
  kafkaLag: number | null;
  /** Max event time seen by a windowed aggregate, epoch ms, or null. */
  watermark: number | null;
  /** State size: aggregation groups and open/retained windows held. */
  groups: number;
  windows: number;
  elapsedMs: number;
}

export interface QuerySummary {
  status: 'completed' | 'cancelled' | 'failed';
  /** Set when status is 'failed'. */
  error?: EngineError;
  /** Parse and plan diagnostics (errors and warnings). */
  diagnostics: Diagnostic[];
  /** True when `maxOutputRecords`, or the LIMIT of a plain SELECT, ended the query. */
  limitReached: boolean;
  progress: QueryProgressSnapshot;
}

export interface QueryHandle extends AsyncIterable<Batch> {
  readonly statement: A.Statement | null;
  readonly planned: PlannedStatement | null;
  readonly plan: LogicalPlan | null;
  /** Output columns, or null when they depend on a source of unknown shape. */
  readonly columns: PlanColumn[] | null;
  readonly diagnostics: Diagnostic[];
  progress(): QueryProgressSnapshot;
  /** ⊕X35 the status of each source the statement opened (SHOW STREAM HEALTH). */
  sources(): SourceHealth[];
  /** Stops the query promptly; `done` then resolves with status 'cancelled'. */
  cancel(): void;
  readonly done: Promise<QuerySummary>;
}

export function startQuery(sql: string, catalog: Catalog, options: StartQueryOptions = {}): QueryHandle {
  const parsed = parse(sql);
  if (hasErrors(parsed.diagnostics)) return failedHandle(null, null, parsed.diagnostics, fromDiagnostic(parsed.diagnostics.find((d) => d.severity === 'error')!));
  const index = options.statement ?? 0;
  if (options.statement === undefined && parsed.statements.length > 1) {
    return failedHandle(null, null, parsed.diagnostics, {
      code: 'API001',
      message: `the text has ${parsed.statements.length} statements; startQuery runs one`,
      hint: 'pass options.statement, or run the file with runApp',
    });
  }
  const statement = parsed.statements[index];
  if (!statement) return failedHandle(null, null, parsed.diagnostics, { code: 'API002', message: 'no statement to run' });
  return startStatement(statement, catalog, options, parsed.diagnostics);
}

/** A statement planned against the catalog, with its WITH properties and sources resolved. */
export interface PreparedStatement {
  statement: A.Statement;
  /** null when the statement does not plan (see `error` and `diagnostics`). */
  planned: PlannedStatement | null;
  diagnostics: Diagnostic[];
  /** Why it cannot run: a plan error, a missing/unavailable connector, an unset `${VAR:?}`. */
  error: EngineError | null;
  properties: StatementProperties;
  sources: SourceResolver;
  registry: ConnectorRegistry;
  ctx: ConnectorContext;
  /** Source problems reported so far (bad rows), shared with the run. */
  problems: ConnectorProblem[];
  /** Called with each source problem as it is reported (the run's dead-letter queue listens). */
  problemListeners: ((problem: ConnectorProblem) => void)[];
}

/** Resolves and plans one statement without running it (`velo explain`, validation, startStatement). */
export function prepareStatement(statement: A.Statement, catalog: Catalog, options: StartQueryOptions = {}, earlier: Diagnostic[] = []): PreparedStatement {
  const problems: ConnectorProblem[] = [];
  const problemListeners: ((problem: ConnectorProblem) => void)[] = [];
  const ctx: ConnectorContext = {
    now: options.now ?? Date.now,
    report: (p) => {
      problems.push(p);
      options.onProblem?.(p);
      for (const listen of problemListeners) listen(p);
    },
  };
  const registry = options.registry ?? createConnectorRegistry({ memory: catalog.store });
  const baseDir = path.resolve(options.baseDir ?? process.cwd());
  const { properties, diagnostics: propertyDiagnostics } = StatementProperties.resolve({
    layers: propertyLayers(statement),
    baseDir,
    env: { ...process.env, ...catalog.parameters(), ...options.env },
  });
  const sources = new SourceResolver(properties, catalog, registry, options.sources ?? {}, ctx, options.bindings ?? {});
  const prepared = { statement, planned: null, diagnostics: earlier, error: null, properties, sources, registry, ctx, problems, problemListeners };
  const requiredEnv = propertyDiagnostics.find((d) => d.severity === 'error');
  if (requiredEnv) return { ...prepared, error: { code: requiredEnv.code, message: requiredEnv.message, hint: requiredEnv.hint } };

  const { planned, diagnostics: planDiagnostics } = planStatement(statement, { source: (name) => sources.info(name) });
  const diagnostics = [...earlier, ...planDiagnostics];
  if (!planned) return { ...prepared, diagnostics, error: fromDiagnostic(planDiagnostics.find((d) => d.severity === 'error')!) };
  ctx.job = statementName(statement, planned.output);
  const sourceError = sources.errors()[0];
  return { ...prepared, planned, diagnostics, error: sourceError ? fromConnectorError(sourceError) : null };
}

/** A statement's job name: the object it writes, else its position in the file. */
export function statementName(statement: A.Statement, output: string | null): string {
  return output ?? `statement ${statement.index + 1}`;
}

/** Runs one parsed statement (runApp uses it for each statement of a file). */
export function startStatement(statement: A.Statement, catalog: Catalog, options: StartQueryOptions, earlier: Diagnostic[] = []): QueryHandle {
  return runPrepared(prepareStatement(statement, catalog, options, earlier), catalog, options);
}

/** Starts a prepared statement: opens its sink and sources and runs it. */
export function runPrepared(prepared: PreparedStatement, catalog: Catalog, options: StartQueryOptions = {}): QueryHandle {
  const started = Date.now();
  const { statement, planned, diagnostics, properties, sources, registry, ctx, problems } = prepared;
  if (!planned || prepared.error) return failedHandle(statement, planned, diagnostics, prepared.error!);

  let sink: Sink | null = null;
  if (planned.output && options.writeSinks !== false) {
    const sinks: Sink[] = [];
    for (const name of [planned.output, ...planned.alsoWrites]) {
      const own = properties.forObject(name, 'sink');
      const sinkProps = own.properties.type !== undefined ? own : declaredSink(name, catalog, properties.baseDir);
      if (sinkProps.properties.type === undefined) continue;
      const created = registry.createSink(sinkProps.properties, ctx);
      if (!created.ok) {
        void Promise.all(sinks.map((s) => s.close()));
        return failedHandle(statement, planned, diagnostics, fromConnectorError(created.error));
      }
      sinks.push(created.value);
    }
    if (sinks.length > 0) sink = teeSink(sinks);
  }
  const dead = openDeadLetters(prepared);
  if (!dead.ok) {
    void sink?.close();
    return failedHandle(statement, planned, diagnostics, dead.error);
  }
  const deadLetters = dead.value;
  const closeAll = () => {
    void sources.close();
    void sink?.close();
    void deadLetters?.close();
  };
  const health = new SourceHealthTracker((name, opening) => sources.open(name, opening), (name) => sources.connectorType(name));
  const open = (name: string, opening?: OpenOptions) => health.open(name, opening);
  const tables = statementTables(planned, { open, bounded: (name) => sources.info(name).bounded === true, liveTable: (name) => sources.liveTable(name) });
  if (!tables.ok) {
    closeAll();
    return failedHandle(statement, planned, diagnostics, tables.error);
  }
  const runtime: RuntimeOptions = {
    now: options.now,
    compile: options.eventTimeFallback ? { eventTimeFallback: options.eventTimeFallback } : undefined,
    tables: tables.value.get,
    execution: options.execution,
    ...(deadLetters ? { onRecordError: (error: ValueError, record: StreamRecord) => deadLetters.failedRecord(record, error.code, error.message) } : {}),
    ...(deadLetters && lateToDeadLetters(properties) ? { onTooLate: (record: StreamRecord) => deadLetters.failedRecord(record, 'LATE_DATA', 'arrived after its window closed') } : {}),
  };
  let running: RunningQuery | null = null;
  const delivered = new DeliveredOffsets(releaseRule(planned.plan.root), () => running?.watermark() ?? null);
  const input = planInputs(planned, open, runtime, options.maxInputRecords, tables.value.ready, (name, batch) => delivered.observe(name, batch));
  if (!input.ok) {
    tables.value.stop();
    closeAll();
    return failedHandle(statement, planned, diagnostics, input.error);
  }
  // Registered once the statement can start, so a failed re-run leaves the earlier output in place.
  if (options.register !== false && planned.output !== null) catalog.registerOutput(planned);
  const output = options.register !== false ? catalog.openOutput(planned) : null;

  const queue = new OutputQueue(options.output !== 'discard');
  let writing: Promise<void> = Promise.resolve();
  let sinkError: EngineError | null = null;
  const outputCap = smallest(options.maxOutputRecords, endingLimit(planned));
  /** Records handed to the host: the runtime's own count also includes those cut by `outputCap`. */
  let handedOut = 0;
  let limitReached = false;
  const onBatch = (batch: Batch) => {
    let out = batch;
    if (outputCap !== undefined) {
      const room = outputCap - handedOut;
      if (out.length >= room) {
        out = out.slice(0, Math.max(0, room));
        limitReached = true;
      }
    }
    handedOut += out.length;
    if (out.length > 0) {
      queue.push(out);
      output?.channel.append(out);
      if (output?.table) for (const row of out) output.table.upsert(row);
      if (sink) {
        const target = sink;
        writing = writing.then(() => (sinkError ? undefined : target.write(out))).catch((e) => {
          sinkError = { code: 'SINK', message: `${target.name}: ${toEngineError(e).message}`, object: target.name };
          running?.cancel();
        });
      }
    }
    if (limitReached) running?.cancel();
  };
  try {
    running = runQueryInputs(planned.plan, input.value, onBatch, runtime);
  } catch (error) {
    closeAll();
    return failedHandle(statement, planned, diagnostics, toEngineError(error));
  }
  const query = running;
  const committer = new OffsetCommitter(delivered, () => sources.openedSources(), () => writing, sink, () => sinkError === null);
  if (outputCap === 0) {
    // Nothing may be delivered, so no batch would ever arrive to stop the query.
    limitReached = true;
    query.cancel();
  }
  const progress = (): QueryProgressSnapshot => {
    const p = query.progress();
    return {
      ...p,
      recordsIn: p.recordsIn + tables.value.rowsLoaded(),
      recordsOut: handedOut,
      badRecords: problems.length,
      duplicates: sources.openedSources().reduce((n, s) => n + (s.duplicates?.() ?? 0), 0),
      replayed: sources.openedSources().reduce((n, s) => n + (s.replayed?.() ?? 0), 0),
      kafkaLag: sources.openedSources().reduce<number | null>((n, s) => {
        const lag = s.lag?.() ?? null;
        return lag === null ? n : (n ?? 0) + lag;
      }, null),
      elapsedMs: Date.now() - started,
    };
  };

  const done = (async (): Promise<QuerySummary> => {
    const outcome = await query.done;
    await writing;
    let error = outcome.status === 'failed' ? toEngineError(outcome.error) : sinkError ?? undefined;
    let sinkWritten = sinkError === null;
    if (sink) {
      try {
        await sink.close();
      } catch (e) {
        sinkWritten = false;
        error = error ?? { code: 'SINK', message: `${sink.name}: ${toEngineError(e).message}`, object: sink.name };
      }
    }
    const deadLetterError = deadLetters ? await deadLetters.close() : null;
    error = error ?? deadLetterError ?? undefined;
    // Source offsets are committed only once the sink and the dead-letter path have everything.
    await committer.stop(sinkWritten && deadLetterError === null, outcome.status === 'completed');
    tables.value.stop();
    await sources.close();
    if (outcome.status === 'completed' || limitReached) output?.channel.end();
    queue.end();
    const status = error ? 'failed' : limitReached ? 'completed' : outcome.status === 'failed' ? 'failed' : outcome.status;
    return { status, ...(error ? { error } : {}), diagnostics, limitReached, progress: { ...progress(), status } };
  })();

  return {
    statement,
    planned,
    plan: planned.plan,
    columns: planned.columns,
    diagnostics,
    progress,
    sources: () => health.snapshot(progress().status),
    cancel: () => query.cancel(),
    done,
    [Symbol.asyncIterator]: () => queue.iterator(),
  };
}

/** The statement's dead-letter queue when its WITH asks for one and its sink can have one, else null. */
function openDeadLetters(prepared: PreparedStatement): { ok: true; value: DeadLetters | null } | { ok: false; error: EngineError } {
  const { planned, properties, registry, ctx } = prepared;
  if (!planned?.output || !wantsDeadLetters(properties)) return { ok: true, value: null };
  const props = deadLetterProperties(properties.forObject(planned.output, 'sink').properties, properties);
  if (!props) return { ok: true, value: null };
  const opened = DeadLetters.open(props, registry, ctx);
  if (opened.ok) prepared.problemListeners.push((p) => opened.value.badInput(p, ctx.now()));
  return opened;
}

/**
 * The top-level `LIMIT n` of a plain SELECT (no INTO, not a job, no `@metric`): its output to the
 * host is its only effect, so once n records are out, reading on would change nothing observable
 * and the query completes. Statements that write a sink or an output stream, and jobs, keep
 * consuming their input as §4.5 says (docs/decisions.md).
 */
function endingLimit(planned: PlannedStatement): number | undefined {
  const { statement, plan } = planned;
  const onlyOutput = statement.kind === 'Select' && planned.output === null && !statement.annotations.some((a) => a.key === 'metric');
  return onlyOutput && plan.root.kind === 'limit' ? plan.root.count : undefined;
}

function smallest(...limits: (number | undefined)[]): number | undefined {
  const set = limits.filter((n): n is number => n !== undefined);
  return set.length > 0 ? Math.min(...set) : undefined;
}

/**
 * ⊕X24 `INTO n` where `n` was declared by `CREATE STREAM n WITH (…)`: the declared connector,
 * as a sink (`file_source` → `file_sink`).
 */
function declaredSink(name: string, catalog: Catalog, baseDir: string): { properties: ObjectProperties } {
  const declared = catalog.get(name);
  const keys = declared?.origin === 'external' ? declared.properties : {};
  const type = keys.type?.replace(/_source$/, '_sink');
  return { properties: ObjectProperties.of(name, 'sink', type === undefined ? {} : { ...keys, type }, baseDir) };
}

/** Source-level WITH lists (FROM/JOIN order) then the statement's WITH: later keys win (§12.1). */
function propertyLayers(statement: A.Statement): PropertyList[] {
  const layers: PropertyList[] = [];
  const fromSelect = (select: A.Select) => {
    for (const source of [select.from, ...select.joins.map((j) => j.source)]) {
      if (source?.options) layers.push(source.options.entries.map((e) => [e.key, e.value] as const));
    }
  };
  const fromQuery = (query: A.Query) => {
    query.ctes.forEach((c) => branches(c.body).forEach(fromSelect));
    let body: A.QueryBody = query.body;
    const selects: A.Select[] = [];
    while (body.kind === 'Union') {
      selects.unshift(body.right);
      body = body.left;
    }
    [body, ...selects].forEach(fromSelect);
  };
  const withProperties = (p: A.Properties | undefined) => {
    if (p) layers.push(p.entries.map((e) => [e.key, e.value] as const));
  };
  switch (statement.kind) {
    case 'Select':
    case 'CreateStream':
    case 'CreateTable':
    case 'Insert':
      fromQuery(statement.query);
      withProperties(statement.properties);
      break;
    case 'StartJob':
    case 'DeployJob':
      fromQuery(statement.body.kind === 'Select' ? statement.body.query : statement.body.statement.query);
      if (statement.body.kind !== 'Select') withProperties(statement.body.statement.properties);
      withProperties(statement.properties);
      break;
    default:
      break;
  }
  return layers;
}

const zeroProgress = (status: QueryStatus): QueryProgressSnapshot => ({
  status,
  recordsIn: 0,
  recordsOut: 0,
  recordErrors: 0,
  badRecords: 0,
  lateRecords: 0,
  droppedTooLate: 0,
  duplicates: 0,
  replayed: 0,
  kafkaLag: null,
  watermark: null,
  groups: 0,
  windows: 0,
  elapsedMs: 0,
});

function failedHandle(statement: A.Statement | null, planned: PlannedStatement | null, diagnostics: Diagnostic[], error: EngineError): QueryHandle {
  const summary: QuerySummary = { status: 'failed', error, diagnostics, limitReached: false, progress: zeroProgress('failed') };
  return {
    statement,
    planned,
    plan: planned?.plan ?? null,
    columns: planned?.columns ?? null,
    diagnostics,
    progress: () => summary.progress,
    sources: () => [],
    cancel: () => {},
    done: Promise.resolve(summary),
    async *[Symbol.asyncIterator]() {},
  };
}
