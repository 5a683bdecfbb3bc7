/**
 * `velo-test annotate` (harness spec §10.5): an annotated copy of a SQL application — an
 * application header, deployment/observability/SLA blocks, and `@job_mode` before each CREATE
 * (adaptive when it windows or aggregates). Existing annotations are kept, never duplicated.
 * Monitoring files: a Prometheus scrape config and one Grafana dashboard per `@metric`.
 */
import type * as A from '../sql/ast';
import { readAnnotations } from '../sql/annotationModel';
import { parse } from '../sql/parse';

export interface AnnotateOptions {
  name: string;
  version: string;
}

const AGGREGATES = /\b(COUNT|SUM|AVG|MIN|MAX|STDDEV|VARIANCE|FIRST_VALUE|LAST_VALUE)\s*\(/i;

export function annotate(text: string, options: AnnotateOptions): string {
  const parsed = parse(text);
  const has = (key: string) => new RegExp(`^\\s*--\\s*@${key.replace(/\./g, '\\.')}\\s*:`, 'im').test(text);
  const header: string[] = [];
  const add = (key: string, value: string) => {
    if (!has(key)) header.push(`-- @${key}: ${value}`);
  };
  add(has('application') ? 'application' : 'app', options.name);
  add('version', options.version);
  add('description', 'TODO - Describe your application');
  add('phase', 'development');
  add('deployment.node_id', '${NODE_ID:node-1}');
  add('deployment.region', '${REGION:local}');
  add('observability.metrics.enabled', 'true');
  add('observability.tracing.enabled', 'false');
  add('observability.profiling.enabled', 'off');
  add('observability.error_reporting.enabled', 'true');
  add('sla.latency.p99', '100ms');
  add('sla.availability', '99.9%');
  const lines = text.split('\n');
  const inserts = new Map<number, string>();
  for (const s of parsed.statements) {
    if (s.kind !== 'CreateStream' && s.kind !== 'CreateTable') continue;
    if (s.annotations.some((a) => a.key === 'job_mode')) continue;
    inserts.set(s.span.start.line - 1, `-- @job_mode: ${adaptive(s) ? 'adaptive' : 'simple'}`);
  }
  const body = lines.flatMap((line, i) => (inserts.has(i) ? [inserts.get(i)!, line] : [line]));
  return header.length > 0 ? [...header, '', ...body].join('\n') : body.join('\n');
}

function adaptive(s: A.CreateStreamStatement | A.CreateTableStatement): boolean {
  let body = s.query.body;
  while (body.kind === 'Union') body = body.left;
  return body.window !== undefined || (body.groupBy?.length ?? 0) > 0 || AGGREGATES.test(s.text);
}

/** `prometheus.yml` scraping the given port, and a Grafana dashboard JSON per `@metric`. */
export function monitoringFiles(text: string, app: string, port: number): Record<string, string> {
  const files: Record<string, string> = {
    'prometheus.yml': `global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: ${app}\n    static_configs:\n      - targets: ['localhost:${port}']\n`,
  };
  for (const s of readAnnotations(parse(text)).statements) {
    for (const m of s.metrics) {
      const expr = m.type === 'counter' ? `rate(${m.name}[1m])` : m.type === 'histogram' ? `histogram_quantile(0.99, rate(${m.name}_bucket[5m]))` : m.name;
      const dashboard = { title: `${app}: ${m.name}`, panels: [{ type: 'timeseries', title: m.help ?? m.name, targets: [{ expr }] }], schemaVersion: 39 };
      files[`dashboard_${m.name}.json`] = JSON.stringify(dashboard, null, 2) + '\n';
    }
  }
  return files;
}
