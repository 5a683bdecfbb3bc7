/**
 * Prometheus alerting rules for a deployed app (deploy spec §2 "Alerts"): each `@alert`
 * annotation (dialect spec §13.6) becomes a rule over `velo_alert_condition`, the gauge the
 * runner sets from the job's output records; alerts written in the `%%deploy` YAML keep their
 * PromQL. Beside `alerts.yml` goes a `promtool test rules` file that drives each alert's
 * series past its threshold for longer than its `for` and expects it to fire.
 */
import { stringify } from 'yaml';
import type { AlertSeverity, AnnotationModel } from '../sql/annotationModel';
import { ALERT_METRIC } from './metrics';

export interface AlertRule {
  name: string;
  /** PromQL. */
  expr: string;
  forMs: number;
  severity: AlertSeverity;
  summary?: string;
  /** The job whose output the alert watches (`@alert` rules only). */
  job?: string;
}

/** An alert from the `%%deploy` YAML body: `{name, expr, for, severity}`. */
export interface YamlAlert {
  name: string;
  expr: string;
  for?: string;
  severity?: string;
}

const SEVERITIES: readonly AlertSeverity[] = ['critical', 'warning', 'info'];

export function alertRules(app: string, model: AnnotationModel, jobNames: ReadonlyMap<number, string>, extra: readonly YamlAlert[] = []): AlertRule[] {
  const fromAnnotations = model.statements.flatMap((statement) =>
    statement.alerts.map((alert) => {
      const job = jobNames.get(statement.index) ?? statement.name ?? `statement_${statement.index + 1}`;
      return {
        name: alert.name,
        expr: `${ALERT_METRIC}{app=${quote(app)}, job=${quote(job)}, alert=${quote(alert.name)}} == 1`,
        forMs: alert.forMs,
        severity: alert.severity,
        ...(alert.summary ? { summary: alert.summary } : {}),
        job,
      };
    }),
  );
  const fromYaml = extra.map((a) => {
    if (!a || typeof a.name !== 'string' || typeof a.expr !== 'string') throw new Error('each YAML alert needs a name and an expr (PromQL)');
    const severity = (a.severity ?? 'warning') as AlertSeverity;
    if (!SEVERITIES.includes(severity)) throw new Error(`alert ${a.name}: severity must be one of ${SEVERITIES.join(', ')}`);
    return { name: a.name, expr: a.expr, forMs: a.for === undefined ? 0 : promDurationMs(String(a.for), a.name), severity };
  });
  return [...fromAnnotations, ...fromYaml];
}

/** `alerts.yml`: one rule group per app (Prometheus 2.x rule file syntax). */
export function alertsYaml(app: string, rules: readonly AlertRule[]): string {
  return stringify({
    groups: [
      {
        name: `velo-${app}`,
        rules: rules.map((r) => ({
          alert: r.name,
          expr: r.expr,
          for: promDuration(r.forMs),
          labels: { severity: r.severity, app },
          annotations: { summary: r.summary ?? `${r.name} fired for ${app}${r.job ? ` (job ${r.job})` : ''}` },
        })),
      },
    ],
  });
}

/**
 * The `promtool test rules` file: per alert with a synthetic series (every `@alert`; YAML alerts of
 * the form `metric{…} op number`), the series holds a firing value for longer than `for`, and
 * the alert is expected with its labels. Returns the alerts it could not test too.
 */
export function alertTestsYaml(app: string, rulesFile: string, rules: readonly AlertRule[], worker = 'local'): { text: string; untested: string[] } {
  const untested: string[] = [];
  const tests = rules.flatMap((rule) => {
    const series = syntheticSeries(rule, worker);
    if (!series) {
      untested.push(rule.name);
      return [];
    }
    const minutes = Math.ceil(rule.forMs / 60_000) + 2;
    return [
      {
        interval: '1m',
        input_series: [{ series: series.text, values: `${series.value}x${minutes + 1}` }],
        alert_rule_test: [
          { eval_time: `${minutes}m`, alertname: rule.name, exp_alerts: [{ exp_labels: { ...series.labels, severity: rule.severity, app }, exp_annotations: { summary: rule.summary ?? `${rule.name} fired for ${app}${rule.job ? ` (job ${rule.job})` : ''}` } }] },
        ],
      },
    ];
  });
  return { text: stringify({ rule_files: [rulesFile], evaluation_interval: '1m', tests }), untested };
}

interface Synthetic {
  text: string;
  labels: Record<string, string>;
  value: number;
}

const SIMPLE_EXPR = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{([^}]*)\})?\s*(==|!=|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;

/** A series that makes `rule.expr` true: `metric{labels} op number` with equality matchers only. */
function syntheticSeries(rule: AlertRule, worker: string): Synthetic | null {
  const m = SIMPLE_EXPR.exec(rule.expr);
  if (!m) return null;
  const labels: Record<string, string> = {};
  for (const part of (m[2] ?? '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const eq = /^([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"$/.exec(part);
    if (!eq) return null;
    labels[eq[1]] = eq[2];
  }
  if (rule.job !== undefined) labels.worker = worker;
  const threshold = Number(m[4]);
  const value = { '==': threshold, '!=': threshold + 1, '>=': threshold, '<=': threshold, '>': threshold + 1, '<': threshold - 1 }[m[3]]!;
  const text = `${m[1]}{${Object.entries(labels).map(([k, v]) => `${k}=${quote(v)}`).join(', ')}}`;
  return { text, labels, value };
}

function quote(text: string): string {
  return JSON.stringify(text);
}

/** Milliseconds as a Prometheus duration (`90s`, `1500ms`, `0s`). */
export function promDuration(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}

function promDurationMs(text: string, alert: string): number {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!m) throw new Error(`alert ${alert}: 'for' must be a duration like 30s, 5m or 1h (got '${text}')`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] ?? 's']!;
  return Number(m[1]) * unit;
}
