/**
 * Annotation semantics (dialect spec §13): the raw `-- @key: value` lines the parser collects
 * become typed application, job, metric, alert, viz and assert settings, with diagnostics
 * (VA4xx) for unknown keys and invalid values. The kernel, the observability layer and the
 * harness read annotations through `readAnnotations`; `@data.*` hints belong to the generator.
 */
import type * as A from './ast';
import { Diagnostic, diagnostic, Severity } from './diagnostics';
import { parse } from './parse';
import { parseAssertShorthand, type HarnessAssertion } from './assertShorthand';
import { simpleUnit, simpleUnitMs } from './units';
import { CodeInfo, V } from './validator/codes';
import { didYouMean } from './validator/suggest';
import { statementQuery, walk } from './walk';

export interface ApplicationAnnotations {
  /** `@application:` / `@app:` — also names the Kafka consumer group `velo-<app>-<job>`. */
  id?: string;
  version?: string;
  description?: string;
  phase?: 'development' | 'staging' | 'production';
  observability: ObservabilitySettings;
  deployment: { nodeId?: string; nodeName?: string; region?: string };
  /** Informational keys kept verbatim: `sla.*`, `data_retention`, `compliance`. */
  info: Record<string, string>;
}

export interface ObservabilitySettings {
  metrics?: boolean;
  tracing?: boolean;
  errorReporting?: boolean;
  profiling?: 'off' | 'dev' | 'prod';
}

export interface JobAnnotations {
  mode?: 'simple' | 'transactional' | 'adaptive';
  batchSize?: number;
  numPartitions?: number;
  partitioningStrategy?: string;
  stickyPartitionId?: number;
  partitionCount?: number;
}

export type MetricType = 'counter' | 'gauge' | 'histogram';

export const DEFAULT_BUCKETS: readonly number[] = [0.001, 0.01, 0.1, 0.5, 1, 2.5, 5, 10, 25, 50, 100];

export interface MetricAnnotation {
  name: string;
  type: MetricType;
  /** False when `@metric_type` was omitted (counter assumed, D5). */
  typeGiven: boolean;
  help?: string;
  /** Output field names; dotted names reach into Map/Struct values. */
  labels: string[];
  field?: string;
  buckets: readonly number[];
  condition?: ParsedExpression;
  sampleRate?: number;
  span: A.Span;
}

export interface ParsedExpression {
  text: string;
  expr: A.Expr;
  /** Column names the expression reads. */
  columns: string[];
}

export type AlertSeverity = 'critical' | 'warning' | 'info';

export interface AlertAnnotation {
  /** `<statement>_alert_<k>`, k counting from 1 within the statement. */
  name: string;
  condition: ParsedExpression;
  forMs: number;
  severity: AlertSeverity;
  /** Text with `{column}` placeholders filled from the firing record. */
  summary?: string;
  span: A.Span;
}

export type VizKind = 'line' | 'bar' | 'area' | 'scatter' | 'pie' | 'gauge' | 'heatmap' | 'table' | 'none';

export interface VizAnnotation {
  kind: VizKind;
  title?: string;
  x?: string;
  y: string[];
  series?: string;
  span: A.Span;
}

export interface AssertAnnotation {
  /** The line as written after `@assert:`. */
  text: string;
  assertion: HarnessAssertion;
  columns: string[];
  span: A.Span;
}

export interface StatementAnnotations {
  /** `StatementBase.index` of the statement. */
  index: number;
  /** `@name:` or `-- Name:`; else the CREATE/INTO name. */
  name?: string;
  description?: string;
  job: JobAnnotations;
  /** Per-statement overrides of the application's observability settings. */
  observability: ObservabilitySettings;
  metrics: MetricAnnotation[];
  alerts: AlertAnnotation[];
  viz: VizAnnotation[];
  asserts: AssertAnnotation[];
}

export interface AnnotationModel {
  application: ApplicationAnnotations;
  statements: StatementAnnotations[];
  diagnostics: Diagnostic[];
}

const VIZ_KINDS: readonly VizKind[] = ['line', 'bar', 'area', 'scatter', 'pie', 'gauge', 'heatmap', 'table', 'none'];
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const STRATEGIES = ['sticky', 'hash', 'smart', 'roundrobin', 'fanin', 'stickypartition', 'alwayshash', 'smartrepartition'];

const APPLICATION_KEYS = [
  'application', 'app', 'version', 'description', 'phase', 'sla.latency.p99', 'sla.availability', 'data_retention', 'compliance',
  'deployment.node_id', 'deployment.node_name', 'deployment.region',
];
const OBSERVABILITY_KEYS = ['observability.metrics.enabled', 'observability.tracing.enabled', 'observability.error_reporting.enabled', 'observability.profiling.enabled'];
const JOB_KEYS = ['name', 'job_mode', 'batch_size', 'num_partitions', 'partitioning_strategy', 'sticky-partition-id', 'partition-count'];
const METRIC_KEYS = ['metric', 'metric_type', 'metric_help', 'metric_labels', 'metric_field', 'metric_buckets', 'metric_condition', 'metric_sample_rate'];
const ALERT_KEYS = ['alert', 'alert_for', 'alert_severity', 'alert_summary'];
const VIZ_KEYS = ['viz', 'viz_title', 'viz_x', 'viz_y', 'viz_series'];
const KNOWN_KEYS = [...APPLICATION_KEYS, ...OBSERVABILITY_KEYS, ...JOB_KEYS, ...METRIC_KEYS, ...ALERT_KEYS, ...VIZ_KEYS, 'assert'];

/** Free-text values: `#` there is just text. Elsewhere ` # …` is a likely copy of a generated comment. */
const TEXT_KEYS = new Set(['description', 'metric_help', 'alert_summary', 'viz_title', 'deployment.node_name', 'compliance', 'metric_condition', 'alert', 'assert']);

export function readAnnotations(parsed: A.ParseResult): AnnotationModel {
  const reader = new AnnotationReader();
  parsed.statements.forEach((statement, position) => reader.statement(statement, position === 0));
  return { application: reader.application, statements: reader.statements, diagnostics: reader.diagnostics };
}

class AnnotationReader {
  readonly application: ApplicationAnnotations = { observability: {}, deployment: {}, info: {} };
  readonly statements: StatementAnnotations[] = [];
  readonly diagnostics: Diagnostic[] = [];

  private report(info: CodeInfo, at: A.RawAnnotation, message: string, hint: string, severity?: Severity): void {
    this.diagnostics.push(diagnostic({ code: info.code, severity: severity ?? info.severity, message, hint, span: at.span, token: `@${at.rawKey}` }));
  }

  statement(statement: A.Statement, isFirst: boolean): void {
    const out: StatementAnnotations = { index: statement.index, job: {}, observability: {}, metrics: [], alerts: [], viz: [], asserts: [] };
    const headerName = statement.headerLines.find((h) => h.key === 'name')?.value;
    let block: { family: 'metric' | 'alert' | 'viz'; annotation: A.RawAnnotation; lines: A.RawAnnotation[] } | undefined;
    const blocks: Array<NonNullable<typeof block>> = [];
    // The first statement owns the file header: its lines before `@name` speak for the application.
    let header = isFirst;
    for (const a of statement.annotations) {
      if (a.key === 'name') header = false;
      const family = a.key.startsWith('metric') ? 'metric' : a.key.startsWith('alert') ? 'alert' : a.key.startsWith('viz') ? 'viz' : undefined;
      if (family && a.key === family) {
        block = { family, annotation: a, lines: [] };
        blocks.push(block);
      } else if (family && KNOWN_KEYS.includes(a.key)) {
        if (block?.family === family) block.lines.push(a);
        else this.report(V.OrphanAnnotation, a, `@${a.rawKey} without a preceding @${family}: ignored`, `put it after the @${family}: line it belongs to`);
      } else {
        this.single(a, out, header);
      }
    }
    out.name = this.nameOf(statement, out.name ?? headerName);
    for (const b of blocks) {
      if (b.family === 'metric') this.metric(b.annotation, b.lines, statement, out);
      else if (b.family === 'alert') this.alert(b.annotation, b.lines, out);
      else this.viz(b.annotation, b.lines, out);
    }
    this.statements.push(out);
  }

  private nameOf(statement: A.Statement, given: string | undefined): string {
    return given ?? statementQuery(statement)?.sink?.name ?? `statement_${statement.index + 1}`;
  }

  /** A key outside the metric/alert/viz blocks; `header` when it sits in the file header. */
  private single(a: A.RawAnnotation, out: StatementAnnotations, header: boolean): void {
    if (a.key.startsWith('data.')) return; // test-data hints: the generator's grammar
    if (!KNOWN_KEYS.includes(a.key) && !a.key.startsWith('sla.')) {
      this.report(V.UnknownAnnotation, a, `unknown annotation @${a.rawKey} (ignored)`, didYouMean(a.key, KNOWN_KEYS, 'see the annotation list in the dialect spec §13'));
      return;
    }
    const value = this.structured(a);
    const app = this.application;
    switch (a.key) {
      case 'application':
      case 'app':
        app.id ??= value;
        return;
      case 'version':
        app.version ??= value;
        return;
      case 'description':
        if (header) app.description ??= a.value;
        else out.description ??= a.value;
        return;
      case 'phase':
        app.phase ??= this.oneOf(a, value, ['development', 'staging', 'production'] as const);
        return;
      case 'deployment.node_id':
        app.deployment.nodeId ??= value;
        return;
      case 'deployment.node_name':
        app.deployment.nodeName ??= value;
        return;
      case 'deployment.region':
        app.deployment.region ??= value;
        return;
      case 'name':
        out.name ??= value;
        return;
      case 'job_mode':
        out.job.mode = this.oneOf(a, value.toLowerCase(), ['simple', 'transactional', 'adaptive'] as const) ?? out.job.mode;
        return;
      case 'partitioning_strategy':
        out.job.partitioningStrategy = this.oneOf(a, value.toLowerCase(), STRATEGIES) ?? out.job.partitioningStrategy;
        return;
      case 'assert':
        return this.assert(a, out);
      case 'batch_size':
      case 'num_partitions':
      case 'sticky-partition-id':
      case 'partition-count':
        return this.integer(a, value, (n) => (out.job[JOB_FIELD[a.key]] = n));
      default:
        if (a.key.startsWith('observability.')) return this.observability(a, value, header ? app.observability : out.observability);
        app.info[a.key] ??= value;
    }
  }

  private observability(a: A.RawAnnotation, value: string, target: ObservabilitySettings): void {
    if (a.key === 'observability.profiling.enabled') {
      target.profiling = this.oneOf(a, value.toLowerCase(), ['off', 'dev', 'prod'] as const) ?? target.profiling;
      return;
    }
    const field = OBSERVABILITY_FIELD[a.key];
    const flag = this.oneOf(a, value.toLowerCase(), ['true', 'false'] as const);
    if (flag) target[field] = flag === 'true';
  }

  /** The value of a structured key; ` # …` after it is dropped with a warning (generated files have it). */
  private structured(a: A.RawAnnotation): string {
    if (TEXT_KEYS.has(a.key)) return a.value;
    const hash = /\s+#/.exec(a.value);
    if (!hash) return a.value;
    this.report(V.HashInValue, a, `'#' does not start a comment in annotations: the value of @${a.rawKey} is '${a.value}'`, `move the comment to its own line, or after ' -- '`);
    return a.value.slice(0, hash.index);
  }

  /** `value` when it is one of `allowed`; otherwise reports and returns undefined. */
  private oneOf<T extends string>(a: A.RawAnnotation, value: string, allowed: readonly T[], info: CodeInfo = V.InvalidAnnotationValue): T | undefined {
    if ((allowed as readonly string[]).includes(value)) return value as T;
    this.report(info, a, `invalid @${a.rawKey} value '${value}'${info === V.InvalidAnnotationValue ? ' (ignored)' : ''}`, `use one of: ${allowed.join(', ')}`);
    return undefined;
  }

  private integer(a: A.RawAnnotation, value: string, apply: (n: number) => void): void {
    if (/^\d+$/.test(value)) apply(Number(value));
    else this.report(V.InvalidAnnotationValue, a, `@${a.rawKey} must be a whole number, got '${value}' (ignored)`, 'write digits only, e.g. 1000');
  }

  private assert(a: A.RawAnnotation, out: StatementAnnotations): void {
    const result = parseAssertShorthand(a.value);
    if (result.ok) out.asserts.push({ text: a.value, assertion: result.assertion, columns: result.columns, span: a.span });
    else this.report(V.BadAssert, a, `@assert: ${result.message}`, result.hint);
  }

  private metric(start: A.RawAnnotation, lines: A.RawAnnotation[], statement: A.Statement, out: StatementAnnotations): void {
    const name = this.structured(start);
    let ok = true;
    if (!METRIC_NAME.test(name)) {
      ok = false;
      this.report(V.BadMetricName, start, `invalid metric name '${name}'`, 'metric names match [a-zA-Z_:][a-zA-Z0-9_:]*, e.g. velo_trades_total');
    }
    const metric: MetricAnnotation = { name, type: 'counter', typeGiven: false, labels: [], buckets: DEFAULT_BUCKETS, span: start.span };
    for (const a of lines) {
      const value = this.structured(a);
      switch (a.key) {
        case 'metric_type': {
          const type = this.oneOf(a, value.toLowerCase(), ['counter', 'gauge', 'histogram'] as const, V.BadMetricType);
          if (type) metric.type = type;
          else ok = false;
          metric.typeGiven = true;
          break;
        }
        case 'metric_help':
          metric.help = a.value.replace(/^(["'])(.*)\1$/s, '$2');
          break;
        case 'metric_labels':
          metric.labels = value.split(',').map((l) => l.trim()).filter(Boolean);
          break;
        case 'metric_field':
          metric.field = value;
          break;
        case 'metric_buckets': {
          const buckets = this.buckets(a, value);
          if (buckets) metric.buckets = buckets;
          else ok = false;
          break;
        }
        case 'metric_condition': {
          const condition = parseExpression(a.value);
          if (condition) metric.condition = condition;
          else {
            ok = false;
            this.report(V.BadMetricCondition, a, `@metric_condition '${a.value}' is not a SQL expression`, 'write a boolean expression over output columns, e.g. price > 100');
          }
          break;
        }
        case 'metric_sample_rate': {
          const rate = Number(value);
          if (value !== '' && rate >= 0 && rate <= 1) metric.sampleRate = rate;
          else {
            ok = false;
            this.report(V.BadSampleRate, a, `@metric_sample_rate must be between 0.0 and 1.0, got '${value}'`, 'write a fraction such as 0.1');
          }
          break;
        }
      }
    }
    if (!lines.some((a) => a.key === 'metric_type')) {
      this.report(V.MissingMetricType, start, `@metric ${name} has no @metric_type: counting records (counter)`, 'add -- @metric_type: counter (or gauge, histogram)');
    }
    if ((metric.type === 'gauge' || metric.type === 'histogram') && !metric.field) {
      ok = false;
      this.report(V.MissingMetricField, start, `${metric.type} metric ${name} needs @metric_field`, `add -- @metric_field: <column> naming the value the ${metric.type} records`);
    }
    if (statement.kind !== 'CreateStream') {
      this.report(V.MetricIgnored, start, `metric ${name} is ignored: metrics apply to CREATE STREAM only`, statement.kind === 'CreateTable' ? 'Velostream ignores metrics on CREATE TABLE; put the metric on a CREATE STREAM' : 'put the metric on a CREATE STREAM statement');
      return;
    }
    if (ok) out.metrics.push(metric);
  }

  private buckets(a: A.RawAnnotation, value: string): number[] | undefined {
    const items = value.replace(/^\[(.*)\]$/s, '$1').split(',').map((b) => b.trim());
    const numbers = items.map(Number);
    const bad = items.find((b, i) => b === '' || !Number.isFinite(numbers[i]));
    let problem: string | undefined;
    if (bad !== undefined) problem = `'${bad}' is not a number`;
    else if (numbers.some((n) => n <= 0)) problem = 'buckets must be greater than 0';
    else {
      const i = numbers.findIndex((n, k) => k > 0 && n <= numbers[k - 1]);
      if (i > 0) problem = `buckets must be strictly ascending: ${numbers[i]} follows ${numbers[i - 1]}`;
    }
    if (!problem) return numbers;
    this.report(V.BadMetricBuckets, a, `invalid @metric_buckets: ${problem}`, 'list upper bounds in increasing order, e.g. [0.1, 0.5, 1, 5]');
    return undefined;
  }

  private alert(start: A.RawAnnotation, lines: A.RawAnnotation[], out: StatementAnnotations): void {
    const condition = parseExpression(start.value);
    if (!condition) {
      this.report(V.BadAlertCondition, start, `@alert '${start.value}' is not a SQL expression`, 'write a boolean condition over output columns, e.g. errors > 100');
    }
    let forMs = 0;
    let severity: AlertSeverity = 'warning';
    let summary: string | undefined;
    let valid = condition !== undefined;
    for (const a of lines) {
      const value = this.structured(a);
      if (a.key === 'alert_for') {
        const ms = simpleDurationMs(value);
        if (ms === undefined) {
          valid = false;
          this.report(V.BadAlertFor, a, `@alert_for '${value}' is not a duration`, 'write a number and a unit, e.g. 30s, 5m or 1h');
        } else forMs = ms;
      } else if (a.key === 'alert_severity') {
        const given = this.oneOf(a, value.toLowerCase(), ['critical', 'warning', 'info'] as const, V.BadAlertSeverity);
        if (given) severity = given;
        else valid = false;
      } else if (a.key === 'alert_summary') {
        summary = a.value;
      }
    }
    if (valid) out.alerts.push({ name: `${out.name}_alert_${out.alerts.length + 1}`, condition: condition!, forMs, severity, summary, span: start.span });
  }

  private viz(start: A.RawAnnotation, lines: A.RawAnnotation[], out: StatementAnnotations): void {
    const [rawKind, ...options] = this.structured(start).split(/\s+/).filter(Boolean);
    const kindText = (rawKind ?? '').toLowerCase();
    const kind = kindText === 'indicator' ? 'gauge' : (kindText as VizKind);
    if (!VIZ_KINDS.includes(kind)) {
      this.report(V.BadVizKind, start, `unknown @viz kind '${rawKind ?? ''}'`, `use one of: ${VIZ_KINDS.join(', ')}`);
      return;
    }
    const viz: VizAnnotation = { kind, y: [], span: start.span };
    const set = (key: string, value: string, at: A.RawAnnotation): boolean => {
      switch (key) {
        case 'x':
          viz.x = value;
          return true;
        case 'y':
          viz.y = value.split(',').map((y) => y.trim()).filter(Boolean);
          return true;
        case 'series':
          viz.series = value;
          return true;
        case 'title':
          viz.title = value;
          return true;
        default:
          this.report(V.BadVizOption, at, `unknown @viz option '${key}'`, didYouMean(key, ['x', 'y', 'series', 'title'], 'options are x=, y=, series= and title='));
          return false;
      }
    };
    let valid = true;
    for (const option of options) {
      const eq = option.indexOf('=');
      if (eq <= 0) {
        valid = false;
        this.report(V.BadVizOption, start, `malformed @viz option '${option}'`, 'write key=value, e.g. x=_window_start y=price,volume');
      } else valid = set(option.slice(0, eq).toLowerCase(), option.slice(eq + 1), start) && valid;
    }
    for (const a of lines) valid = set(a.key.slice('viz_'.length), a.key === 'viz_title' ? a.value : this.structured(a), a) && valid;
    if (valid) out.viz.push(viz);
  }
}

const OBSERVABILITY_FIELD: Record<string, 'metrics' | 'tracing' | 'errorReporting'> = {
  'observability.metrics.enabled': 'metrics',
  'observability.tracing.enabled': 'tracing',
  'observability.error_reporting.enabled': 'errorReporting',
};

const JOB_FIELD: Record<string, 'batchSize' | 'numPartitions' | 'stickyPartitionId' | 'partitionCount'> = {
  batch_size: 'batchSize',
  num_partitions: 'numPartitions',
  'sticky-partition-id': 'stickyPartitionId',
  'partition-count': 'partitionCount',
};

function simpleDurationMs(text: string): number | undefined {
  const m = /^(\d+)(\D+)$/u.exec(text);
  const unit = m ? simpleUnit(m[2]) : undefined;
  return m && unit ? Number(m[1]) * simpleUnitMs(unit) : undefined;
}

/** A SQL expression written in an annotation, parsed with the statement grammar. */
export function parseExpression(text: string): ParsedExpression | undefined {
  if (text.trim() === '' || text.includes(';')) return undefined;
  const result = parse(`SELECT ${text}`);
  const statement = result.statements[0];
  if (result.diagnostics.length > 0 || result.statements.length !== 1 || statement.kind !== 'Select') return undefined;
  const select = statement.query.body;
  if (select.kind !== 'Select' || select.items.length !== 1 || select.from || select.clauseOrder.length > 0) return undefined;
  const item = select.items[0];
  if (item.kind !== 'ExprItem' || item.alias || item.primaryKey) return undefined;
  const columns: string[] = [];
  walk(item.expr, (e) => {
    if (e.kind === 'Column' && !e.qualifier) columns.push(e.name.name);
  });
  return { text, expr: item.expr, columns: [...new Set(columns)] };
}
