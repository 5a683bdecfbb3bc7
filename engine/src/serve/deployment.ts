/**
 * The deployable package of an app (kernel spec §4.6, deploy spec §2): from the app's SQL,
 * `<app>.sql` with its application header, `alerts.yml` and its `promtool test rules` file,
 * `<app>.dashboard.json` (validated against Grafana's schema), `prometheus.yml` scraping the
 * runner with its token, an optional `<app>.test.yaml`, and `deploy.json`, the manifest the
 * runner's `POST /apps` takes (jobs, metrics, alerts, panels, checksums and the files).
 */
import * as crypto from 'crypto';
import { parseDocument, stringify } from 'yaml';
import { alertRules, alertsYaml, alertTestsYaml, promDuration, type YamlAlert } from '../observe/alerts';
import { dashboard, panelExpressions, validateDashboard, type Panel } from '../observe/dashboard';
import type * as A from '../sql/ast';
import { diagnostic, type Diagnostic } from '../sql/diagnostics';
import { readAnnotations } from '../sql/annotationModel';
import { parse } from '../sql/parse';
import { validate } from '../sql/validator';
import { querySelects, sourceName, sourceSpan, sourcesOf, statementQuery } from '../sql/walk';
import { partitioningWarnings } from './partitioning';
import type { Manifest } from './state';

export interface DeploymentInput {
  app: string;
  /** The application's statements (a header is added when it has none). */
  sql: string;
  /** Where its relative paths resolve. */
  baseDir: string;
  version?: string;
  /** `<app>.test.yaml` text (the kernel builds it from passing `%%test` cells). */
  testYaml?: string;
  /** Alerts from the `%%deploy` YAML body. */
  alerts?: YamlAlert[];
  /** Write the dashboard (default true). */
  dashboard?: boolean;
  /** The runner Prometheus should scrape, and its token file. */
  runnerUrl?: string;
  tokenFile?: string;
}

export interface JobSummary {
  name: string;
  sources: string[];
  sink: string | null;
  sinkType: string | null;
}

export interface Deployment {
  app: string;
  files: Record<string, string>;
  manifest: Manifest;
  jobs: JobSummary[];
  metrics: Array<{ name: string; type: string; job: string }>;
  alerts: Array<{ name: string; expr: string; for: string; severity: string }>;
  panels: string[];
  /** Alerts the generated `promtool` test cannot drive (PromQL too complex for a synthetic series). */
  untestedAlerts: string[];
  /** Warnings of the validator, FROM names the runner will refuse (no type, not produced by the app), Kafka sources not keyed by their job's grouping key. */
  warnings: Diagnostic[];
}

/** The app does not validate: its positioned diagnostics. */
export class DeploymentError extends Error {
  constructor(
    message: string,
    readonly diagnostics: Diagnostic[] = [],
  ) {
    super(message);
  }
}

export function buildDeployment(input: DeploymentInput): Deployment {
  const { app } = input;
  if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(app)) throw new DeploymentError(`'${app}' is not a usable app name (letters, digits, _ . -; not starting with a digit)`);
  // Diagnostics are positioned in the text as given, before a header is added.
  const diagnostics = validate(input.sql);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new DeploymentError(`${app}.sql has ${errors.length} error(s)`, errors);
  // Names the runner cannot resolve (notebook-only data): the package is still written; the runner refuses it.
  const untyped = untypedSources(parse(input.sql).statements).map((d) => ({ ...d, severity: 'warning' as const }));
  const partitioning = partitioningWarnings(parse(input.sql).statements);
  const sql = withHeader(input.sql, app, input.version ?? '1.0.0');
  const parsed = parse(sql);
  const statements = parsed.statements.filter((s) => statementQuery(s) !== undefined);
  if (statements.length === 0) throw new DeploymentError(`${app} has no statement that runs as a job (CREATE STREAM/TABLE, SELECT … INTO, START JOB)`);

  const model = readAnnotations(parsed);
  const names = new Map(parsed.statements.map((s) => [s.index, jobName(s)]));
  const rules = alertRules(app, model, names, input.alerts ?? []);
  const jobs = statements.map((s) => jobSummary(s, names.get(s.index)!));
  const metrics = model.statements.flatMap((s) => s.metrics.map((m) => ({ annotation: m, job: names.get(s.index)! })));

  const files: Record<string, string> = { [`${app}.sql`]: sql };
  files['alerts.yml'] = alertsYaml(app, rules);
  const tests = alertTestsYaml(app, 'alerts.yml', rules);
  files['alerts.test.yml'] = tests.text;
  let panels: string[] = [];
  if (input.dashboard !== false) {
    const board = dashboard(app, jobs.map((j) => ({ name: j.name, metrics: metrics.filter((m) => m.job === j.name).map((m) => m.annotation) })));
    const problems = validateDashboard(board);
    if (problems.length > 0) throw new DeploymentError(`the generated dashboard does not match Grafana's schema: ${problems.join('; ')}`);
    files[`${app}.dashboard.json`] = JSON.stringify(board, null, 2) + '\n';
    panels = (board.panels as Panel[]).map((p) => p.title);
    files['dashboard.exprs.yml'] = expressionRules(app, panelExpressions(board));
  }
  files['prometheus.yml'] = prometheusConfig(input.runnerUrl ?? 'http://127.0.0.1:9400', input.tokenFile);
  if (input.testYaml) files[`${app}.test.yaml`] = input.testYaml;

  const summary = {
    jobs,
    metrics: metrics.map((m) => ({ name: m.annotation.name, type: m.annotation.type, job: m.job })),
    alerts: rules.map((r) => ({ name: r.name, expr: r.expr, for: promDuration(r.forMs), severity: r.severity })),
    panels,
  };
  const checksums = Object.fromEntries(Object.entries(files).map(([f, text]) => [f, `sha256:${crypto.createHash('sha256').update(text).digest('hex')}`]));
  const manifest: Manifest = { app, version: parsed.header.version ?? input.version ?? '1.0.0', baseDir: input.baseDir, ...summary, checksums, files };
  files['deploy.json'] = JSON.stringify({ ...manifest, files: Object.keys(files) }, null, 2) + '\n';
  return { app, files, manifest, ...summary, untestedAlerts: tests.untested, warnings: [...diagnostics.filter((d) => d.severity === 'warning'), ...untyped, ...partitioning] };
}

/**
 * FROM/JOIN names a deployed app cannot resolve: neither produced by one of its statements nor
 * given a `<name>.type` (or `config_file`) in WITH. In a notebook such names may be served by
 * `%%schema` or `%generate`, which do not exist in the runner.
 */
export function untypedSources(statements: readonly A.Statement[]): Diagnostic[] {
  const outputs = new Set(statements.map((s) => statementQuery(s)?.sink?.name.toLowerCase()).filter((n): n is string => n !== undefined));
  return statements.flatMap((statement) => {
    const q = statementQuery(statement);
    if (!q) return [];
    const selects = querySelects(q.query);
    const sources = selects.flatMap(sourcesOf);
    const ctes = new Set(q.query.ctes.map((c) => c.name.name.toLowerCase()));
    const keys = new Set([...(q.properties?.entries ?? []), ...sources.flatMap((src) => src.options?.entries ?? [])].map((e) => e.key.toLowerCase()));
    return sources
      .filter((src) => src.kind === 'NamedSource')
      .filter((src) => {
        const name = sourceName(src).toLowerCase();
        return !outputs.has(name) && !ctes.has(name) && !keys.has(`${name}.type`) && !keys.has(`${name}.config_file`);
      })
      .map((src) =>
        diagnostic({
          code: 'VV350',
          message: `source '${sourceName(src)}' has no type: a deployed job cannot read it`,
          span: sourceSpan(src),
          token: sourceName(src),
          hint: `add '${sourceName(src)}.type' = 'file_source' (or kafka_source) and its properties to the WITH clause`,
        }),
      );
  });
}

/** The name the runner gives a statement's job (engine `runApp`): its output, else `statement <n>`. */
export function jobName(statement: A.Statement): string {
  return statementQuery(statement)?.sink?.name ?? `statement ${statement.index + 1}`;
}

function jobSummary(statement: A.Statement, name: string): JobSummary {
  const q = statementQuery(statement)!;
  const sources = [...new Set(querySelects(q.query).flatMap((s) => sourcesOf(s).map(sourceName)))];
  const sink = q.sink?.name ?? null;
  const typeEntry = sink ? q.properties?.entries.find((e) => e.key.toLowerCase() === `${sink.toLowerCase()}.type`) : undefined;
  return { name, sources, sink, sinkType: typeEntry?.value ?? null };
}

/** Adds `-- SQL Application:` and `-- Version:` lines when the text has no application header. */
function withHeader(sql: string, app: string, version: string): string {
  const header = parse(sql).header;
  const lines = [...(header.name ? [] : [`-- SQL Application: ${app}`]), ...(header.version ? [] : [`-- Version: ${version}`])];
  return lines.length > 0 ? `${lines.join('\n')}\n${sql}` : sql;
}

/** A throwaway recording-rule file holding every panel expression, so `promtool check rules` parses them all. */
function expressionRules(app: string, exprs: string[]): string {
  return stringify({ groups: [{ name: `velo-${app}-dashboard-exprs`, rules: exprs.map((expr, i) => ({ record: `velo_dashboard_expr_${i + 1}`, expr })) }] });
}

function prometheusConfig(runnerUrl: string, tokenFile: string | undefined): string {
  const url = new URL(runnerUrl);
  return stringify({
    global: { scrape_interval: '15s', evaluation_interval: '15s' },
    rule_files: ['alerts.yml'],
    scrape_configs: [
      {
        job_name: 'velostream-runner',
        metrics_path: '/metrics',
        // The runner's own `job` label (the Velostream job) must win over the scrape job's name.
        honor_labels: true,
        ...(tokenFile ? { authorization: { type: 'Bearer', credentials_file: tokenFile } } : {}),
        static_configs: [{ targets: [url.host] }],
      },
    ],
  });
}

/** The optional YAML body of `%%deploy` (kernel spec §4.6). */
export interface DeployOptions {
  name?: string;
  version?: string;
  alerts?: YamlAlert[];
  dashboard?: boolean;
}

/** Reads a `%%deploy` body; errors name the line. */
export function parseDeployOptions(text: string): { options: DeployOptions } | { error: string; line: number } {
  if (text.trim() === '') return { options: {} };
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    return { error: e.message.split('\n')[0], line: e.linePos?.[0].line ?? 1 };
  }
  const value = doc.toJS() as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { error: 'the %%deploy body must be a YAML mapping (name, version, alerts, dashboard)', line: 1 };
  const known = ['name', 'version', 'alerts', 'dashboard'];
  const unknown = Object.keys(value).find((k) => !known.includes(k));
  if (unknown) return { error: `unknown key '${unknown}' (expected ${known.join(', ')})`, line: lineOf(text, unknown) };
  const o = value as Record<string, unknown>;
  if (o.alerts !== undefined && !Array.isArray(o.alerts)) return { error: 'alerts must be a list of {name, expr, for, severity}', line: lineOf(text, 'alerts') };
  if (o.dashboard !== undefined && typeof o.dashboard !== 'boolean') return { error: 'dashboard must be true or false', line: lineOf(text, 'dashboard') };
  return {
    options: {
      ...(o.name !== undefined ? { name: String(o.name) } : {}),
      ...(o.version !== undefined ? { version: String(o.version) } : {}),
      ...(o.alerts !== undefined ? { alerts: o.alerts as YamlAlert[] } : {}),
      ...(o.dashboard !== undefined ? { dashboard: o.dashboard as boolean } : {}),
    },
  };
}

function lineOf(text: string, key: string): number {
  const index = text.split('\n').findIndex((l) => l.trimStart().startsWith(`${key}:`));
  return index < 0 ? 1 : index + 1;
}

/** A passing `%%test` cell: its SQL (parameters substituted) and the run it passed with. */
export interface PassedTest {
  sql: string;
  seed: number;
  records: number;
  /** Sources that had a harness schema. */
  schemas: string[];
}

/**
 * `<app>.test.yaml` (harness spec §10) from passing `%%test` cells: one query per statement
 * with an output, its `@assert` lines as assertions, its schema-backed sources as inputs.
 */
export function testSpecYaml(app: string, tests: readonly PassedTest[]): string | undefined {
  const queries = new Map<string, Record<string, unknown>>();
  for (const test of tests) {
    const parsed = parse(test.sql);
    const model = readAnnotations(parsed);
    for (const statement of parsed.statements) {
      const q = statementQuery(statement);
      if (!q?.sink) continue;
      const asserts = model.statements.find((s) => s.index === statement.index)?.asserts ?? [];
      const sources = jobSummary(statement, q.sink.name).sources.filter((s) => test.schemas.includes(s));
      queries.set(q.sink.name, {
        name: q.sink.name,
        ...(sources.length ? { inputs: sources.map((source) => ({ source, schema: source, records: test.records })) } : {}),
        ...(asserts.length ? { assertions: asserts.map((a) => a.assertion) } : {}),
      });
    }
  }
  if (queries.size === 0) return undefined;
  return stringify({ application: app, seed: tests[tests.length - 1].seed, queries: [...queries.values()] });
}
