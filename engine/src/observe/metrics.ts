/**
 * Prometheus metrics of a job runner (deploy spec §2), one `prom-client` registry per runner:
 *
 * - per job, labelled app/job/worker: records in/out, errors, late and replayed records (counters that follow
 *   the job's progress), `velo_job_up`, `velo_job_watermark_lag_seconds`,
 *   `velo_job_kafka_consumer_lag` (jobs with Kafka sources);
 * - every `@metric` annotation (dialect spec §13.4) applied to the job's output records, with
 *   `@metric_condition` evaluated by the engine on each record;
 * - `velo_alert_condition{alert=…, key=…}`: per output key (dialect spec §13.6; the whole stream
 *   when the job's output has no key, then without `key`), 1 while the last output record of that
 *   key made the `@alert` expression TRUE, else 0. The generated rule fires on each series after
 *   `@alert_for`, so every key alerts and resolves on its own.
 *
 * Knows nothing about HTTP or state: the runner feeds it progress and output batches.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { QueryProgressSnapshot } from '../api/query';
import { labelValue, lookup, numeric } from '../harness/metrics/registry';
import type { PlanColumn } from '../plan/logical';
import type { Batch } from '../types/record';
import type { AlertAnnotation, MetricAnnotation } from '../sql/annotationModel';
import { DerivedQuery, OUTPUT_SOURCE } from './condition';

export interface JobIdentity {
  app: string;
  job: string;
  worker: string;
}

const JOB_LABELS = ['app', 'job', 'worker'] as const;
export const ALERT_METRIC = 'velo_alert_condition';
const FIRING_COLUMN = 'velo_firing';

type Metric = Counter<string> | Gauge<string> | Histogram<string>;

interface Feed {
  push(batch: Batch): void;
  stop(): void;
}

/** What one running job contributes: its progress, and its output batches through `observe`. */
export interface ObservedJob {
  observe(batch: Batch): void;
  /** Stops the condition queries and marks the job down. */
  stop(): void;
}

interface Tracked {
  id: JobIdentity;
  progress: () => QueryProgressSnapshot;
  /** Counts already added to the counters for this run of the job. */
  seen: { in: number; out: number; errors: number; late: number; replayed: number };
}

export class RunnerMetrics {
  readonly registry = new Registry();
  private readonly recordsIn = this.counter('velo_job_records_in_total', 'Records read by the job from its sources');
  private readonly recordsOut = this.counter('velo_job_records_out_total', 'Records written by the job to its output');
  private readonly errors = this.counter('velo_job_errors_total', 'Records the job skipped because an expression failed or a source row was bad');
  private readonly late = this.counter('velo_job_late_records_total', 'Records that arrived after their window closed');
  private readonly replayed = this.counter('velo_job_replayed_records_total', 'Records read again after a failover that an earlier reader of the consumer group had processed');
  private readonly up = new Gauge({ name: 'velo_job_up', help: '1 while the job runs', labelNames: JOB_LABELS, registers: [this.registry] });
  private readonly lag = new Gauge({ name: 'velo_job_watermark_lag_seconds', help: 'Wall clock minus the job watermark', labelNames: JOB_LABELS, registers: [this.registry] });
  private readonly kafkaLag = new Gauge({ name: 'velo_job_kafka_consumer_lag', help: "Messages of the job's Kafka partitions not read yet", labelNames: JOB_LABELS, registers: [this.registry] });
  private readonly alert = new Gauge({ name: ALERT_METRIC, help: '1 while the last output record of the key satisfies the @alert condition', labelNames: [...JOB_LABELS, 'alert', 'key'], registers: [this.registry] });
  private readonly annotated = new Map<string, Metric>();
  private readonly jobs = new Set<Tracked>();

  /** The Prometheus text exposition, with job counters brought up to date first. */
  async text(): Promise<string> {
    for (const job of this.jobs) this.refresh(job);
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Starts observing one run of a job; `keyColumns` are its output key (§10.4), the unit of alert state. */
  track(id: JobIdentity, progress: () => QueryProgressSnapshot, columns: PlanColumn[] | null, keyColumns: readonly string[], metrics: MetricAnnotation[], alerts: AlertAnnotation[]): ObservedJob {
    const tracked: Tracked = { id, progress, seen: { in: 0, out: 0, errors: 0, late: 0, replayed: 0 } };
    this.jobs.add(tracked);
    this.up.set({ ...id }, 1);
    const feeds = [...metrics.map((m) => this.metricFeed(id, m, columns)), ...alerts.map((a) => this.alertFeed(id, a, columns, keyColumns))];
    return {
      observe: (batch) => feeds.forEach((f) => f.push(batch)),
      stop: () => {
        this.refresh(tracked);
        this.jobs.delete(tracked);
        this.up.set({ ...id }, 0);
        feeds.forEach((f) => f.stop());
      },
    };
  }

  private counter(name: string, help: string): Counter<string> {
    return new Counter({ name, help, labelNames: JOB_LABELS, registers: [this.registry] });
  }

  private refresh(job: Tracked): void {
    const p = job.progress();
    const labels = { ...job.id };
    const add = (counter: Counter<string>, key: keyof Tracked['seen'], now: number) => {
      if (now > job.seen[key]) counter.inc(labels, now - job.seen[key]);
      job.seen[key] = Math.max(job.seen[key], now);
    };
    add(this.recordsIn, 'in', p.recordsIn);
    add(this.recordsOut, 'out', p.recordsOut);
    add(this.errors, 'errors', p.recordErrors + p.badRecords);
    add(this.late, 'late', p.lateRecords);
    add(this.replayed, 'replayed', p.replayed);
    this.up.set(labels, p.status === 'running' ? 1 : 0);
    if (p.watermark !== null) this.lag.set(labels, Math.max(0, (Date.now() - p.watermark) / 1000));
    if (p.kafkaLag !== null) this.kafkaLag.set(labels, p.kafkaLag);
  }

  /** A `@metric` fed with the job's output (through its condition when it has one). */
  private metricFeed(id: JobIdentity, annotation: MetricAnnotation, columns: PlanColumn[] | null): Feed {
    const metric = this.annotatedMetric(annotation);
    const apply = (batch: Batch) => {
      for (const record of batch) {
        const labels: Record<string, string> = { ...id };
        for (const l of annotation.labels) labels[promLabel(l)] = labelValue(lookup(record.fields, l));
        if (metric instanceof Counter) {
          metric.inc(labels);
          continue;
        }
        const value = annotation.field === undefined ? undefined : numeric(lookup(record.fields, annotation.field));
        if (value === undefined) continue;
        if (metric instanceof Gauge) metric.set(labels, value);
        else metric.observe(labels, value);
      }
    };
    if (!annotation.condition || !columns) return { push: apply, stop: () => {} };
    const query = new DerivedQuery(`SELECT * FROM ${OUTPUT_SOURCE} WHERE ${annotation.condition.text}`, columns, apply);
    return { push: (b) => query.push(b), stop: () => query.stop() };
  }

  private alertFeed(id: JobIdentity, annotation: AlertAnnotation, columns: PlanColumn[] | null, keyColumns: readonly string[]): Feed {
    const labels = { ...id, alert: annotation.name };
    if (keyColumns.length === 0) this.alert.set(labels, 0);
    if (!columns) return { push: () => {}, stop: () => {} };
    const select = `SELECT CASE WHEN ${annotation.condition.text} THEN 1 ELSE 0 END AS ${FIRING_COLUMN}${keyColumns.map((k) => `, ${k}`).join('')} FROM ${OUTPUT_SOURCE}`;
    const query = new DerivedQuery(select, columns, (batch) => {
      // The last record of each key in the batch decides that key's state.
      const last = new Map<string, number>();
      for (const record of batch) last.set(keyColumns.map((k) => labelValue(record.fields[k] ?? null)).join(','), Number(record.fields[FIRING_COLUMN]) === 1 ? 1 : 0);
      for (const [key, firing] of last) this.alert.set(keyColumns.length > 0 ? { ...labels, key } : labels, firing);
    });
    return { push: (b) => query.push(b), stop: () => query.stop() };
  }

  /** One prom-client metric per `@metric` name (the first definition's type, help and labels win). */
  private annotatedMetric(m: MetricAnnotation): Metric {
    const existing = this.annotated.get(m.name);
    if (existing) return existing;
    const common = { name: m.name, help: m.help ?? `@metric ${m.name}`, labelNames: [...m.labels.map(promLabel), ...JOB_LABELS], registers: [this.registry] };
    const metric = m.type === 'gauge' ? new Gauge(common) : m.type === 'histogram' ? new Histogram({ ...common, buckets: [...m.buckets] }) : new Counter(common);
    this.annotated.set(m.name, metric);
    return metric;
  }
}

/** Prometheus label names cannot hold dots (`@metric_labels: a.b` reaches into a map). */
export function promLabel(field: string): string {
  return field.replace(/[^a-zA-Z0-9_]/g, '_');
}
