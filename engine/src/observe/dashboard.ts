/**
 * A Grafana dashboard for a deployed app in the classic JSON model (deploy spec §2
 * "Dashboard"): a Prometheus datasource variable, `app` and `job` variables, a throughput
 * time series per job, and per `@metric` a time series (rate for counters, p95 for
 * histograms) plus a stat panel for gauges. `validateDashboard` checks it against Grafana's
 * dashboard JSON Schema, vendored in `engine/vendor/grafana-dashboard-schema/`.
 */
import Ajv from 'ajv';
import * as fs from 'fs';
import * as path from 'path';
import type { MetricAnnotation } from '../sql/annotationModel';

export interface DashboardJob {
  name: string;
  metrics: readonly MetricAnnotation[];
}

export interface Panel {
  id: number;
  type: 'timeseries' | 'stat';
  title: string;
  datasource: { type: string; uid: string };
  gridPos: { x: number; y: number; w: number; h: number };
  targets: Array<{ refId: string; expr: string; legendFormat: string; datasource: { type: string; uid: string } }>;
  fieldConfig: { defaults: Record<string, unknown>; overrides: [] };
  options: Record<string, unknown>;
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };
const SCHEMA_FILE = path.resolve(__dirname, '../../vendor/grafana-dashboard-schema/dashboard.jsonschema.json');

export function dashboard(app: string, jobs: readonly DashboardJob[]): Record<string, unknown> {
  const panels: Panel[] = [];
  const add = (type: Panel['type'], title: string, exprs: Array<[string, string]>, unit = 'short') => {
    const index = panels.length;
    panels.push({
      id: index + 1,
      type,
      title,
      datasource: DATASOURCE,
      gridPos: { x: (index % 2) * 12, y: Math.floor(index / 2) * 8, w: 12, h: 8 },
      targets: exprs.map(([expr, legend], i) => ({ refId: String.fromCharCode(65 + i), expr, legendFormat: legend, datasource: DATASOURCE })),
      fieldConfig: { defaults: { unit }, overrides: [] },
      options: {},
    });
  };
  const scope = (job: string) => `app="$app", job=${JSON.stringify(job)}`;
  for (const job of jobs) {
    add('timeseries', `${job.name}: records per second`, [
      [`sum(rate(velo_job_records_in_total{${scope(job.name)}}[1m]))`, 'in'],
      [`sum(rate(velo_job_records_out_total{${scope(job.name)}}[1m]))`, 'out'],
    ], 'rps');
    for (const m of job.metrics) {
      const selector = `${m.name}{${scope(job.name)}}`;
      if (m.type === 'counter') add('timeseries', `${m.name} per second`, [[`sum(rate(${selector}[1m]))`, m.name]], 'rps');
      else if (m.type === 'histogram') add('timeseries', `${m.name} p95`, [[`histogram_quantile(0.95, sum by (le) (rate(${m.name}_bucket{${scope(job.name)}}[5m])))`, 'p95']]);
      else {
        add('timeseries', m.name, [[selector, m.labels.map((l) => `{{${l.replace(/[^a-zA-Z0-9_]/g, '_')}}}`).join(' ') || m.name]]);
        add('stat', `${m.name} (last)`, [[`max(${selector})`, m.name]]);
      }
    }
  }
  return {
    title: `Velostream: ${app}`,
    uid: `velo-${app}`.slice(0, 40).padEnd(8, '-'),
    tags: ['velostream', app],
    timezone: 'browser',
    editable: true,
    graphTooltip: 1,
    time: { from: 'now-1h', to: 'now' },
    refresh: '10s',
    schemaVersion: 39,
    version: 1,
    annotations: { list: [] },
    templating: {
      list: [
        { type: 'datasource', name: 'datasource', label: 'Prometheus', query: 'prometheus' },
        { type: 'query', name: 'app', datasource: DATASOURCE, query: 'label_values(velo_job_up, app)', refresh: 1, current: { text: app, value: app } },
        { type: 'query', name: 'job', datasource: DATASOURCE, query: 'label_values(velo_job_up{app="$app"}, job)', refresh: 1, multi: true, includeAll: true },
      ],
    },
    panels,
  };
}

/** Every PromQL expression of the dashboard's panels (checked with promtool by the tests). */
export function panelExpressions(model: Record<string, unknown>): string[] {
  return (model.panels as Panel[]).flatMap((p) => p.targets.map((t) => t.expr));
}

let validator: ReturnType<Ajv['compile']> | null = null;

/** Schema violations of a dashboard model (`path: message`), empty when valid. */
export function validateDashboard(model: unknown): string[] {
  validator ??= new Ajv({ strict: false, allErrors: true, formats: { 'date-time': true } }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as object);
  if (validator(model)) return [];
  return (validator.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? 'invalid'}`);
}
